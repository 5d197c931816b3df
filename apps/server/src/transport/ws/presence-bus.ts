import type pg from 'pg';
import { z } from 'zod';
import type { Logger } from '../../platform/logger.ts';
import type { PresenceChange } from './presence.ts';

/**
 * Carries presence between instances. Ephemeral: nothing is stored, and an instance that starts
 * asks the others to announce what they hold (`sync`). Like the event bus, every instance, the
 * publisher included, hears what is published, so each applies changes in one place.
 */
export type PresenceSignal = PresenceChange | { kind: 'sync' };

export interface PresenceBus {
  publish(signals: PresenceSignal[]): Promise<void>;
  subscribe(listener: (signals: PresenceSignal[]) => void): () => void;
  close(): Promise<void>;
}

export const PRESENCE_CHANNEL = 'rapport_presence';
// NOTIFY payloads are limited to 8000 bytes; a batch is split into payloads below this.
const NOTIFY_LIMIT = 7500;

const key = { accountId: z.string(), conversationId: z.string(), connectionId: z.string() };
// Other instances are trusted, but during a rolling upgrade they may run another version.
const signalsSchema = z.array(
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('viewing'), ...key, userId: z.string(), name: z.string() }),
    z.object({ kind: z.literal('typing'), ...key, userId: z.string(), name: z.string(), isTyping: z.boolean() }),
    z.object({ kind: z.literal('left'), ...key }),
    z.object({ kind: z.literal('sync') }),
  ]),
);

function parseSignals(text: string): PresenceSignal[] | undefined {
  try {
    const parsed = signalsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function fanOut(listeners: Set<(signals: PresenceSignal[]) => void>, signals: PresenceSignal[], logger: Logger): void {
  for (const listener of listeners) {
    try {
      listener(signals);
    } catch (error) {
      logger.error({ err: error }, 'presence listener failed');
    }
  }
}

export function createLocalPresenceBus(logger: Logger): PresenceBus {
  const listeners = new Set<(signals: PresenceSignal[]) => void>();
  return {
    async publish(signals) {
      // Delivered on a later tick, as over PostgreSQL, so a listener never runs inside its own publish.
      queueMicrotask(() => fanOut(listeners, signals, logger));
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

/** Splits signals into JSON arrays that each fit in one NOTIFY payload. */
export function presencePayloads(signals: PresenceSignal[], limit = NOTIFY_LIMIT): string[] {
  const payloads: string[] = [];
  let batch: string[] = [];
  let size = 2;
  for (const signal of signals) {
    const text = JSON.stringify(signal);
    const bytes = Buffer.byteLength(text) + 1;
    if (batch.length > 0 && size + bytes > limit) {
      payloads.push(`[${batch.join(',')}]`);
      batch = [];
      size = 2;
    }
    batch.push(text);
    size += bytes;
  }
  if (batch.length > 0) payloads.push(`[${batch.join(',')}]`);
  return payloads;
}

/** Presence over PostgreSQL LISTEN/NOTIFY on its own channel, apart from the domain events. */
export async function createPgPresenceBus(input: { pool: pg.Pool; logger: Logger }): Promise<PresenceBus> {
  const listeners = new Set<(signals: PresenceSignal[]) => void>();
  const client = await input.pool.connect();
  // A checked-out client that loses its connection emits 'error'; unheard, that would end the process.
  client.on('error', (error) => input.logger.error({ err: error }, 'presence listener connection failed'));
  await client.query(`listen ${PRESENCE_CHANNEL}`);
  client.on('notification', (message) => {
    if (message.channel !== PRESENCE_CHANNEL || !message.payload) return;
    const signals = parseSignals(message.payload);
    if (!signals) {
      input.logger.warn('ignored a presence notification in an unknown shape');
      return;
    }
    fanOut(listeners, signals, input.logger);
  });
  return {
    async publish(signals) {
      for (const payload of presencePayloads(signals)) {
        await input.pool.query('select pg_notify($1, $2)', [PRESENCE_CHANNEL, payload]);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await client.query(`unlisten ${PRESENCE_CHANNEL}`).catch(() => undefined);
      client.release();
    },
  };
}
