import type { Executor } from '../../storage/database.ts';
import { readJson, writeJson } from '../../storage/dialect.ts';
import { newId } from '../ids.ts';
import type { EventRow } from './events.tables.ts';

/**
 * A domain event: something that happened, named `<noun>.<past_verb>` (conversation.resolved,
 * handoff.accepted). Services record events in the transaction of the change (the outbox) and
 * publish them after commit; nothing is emitted from storage hooks.
 */
export interface DomainEvent<P = Record<string, unknown>> {
  id: string;
  accountId: string;
  name: string;
  payload: P;
  at: string;
}

function toEvent(row: EventRow): DomainEvent {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    payload: readJson<Record<string, unknown>>(row.payload, {}),
    at: row.created_at,
  };
}

/** Writes the event into the outbox; pass the transaction of the change it describes. */
export async function recordEvent<P extends Record<string, unknown>>(
  db: Executor,
  input: { accountId: string; name: string; payload: P; at: string },
): Promise<DomainEvent<P>> {
  const event = { id: newId(), accountId: input.accountId, name: input.name, payload: input.payload, at: input.at };
  await db
    .insertInto('events')
    .values({
      id: event.id,
      account_id: event.accountId,
      name: event.name,
      payload: writeJson(event.payload),
      created_at: event.at,
      dispatched_at: null,
    })
    .execute();
  return event;
}

/** Events of one account after a given id, oldest first: how a reconnecting client catches up. */
export async function listEventsSince(
  db: Executor,
  input: { accountId: string; afterId: string; limit: number; names?: string[] },
): Promise<DomainEvent[]> {
  let query = db
    .selectFrom('events')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '>', input.afterId)
    .orderBy('id')
    .limit(input.limit);
  if (input.names?.length) query = query.where('name', 'in', input.names);
  return (await query.execute()).map(toEvent);
}

/** The newest event of one account: where a client that has seen nothing yet starts from. */
export async function findLastEventId(db: Executor, input: { accountId: string }): Promise<string | undefined> {
  const row = await db
    .selectFrom('events')
    .select('id')
    .where('account_id', '=', input.accountId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/**
 * Unscoped on purpose: the dispatcher feeds durable listeners for every account. Oldest first;
 * an event is claimed by setting dispatched_at only where it is still null, so with several
 * instances each event is dispatched by exactly one.
 */
export async function claimUndispatchedEvents(
  db: Executor,
  input: { limit: number; at: string },
): Promise<DomainEvent[]> {
  const candidates = await db
    .selectFrom('events')
    .select('id')
    .where('dispatched_at', 'is', null)
    .orderBy('id')
    .limit(input.limit)
    .execute();
  if (candidates.length === 0) return [];
  // One statement claims the batch; rows another instance claimed first are simply not returned.
  const rows = await db
    .updateTable('events')
    .set({ dispatched_at: input.at })
    .where(
      'id',
      'in',
      candidates.map((row) => row.id),
    )
    .where('dispatched_at', 'is', null)
    .returningAll()
    .execute();
  return rows.map(toEvent).sort((a, b) => a.id.localeCompare(b.id));
}
