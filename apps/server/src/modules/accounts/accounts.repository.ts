import type { Account } from '@rapport/contracts';
import type { Executor } from '../../storage/database.ts';
import type { AccountRow } from './accounts.tables.ts';

export function toAccount(row: AccountRow): Account {
  return { id: row.account_id, name: row.name, slug: row.slug, timeZone: row.time_zone };
}

export async function insertAccount(
  db: Executor,
  input: { accountId: string; name: string; slug: string; timeZone: string; at: string },
): Promise<{ account: Account }> {
  const row = {
    account_id: input.accountId,
    name: input.name,
    slug: input.slug,
    time_zone: input.timeZone,
    created_at: input.at,
  };
  await db.insertInto('accounts').values(row).execute();
  return { account: toAccount(row) };
}

export async function findAccount(
  db: Executor,
  input: { accountId: string },
): Promise<{ account: Account } | undefined> {
  const row = await db.selectFrom('accounts').selectAll().where('account_id', '=', input.accountId).executeTakeFirst();
  return row ? { account: toAccount(row) } : undefined;
}

export async function findAccountBySlug(
  db: Executor,
  input: { slug: string },
): Promise<{ account: Account } | undefined> {
  const row = await db.selectFrom('accounts').selectAll().where('slug', '=', input.slug).executeTakeFirst();
  return row ? { account: toAccount(row) } : undefined;
}

/**
 * Unscoped on purpose: start-up and the CLI ask whether any account exists yet, before there is
 * a caller to scope by. The single-account installation uses the oldest one.
 */
export async function findFirstAccount(db: Executor): Promise<{ account: Account } | undefined> {
  const row = await db
    .selectFrom('accounts')
    .selectAll()
    .orderBy('created_at')
    .orderBy('account_id')
    .executeTakeFirst();
  return row ? { account: toAccount(row) } : undefined;
}
