import { Modal, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Team } from '@rapport/contracts';
import { useState } from 'react';
import { isApiError } from '../../../app/api-client.ts';
import { DialogForm } from '../../../ui/dialog-form.tsx';
import { useFieldErrors } from '../../../ui/field-errors.ts';
import { useCreateTeam, useUpdateTeam } from '../teams.api.ts';

type TeamFormModalProps = {
  opened: boolean;
  /** The team to rename or describe; omitted to create one. */
  team: Team | null;
  onClose: () => void;
};

export function TeamFormModal({ opened, team, onClose }: TeamFormModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={team ? `Edit ${team.name}` : 'New team'} size="lg">
      {/* Keyed so each opening starts from the team's current values. */}
      {opened ? <TeamForm key={team?.id ?? 'new'} team={team} onDone={onClose} /> : null}
    </Modal>
  );
}

function TeamForm({ team, onDone }: { team: Team | null; onDone: () => void }) {
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const mutation = team ? update : create;
  const [name, setName] = useState(team?.name ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const { errors, setErrors, textField } = useFieldErrors();

  const submit = () => {
    if (!name.trim()) {
      setErrors({ name: 'Give the team a name, e.g. Billing or Tier 2' });
      return;
    }
    setErrors({});
    const options = {
      onSuccess: () => {
        notifications.show({ message: team ? 'Team saved.' : `Team “${name.trim()}” created.` });
        onDone();
      },
      onError: (error: Error) => setErrors(isApiError(error) ? error.fields : {}),
    };
    const body = { name: name.trim(), description: description.trim() };
    if (team) update.mutate({ id: team.id, ...body }, options);
    else create.mutate(body, options);
  };

  return (
    <DialogForm
      onSubmit={submit}
      error={Object.keys(errors).length > 0 ? null : mutation.error}
      submitLabel={team ? 'Save changes' : 'Create team'}
      loading={mutation.isPending}
      onCancel={onDone}
    >
      <TextInput label="Name" {...textField('name', name, setName)} maxLength={120} data-autofocus />
      <Textarea
        label="Description"
        description="Optional. What the team looks after, so others know when to hand a conversation to it."
        {...textField('description', description, setDescription)}
        maxLength={500}
        autosize
        minRows={3}
        maxRows={6}
      />
    </DialogForm>
  );
}
