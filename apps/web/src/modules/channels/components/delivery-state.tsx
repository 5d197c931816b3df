import { Text } from '@mantine/core';
import type { MessageDelivery } from '@rapport/contracts';

/** Whether a reply reached the customer's channel, in a few calm words beside its time. */
export function DeliveryState({ delivery }: { delivery: MessageDelivery | null | undefined }) {
  if (!delivery) return null;
  if (delivery.state === 'failed') {
    return (
      <Text size="xs" c="var(--mantine-color-red-light-color)" role="status" data-delivery="failed">
        Not delivered{delivery.reason ? `: ${delivery.reason}` : ''}
      </Text>
    );
  }
  return (
    <Text size="xs" c="dimmed" data-delivery={delivery.state}>
      {delivery.state === 'sent' ? 'Sent' : delivery.attempts > 1 ? `Sending… (try ${delivery.attempts})` : 'Sending…'}
    </Text>
  );
}
