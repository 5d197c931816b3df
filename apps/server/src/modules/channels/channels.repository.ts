import {
  type ChannelKind,
  channelSettingsSchemas,
  type EmailChannelSettings,
  type InboxChannel,
} from '@rapport/contracts';
import type { z } from 'zod';
import type { Executor } from '../../storage/database.ts';
import { readJson, writeJson } from '../../storage/dialect.ts';
import type { ChannelThreadRow, InboxChannelRow, MessageDeliveryRow } from './channels.tables.ts';

/** Write-only values, kept apart from the settings that are shown back. */
export interface ChannelSecrets {
  smtpPassword?: string;
  imapPassword?: string;
  secret?: string;
  botToken?: string;
  webhookSecret?: string;
  accessToken?: string;
  appSecret?: string;
  verifyToken?: string;
}

export type SettingsOf<K extends ChannelKind> = z.infer<(typeof channelSettingsSchemas)[K]>;

export interface LoadedChannel<K extends ChannelKind = ChannelKind> {
  id: string;
  accountId: string;
  inboxId: string;
  kind: K;
  settings: SettingsOf<K>;
  secrets: ChannelSecrets;
  updatedAt: string;
}

export function loadChannelRow(row: InboxChannelRow): LoadedChannel {
  const parsed = channelSettingsSchemas[row.kind].safeParse(readJson(row.settings, {}));
  return {
    id: row.id,
    accountId: row.account_id,
    inboxId: row.inbox_id,
    kind: row.kind,
    settings: (parsed.success ? parsed.data : {}) as SettingsOf<ChannelKind>,
    secrets: readJson<ChannelSecrets>(row.secrets, {}),
    updatedAt: row.updated_at,
  };
}

export function toInboxChannel(channel: LoadedChannel): InboxChannel {
  const settings = JSON.parse(JSON.stringify(channel.settings)) as Record<string, unknown>;
  // Write-only fields never leave the server, even if an old row carried one in settings.
  for (const key of ['password', 'secret', 'botToken', 'webhookSecret', 'accessToken', 'appSecret', 'verifyToken'])
    delete settings[key];
  for (const nested of ['smtp', 'imap']) {
    const inner = settings[nested];
    if (inner && typeof inner === 'object') delete (inner as Record<string, unknown>).password;
  }
  const webhookPath =
    channel.kind === 'email' ? null : `/api/v1/channels/${channel.kind === 'api' ? 'api' : channel.kind}/${channel.id}`;
  return {
    id: channel.id,
    inboxId: channel.inboxId,
    kind: channel.kind,
    settings,
    secretsSet: Object.entries(channel.secrets)
      .filter(([, value]) => typeof value === 'string' && value.length > 0)
      .map(([key]) => key)
      .sort(),
    webhookPath: webhookPath ? `${webhookPath}${channel.kind === 'api' ? '/messages' : ''}` : null,
    updatedAt: channel.updatedAt,
  };
}

export async function listChannelRows(db: Executor, input: { accountId: string; inboxId?: string }) {
  let query = db.selectFrom('inbox_channels').selectAll().where('account_id', '=', input.accountId);
  if (input.inboxId) query = query.where('inbox_id', '=', input.inboxId);
  return query.orderBy('kind').execute();
}

export async function findChannel(
  db: Executor,
  input: { accountId: string; channelId: string },
): Promise<LoadedChannel | undefined> {
  const row = await db
    .selectFrom('inbox_channels')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.channelId)
    .executeTakeFirst();
  return row ? loadChannelRow(row) : undefined;
}

export async function findInboxChannel(
  db: Executor,
  input: { accountId: string; inboxId: string; kind: ChannelKind },
): Promise<LoadedChannel | undefined> {
  const row = await db
    .selectFrom('inbox_channels')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('inbox_id', '=', input.inboxId)
    .where('kind', '=', input.kind)
    .executeTakeFirst();
  return row ? loadChannelRow(row) : undefined;
}

/**
 * Unscoped on purpose: a provider's webhook names only the channel id (a UUID in the URL it was
 * given); the account is learnt from the row, and the request must then pass the channel's
 * signature check before anything is stored.
 */
export async function findChannelForWebhook(
  db: Executor,
  input: { channelId: string; kind: ChannelKind },
): Promise<LoadedChannel | undefined> {
  const row = await db
    .selectFrom('inbox_channels')
    .selectAll()
    .where('id', '=', input.channelId)
    .where('kind', '=', input.kind)
    .executeTakeFirst();
  return row ? loadChannelRow(row) : undefined;
}

/** Unscoped on purpose: SMTP's RCPT TO arrives before any account is known. */
export async function findChannelByAddress(
  db: Executor,
  input: { address: string },
): Promise<LoadedChannel<'email'> | undefined> {
  const row = await db
    .selectFrom('inbox_addresses')
    .innerJoin('inbox_channels', 'inbox_channels.id', 'inbox_addresses.channel_id')
    .selectAll('inbox_channels')
    .where('inbox_addresses.address', '=', input.address.toLowerCase())
    .executeTakeFirst();
  return row ? (loadChannelRow(row) as LoadedChannel<'email'>) : undefined;
}

/** Unscoped on purpose: a reply token in `reply+<token>@` is how mail finds its account. */
export async function findThreadByToken(db: Executor, input: { token: string }): Promise<ChannelThreadRow | undefined> {
  return db.selectFrom('channel_threads').selectAll().where('reply_token', '=', input.token).executeTakeFirst();
}

export async function findThread(
  db: Executor,
  input: { accountId: string; conversationId: string },
): Promise<ChannelThreadRow | undefined> {
  return db
    .selectFrom('channel_threads')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('conversation_id', '=', input.conversationId)
    .executeTakeFirst();
}

/** Every email channel that polls a mailbox, across accounts: the IMAP sweep serves them all. */
export async function listImapChannels(db: Executor): Promise<LoadedChannel<'email'>[]> {
  const rows = await db.selectFrom('inbox_channels').selectAll().where('kind', '=', 'email').execute();
  return rows
    .map((row) => loadChannelRow(row) as LoadedChannel<'email'>)
    .filter((channel) => (channel.settings as EmailChannelSettings).imap);
}

export async function saveChannelRow(
  db: Executor,
  row: {
    id: string;
    account_id: string;
    inbox_id: string;
    kind: ChannelKind;
    settings: unknown;
    secrets: unknown;
    at: string;
  },
): Promise<void> {
  const existing = await db
    .selectFrom('inbox_channels')
    .select('id')
    .where('account_id', '=', row.account_id)
    .where('id', '=', row.id)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('inbox_channels')
      .set({ settings: writeJson(row.settings), secrets: writeJson(row.secrets), updated_at: row.at })
      .where('account_id', '=', row.account_id)
      .where('id', '=', row.id)
      .execute();
    return;
  }
  await db
    .insertInto('inbox_channels')
    .values({
      id: row.id,
      account_id: row.account_id,
      inbox_id: row.inbox_id,
      kind: row.kind,
      settings: writeJson(row.settings),
      secrets: writeJson(row.secrets),
      created_at: row.at,
      updated_at: row.at,
    })
    .execute();
}

export async function findDeliveries(
  db: Executor,
  input: { accountId: string; messageIds: string[] },
): Promise<MessageDeliveryRow[]> {
  if (input.messageIds.length === 0) return [];
  return db
    .selectFrom('message_deliveries')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('message_id', 'in', input.messageIds)
    .execute();
}
