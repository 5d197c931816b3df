import { Avatar, Button, Group, Paper, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Team } from '@rapport/contracts';
import { IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog } from '../../../ui/confirm-dialog.tsx';
import { EmptyPanel } from '../../../ui/empty-panel.tsx';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { TeamFormModal } from '../components/team-form-modal.tsx';
import { TeamMembersModal } from '../components/team-members-modal.tsx';
import { useDeleteTeam, useTeams } from '../teams.api.ts';

function MembersSummary({ team }: { team: Team }) {
  if (team.members.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No members
      </Text>
    );
  }
  const leads = team.members.filter((member) => member.isLead);
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <Avatar.Group spacing="xs">
          {team.members.slice(0, 5).map((member) => (
            <Tooltip key={member.userId} label={member.name}>
              <Avatar name={member.name} color="initials" size={26} radius="xl" />
            </Tooltip>
          ))}
        </Avatar.Group>
        <Text size="sm">{team.members.length === 1 ? '1 member' : `${team.members.length} members`}</Text>
      </Group>
      {leads.length > 0 ? (
        <Text size="xs" c="dimmed">
          Led by {leads.map((lead) => lead.name).join(', ')}
        </Text>
      ) : null}
    </Stack>
  );
}

export function TeamsPage() {
  const teams = useTeams();
  const remove = useDeleteTeam();
  const [editing, setEditing] = useState<{ team: Team | null } | null>(null);
  const [managing, setManaging] = useState<Team | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);

  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  const newTeamButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ team: null })}>
      New team
    </Button>
  );
  const sorted = teams.data ? [...teams.data].sort((a, b) => a.name.localeCompare(b.name)) : [];

  return (
    <>
      <PageHeader
        title="Teams"
        description="Groups of people who serve an inbox together."
        actions={sorted.length > 0 ? newTeamButton : undefined}
      />
      {teams.isPending ? <LoadingBlock /> : null}
      {teams.isError ? <QueryError error={teams.error} onRetry={() => teams.refetch()} /> : null}
      {teams.isSuccess && sorted.length === 0 ? (
        <EmptyPanel
          icon={<IconUsersGroup size={28} aria-hidden />}
          title="Create your first team"
          description="Create a team for each group that answers customers, such as Billing or Technical support, then add its people."
          actions={newTeamButton}
        />
      ) : null}
      {sorted.length > 0 ? (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table>
              <caption className="visually-hidden">Teams</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Team</Table.Th>
                  <Table.Th>Members</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((team) => (
                  <Table.Tr key={team.id}>
                    <Table.Td maw={420}>
                      <Text size="sm" fw={600}>
                        {team.name}
                      </Text>
                      {team.description ? (
                        <Text size="sm" c="dimmed" lineClamp={2}>
                          {team.description}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <MembersSummary team={team} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button variant="subtle" size="xs" onClick={() => setManaging(team)}>
                          Members
                        </Button>
                        <Button variant="subtle" size="xs" onClick={() => setEditing({ team })}>
                          Edit
                        </Button>
                        <Button variant="subtle" color="red" size="xs" onClick={() => setDeleting(team)}>
                          Delete
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ) : null}

      <TeamFormModal opened={editing !== null} team={editing?.team ?? null} onClose={() => setEditing(null)} />
      <TeamMembersModal team={managing} onClose={() => setManaging(null)} />
      <ConfirmDialog
        opened={deleting !== null}
        title={`Delete ${deleting?.name ?? 'this team'}?`}
        confirmLabel="Delete team"
        danger
        loading={remove.isPending}
        error={remove.error}
        onClose={closeDelete}
        onConfirm={() => {
          if (!deleting) return;
          const { name } = deleting;
          remove.mutate(deleting.id, {
            onSuccess: () => {
              closeDelete();
              notifications.show({ message: `Team “${name}” deleted.` });
            },
          });
        }}
      >
        The team and its membership list are removed. Its members keep their accounts and stay in their other teams.
      </ConfirmDialog>
    </>
  );
}
