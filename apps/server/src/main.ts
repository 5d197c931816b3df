import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RapportConfig } from './config.ts';
import { createJobQueue } from './jobs/create-queue.ts';
import type { JobQueue } from './jobs/queue.ts';
import { prepareFirstStart } from './modules/accounts/accounts.service.ts';
import { analyticsListener } from './modules/analytics/analytics.listeners.ts';
import { analyticsJobs } from './modules/analytics/analytics.service.ts';
import { attachmentsJobs } from './modules/attachments/attachments.service.ts';
import { type BlobStore, diskBlobStore } from './modules/attachments/blob-store.ts';
import { deliveriesJobs, deliveriesListener } from './modules/channels/deliveries.service.ts';
import { ingestEmail, routeRecipient } from './modules/channels/email/email.service.ts';
import { emailDriver } from './modules/channels/email/email-sender.service.ts';
import { imapJobs, scheduleImapPolling } from './modules/channels/email/imap.service.ts';
import { messagingDrivers } from './modules/channels/messaging/messaging.service.ts';
import { commitmentsListener } from './modules/commitments/commitments.listeners.ts';
import { commitmentJobs } from './modules/commitments/commitments.service.ts';
import { handoffJobs } from './modules/conversations/handoffs.service.ts';
import { exceptionsListener } from './modules/exceptions/exceptions.listeners.ts';
import { notificationsListener } from './modules/notifications/notifications.listeners.ts';
import { quotesListener } from './modules/quotes/quotes.listeners.ts';
import { historyQuotes, quotesJobs } from './modules/quotes/quotes.service.ts';
import { surveysListener } from './modules/surveys/surveys.listeners.ts';
import { surveyJobs } from './modules/surveys/surveys.service.ts';
import { webhooksJobs } from './modules/webhooks/webhooks.jobs.ts';
import { webhooksListener } from './modules/webhooks/webhooks.listeners.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { ConfigError } from './platform/config.ts';
import { createEventDispatcher, type DurableListener, type EventDispatcher } from './platform/events/dispatcher.ts';
import { createLocalEventBus, createPgEventBus, type EventBus } from './platform/events/event-bus.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { argon2Hasher } from './platform/passwords.ts';
import { connectStorage, type Storage } from './storage/connect.ts';
import { migrateToLatest } from './storage/migrate.ts';
import {
  buildApp,
  defaultFollowThrough,
  type FollowThroughOptions,
  type RapportApp,
} from './transport/http/build-app.ts';
import { createSmtpListener } from './transport/smtp/smtp-listener.ts';
import { createLocalPresenceBus, createPgPresenceBus } from './transport/ws/presence-bus.ts';

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

/** The event machinery of one instance: the realtime bus, the job queue and the outbox dispatcher. */
export interface EventMachinery {
  bus: EventBus;
  jobs: JobQueue;
  dispatcher: EventDispatcher;
  /** What services publish to after commit: the bus, then a nudge to the dispatcher. */
  events: Pick<EventBus, 'publish' | 'subscribe'>;
}

export async function buildEventMachinery(input: {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  listeners?: DurableListener[];
  /** Where survey links point. */
  publicUrl?: string;
  followThrough?: FollowThroughOptions;
}): Promise<EventMachinery> {
  const { storage, clock, logger } = input;
  const followThrough = input.followThrough ?? defaultFollowThrough;
  const bus = storage.pgPool
    ? await createPgEventBus({
        pool: storage.pgPool,
        logger,
        loadEvent: async (id) => {
          const row = await storage.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
          return (
            row && {
              id: row.id,
              accountId: row.account_id,
              name: row.name,
              payload: row.payload as Record<string, unknown>,
              at: row.created_at,
            }
          );
        },
      })
    : createLocalEventBus(logger);
  const jobs = createJobQueue({ storage, clock, logger });
  const webhooks = { db: storage.db, clock, logger, jobs };
  jobs.register(webhooksJobs(webhooks));
  jobs.register(analyticsJobs({ db: storage.db }));
  // Listeners that record changes publish them like any service; the dispatcher is made just below.
  let dispatcher: EventDispatcher | undefined;
  const events: EventMachinery['events'] = {
    async publish(published) {
      await bus.publish(published);
      dispatcher?.nudge();
    },
    subscribe: (listener) => bus.subscribe(listener),
  };
  const listeners: DurableListener[] = [
    notificationsListener({ db: storage.db }),
    webhooksListener(webhooks),
    commitmentsListener({ db: storage.db, jobs, clock, reminderMinutes: followThrough.reminderMinutes }),
    surveysListener({ db: storage.db, jobs }),
    exceptionsListener({ db: storage.db }),
    quotesListener({ db: storage.db, events }),
    analyticsListener({ db: storage.db, clock, jobs }),
    ...(input.listeners ?? []),
  ];
  dispatcher = createEventDispatcher({ db: storage.db, clock, logger, listeners });
  jobs.register(handoffJobs({ db: storage.db, clock, events }));
  jobs.register(quotesJobs({ db: storage.db, clock, events }));
  jobs.register(commitmentJobs({ db: storage.db, clock, events }));
  jobs.register(
    surveyJobs({
      db: storage.db,
      clock,
      events,
      jobs,
      publicUrl: input.publicUrl ?? 'http://localhost:3000',
      surveys: followThrough.surveys,
    }),
  );
  return { bus, jobs, dispatcher, events };
}

