import { Badge, Button, Code, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Webhook, WebhookDelivery } from '@rapport/contracts';
import { IconSend } from '@tabler/icons-react';
import { errorMessage } from '../../../app/api-client.ts';
import { formatDateTime } from '../../../ui/format.ts';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useSendTestWebhook, useWebhookDeliveries } from '../webhooks.api.ts';

const statusColor: Record<WebhookDelivery['status'], string> = { pending: 'yellow', delivered: 'teal', failed: 'red' };
const statusWord: Record<WebhookDelivery['status'], string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  failed: 'Failed',
};

function lastAttempt(delivery: WebhookDelivery): string {
  const attempt = delivery.attempts.at(-1);
  if (!attempt) return 'Not tried yet';
  const answer = attempt.statusCode !== null ? `HTTP ${attempt.statusCode}` : (attempt.error ?? 'No answer');
  return `${answer} in ${attempt.durationMs} ms`;
}

/** What was sent to one endpoint and how it answered, newest first; with a button to send a test event. */
export function WebhookDeliveriesModal({ webhook, onClose }: { webhook: Webhook | null; onClose: () => void }) {
  const deliveries = useWebhookDeliveries(webhook?.id ?? null);
  const test = useSendTestWebhook();
  const rows = deliveries.data?.pages.flatMap((page) => page.deliveries) ?? [];
  return (
    <Modal opened={webhook !== null} onClose={onClose} title="Deliveries" size="xl">
      {webhook ? (
        <Stack gap="md">
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Code style={{ overflowWrap: 'anywhere' }}>{webhook.url}</Code>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconSend size={14} aria-hidden />}
              loading={test.isPending}
              style={{ flex: 'none' }}
              onClick={() =>
                test.mutate(webhook.id, {
                  onSuccess: () => {
                    notifications.show({ message: 'Test event queued; it shows below in a moment.' });
                    void deliveries.refetch();
                  },
                  onError: (error) =>
                    notifications.show({ color: 'red', title: 'Test not sent', message: errorMessage(error) }),
                })
              }
            >
              Send test event
            </Button>
          </Group>
          {deliveries.isPending ? <LoadingBlock /> : null}
          {deliveries.isError ? <QueryError error={deliveries.error} onRetry={() => deliveries.refetch()} /> : null}
          {deliveries.isSuccess && rows.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing sent yet. Deliveries appear here as events happen, or send a test event.
            </Text>
          ) : null}
          {rows.length > 0 ? (
            <Table.ScrollContainer minWidth={640}>
              <Table>
                <caption className="visually-hidden">Deliveries to {webhook.url}</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Event</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Attempts</Table.Th>
                    <Table.Th>Last answer</Table.Th>
                    <Table.Th>Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((delivery) => (
                    <Table.Tr key={delivery.id}>
                      <Table.Td>
                        <Code>{delivery.eventType}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={statusColor[delivery.status]}>
                          {statusWord[delivery.status]}
                        </Badge>
                      </Table.Td>
                      <Table.Td className="tabular-nums">{delivery.attempts.length}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{lastAttempt(delivery)}</Text>
                      </Table.Td>
                      <Table.Td className="tabular-nums">
                        <Text size="sm">{formatDateTime(delivery.createdAt)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
          {deliveries.hasNextPage ? (
            <Group justify="center">
              <Button
                variant="subtle"
                size="xs"
                loading={deliveries.isFetchingNextPage}
                onClick={() => deliveries.fetchNextPage()}
              >
                Show older
              </Button>
            </Group>
          ) : null}
        </Stack>
      ) : null}
    </Modal>
  );
}
