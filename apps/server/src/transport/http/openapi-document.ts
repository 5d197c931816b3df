import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMemoryQueue } from '../../jobs/memory-queue.ts';
import { diskBlobStore } from '../../modules/attachments/blob-store.ts';
import { systemClock } from '../../platform/clock.ts';
import { createLocalEventBus } from '../../platform/events/event-bus.ts';
import { createLogger } from '../../platform/logger.ts';
import { argon2Hasher } from '../../platform/passwords.ts';
import { connectStorage } from '../../storage/connect.ts';
import { buildApp } from './build-app.ts';

/**
 * The OpenAPI document as the routes declare it. It is committed as docs/openapi.json so
 * integrators can read it without running Rapport; a test fails when the two drift apart.
 */
export async function renderOpenApiDocument(version: string): Promise<string> {
  const storage = connectStorage({ dataDir: '.', sqliteFile: ':memory:' });
  const logger = createLogger('silent');
  const app = await buildApp({
    db: storage.db,
    engine: 'sqlite',
    clock: systemClock,
    passwords: argon2Hasher,
    logger,
    version,
    publicUrl: 'http://localhost:3000',
    sessionIdleDays: 14,
    loginAttemptsPerMinute: 10,
    trustProxy: false,
    events: createLocalEventBus(logger),
    jobs: createMemoryQueue({ clock: systemClock, logger }),
    // Only the routes are read; nothing is ever stored here.
    attachments: { blobs: diskBlobStore(path.join(tmpdir(), 'rapport-openapi')), maxBytes: 1 },
  });
  const document = app.swagger();
  await app.close();
  await storage.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}
