import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Team } from '@rapport/contracts';
import { type FormEvent, useState } from 'react';
import { isApiError } from '../../../app/api-client.ts';
import { withoutField } from '../../../ui/field-errors.ts';
import { FormAlert } from '../../../ui/form-alert.tsx';
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
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!name.trim()) {
      setFieldErrors({ name: 'Give the team a name, e.g. Billing or Tier 2' });
      return;
    }
    setFieldErrors({});
    const options = {
      onSuccess: () => {
        notifications.show({ message: team ? 'Team saved.' : `Team “${name.trim()}” created.` });
        onDone();
      },
      onError: (error: Error) => setFieldErrors(isApiError(error) ? error.fields : {}),
    };
    const body = { name: name.trim(), description: description.trim() };
    if (team) update.mutate({ id: team.id, ...body }, options);
    else create.mutate(body, options);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setFieldErrors((errors) => withoutField(errors, 'name'));
          }}
          error={fieldErrors.name}
          maxLength={120}
          data-autofocus
        />
        <Textarea
          label="Description"
          description="Optional. What the team looks after, so others know when to hand a conversation to it."
          value={description}
          onChange={(event) => {
            setDescription(event.currentTarget.value);
            setFieldErrors((errors) => withoutField(errors, 'description'));
          }}
          error={fieldErrors.description}
          maxLength={500}
          autosize
          minRows={3}
          maxRows={6}
        />
        <FormAlert error={Object.keys(fieldErrors).length > 0 ? null : mutation.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {team ? 'Save changes' : 'Create team'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
