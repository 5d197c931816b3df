import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RapportConfig } from './config.ts';
import { prepareFirstStart } from './modules/accounts/accounts.service.ts';
import { systemClock } from './platform/clock.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { argon2Hasher } from './platform/passwords.ts';
import { connectStorage, type Storage } from './storage/connect.ts';
import { migrateToLatest } from './storage/migrate.ts';
import { buildApp, type RapportApp } from './transport/http/build-app.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');

export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Opens the database named by the config and brings its schema up to date. */
export async function openStorage(config: RapportConfig): Promise<Storage> {
  const storage = connectStorage({ databaseUrl: config.storage.databaseUrl, dataDir: config.storage.dataDir });
  await migrateToLatest(storage.db);
  return storage;
}

export interface RunningRapport {
  app: RapportApp;
  storage: Storage;
  logger: Logger;
  url: string;
  stop(): Promise<void>;
}

/** The composition root: builds everything once and hands it to the HTTP app. */
export async function startRapport(config: RapportConfig, options: { logger?: Logger } = {}): Promise<RunningRapport> {
  const logger = options.logger ?? createLogger(config.http.logLevel);
  const storage = await openStorage(config);
  logger.info({ database: storage.describe }, 'database ready');
  const version = readVersion();
  const app = await buildApp({
    db: storage.db,
    engine: storage.engine,
    clock: systemClock,
    passwords: argon2Hasher,
    logger,
    version,
    publicUrl: config.publicUrl,
    sessionIdleDays: config.auth.sessionIdleDays,
    loginAttemptsPerMinute: config.auth.loginAttemptsPerMinute,
    trustProxy: config.http.trustProxy,
    webDistDir: path.join(repoRoot, 'apps/web/dist'),
  });
  await app.listen({ port: config.http.port, host: config.http.host });
  const { setupLink } = await prepareFirstStart({ db: storage.db, clock: systemClock, publicUrl: config.publicUrl });
  logger.info({ url: config.publicUrl, version, engine: storage.engine }, 'Rapport is listening');
  if (setupLink) {
    // Printed plainly, not as a log line: this is the one thing a first-time user must see.
    process.stdout.write(
      [
        '',
        '  Welcome to Rapport.',
        '  Open this one-time link to create the first admin (it works once, for 24 hours):',
        '',
        `    ${setupLink.link}`,
        '',
        '  Or, without a browser: npx rapport admin create --email you@example.test --name "Your Name" --password "…"',
        '',
      ].join('\n'),
    );
  }
  return {
    app,
    storage,
    logger,
    url: config.publicUrl,
    async stop() {
      await app.close();
      await storage.close();
    },
  };
}
