import type { DurableListener } from '../../platform/events/dispatcher.ts';
import type { DomainEvent } from '../../platform/events/events.ts';
import { type AnalyticsDeps, refreshConversationFacts, refreshCustomerFacts } from './analytics.service.ts';

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Keeps each conversation's facts in step with its changes. Every conversation event, an accepted
 * handoff and an agent's reply recompute the facts from the base tables (so an event seen twice,
 * or late, changes nothing more); a merge recomputes the surviving customer's conversations.
 * Follow-through events (surveys, promises, recovery tasks, exceptions) carry their
 * conversation and recompute it the same way, as do a wait quote's events.
 */
export function analyticsListener(deps: AnalyticsDeps): DurableListener {
  return {
    name: 'analytics',
    handles: (name) =>
      name.startsWith('conversation.') ||
      name === 'handoff.accepted' ||
      name === 'message.created' ||
      name === 'customer.merged' ||
      // Follow-through: a survey answered a week later, a promise broken days later, an
      // exception approved or a recovery task closed recompute the conversation's facts.
      name === 'survey.answered' ||
      name === 'recovery_task.closed' ||
      name === 'commitment.kept' ||
      name === 'commitment.broken' ||
      name === 'commitment.renegotiated' ||
      name === 'exception.granted' ||
      name === 'exception.approved' ||
      // Quotes: a quote given, and kept or missed at the first human response (which may be
      // recorded after the reply's own event was seen), recompute the conversation's facts.
      name === 'quote.issued' ||
      name === 'quote.settled',
    async handle(event: DomainEvent) {
      const payload = event.payload as Record<string, unknown>;
      if (event.name === 'customer.merged') {
        const customerId = str(payload.customerId);
        if (customerId) await refreshCustomerFacts(deps, { accountId: event.accountId, customerId });
        return;
      }
      // Only an agent's reply changes a conversation's facts (the first response); a customer's
      // message that reopens it comes with its own conversation event.
      if (event.name === 'message.created' && payload.direction !== 'outbound') return;
      const conversationId = str(payload.conversationId);
      if (conversationId) await refreshConversationFacts(deps, { accountId: event.accountId, conversationId });
    },
  };
}
