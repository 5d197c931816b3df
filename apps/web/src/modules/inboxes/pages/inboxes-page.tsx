import { Button, Group, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import type { Inbox } from '@rapport/contracts';
import { IconMail, IconMailbox, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyPanel } from '../../../ui/empty-panel.tsx';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { EmailChannelModal } from '../../channels/components/email-channel-modal.tsx';
import { useTeams } from '../../teams/teams.api.ts';
import { summarizeBusinessHours } from '../components/business-hours-editor.tsx';
import { InboxFormModal } from '../components/inbox-form-modal.tsx';
import { WidgetModal } from '../components/widget-modal.tsx';
import { useInboxes } from '../inboxes.api.ts';

export function InboxesPage() {
  const inboxes = useInboxes();
  const teams = useTeams();
  const [editing, setEditing] = useState<{ inbox: Inbox | null } | null>(null);
  const [widgetOf, setWidgetOf] = useState<Inbox | null>(null);
  const [emailFor, setEmailFor] = useState<Inbox | null>(null);

  const teamName = (teamId: string | null) =>
    teamId ? (teams.data?.find((team) => team.id === teamId)?.name ?? 'Unknown team') : null;
  const sorted = inboxes.data ? [...inboxes.data].sort((a, b) => a.name.localeCompare(b.name)) : [];

  const newInboxButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ inbox: null })}>
      New inbox
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Inboxes"
        description="The queues customers write into. Each has a team, a time zone and business hours."
        actions={sorted.length > 0 ? newInboxButton : undefined}
      />
      {inboxes.isPending ? <LoadingBlock /> : null}
      {inboxes.isError ? <QueryError error={inboxes.error} onRetry={() => inboxes.refetch()} /> : null}
      {inboxes.isSuccess && sorted.length === 0 ? (
        <EmptyPanel
          icon={<IconMailbox size={28} aria-hidden />}
          title="Create your first inbox"
          description="Create an inbox for each kind of question you answer, give it a team, and set the hours it is staffed."
          actions={newInboxButton}
        />
      ) : null}
      {sorted.length > 0 ? (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table>
              <caption className="visually-hidden">Inboxes</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Team</Table.Th>
                  <Table.Th>Time zone</Table.Th>
                  <Table.Th>Business hours</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((inbox) => {
                  const team = teamName(inbox.teamId);
                  return (
                    <Table.Tr key={inbox.id}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {inbox.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {team ? (
                          <Text size="sm">{team}</Text>
                        ) : (
                          <Text size="sm" c="dimmed">
                            No team
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{inbox.timeZone}</Text>
                      </Table.Td>
                      <Table.Td className="tabular-nums">
                        <Text size="sm">{summarizeBusinessHours(inbox.businessHours)}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button
                            variant="subtle"
                            size="xs"
                            leftSection={<IconMail size={14} aria-hidden />}
                            onClick={() => setEmailFor(inbox)}
                            aria-label={`Email settings of ${inbox.name}`}
                          >
                            Email
                          </Button>
                          <Button variant="subtle" size="xs" onClick={() => setWidgetOf(inbox)}>
                            Chat widget<VisuallyHidden> of {inbox.name}</VisuallyHidden>
                          </Button>
                          <Button variant="subtle" size="xs" onClick={() => setEditing({ inbox })}>
                            Edit
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ) : null}
      <InboxFormModal opened={editing !== null} inbox={editing?.inbox ?? null} onClose={() => setEditing(null)} />
      <WidgetModal inbox={widgetOf} onClose={() => setWidgetOf(null)} />
      <EmailChannelModal inbox={emailFor} onClose={() => setEmailFor(null)} />
    </>
  );
}
