import { type BusinessHours, businessHoursSchema, defaultBusinessHours, type Inbox } from '@rapport/contracts';
import type { Executor } from '../../storage/database.ts';
import { readJson } from '../../storage/dialect.ts';
import type { InboxRow } from './inboxes.tables.ts';

function toInbox(row: InboxRow): Inbox {
  const parsed = businessHoursSchema.safeParse(readJson<BusinessHours>(row.business_hours, defaultBusinessHours));
  return {
    id: row.id,
    name: row.name,
    teamId: row.team_id,
    timeZone: row.time_zone,
    businessHours: parsed.success ? parsed.data : defaultBusinessHours,
    handoffMessageTemplate: row.handoff_message_template,
    createdAt: row.created_at,
  };
}

export async function listInboxes(db: Executor, input: { accountId: string }): Promise<{ inboxes: Inbox[] }> {
  const rows = await db
    .selectFrom('inboxes')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .orderBy('name')
    .execute();
  return { inboxes: rows.map(toInbox) };
}

export async function findInbox(
  db: Executor,
  input: { accountId: string; inboxId: string },
): Promise<{ inbox: Inbox } | undefined> {
  const row = await db
    .selectFrom('inboxes')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.inboxId)
    .executeTakeFirst();
  return row ? { inbox: toInbox(row) } : undefined;
}

export async function findInboxByName(
  db: Executor,
  input: { accountId: string; name: string },
): Promise<InboxRow | undefined> {
  return db
    .selectFrom('inboxes')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', input.name.toLowerCase()))
    .executeTakeFirst();
}

export async function insertInbox(
  db: Executor,
  row: Omit<InboxRow, 'handoff_message_template'> & { handoff_message_template?: string | null },
): Promise<void> {
  await db
    .insertInto('inboxes')
    .values({ handoff_message_template: null, ...row })
    .execute();
}

export async function updateInboxRow(
  db: Executor,
  input: {
    accountId: string;
    inboxId: string;
    changes: Partial<Pick<InboxRow, 'name' | 'team_id' | 'time_zone' | 'business_hours' | 'handoff_message_template'>>;
    at: string;
  },
): Promise<void> {
  await db
    .updateTable('inboxes')
    .set({ ...input.changes, updated_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.inboxId)
    .execute();
}
