import { Button, Table, Text, VisuallyHidden } from '@mantine/core';
import type { Inbox } from '@rapport/contracts';
import { IconMail, IconMailbox } from '@tabler/icons-react';
import { useState } from 'react';
import { RecordsPage } from '../../../ui/records-page.tsx';
import { RowActions } from '../../../ui/records-table.tsx';
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
  const sorted = inboxes.data ? [...inboxes.data].sort((a, b) => a.name.localeCompare(b.name)) : undefined;

  return (
    <>
      <RecordsPage
        title="Inboxes"
        description="The queues customers write into. Each has a team, a time zone and business hours."
        query={inboxes}
        records={sorted}
        addLabel="New inbox"
        onAdd={() => setEditing({ inbox: null })}
        empty={{
          icon: <IconMailbox size={28} aria-hidden />,
          title: 'Create your first inbox',
          description:
            'Create an inbox for each kind of question you answer, give it a team, and set the hours it is staffed.',
        }}
        table={{
          caption: 'Inboxes',
          minWidth: 760,
          columns: [
            { label: 'Name' },
            { label: 'Team' },
            { label: 'Time zone' },
            { label: 'Business hours' },
            { label: 'Actions', hidden: true },
          ],
        }}
      >
        {(inbox) => {
          const team = teamName(inbox.teamId);
          return (
            <>
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
              <RowActions>
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
              </RowActions>
            </>
          );
        }}
      </RecordsPage>
      <InboxFormModal opened={editing !== null} inbox={editing?.inbox ?? null} onClose={() => setEditing(null)} />
      <WidgetModal inbox={widgetOf} onClose={() => setWidgetOf(null)} />
      <EmailChannelModal inbox={emailFor} onClose={() => setEmailFor(null)} />
    </>
  );
}
