import {
  type ChannelKind,
  channelSettingsSchemas,
  type EmailChannelSettings,
  type InboxChannel,
} from '@rapport/contracts';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { Database } from '../../storage/database.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { Caller } from '../auth/auth.service.ts';
import { findInbox } from '../inboxes/inboxes.repository.ts';
import { channelErrors } from './channels.errors.ts';
import {
  type ChannelSecrets,
  findInboxChannel,
  listChannelRows,
  loadChannelRow,
  saveChannelRow,
  toInboxChannel,
} from './channels.repository.ts';

export interface ChannelsDeps {
  db: Kysely<Database>;
  clock: Clock;
}

/** The channels of one inbox, without their secrets. */
export async function listInboxChannels(
  deps: Pick<ChannelsDeps, 'db'>,
  caller: Caller,
  input: { inboxId: string },
): Promise<{ channels: InboxChannel[] }> {
  if (!(await findInbox(deps.db, { accountId: caller.accountId, inboxId: input.inboxId })))
    throw channelErrors.inboxNotFound();
  const rows = await listChannelRows(deps.db, { accountId: caller.accountId, inboxId: input.inboxId });
  return { channels: rows.map((row) => toInboxChannel(loadChannelRow(row))) };
}

/** Splits write-only values out of the settings; an omitted one keeps the value already stored. */
function splitSecrets(
  kind: ChannelKind,
  settings: Record<string, unknown>,
  previous: ChannelSecrets,
): { settings: Record<string, unknown>; secrets: ChannelSecrets } {
  const shown = structuredClone(settings);
  const secrets: ChannelSecrets = { ...previous };
  const take = (holder: Record<string, unknown> | null | undefined, field: string, key: keyof ChannelSecrets) => {
    if (!holder) return;
    const value = holder[field];
    delete holder[field];
    if (typeof value === 'string' && value.length > 0) secrets[key] = value;
  };
  if (kind === 'email') {
    take(shown.smtp as Record<string, unknown> | null, 'password', 'smtpPassword');
    take(shown.imap as Record<string, unknown> | null, 'password', 'imapPassword');
  }
  if (kind === 'api') take(shown, 'secret', 'secret');
  if (kind === 'telegram') {
    take(shown, 'botToken', 'botToken');
    take(shown, 'webhookSecret', 'webhookSecret');
  }
  if (kind === 'whatsapp') {
    take(shown, 'accessToken', 'accessToken');
    take(shown, 'appSecret', 'appSecret');
    take(shown, 'verifyToken', 'verifyToken');
  }
  return { settings: shown, secrets };
}

const requiredSecrets: Record<ChannelKind, (keyof ChannelSecrets)[]> = {
  email: [],
  api: ['secret'],
  telegram: ['botToken', 'webhookSecret'],
  whatsapp: ['accessToken', 'appSecret', 'verifyToken'],
};

/**
 * Sets up or changes one channel of an inbox (admins). Email addresses are claimed for this inbox
 * across every account, since mail arrives before an account is known.
 */
export async function saveInboxChannel(
  deps: ChannelsDeps,
  caller: Caller,
  input: { inboxId: string; kind: ChannelKind; settings: unknown },
): Promise<{ channel: InboxChannel }> {
  const at = deps.clock.now().toISOString();
  // Already validated at the edge; parsing again applies the defaults.
  const parsed = channelSettingsSchemas[input.kind].parse(input.settings) as Record<string, unknown>;
  return deps.db.transaction().execute(async (trx) => {
    if (!(await findInbox(trx, { accountId: caller.accountId, inboxId: input.inboxId })))
      throw channelErrors.inboxNotFound();
    const previous = await findInboxChannel(trx, {
      accountId: caller.accountId,
      inboxId: input.inboxId,
      kind: input.kind,
    });
    const { settings, secrets } = splitSecrets(input.kind, parsed, previous?.secrets ?? {});
    for (const key of requiredSecrets[input.kind]) if (!secrets[key]) throw channelErrors.secretRequired(key);
    if (input.kind === 'email' && (parsed as EmailChannelSettings).imap && !secrets.imapPassword)
      throw channelErrors.secretRequired('imap.password');
    const id = previous?.id ?? newId();
    await saveChannelRow(trx, {
      id,
      account_id: caller.accountId,
      inbox_id: input.inboxId,
      kind: input.kind,
      settings,
      secrets,
      at,
    });
    if (input.kind === 'email') {
      const addresses = [...new Set((parsed as EmailChannelSettings).addresses)];
      const taken = await trx
        .selectFrom('inbox_addresses')
        .select(['address', 'channel_id'])
        .where('address', 'in', addresses)
        .execute();
      const clash = taken.find((row) => row.channel_id !== id);
      if (clash) throw channelErrors.addressTaken(clash.address);
      await trx
        .deleteFrom('inbox_addresses')
        .where('account_id', '=', caller.accountId)
        .where('channel_id', '=', id)
        .execute();
      await trx
        .insertInto('inbox_addresses')
        .values(
          addresses.map((address) => ({
            address,
            account_id: caller.accountId,
            inbox_id: input.inboxId,
            channel_id: id,
          })),
        )
        .execute();
    }
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'inbox.channel_saved',
      subjectType: 'inbox',
      subjectId: input.inboxId,
      // Settings only: secrets never reach the audit log.
      data: { kind: input.kind, settings },
      at,
    });
    const saved = await findInboxChannel(trx, {
      accountId: caller.accountId,
      inboxId: input.inboxId,
      kind: input.kind,
    });
    if (!saved) throw channelErrors.notFound();
    return { channel: toInboxChannel(saved) };
  });
}