/** The channels of one instance: mail in (SMTP, IMAP), the outbox of replies, messaging drivers. */
export function buildChannels(input: {
  config: RapportConfig;
  storage: Storage;
  logger: Logger;
  blobs: BlobStore;
  machinery: Pick<EventMachinery, 'jobs' | 'events' | 'dispatcher'>;
  clock?: Clock;
}) {
  const { config, storage, logger, blobs, machinery } = input;
  const clock = input.clock ?? systemClock;
  const db = storage.db;
  // Acknowledgements carry the honest quote from recent real response times, stored on the conversation.
  const quotes = historyQuotes({ db, clock, events: machinery.events, jobs: machinery.jobs });
  const ingestDeps = {
    db,
    clock,
    logger,
    blobs,
    events: machinery.events,
    jobs: machinery.jobs,
    maxAttachmentBytes: config.attachments.maxMegabytes * 1024 * 1024,
    senderLimitPerHour: config.channels.senderLimitPerHour,
    quotes,
  };
  const drivers = {
    email: emailDriver({ db, clock, blobs, defaultSmtpUrl: config.channels.outboundSmtpUrl }),
    ...messagingDrivers({
      telegramApiUrl: config.channels.telegramApiUrl,
      whatsappApiUrl: config.channels.whatsappApiUrl,
    }),
  };
  machinery.jobs.register(
    deliveriesJobs({ db, clock, logger, jobs: machinery.jobs, events: machinery.events, blobs, drivers }),
  );
  machinery.jobs.register(imapJobs({ ...ingestDeps, pollSeconds: config.channels.imapPollSeconds }));
  machinery.dispatcher.addListener(deliveriesListener({ db, clock, jobs: machinery.jobs }));
  return {
    ingestDeps,
    appDeps: { ingest: ingestDeps },
    smtpDeps: {
      logger,
      maxBytes: config.channels.maxMessageMegabytes * 1024 * 1024,
      route: (address: string) => routeRecipient(db, address),
      ingest: (mail: { raw: Buffer; recipients: string[] }) => ingestEmail(ingestDeps, mail),
    },
  };
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
  const followThrough: FollowThroughOptions = {
    reminderMinutes: config.commitments.reminderMinutes,
    surveys: { secret: config.surveys.secret, validDays: config.surveys.validDays },
  };
  const machinery = await buildEventMachinery({
    storage,
    clock: systemClock,
    logger,
    publicUrl: config.publicUrl,
    followThrough,
  });
  const blobs = diskBlobStore(path.join(config.storage.dataDir, 'attachments'));
  machinery.jobs.register(attachmentsJobs({ db: storage.db, blobs }));
  const channels = buildChannels({ config, storage, logger, blobs, machinery });
  // Who views and who types crosses instances over PostgreSQL; on SQLite there is one instance.
  const presence = storage.pgPool
    ? await createPgPresenceBus({ pool: storage.pgPool, logger })
    : createLocalPresenceBus(logger);
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
    widgetDistDir: path.join(repoRoot, 'apps/widget/dist'),
    events: machinery.events,
    jobs: machinery.jobs,
    attachments: { blobs, maxBytes: config.attachments.maxMegabytes * 1024 * 1024 },
    live: { presence },
    followThrough,
  });
  await app.listen({ port: config.http.port, host: config.http.host });
  const smtp = config.channels.smtpListen ? createSmtpListener(channels.smtpDeps) : undefined;
  if (smtp) {
    try {
      const { port } = await smtp.listen(config.channels.smtpPort, config.channels.smtpHost);
      logger.info({ port }, 'receiving mail over SMTP');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      await app.close();
      throw new ConfigError([
        `RAPPORT_SMTP_PORT: port ${config.channels.smtpPort} for incoming mail is in use; set a free port, or RAPPORT_SMTP_LISTEN=false to receive mail only by IMAP polling`,
      ]);
    }
  }
  await machinery.jobs.start();
  await scheduleImapPolling({ jobs: machinery.jobs, clock: systemClock, pollSeconds: config.channels.imapPollSeconds });
  machinery.dispatcher.start();
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
      await smtp?.close();
      await app.close();
      await presence.close();
      await machinery.dispatcher.stop();
      await machinery.jobs.stop();
      await machinery.bus.close();
      await storage.close();
    },
  };
}
