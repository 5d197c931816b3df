import { Alert, Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { isApiError } from '../../../app/api-client.ts';
import { CopyField } from '../../../ui/copy-field.tsx';
import { FormAlert } from '../../../ui/form-alert.tsx';
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

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
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
        <Stack gap="md">
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />}>
            Copy this token now. It is shown only once; if you lose it, revoke it and create a new one.
          </Alert>
          <CopyField label="Token" value={created.token} copyLabel="Copy token" />
          <Text size="sm">
            Use it as <Code>Authorization: Bearer &lt;token&gt;</Code> in requests to the Rapport API. It acts as you,
            with your role.
          </Text>
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
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
            <FormAlert error={nameError ? null : create.error} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
