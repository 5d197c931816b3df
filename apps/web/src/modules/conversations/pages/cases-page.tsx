import { Badge, Box, Button, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import type { Conversation } from '@rapport/contracts';
import { IconArrowLeft, IconBriefcase, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useConversationPresence } from '../../../app/live-provider.tsx';
import { EmptyPanel } from '../../../ui/empty-panel.tsx';
import { formatAgo, formatDateTime } from '../../../ui/format.ts';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useNow } from '../../../ui/use-now.ts';
import { Composer } from '../components/composer.tsx';
import { PresenceStrip } from '../components/presence-strip.tsx';
import { RaiseCaseModal } from '../components/raise-case-modal.tsx';
import { Timeline } from '../components/timeline.tsx';
import { customerName, isActiveStatus, statusColors, statusLabels } from '../conversation-words.ts';
import { useConversation, useConversationList } from '../conversations.api.ts';

/** Where a case stands, in one sentence an advocate can pass on to the customer. */
function caseStanding(conversation: Conversation): string {
  if (conversation.status === 'resolved' || conversation.status === 'closed') {
    return conversation.resolvedAt
      ? `Resolved on ${formatDateTime(conversation.resolvedAt)}${conversation.owner ? ` by ${conversation.owner.name}` : ''}.`
      : 'Finished.';
  }
  if (conversation.pendingHandoff) return 'Being handed to a colleague with the full story.';
  if (conversation.owner) return `${conversation.owner.name} is looking after it.`;
  return `Waiting for someone in ${conversation.team?.name ?? 'the team'} to pick it up.`;
}

/** The advocate's page: raise a case for a customer, and follow each one to its end. */
export function CasesPage() {
  const { conversationId } = useParams<{ conversationId?: string }>();
  const navigate = useNavigate();
  const list = useConversationList('raised_by_me', { status: undefined });
  const now = useNow(60_000);
  const [raising, setRaising] = useState(false);
  const cases = list.data?.pages.flatMap((page) => page.conversations) ?? [];

  const raiseButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setRaising(true)}>
      Raise a case
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Cases I raised"
        description="Raise a case when a customer tells you about a problem. Rapport finds it an owner, and you can follow it here until it is solved."
        actions={raiseButton}
      />
      {list.isPending ? <LoadingBlock label="Loading your cases…" /> : null}
      {list.isError ? <QueryError error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.isSuccess && cases.length === 0 ? (
        <EmptyPanel
          icon={<IconBriefcase size={28} aria-hidden />}
          title="You have not raised a case yet"
          description="When a customer tells you about a problem, raise a case with what they said. You do not need to know who should handle it."
          actions={raiseButton}
        />
      ) : null}
      {cases.length > 0 ? (
        <Box
          style={{ display: 'grid', gap: 'var(--mantine-spacing-lg)' }}
          className="cases-grid"
          data-open={conversationId ? true : undefined}
        >
          <Box component="section" aria-labelledby="cases-list-heading" className="cases-list">
            <Title order={2} fz="sm" c="dimmed" tt="uppercase" id="cases-list-heading" mb="xs">
              {cases.length === 1 ? '1 case' : `${cases.length} cases`}
            </Title>
            <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
              {cases.map((item) => (
                <li key={item.id}>
                  <UnstyledButton
                    w="100%"
                    onClick={() => navigate(`/cases/${encodeURIComponent(item.id)}`)}
                    aria-current={item.id === conversationId ? 'true' : undefined}
                    className="case-card"
                  >
                    <Group justify="space-between" gap="xs" wrap="nowrap">
                      <Text size="sm" fw={600} truncate="end">
                        #{item.number} {item.subject}
                      </Text>
                      <Badge size="sm" variant="light" color={statusColors[item.status]} style={{ flex: 'none' }}>
                        {statusLabels[item.status]}
                      </Badge>
                    </Group>
                    <Text size="xs" c="dimmed" mt={4} truncate="end">
                      {customerName(item.customer.name)} · {caseStanding(item)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      Last activity {formatAgo(item.lastMessageAt, now).toLowerCase()}
                    </Text>
                  </UnstyledButton>
                </li>
              ))}
            </Stack>
            {list.hasNextPage ? (
              <Group justify="center" mt="sm">
                <Button
                  variant="subtle"
                  size="xs"
                  loading={list.isFetchingNextPage}
                  onClick={() => list.fetchNextPage()}
                >
                  Show more
                </Button>
              </Group>
            ) : null}
          </Box>
          {conversationId ? (
            <CaseDetail key={conversationId} conversationId={conversationId} onBack={() => navigate('/cases')} />
          ) : null}
        </Box>
      ) : null}
      <RaiseCaseModal
        opened={raising}
        onClose={() => setRaising(false)}
        onRaised={(id) => navigate(`/cases/${encodeURIComponent(id)}`)}
      />
    </>
  );
}

function CaseDetail({ conversationId, onBack }: { conversationId: string; onBack: () => void }) {
  const conversation = useConversation(conversationId);
  const presence = useConversationPresence(conversationId);
  if (conversation.isPending) return <LoadingBlock label="Opening the case…" />;
  if (conversation.isError) return <QueryError error={conversation.error} onRetry={() => conversation.refetch()} />;
  const data = conversation.data;
  return (
    <Paper
      withBorder
      radius="md"
      component="section"
      aria-labelledby="case-heading"
      style={{
        display: 'flex',
        flexDirection: 'column',
        height: 'min(720px, calc(100dvh - 200px))',
        overflow: 'hidden',
      }}
    >
      <Box p="md" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Button
          variant="subtle"
          size="compact-sm"
          hiddenFrom="md"
          leftSection={<IconArrowLeft size={14} aria-hidden />}
          onClick={onBack}
          mb="xs"
        >
          All my cases
        </Button>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Title order={2} fz="h4" id="case-heading" lineClamp={1}>
            #{data.number} {data.subject}
          </Title>
          <Badge variant="light" color={statusColors[data.status]} style={{ flex: 'none' }}>
            {statusLabels[data.status]}
          </Badge>
        </Group>
        <Text size="sm" mt={4}>
          For {customerName(data.customer.name)}. {caseStanding(data)}
        </Text>
        {isActiveStatus(data.status) ? (
          <Text size="xs" c="dimmed" mt={2}>
            Add a note below if you learn more; the owner sees it.
          </Text>
        ) : null}
      </Box>
      <Timeline conversation={data} />
      <PresenceStrip viewers={presence.viewers} typing={presence.typing} />
      <Composer conversation={data} notesOnly />
    </Paper>
  );
}
