import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultBusinessHours } from '@rapport/contracts';
import { createMemoryQueue } from '../apps/server/src/jobs/memory-queue.ts';
import { insertAccount } from '../apps/server/src/modules/accounts/accounts.repository.ts';
import { attachmentsJobs } from '../apps/server/src/modules/attachments/attachments.service.ts';
import { diskBlobStore } from '../apps/server/src/modules/attachments/blob-store.ts';
import { businessHoursQuotes } from '../apps/server/src/modules/channels/business-hours-quotes.ts';
import { findChannel, type LoadedChannel } from '../apps/server/src/modules/channels/channels.repository.ts';
import { saveInboxChannel } from '../apps/server/src/modules/channels/channels.service.ts';
import { loadMailCorpus } from '../apps/server/src/modules/channels/email/email.corpus.ts';
import { ingestEmail } from '../apps/server/src/modules/channels/email/email.service.ts';
import { insertInbox } from '../apps/server/src/modules/inboxes/inboxes.repository.ts';
import { insertTeam } from '../apps/server/src/modules/teams/teams.repository.ts';
import { insertUser } from '../apps/server/src/modules/users/users.repository.ts';
import { systemClock } from '../apps/server/src/platform/clock.ts';
import { createLocalEventBus } from '../apps/server/src/platform/events/event-bus.ts';
import { newId } from '../apps/server/src/platform/ids.ts';
import { createLogger } from '../apps/server/src/platform/logger.ts';
import { connectStorage } from '../apps/server/src/storage/connect.ts';
import { writeJson } from '../apps/server/src/storage/dialect.ts';
import { migrateToLatest } from '../apps/server/src/storage/migrate.ts';
import type { ResultRow } from './lib/report.ts';

/**
 * Email ingestion over the SpamAssassin corpus and the project's malformed-MIME fixtures, on a
 * fresh SQLite database: how many were stored, refused (with why) or taken as bounces, and how
 * many messages per second the whole pipeline (parse, thread, sanitise, store) takes.
 */
export async function mailRows(options: { quick: boolean; bareCommitsPerSecond: number }): Promise<ResultRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-bench-mail-'));
  const storage = connectStorage({ databaseUrl: undefined, dataDir: dir });
  try {
    await migrateToLatest(storage.db);
    const db = storage.db;
    const at = new Date().toISOString();
    const { account } = await insertAccount(db, {
      accountId: newId(),
      name: 'Bench Mail Co',
      slug: 'bench-mail',
      timeZone: 'UTC',
      at,
    });
    const teamId = newId();
    await insertTeam(db, {
      id: teamId,
      account_id: account.id,
      name: 'Support',
      description: '',
      created_at: at,
      updated_at: at,
    });
    const inboxId = newId();
    await insertInbox(db, {
      id: inboxId,
      account_id: account.id,
      name: 'Mail',
      team_id: teamId,
      time_zone: 'UTC',
      business_hours: writeJson(defaultBusinessHours),
      created_at: at,
      updated_at: at,
    });
    const { user } = await insertUser(db, {
      id: newId(),
      accountId: account.id,
      email: 'bench-admin@example.test',
      name: 'Bench Admin',
      role: 'admin',
      passwordHash: 'x',
      at,
    });
    const caller = { accountId: account.id, userId: user.id, role: 'admin' as const, via: 'api_token' as const };
    const { channel: saved } = await saveInboxChannel({ db, clock: systemClock }, caller, {
      inboxId,
      kind: 'email',
      settings: { addresses: ['desk@bench-mail.example.test'], acknowledgement: false, smtp: null, imap: null },
    });
    const channel = (await findChannel(db, { accountId: account.id, channelId: saved.id })) as LoadedChannel<'email'>;
    const logger = createLogger('silent');
    const jobs = createMemoryQueue({ clock: systemClock, logger });
    const blobs = diskBlobStore(path.join(dir, 'attachments'));
    jobs.register(attachmentsJobs({ db, blobs }));
    const deps = {
      db,
      clock: systemClock,
      logger,
      blobs,
      events: createLocalEventBus(logger),
      jobs,
      maxAttachmentBytes: 25 * 1024 * 1024,
      senderLimitPerHour: 1_000_000,
      quotes: businessHoursQuotes({ db }),
    };
    const corpus = loadMailCorpus({ every: options.quick ? 10 : 1 });
    const counts = { stored: 0, duplicates: 0, bounces: 0, refused: 0 };
    const reasons: Record<string, number> = {};
    let crashed = 0;
    const started = performance.now();
    for (const item of corpus) {
      try {
        const outcome = await ingestEmail(deps, { raw: item.raw, recipients: [], route: { channel } });
        if (outcome.outcome === 'refused') {
          counts.refused += 1;
          reasons[outcome.code] = (reasons[outcome.code] ?? 0) + 1;
        } else if (outcome.outcome === 'bounce') counts.bounces += 1;
        else if (outcome.duplicate) counts.duplicates += 1;
        else counts.stored += 1;
      } catch {
        crashed += 1;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const perSecond = corpus.length / seconds;
    const why =
      Object.entries(reasons)
        .map(([code, n]) => `${code} ${n}`)
        .join(', ') || 'none';
    return [
      {
        section: 'Email',
        scenario: `Ingest ${corpus.length} messages (SpamAssassin corpus + malformed MIME) on SQLite`,
        result:
          `${Math.round(perSecond)} msg/s; stored ${counts.stored}, duplicates ${counts.duplicates}, ` +
          `bounces ${counts.bounces}, refused ${counts.refused} (${why}), crashed ${crashed}`,
        numbers: { perSecond, ...counts, crashed },
        limit: `${Math.round(options.bareCommitsPerSecond)} single-row commits/s`,
        ratio: perSecond / options.bareCommitsPerSecond,
        target: 'no crash; every message stored or refused with a reason',
        met: crashed === 0,
      },
    ];
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
