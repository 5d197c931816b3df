import { Avatar, Button, Checkbox, Group, Modal, MultiSelect, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Team } from '@rapport/contracts';
import { useState } from 'react';
import { FormAlert } from '../../../ui/form-alert.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useActiveUsers } from '../../users/users.api.ts';
import { useSetTeamMembers } from '../teams.api.ts';

type TeamMembersModalProps = { team: Team | null; onClose: () => void };

export function TeamMembersModal({ team, onClose }: TeamMembersModalProps) {
  return (
    <Modal opened={team !== null} onClose={onClose} title={team ? `People in ${team.name}` : ''} size="lg">
      {team ? <MembersForm key={team.id} team={team} onDone={onClose} /> : null}
    </Modal>
  );
}

function MembersForm({ team, onDone }: { team: Team; onDone: () => void }) {
  const users = useActiveUsers();
  const save = useSetTeamMembers();
  const [memberIds, setMemberIds] = useState<string[]>(() => team.members.map((member) => member.userId));
  const [leadIds, setLeadIds] = useState<Set<string>>(
    () => new Set(team.members.filter((member) => member.isLead).map((member) => member.userId)),
  );

  if (users.isPending) return <LoadingBlock />;
  if (users.isError) return <QueryError error={users.error} onRetry={() => users.refetch()} />;

  const nameOf = (userId: string) =>
    users.data.find((user) => user.id === userId)?.name ??
    team.members.find((member) => member.userId === userId)?.name ??
    'Unknown user';
  const options = users.data.map((user) => ({ value: user.id, label: `${user.name} (${user.email})` }));

  const toggleLead = (userId: string, isLead: boolean) =>
    setLeadIds((current) => {
      const next = new Set(current);
      if (isLead) next.add(userId);
      else next.delete(userId);
      return next;
    });

  const submit = () =>
    save.mutate(
      { id: team.id, members: memberIds.map((userId) => ({ userId, isLead: leadIds.has(userId) })) },
      {
        onSuccess: () => {
          notifications.show({ message: `${team.name} updated.` });
          onDone();
        },
      },
    );

  return (
    <Stack gap="md">
      <MultiSelect
        label="Members"
        description="Active users only. A person can be in several teams."
        placeholder={memberIds.length === 0 ? 'Pick people' : undefined}
        data={options}
        value={memberIds}
        onChange={setMemberIds}
        searchable
        nothingFoundMessage="No active user matches"
        hidePickedOptions
        data-autofocus
      />
      {memberIds.length > 0 ? (
        <Paper withBorder radius="md" p="sm">
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              Team leads
            </Text>
            {memberIds.map((userId) => (
              <Group key={userId} justify="space-between" wrap="nowrap" role="group" aria-label={nameOf(userId)}>
                <Group gap="sm" wrap="nowrap">
                  <Avatar name={nameOf(userId)} color="initials" size={28} radius="xl" />
                  <Text size="sm">{nameOf(userId)}</Text>
                </Group>
                <Checkbox
                  label="Lead"
                  aria-label={`${nameOf(userId)} is a lead`}
                  checked={leadIds.has(userId)}
                  onChange={(event) => toggleLead(userId, event.currentTarget.checked)}
                />
              </Group>
            ))}
          </Stack>
        </Paper>
      ) : (
        <Text size="sm" c="dimmed">
          This team has no members yet.
        </Text>
      )}
      <FormAlert error={save.error} />
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button onClick={submit} loading={save.isPending}>
          Save members
        </Button>
      </Group>
    </Stack>
  );
}
