import type { DurableListener } from '../../platform/events/dispatcher.ts';
import { queueEventDeliveries, type WebhooksDeps } from './webhooks.service.ts';

/**
 * Every committed event is a candidate: which ones an account sends out is decided by its
 * endpoints' subscriptions, read when the event is dispatched.
 */
export function webhooksListener(deps: WebhooksDeps): DurableListener {
  return {
    name: 'webhooks',
    handles: () => true,
    async handle(event) {
      await queueEventDeliveries(deps, event);
    },
  };
}
