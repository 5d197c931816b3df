import { Badge, Button, Code, Group, Menu, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Webhook } from '@rapport/contracts';
import { IconDots, IconWebhook } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../app/api-client.ts';
import { ConfirmDialog, useConfirmRemoval } from '../../../ui/confirm-dialog.tsx';
import { RecordsPage } from '../../../ui/records-page.tsx';
import { RowActions } from '../../../ui/records-table.tsx';
import { WebhookDeliveriesModal } from '../components/webhook-deliveries-modal.tsx';
import { WebhookFormModal } from '../components/webhook-form-modal.tsx';
import { useDeleteWebhook, useSendTestWebhook, useUpdateWebhook, useWebhooks } from '../webhooks.api.ts';

export function WebhooksPage() {
  const webhooks = useWebhooks();
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const removal = useConfirmRemoval<Webhook>(remove, () => 'Webhook deleted.');
  const test = useSendTestWebhook();
  const [editing, setEditing] = useState<{ webhook: Webhook | null } | null>(null);
  const [viewing, setViewing] = useState<Webhook | null>(null);

  const toggle = (webhook: Webhook, enabled: boolean) =>
    update.mutate(
      { id: webhook.id, enabled },
      {
        onSuccess: () => notifications.show({ message: enabled ? 'Webhook turned on.' : 'Webhook paused.' }),
        onError: (error) => notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(error) }),
      },
    );

  return (
    <>
      <RecordsPage
        title="Webhooks"
        description="Tell other systems what happens in Rapport as it happens. Each delivery is signed, retried when it fails, and listed with its answer."
        query={webhooks}
        records={webhooks.data}
        addLabel="New webhook"
        onAdd={() => setEditing({ webhook: null })}
        empty={{
          icon: <IconWebhook size={28} aria-hidden />,
          title: 'No webhooks yet',
          description:
            'Add an endpoint to send conversation, message, handoff or customer events to your CRM, data warehouse or chat tool.',
        }}
        table={{
          caption: 'Webhooks',
          minWidth: 760,
          columns: [
            { label: 'Endpoint' },
            { label: 'Events' },
            { label: 'On', w: 110 },
            { label: 'Actions', hidden: true, w: 200 },
          ],
        }}
      >
        {(webhook) => (
          <>
            <Table.Td>
              <Stack gap={2}>
                <Code style={{ overflowWrap: 'anywhere' }}>{webhook.url}</Code>
                {webhook.description ? (
                  <Text size="xs" c="dimmed">
                    {webhook.description}
                  </Text>
                ) : null}
              </Stack>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {webhook.eventTypes.map((type) => (
                  <Badge key={type} variant="light" color="gray" tt="none" fw={500}>
                    {type}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <Table.Td>
              <Switch
                checked={webhook.enabled}
                onChange={(event) => toggle(webhook, event.currentTarget.checked)}
                aria-label={`Send events to ${webhook.url}`}
                disabled={update.isPending && update.variables?.id === webhook.id}
              />
            </Table.Td>
            <RowActions>
              <Button variant="subtle" size="xs" onClick={() => setViewing(webhook)}>
                Deliveries
              </Button>
              <Menu position="bottom-end" shadow="md">
                <Menu.Target>
                  <Button variant="subtle" size="xs" px={6} aria-label={`More for ${webhook.url}`}>
                    <IconDots size={16} aria-hidden />
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => setEditing({ webhook })}>Edit</Menu.Item>
                  <Menu.Item
                    onClick={() =>
                      test.mutate(webhook.id, {
                        onSuccess: () => notifications.show({ message: 'Test event queued. See it under Deliveries.' }),
                        onError: (error) =>
                          notifications.show({
                            color: 'red',
                            title: 'Test not sent',
                            message: errorMessage(error),
                          }),
                      })
                    }
                  >
                    Send test event
                  </Menu.Item>
                  <Menu.Divider />
                  <Menu.Item color="red" onClick={() => removal.ask(webhook)}>
                    Delete…
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </RowActions>
          </>
        )}
      </RecordsPage>
      <WebhookFormModal opened={editing !== null} webhook={editing?.webhook ?? null} onClose={() => setEditing(null)} />
      <WebhookDeliveriesModal webhook={viewing} onClose={() => setViewing(null)} />
      <ConfirmDialog {...removal.dialog} title="Delete this webhook?" confirmLabel="Delete webhook">
        {`Nothing more is sent to ${removal.record?.url ?? ''}, and its delivery history is deleted. This cannot be undone.`}
      </ConfirmDialog>
    </>
  );
}
