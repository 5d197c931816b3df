import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { csatLabels, type RecoveryTask } from '@rapport/contracts';
import { IconHeartHandshake } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../../app/api-client.ts';
import { EmptyPanel } from '../../../ui/empty-panel.tsx';
import { formatAgo } from '../../../ui/format.ts';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useNow } from '../../../ui/use-now.ts';
import { useCloseRecoveryTask, useRecoveryTasks } from '../surveys.api.ts';

/** Customers who told us it went badly: reach out, put it right, say what was done. */
export function RecoveryTasksPage() {
  const [scope, setScope] = useState<'mine' | 'all'>('mine');
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const tasks = useRecoveryTasks(status, scope === 'mine');
  const now = useNow(30_000);
  return (
    <>
      <PageHeader
        title="Recovery"
        description="A survey answered with low satisfaction or high effort opens a task for the conversation's owner. Reach out to the customer and put it right."
      />
      <Group mb="md" gap="sm">
        <SegmentedControl
          aria-label="Whose tasks"
          value={scope}
          onChange={(value) => setScope(value as 'mine' | 'all')}
          data={[
            { value: 'mine', label: 'Mine' },
            { value: 'all', label: 'Everyone' },
          ]}
        />
        <SegmentedControl
          aria-label="Which tasks"
          value={status}
          onChange={(value) => setStatus(value as 'open' | 'closed')}
          data={[
            { value: 'open', label: 'Open' },
            { value: 'closed', label: 'Closed' },
          ]}
        />
      </Group>
      {tasks.isPending ? (
        <LoadingBlock label="Loading recovery tasks…" />
      ) : tasks.isError ? (
        <QueryError error={tasks.error} title="Recovery tasks could not be loaded" onRetry={() => tasks.refetch()} />
      ) : tasks.data.length === 0 ? (
        <EmptyPanel
          icon={<IconHeartHandshake size={28} aria-hidden />}
          title={status === 'open' ? 'Nothing to recover' : 'No closed tasks yet'}
          description="When a customer answers a survey with a poor score, the task appears here at once."
        />
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-live="polite">
          {tasks.data.map((task) => (
            <RecoveryTaskCard key={task.id} task={task} now={now} />
          ))}
        </Stack>
      )}
    </>
  );
}

function RecoveryTaskCard({ task, now }: { task: RecoveryTask; now: number }) {
  const close = useCloseRecoveryTask();
  const [closing, setClosing] = useState(false);
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    close.mutate(
      { id: task.id, note: note.trim() },
      { onSuccess: () => notifications.show({ message: 'Recovery task closed. Thank you for following up.' }) },
    );
  };
  return (
    <Card component="li" withBorder padding="md" data-testid="recovery-task">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Title order={2} fz="md">
            <Anchor component={Link} to={`/inbox/all/${encodeURIComponent(task.conversationId)}`}>
              {task.customer.name ?? 'A customer'} · conversation {task.conversationNumber}
            </Anchor>
          </Title>
          <Text size="sm" c="dimmed">
            {task.subject} · answered {formatAgo(task.createdAt, now).toLowerCase()}
            {task.assignee ? ` · for ${task.assignee.name}` : ''}
          </Text>
        </Stack>
        <Group gap={6} style={{ flex: 'none' }}>
          {task.csat !== null ? (
            <Badge color={task.csat <= 2 ? 'red' : 'gray'} variant="light">
              Satisfaction {task.csat}/5 · {csatLabels[task.csat]}
            </Badge>
          ) : null}
          {task.effort !== null ? (
            <Badge color={task.effort >= 5 ? 'red' : 'gray'} variant="light">
              Effort {task.effort}/7
            </Badge>
          ) : null}
        </Group>
      </Group>
      <Text mt="sm" size="sm" fs={task.comment ? 'italic' : undefined} c={task.comment ? undefined : 'dimmed'}>
        {task.comment ? `“${task.comment}”` : 'No comment left.'}
      </Text>
      {task.status === 'closed' ? (
        <Text mt="sm" size="sm">
          Closed by {task.closedBy?.name ?? 'someone'}: {task.resolutionNote}
        </Text>
      ) : closing ? (
        <form onSubmit={submit}>
          <Stack gap="xs" mt="sm">
            <Textarea
              label="What did you do for the customer?"
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              error={isApiError(close.error) ? (close.error.fields.note ?? close.error.message) : undefined}
              required
              autosize
              minRows={2}
              data-autofocus
            />
            <Group gap="xs">
              <Button type="submit" size="xs" loading={close.isPending} disabled={!note.trim()}>
                Close task
              </Button>
              <Button size="xs" variant="default" onClick={() => setClosing(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Button mt="sm" size="xs" variant="light" w="fit-content" onClick={() => setClosing(true)}>
          Close with a note…
        </Button>
      )}
    </Card>
  );
}
