import { Badge, Button, Code, Group, Menu, Paper, Stack, Switch, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Webhook } from '@rapport/contracts';
import { IconDots, IconPlus, IconWebhook } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../app/api-client.ts';
import { ConfirmDialog } from '../../../ui/confirm-dialog.tsx';
import { EmptyPanel } from '../../../ui/empty-panel.tsx';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { WebhookDeliveriesModal } from '../components/webhook-deliveries-modal.tsx';
import { WebhookFormModal } from '../components/webhook-form-modal.tsx';
import { useDeleteWebhook, useSendTestWebhook, useUpdateWebhook, useWebhooks } from '../webhooks.api.ts';

export function WebhooksPage() {
  const webhooks = useWebhooks();
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const test = useSendTestWebhook();
  const [editing, setEditing] = useState<{ webhook: Webhook | null } | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [viewing, setViewing] = useState<Webhook | null>(null);

  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ webhook: null })}>
      New webhook
    </Button>
  );

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
      <PageHeader
        title="Webhooks"
        description="Tell other systems what happens in Rapport as it happens. Each delivery is signed, retried when it fails, and listed with its answer."
        actions={webhooks.data && webhooks.data.length > 0 ? newButton : undefined}
      />
      {webhooks.isPending ? <LoadingBlock /> : null}
      {webhooks.isError ? <QueryError error={webhooks.error} onRetry={() => webhooks.refetch()} /> : null}
      {webhooks.data?.length === 0 ? (
        <EmptyPanel
          icon={<IconWebhook size={28} aria-hidden />}
          title="No webhooks yet"
          description="Add an endpoint to send conversation, message, handoff or customer events to your CRM, data warehouse or chat tool."
          actions={newButton}
        />
      ) : null}
      {webhooks.data && webhooks.data.length > 0 ? (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table>
              <caption className="visually-hidden">Webhooks</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Endpoint</Table.Th>
                  <Table.Th>Events</Table.Th>
                  <Table.Th w={110}>On</Table.Th>
                  <Table.Th w={200}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {webhooks.data.map((webhook) => (
                  <Table.Tr key={webhook.id}>
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
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
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
                                  onSuccess: () =>
                                    notifications.show({ message: 'Test event queued. See it under Deliveries.' }),
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
                            <Menu.Item color="red" onClick={() => setDeleting(webhook)}>
                              Delete…
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ) : null}
      <WebhookFormModal opened={editing !== null} webhook={editing?.webhook ?? null} onClose={() => setEditing(null)} />
      <WebhookDeliveriesModal webhook={viewing} onClose={() => setViewing(null)} />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete this webhook?"
        confirmLabel="Delete webhook"
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting.id, {
            onSuccess: () => {
              closeDelete();
              notifications.show({ message: 'Webhook deleted.' });
            },
          });
        }}
        onClose={closeDelete}
      >
        {`Nothing more is sent to ${deleting?.url ?? ''}, and its delivery history is deleted. This cannot be undone.`}
      </ConfirmDialog>
    </>
  );
}
