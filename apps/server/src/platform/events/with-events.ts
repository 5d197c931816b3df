import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../storage/database.ts';
import type { EventBus } from './event-bus.ts';
import { type DomainEvent, recordEvent } from './events.ts';

export type RecordEvent = <P extends Record<string, unknown>>(input: {
  accountId: string;
  name: string;
  payload: P;
  at: string;
}) => Promise<DomainEvent<P>>;

/**
 * Runs a change in one transaction, recording its events in the same transaction, and publishes
 * them only after the commit succeeded: nobody hears of a change that was rolled back.
 */
export async function withEvents<T>(
  deps: { db: Kysely<Database>; events: Pick<EventBus, 'publish'> },
  work: (trx: Transaction<Database>, record: RecordEvent) => Promise<T>,
): Promise<T> {
  const recorded: DomainEvent[] = [];
  const result = await deps.db.transaction().execute(async (trx) =>
    work(trx, async (input) => {
      const event = await recordEvent(trx, input);
      recorded.push(event as DomainEvent);
      return event;
    }),
  );
  if (recorded.length > 0) await deps.events.publish(recorded);
  return result;
}
