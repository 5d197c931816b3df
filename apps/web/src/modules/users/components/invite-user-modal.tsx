import { Modal, TextInput } from '@mantine/core';
import { type Role, roleDescriptions } from '@rapport/contracts';
import { useState } from 'react';
import { isApiError } from '../../../app/api-client.ts';
import { CopyField } from '../../../ui/copy-field.tsx';
import { DialogForm, DialogResult } from '../../../ui/dialog-form.tsx';
import { useFieldErrors } from '../../../ui/field-errors.ts';
import { useCreateInvitation } from '../users.api.ts';
import { RoleSelect } from './role-select.tsx';

/** Creates an invitation link for an email and role; Rapport does not email it, the admin sends it. */
export function InviteUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateInvitation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const { errors, setErrors, textField } = useFieldErrors();

  const close = () => {
    onClose();
    setEmail('');
    setRole('agent');
    setErrors({});
    create.reset();
  };

  const submit = () => {
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setErrors({ email: 'Enter an email address such as ana@example.com' });
      return;
    }
    setErrors({});
    create.mutate(
      { email: email.trim(), role },
      { onError: (error) => setErrors(isApiError(error) ? error.fields : {}) },
    );
  };

  const created = create.data;

  return (
    <Modal opened={opened} onClose={close} title={created ? 'Invitation ready' : 'Invite a user'} size="lg">
      {created ? (
        <DialogResult tone="success" notice="Send this link to the person; it works once, for 7 days." onDone={close}>
          <CopyField
            label="Invitation link"
            value={created.link}
            copyLabel="Copy link"
            description={created.invitation.email ? `For ${created.invitation.email}` : undefined}
          />
        </DialogResult>
      ) : (
        <DialogForm
          onSubmit={submit}
          error={Object.keys(errors).length > 0 ? null : create.error}
          submitLabel="Create invitation link"
          loading={create.isPending}
          onCancel={close}
        >
          <TextInput
            label="Email"
            type="email"
            description="The person signs in with this address."
            {...textField('email', email, setEmail)}
            data-autofocus
          />
          <RoleSelect
            label="Role"
            value={role}
            onChange={setRole}
            description={roleDescriptions[role]}
            error={errors.role}
          />
        </DialogForm>
      )}
    </Modal>
  );
}
