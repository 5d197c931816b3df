import { Anchor, Badge, Card, Group, Stack, Text } from '@mantine/core';
import { IconCalendarDue } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyPanel } from '../../../ui/empty-panel.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useNow } from '../../../ui/use-now.ts';
import { dueIn } from '../commitment-words.ts';
import { useMyOpenCommitments } from '../commitments.api.ts';

/** "Promises due": your open promises, soonest first, each a link to its conversation. */
export function PromisesDuePage() {
  const commitments = useMyOpenCommitments();
  const now = useNow(30_000);
  return (
    <>
      <PageHeader
        title="Promises due"
        description="What you promised customers and have not yet done, soonest first. Keep each one, or tell the customer a new time before it lapses."
      />
      {commitments.isPending ? (
        <LoadingBlock label="Loading your promises…" />
      ) : commitments.isError ? (
        <QueryError
          error={commitments.error}
          title="Promises could not be loaded"
          onRetry={() => commitments.refetch()}
        />
      ) : commitments.data.length === 0 ? (
        <EmptyPanel
          icon={<IconCalendarDue size={28} aria-hidden />}
          title="No open promises"
          description="When you promise a customer something by a time, add it on the conversation and it shows here."
        />
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {commitments.data.map((commitment) => {
            const late = Date.parse(commitment.dueAt) < now;
            const soon = !late && Date.parse(commitment.dueAt) - now < 2 * 3600_000;
            return (
              <Card key={commitment.id} component="li" withBorder padding="md">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2}>
                    <Anchor
                      component={Link}
                      to={`/inbox/all/${encodeURIComponent(commitment.conversationId)}`}
                      fw={600}
                    >
                      {commitment.what}
                    </Anchor>
                    <Text size="sm" c="dimmed">
                      Conversation {commitment.conversationNumber} · due {formatDateTime(commitment.dueAt)}
                    </Text>
                  </Stack>
                  <Badge color={late ? 'red' : soon ? 'orange' : 'blue'} variant="light" style={{ flex: 'none' }}>
                    {late
                      ? `Overdue ${dueIn(commitment.dueAt, now).replace(' ago', '')}`
                      : `Due ${dueIn(commitment.dueAt, now)}`}
                  </Badge>
                </Group>
              </Card>
            );
          })}
        </Stack>
      )}
    </>
  );
}
