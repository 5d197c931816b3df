import type { Customer, CustomerNote, Identity, IdentityKind } from '@rapport/contracts';
import type { Executor } from '../../storage/database.ts';
import { readJson, writeJson } from '../../storage/dialect.ts';
import type { CustomerRow } from './customers.tables.ts';

async function identitiesOf(db: Executor, accountId: string, customerIds: string[]): Promise<Map<string, Identity[]>> {
  const byCustomer = new Map<string, Identity[]>();
  if (customerIds.length === 0) return byCustomer;
  const rows = await db
    .selectFrom('customer_identities')
    .select(['customer_id', 'channel', 'value'])
    .where('account_id', '=', accountId)
    .where('customer_id', 'in', customerIds)
    .orderBy('created_at')
    .execute();
  for (const row of rows) {
    const list = byCustomer.get(row.customer_id) ?? [];
    list.push({ kind: row.channel, value: row.value });
    byCustomer.set(row.customer_id, list);
  }
  return byCustomer;
}

export async function toCustomers(db: Executor, accountId: string, rows: CustomerRow[]): Promise<Customer[]> {
  const identities = await identitiesOf(
    db,
    accountId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    language: row.language,
    timeZone: row.time_zone,
    attributes: readJson<Record<string, unknown>>(row.attributes, {}),
    identities: identities.get(row.id) ?? [],
    createdAt: row.created_at,
  }));
}

export async function insertCustomer(
  db: Executor,
  input: {
    id: string;
    accountId: string;
    name: string | null;
    language: string | null;
    timeZone: string | null;
    attributes: Record<string, unknown>;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('customers')
    .values({
      id: input.id,
      account_id: input.accountId,
      name: input.name,
      language: input.language,
      time_zone: input.timeZone,
      attributes: writeJson(input.attributes),
      merged_into_id: null,
      created_at: input.at,
      updated_at: input.at,
    })
    .execute();
}

export async function insertIdentity(
  db: Executor,
  input: { id: string; accountId: string; customerId: string; kind: IdentityKind; value: string; at: string },
): Promise<void> {
  await db
    .insertInto('customer_identities')
    .values({
      id: input.id,
      account_id: input.accountId,
      customer_id: input.customerId,
      channel: input.kind,
      value: input.value,
      created_at: input.at,
    })
    .execute();
}

export async function findCustomerRow(
  db: Executor,
  input: { accountId: string; customerId: string },
): Promise<CustomerRow | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.customerId)
    .executeTakeFirst();
}

export async function findCustomerIdByIdentity(
  db: Executor,
  input: { accountId: string; kind: IdentityKind; value: string },
): Promise<string | undefined> {
  const row = await db
    .selectFrom('customer_identities')
    .select('customer_id')
    .where('account_id', '=', input.accountId)
    .where('channel', '=', input.kind)
    .where('value', '=', input.value)
    .executeTakeFirst();
  return row?.customer_id;
}

export async function listCustomerRows(
  db: Executor,
  input: { accountId: string; limit: number; before?: string | undefined },
): Promise<CustomerRow[]> {
  let query = db
    .selectFrom('customers')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('merged_into_id', 'is', null)
    .orderBy('id', 'desc')
    .limit(input.limit);
  if (input.before) query = query.where('id', '<', input.before);
  return query.execute();
}

export async function updateCustomerRow(
  db: Executor,
  input: {
    accountId: string;
    customerId: string;
    changes: Partial<Pick<CustomerRow, 'name' | 'language' | 'time_zone' | 'attributes' | 'merged_into_id'>>;
    at: string;
  },
): Promise<void> {
  await db
    .updateTable('customers')
    .set({ ...input.changes, updated_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.customerId)
    .execute();
}

export async function insertCustomerNote(
  db: Executor,
  input: { id: string; accountId: string; customerId: string; authorUserId: string; body: string; at: string },
): Promise<void> {
  await db
    .insertInto('customer_notes')
    .values({
      id: input.id,
      account_id: input.accountId,
      customer_id: input.customerId,
      author_user_id: input.authorUserId,
      body: input.body,
      created_at: input.at,
    })
    .execute();
}

export async function listCustomerNotes(
  db: Executor,
  input: { accountId: string; customerId: string },
): Promise<CustomerNote[]> {
  const rows = await db
    .selectFrom('customer_notes')
    .leftJoin('users', (join) =>
      join
        .onRef('users.id', '=', 'customer_notes.author_user_id')
        .onRef('users.account_id', '=', 'customer_notes.account_id'),
    )
    .select([
      'customer_notes.id',
      'customer_notes.body',
      'customer_notes.created_at',
      'users.id as author_id',
      'users.name as author_name',
    ])
    .where('customer_notes.account_id', '=', input.accountId)
    .where('customer_notes.customer_id', '=', input.customerId)
    .orderBy('customer_notes.id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    body: row.body,
    author: row.author_id ? { id: row.author_id, name: row.author_name ?? '' } : null,
    createdAt: row.created_at,
  }));
}

/** Moves everything that belongs to `sourceId` onto `targetId`; the source row stays, marked merged. */
export async function moveCustomerHistory(
  db: Executor,
  input: { accountId: string; sourceId: string; targetId: string; at: string },
): Promise<{ conversationsMoved: number; identitiesMoved: number }> {
  const scoped = { accountId: input.accountId };
  const identities = await db
    .updateTable('customer_identities')
    .set({ customer_id: input.targetId })
    .where('account_id', '=', scoped.accountId)
    .where('customer_id', '=', input.sourceId)
    .executeTakeFirst();
  const conversations = await db
    .updateTable('conversations')
    .set({ customer_id: input.targetId })
    .where('account_id', '=', scoped.accountId)
    .where('customer_id', '=', input.sourceId)
    .executeTakeFirst();
  await db
    .updateTable('customer_notes')
    .set({ customer_id: input.targetId })
    .where('account_id', '=', scoped.accountId)
    .where('customer_id', '=', input.sourceId)
    .execute();
  await db
    .updateTable('messages')
    .set({ author_customer_id: input.targetId })
    .where('account_id', '=', scoped.accountId)
    .where('author_customer_id', '=', input.sourceId)
    .execute();
  return {
    conversationsMoved: Number(conversations.numUpdatedRows),
    identitiesMoved: Number(identities.numUpdatedRows),
  };
}
