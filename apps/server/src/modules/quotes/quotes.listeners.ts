import type { DurableListener } from '../../platform/events/dispatcher.ts';
import type { DomainEvent } from '../../platform/events/events.ts';
import { type QuotesDeps, recordFirstResponse } from './quotes.service.ts';

/** A person's first answer settles the conversation's quote: kept when it came in time. */
export function quotesListener(deps: Pick<QuotesDeps, 'db' | 'events'>): DurableListener {
  return {
    name: 'quotes',
    handles: (name) => name === 'message.created',
    async handle(event: DomainEvent) {
      const { conversationId, direction } = event.payload;
      if (direction !== 'outbound' || typeof conversationId !== 'string') return;
      await recordFirstResponse(deps, { accountId: event.accountId, conversationId });
    },
  };
}
