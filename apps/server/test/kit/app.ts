import { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import { createMemoryQueue } from '../../src/jobs/memory-queue.ts';
import { type Clock, systemClock } from '../../src/platform/clock.ts';
import { createLocalEventBus } from '../../src/platform/events/event-bus.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { argon2Hasher } from '../../src/platform/passwords.ts';
import type { Database } from '../../src/storage/database.ts';
import type { Engine } from '../../src/storage/dialect.ts';
import { type AppDeps, buildApp } from '../../src/transport/http/build-app.ts';

/** Log lines written by the app under test, so tests can check what reaches the log. */
export function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

export async function buildTestApp(
  context: { db: Kysely<Database>; engine: Engine },
  overrides: Partial<AppDeps> & { clock?: Clock } = {},
) {
  const logger = overrides.logger ?? createLogger('silent');
  const clock = overrides.clock ?? systemClock;
  return buildApp({
    events: createLocalEventBus(logger),
    jobs: createMemoryQueue({ clock, logger }),
    db: context.db,
    engine: context.engine,
    clock: systemClock,
    passwords: argon2Hasher,
    logger: createLogger('silent'),
    version: '0.0.0-test',
    publicUrl: 'http://rapport.example.test',
    sessionIdleDays: 14,
    loginAttemptsPerMinute: 10,
    trustProxy: false,
    webDistDir: undefined,
    ...overrides,
  });
}
