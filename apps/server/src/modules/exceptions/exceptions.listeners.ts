import { formatMoney } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import type { DurableListener } from '../../platform/events/dispatcher.ts';
import type { DomainEvent } from '../../platform/events/events.ts';
import type { Database } from '../../storage/database.ts';
import { insertNotifications } from '../notifications/notifications.repository.ts';

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Approval requests reach the admins; their answer reaches the agent who delivers it. */
export function exceptionsListener(deps: { db: Kysely<Database> }): DurableListener {
  const handled = new Set(['exception.approval_requested', 'exception.approved', 'exception.rejected']);
  return {
    name: 'exceptions',
    handles: (name) => handled.has(name),
    async handle(event: DomainEvent) {
      const p = event.payload as Record<string, unknown>;
      const row = await deps.db
        .selectFrom('goodwill_exceptions as e')
        .innerJoin('conversations as v', 'v.id', 'e.conversation_id')
        .leftJoin('users as u', 'u.id', 'e.requested_by_user_id')
        .select(['e.type', 'e.amount_minor', 'e.currency', 'e.policy', 'v.number', 'u.name as requester'])
        .where('e.account_id', '=', event.accountId)
        .where('e.id', '=', str(p.exceptionId) ?? '')
        .executeTakeFirst();
      if (!row) return;
      const what = `${row.type.replaceAll('_', ' ')} of ${formatMoney({ amountMinor: Number(row.amount_minor), currency: row.currency }, 'en')} on conversation ${row.number}`;
      const notify = (userIds: string[], body: string) =>
        insertNotifications(deps.db, {
          accountId: event.accountId,
          userIds,
          kind: event.name,
          conversationId: str(p.conversationId),
          body,
          sourceEventId: event.id,
          at: event.at,
        });
      if (event.name === 'exception.approval_requested') {
        const admins = await deps.db
          .selectFrom('users')
          .select('id')
          .where('account_id', '=', event.accountId)
          .where('role', '=', 'admin')
          .where('deactivated_at', 'is', null)
          .execute();
        await notify(
          admins.map((admin) => admin.id).filter((id) => id !== str(p.requestedBy)),
          `${row.requester ?? 'An agent'} asks to approve a ${what} (policy: ${row.policy}).`,
        );
        return;
      }
      const requester = str(p.requestedBy);
      if (!requester) return;
      await notify(
        [requester],
        event.name === 'exception.approved'
          ? `Your ${what} was approved. Tell the customer and mark it delivered.`
          : `Your ${what} was not approved: ${str(p.note) ?? ''}`,
      );
    },
  };
}
