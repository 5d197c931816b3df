import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { type Role, roleDescriptions } from '@rapport/contracts';
import { IconCircleCheck } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { isApiError } from '../../../app/api-client.ts';
import { CopyField } from '../../../ui/copy-field.tsx';
import { withoutField } from '../../../ui/field-errors.ts';
import { FormAlert } from '../../../ui/form-alert.tsx';
import { useCreateInvitation } from '../users.api.ts';
import { RoleSelect } from './role-select.tsx';

/** Creates an invitation link for an email and role; Rapport does not email it, the admin sends it. */
export function InviteUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateInvitation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const close = () => {
    onClose();
    setEmail('');
    setRole('agent');
    setFieldErrors({});
    create.reset();
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setFieldErrors({ email: 'Enter an email address such as ana@example.com' });
      return;
    }
    setFieldErrors({});
    create.mutate(
      { email: email.trim(), role },
      { onError: (error) => setFieldErrors(isApiError(error) ? error.fields : {}) },
    );
  };

  const created = create.data;

  return (
    <Modal opened={opened} onClose={close} title={created ? 'Invitation ready' : 'Invite a user'} size="lg">
      {created ? (
        <Stack gap="md">
          <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />}>
            Send this link to the person; it works once, for 7 days.
          </Alert>
          <CopyField
            label="Invitation link"
            value={created.link}
            copyLabel="Copy link"
            description={created.invitation.email ? `For ${created.invitation.email}` : undefined}
          />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput
              label="Email"
              type="email"
              description="The person signs in with this address."
              value={email}
              onChange={(event) => {
                setEmail(event.currentTarget.value);
                setFieldErrors((errors) => withoutField(errors, 'email'));
              }}
              error={fieldErrors.email}
              data-autofocus
            />
            <RoleSelect
              label="Role"
              value={role}
              onChange={setRole}
              description={roleDescriptions[role]}
              error={fieldErrors.role}
            />
            <FormAlert error={Object.keys(fieldErrors).length > 0 ? null : create.error} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create invitation link
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
