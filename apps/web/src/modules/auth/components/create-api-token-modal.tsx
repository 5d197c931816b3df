import { Code, Modal, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { isApiError } from '../../../app/api-client.ts';
import { CopyField } from '../../../ui/copy-field.tsx';
import { DialogForm, DialogResult } from '../../../ui/dialog-form.tsx';
import { useCreateApiToken } from '../auth.api.ts';

/** Creates a token and shows its secret exactly once. */
export function CreateApiTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();

  const close = () => {
    onClose();
    setName('');
    setNameError(undefined);
    create.reset();
  };

  const submit = () => {
    if (!name.trim()) {
      setNameError('Give the token a name, so you know later what uses it');
      return;
    }
    setNameError(undefined);
    create.mutate(
      { name: name.trim() },
      { onError: (error) => setNameError(isApiError(error) ? error.fields.name : undefined) },
    );
  };

  const created = create.data;

  return (
    <Modal opened={opened} onClose={close} title={created ? 'Your new API token' : 'New API token'} size="lg">
      {created ? (
        <DialogResult
          tone="warning"
          notice="Copy this token now. It is shown only once; if you lose it, revoke it and create a new one."
          onDone={close}
        >
          <CopyField label="Token" value={created.token} copyLabel="Copy token" />
          <Text size="sm">
            Use it as <Code>Authorization: Bearer &lt;token&gt;</Code> in requests to the Rapport API. It acts as you,
            with your role.
          </Text>
        </DialogResult>
      ) : (
        <DialogForm
          onSubmit={submit}
          error={nameError ? null : create.error}
          submitLabel="Create token"
          loading={create.isPending}
          onCancel={close}
        >
          <TextInput
            label="Name"
            description="What will use it, e.g. “Nightly export” or “Zapier”."
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setNameError(undefined);
            }}
            error={nameError}
            maxLength={80}
            data-autofocus
          />
        </DialogForm>
      )}
    </Modal>
  );
}
