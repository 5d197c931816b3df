import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { claimUndispatchedEvents, type DomainEvent } from './events.ts';

/**
 * A durable listener reacts to committed events, typically by enqueuing a job. It may see an
 * event twice (after a crash or a failure of another listener), so it must be idempotent, e.g.
 * by enqueuing with a dedupe key made from the event id.
 */
export interface DurableListener {
  name: string;
  handles(eventName: string): boolean;
  handle(event: DomainEvent): Promise<void>;
}

// Long enough to gather a burst of changes, short enough that webhooks and notifications feel immediate.
const NUDGE_DELAY_MS = 50;

export interface EventDispatcher {
  /** Feeds every undispatched event to the durable listeners; returns how many were dispatched. */
  dispatchPending(): Promise<number>;
  /** Schedules a pass shortly, coalescing many nudges into one. */
  nudge(): void;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
  /** Adds a listener built after the dispatcher (one that needs the dispatcher's job queue). */
  addListener(listener: DurableListener): void;
}

export function createEventDispatcher(deps: {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  listeners: DurableListener[];
}): EventDispatcher {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  const listeners = [...deps.listeners];

  async function dispatchOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const events = await claimUndispatchedEvents(deps.db, { limit: 100, at: deps.clock.now().toISOString() });
      if (events.length === 0) return total;
      for (const event of events) {
        for (const listener of listeners) {
          if (!listener.handles(event.name)) continue;
          try {
            await listener.handle(event);
          } catch (error) {
            // Give the event back so the next pass retries it; listeners are idempotent.
            deps.logger.error({ err: error, event: event.name, listener: listener.name }, 'durable listener failed');
            await deps.db.updateTable('events').set({ dispatched_at: null }).where('id', '=', event.id).execute();
            return total;
          }
        }
        total++;
      }
    }
  }

  function dispatchPending(): Promise<number> {
    // One pass at a time per instance; callers arriving meanwhile share the pass under way.
    running ??= dispatchOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  let nudged: NodeJS.Timeout | undefined;
  /**
   * Asks for a pass soon. A burst of changes (each publishing its events) coalesces into one pass
   * instead of one per change, which would compete with the changes for the database.
   */
  function nudge(): void {
    nudged ??= setTimeout(() => {
      nudged = undefined;
      dispatchPending().catch((error: unknown) => deps.logger.error({ err: error }, 'event dispatch failed'));
    }, NUDGE_DELAY_MS);
    nudged.unref();
  }

  return {
    dispatchPending,
    nudge,
    addListener(listener) {
      listeners.push(listener);
    },
    start(intervalMs = 1000) {
      timer ??= setInterval(() => {
        dispatchPending().catch((error: unknown) => deps.logger.error({ err: error }, 'event dispatch failed'));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      if (nudged) clearTimeout(nudged);
      timer = undefined;
      nudged = undefined;
      await running;
    },
  };
}
