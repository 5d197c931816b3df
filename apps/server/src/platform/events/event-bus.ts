import type pg from 'pg';
import type { Logger } from '../logger.ts';
import type { DomainEvent } from './events.ts';

/**
 * Delivers committed events to in-process subscribers (the WebSocket hub) on every instance.
 * On SQLite there is one instance and delivery is in-process; on PostgreSQL publishing is a
 * NOTIFY and every instance, the publisher included, delivers what it hears on LISTEN.
 */
export interface EventBus {
  publish(events: DomainEvent[]): Promise<void>;
  subscribe(listener: (event: DomainEvent) => void): () => void;
  close(): Promise<void>;
}

export const EVENTS_CHANNEL = 'rapport_events';
// NOTIFY payloads are limited to 8000 bytes; larger events travel as their id only and are read back.
const NOTIFY_LIMIT = 7500;

function fanOut(listeners: Set<(event: DomainEvent) => void>, event: DomainEvent, logger: Logger): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (error) {
      logger.error({ err: error, event: event.name }, 'event listener failed');
    }
  }
}

export function createLocalEventBus(logger: Logger): EventBus {
  const listeners = new Set<(event: DomainEvent) => void>();
  return {
    async publish(events) {
      for (const event of events) fanOut(listeners, event, logger);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}

export async function createPgEventBus(input: {
  pool: pg.Pool;
  logger: Logger;
  /** Reads an event whose payload was too large for NOTIFY. */
  loadEvent(id: string): Promise<DomainEvent | undefined>;
}): Promise<EventBus> {
  const listeners = new Set<(event: DomainEvent) => void>();
  const client = await input.pool.connect();
  // This connection only listens; it is given back to the pool on close.
  await client.query(`listen ${EVENTS_CHANNEL}`);
  client.on('notification', (message) => {
    if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
    const parsed = JSON.parse(message.payload) as DomainEvent | { ref: string };
    if ('ref' in parsed) {
      input.loadEvent(parsed.ref).then(
        (event) => event && fanOut(listeners, event, input.logger),
        (error: unknown) => input.logger.error({ err: error }, 'could not load a notified event'),
      );
    } else {
      fanOut(listeners, parsed, input.logger);
    }
  });
  return {
    async publish(events) {
      for (const event of events) {
        const text = JSON.stringify(event);
        const payload = Buffer.byteLength(text) > NOTIFY_LIMIT ? JSON.stringify({ ref: event.id }) : text;
        await input.pool.query('select pg_notify($1, $2)', [EVENTS_CHANNEL, payload]);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await client.query(`unlisten ${EVENTS_CHANNEL}`).catch(() => undefined);
      client.release();
    },
  };
}
