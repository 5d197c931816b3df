import { Avatar, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { Team } from '@rapport/contracts';
import { IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog, useConfirmRemoval } from '../../../ui/confirm-dialog.tsx';
import { RecordsPage } from '../../../ui/records-page.tsx';
import { RowActions } from '../../../ui/records-table.tsx';
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
  const removal = useConfirmRemoval(remove, (team: Team) => `Team “${team.name}” deleted.`);
  const [editing, setEditing] = useState<{ team: Team | null } | null>(null);
  const [managing, setManaging] = useState<Team | null>(null);

  const sorted = teams.data ? [...teams.data].sort((a, b) => a.name.localeCompare(b.name)) : undefined;

  return (
    <>
      <RecordsPage
        title="Teams"
        description="Groups of people who serve an inbox together."
        query={teams}
        records={sorted}
        addLabel="New team"
        onAdd={() => setEditing({ team: null })}
        empty={{
          icon: <IconUsersGroup size={28} aria-hidden />,
          title: 'Create your first team',
          description:
            'Create a team for each group that answers customers, such as Billing or Technical support, then add its people.',
        }}
        table={{
          caption: 'Teams',
          minWidth: 760,
          columns: [{ label: 'Team' }, { label: 'Members' }, { label: 'Actions', hidden: true }],
        }}
      >
        {(team) => (
          <>
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
            <RowActions>
              <Button variant="subtle" size="xs" onClick={() => setManaging(team)}>
                Members
              </Button>
              <Button variant="subtle" size="xs" onClick={() => setEditing({ team })}>
                Edit
              </Button>
              <Button variant="subtle" color="red" size="xs" onClick={() => removal.ask(team)}>
                Delete
              </Button>
            </RowActions>
          </>
        )}
      </RecordsPage>

      <TeamFormModal opened={editing !== null} team={editing?.team ?? null} onClose={() => setEditing(null)} />
      <TeamMembersModal team={managing} onClose={() => setManaging(null)} />
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete ${removal.record?.name ?? 'this team'}?`}
        confirmLabel="Delete team"
      >
        The team and its membership list are removed. Its members keep their accounts and stay in their other teams.
      </ConfirmDialog>
    </>
  );
}
