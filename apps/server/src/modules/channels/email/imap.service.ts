import type { EmailChannelSettings } from '@rapport/contracts';
import { ImapFlow } from 'imapflow';
import { z } from 'zod';
import { defineJob, type JobQueue } from '../../../jobs/queue.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type LoadedChannel, listImapChannels } from '../channels.repository.ts';
import { type EmailIngestDeps, ingestEmail } from './email.service.ts';

/** At most this many messages per mailbox per poll, so one huge mailbox cannot starve the rest. */
const BATCH = 200;

export interface ImapDeps extends EmailIngestDeps {
  pollSeconds: number;
}

export const pollImapJob = defineJob({
  name: 'channels.poll_imap',
  payload: z.object({ slot: z.number().int() }),
  retryLimit: 0,
  handler: async () => {
    throw new Error('channels.poll_imap needs imapJobs(deps)');
  },
});

function slotAt(at: Date, pollSeconds: number): number {
  return Math.floor(at.getTime() / (pollSeconds * 1000));
}

/** Queues the poll of the current time slot; the dedupe key keeps one per slot across instances. */
export async function scheduleImapPolling(
  deps: { jobs: JobQueue; clock: Clock; pollSeconds: number },
  input: { after?: number } = {},
) {
  const slot = input.after !== undefined ? input.after + 1 : slotAt(deps.clock.now(), deps.pollSeconds);
  await deps.jobs.enqueue(
    pollImapJob,
    { slot },
    {
      // The sweep serves every account's mailboxes; the job row needs one to belong to.
      accountId: 'system',
      runAt: new Date(slot * deps.pollSeconds * 1000),
      dedupeKey: `imap-poll:${slot}`,
    },
  );
}

export type PollOutcome = { imported: number; duplicates: number; refused: number; lastUid: number };

/**
 * Takes new mail from one mailbox: every UID above the last one taken, in order, each ingested
 * (Message-ID keeps a re-fetch from storing twice), flagged \Seen, and the UID recorded right
 * after, so a restart resumes where it stopped, without re-importing or skipping. A new
 * UIDVALIDITY (the mailbox was rebuilt) starts over from the first message.
 */
export async function pollMailbox(deps: EmailIngestDeps, channel: LoadedChannel<'email'>): Promise<PollOutcome> {
  const settings = (channel.settings as EmailChannelSettings).imap;
  if (!settings) return { imported: 0, duplicates: 0, refused: 0, lastUid: 0 };
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.user, pass: channel.secrets.imapPassword ?? '' },
    logger: false,
    connectionTimeout: 15_000,
  });
  const outcome: PollOutcome = { imported: 0, duplicates: 0, refused: 0, lastUid: 0 };
  await client.connect();
  try {
    const lock = await client.getMailboxLock(settings.mailbox);
    try {
      const mailbox = client.mailbox;
      const uidValidity = mailbox ? String(mailbox.uidValidity) : '0';
      const state = await deps.db
        .selectFrom('imap_mailbox_state')
        .selectAll()
        .where('account_id', '=', channel.accountId)
        .where('channel_id', '=', channel.id)
        .executeTakeFirst();
      let last = state && state.uid_validity === uidValidity ? Number(state.last_uid) : 0;
      outcome.lastUid = last;
      const found = (await client.search({ uid: `${last + 1}:*` }, { uid: true })) || [];
      // "n:*" also matches the highest UID when nothing is newer; keep only what is really new.
      const uids = found
        .filter((uid) => uid > last)
        .sort((a, b) => a - b)
        .slice(0, BATCH);
      for (const uid of uids) {
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        const source = message ? message.source : undefined;
        if (source) {
          const result = await ingestEmail(deps, { raw: source, recipients: [], route: { channel } });
          if (result.outcome === 'stored' && !result.duplicate) outcome.imported += 1;
          else if (result.outcome === 'stored') outcome.duplicates += 1;
          else if (result.outcome === 'refused') {
            outcome.refused += 1;
            deps.logger.info({ channelId: channel.id, uid, code: result.code, reason: result.reason }, 'imap: refused');
          }
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        }
        last = uid;
        outcome.lastUid = uid;
        await saveState(deps, channel, uidValidity, uid);
      }
      if (!state || state.uid_validity !== uidValidity) await saveState(deps, channel, uidValidity, last);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return outcome;
}

async function saveState(deps: EmailIngestDeps, channel: LoadedChannel, uidValidity: string, lastUid: number) {
  const at = deps.clock.now().toISOString();
  await deps.db
    .insertInto('imap_mailbox_state')
    .values({
      channel_id: channel.id,
      account_id: channel.accountId,
      uid_validity: uidValidity,
      last_uid: lastUid,
      updated_at: at,
    })
    .onConflict((c) =>
      c.column('channel_id').doUpdateSet({ uid_validity: uidValidity, last_uid: lastUid, updated_at: at }),
    )
    .execute();
}

/** The recurring IMAP sweep: polls every mailbox (one failing does not stop the others), then queues the next. */
export function imapJobs(deps: ImapDeps) {
  return [
    {
      ...pollImapJob,
      async handler(payload: z.infer<typeof pollImapJob.payload>) {
        try {
          for (const channel of await listImapChannels(deps.db)) {
            try {
              const outcome = await pollMailbox(deps, channel);
              if (outcome.imported || outcome.refused)
                deps.logger.info({ channelId: channel.id, ...outcome }, 'imap: mailbox polled');
            } catch (error) {
              deps.logger.warn({ channelId: channel.id, err: (error as Error).message }, 'imap: poll failed');
            }
          }
        } finally {
          await scheduleImapPolling(deps, { after: payload.slot });
        }
      },
    },
  ];
}
