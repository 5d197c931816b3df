import type { AuthorityLimit, ExceptionReport, ExceptionStatus, GoodwillException } from '@rapport/contracts';
import type { Executor } from '../../storage/database.ts';
import { toCount } from '../../storage/dialect.ts';
import type { GoodwillExceptionTable } from './exceptions.tables.ts';

export async function listAuthorityLimits(db: Executor, input: { accountId: string }): Promise<AuthorityLimit[]> {
  const rows = await db
    .selectFrom('authority_limits')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .orderBy('role')
    .orderBy('type')
    .orderBy('currency')
    .execute();
  return rows.map((row) => ({
    role: row.role,
    type: row.type,
    currency: row.currency,
    maxAmountMinor: Number(row.max_amount_minor),
  }));
}

export async function replaceAuthorityLimits(
  db: Executor,
  input: { accountId: string; limits: AuthorityLimit[]; at: string },
): Promise<void> {
  await db.deleteFrom('authority_limits').where('account_id', '=', input.accountId).execute();
  if (input.limits.length === 0) return;
  await db
    .insertInto('authority_limits')
    .values(
      input.limits.map((limit) => ({
        account_id: input.accountId,
        role: limit.role,
        type: limit.type,
        currency: limit.currency,
        max_amount_minor: limit.maxAmountMinor,
        updated_at: input.at,
      })),
    )
    .execute();
}

export async function insertException(db: Executor, row: GoodwillExceptionTable): Promise<void> {
  await db.insertInto('goodwill_exceptions').values(row).execute();
}

export async function findExceptionRow(db: Executor, input: { accountId: string; exceptionId: string }) {
  return db
    .selectFrom('goodwill_exceptions')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.exceptionId)
    .executeTakeFirst();
}

/** Moves an exception on from the status it was read in; false when someone moved it first. */
export async function moveException(
  db: Executor,
  input: {
    accountId: string;
    exceptionId: string;
    from: ExceptionStatus[];
    changes: Partial<
      Pick<GoodwillExceptionTable, 'status' | 'decided_by_user_id' | 'decision_note' | 'decided_at' | 'delivered_at'>
    >;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('goodwill_exceptions')
    .set(input.changes)
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.exceptionId)
    .where('status', 'in', input.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listExceptions(
  db: Executor,
  input: {
    accountId: string;
    exceptionIds?: string[];
    conversationId?: string;
    customerId?: string;
    status?: ExceptionStatus;
  },
): Promise<GoodwillException[]> {
  let query = db
    .selectFrom('goodwill_exceptions as e')
    .innerJoin('conversations as v', 'v.id', 'e.conversation_id')
    .leftJoin('users as r', 'r.id', 'e.requested_by_user_id')
    .leftJoin('users as d', 'd.id', 'e.decided_by_user_id')
    .selectAll('e')
    .select(['v.number', 'r.name as requested_by_name', 'd.name as decided_by_name'])
    .where('e.account_id', '=', input.accountId);
  if (input.exceptionIds) query = query.where('e.id', 'in', input.exceptionIds);
  if (input.conversationId) query = query.where('e.conversation_id', '=', input.conversationId);
  if (input.customerId) query = query.where('e.customer_id', '=', input.customerId);
  if (input.status) query = query.where('e.status', '=', input.status);
  const rows = await query.orderBy('e.id', 'desc').limit(200).execute();
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    conversationNumber: Number(row.number),
    customerId: row.customer_id,
    type: row.type,
    value: { amountMinor: Number(row.amount_minor), currency: row.currency },
    policy: row.policy,
    reason: row.reason,
    status: row.status,
    requestedBy: row.requested_by_user_id ? { id: row.requested_by_user_id, name: row.requested_by_name ?? '' } : null,
    decidedBy: row.decided_by_user_id ? { id: row.decided_by_user_id, name: row.decided_by_name ?? '' } : null,
    decisionNote: row.decision_note,
    decidedAt: row.decided_at,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  }));
}

/** Exceptions actually given (granted, approved, delivered) per policy, most excepted first. */
export async function reportExceptions(db: Executor, input: { accountId: string }): Promise<ExceptionReport> {
  const rows = await db
    .selectFrom('goodwill_exceptions')
    .select((eb) => [
      'policy_key',
      'currency',
      'type',
      eb.fn.min('policy').as('policy'),
      eb.fn.countAll().as('count'),
      eb.fn.sum('amount_minor').as('total'),
    ])
    .where('account_id', '=', input.accountId)
    .where('status', 'in', ['granted', 'approved', 'delivered'])
    .groupBy(['policy_key', 'currency', 'type'])
    .execute();
  const byPolicy = new Map<string, ExceptionReport['policies'][number]>();
  for (const row of rows) {
    const entry = byPolicy.get(row.policy_key) ?? {
      policy: String(row.policy),
      count: 0,
      totals: [],
      byType: {},
    };
    const count = toCount(row.count);
    entry.count += count;
    entry.byType[row.type] = (entry.byType[row.type] ?? 0) + count;
    const total = entry.totals.find((t) => t.currency === row.currency);
    if (total) total.amountMinor += Number(row.total ?? 0);
    else entry.totals.push({ currency: row.currency, amountMinor: Number(row.total ?? 0) });
    byPolicy.set(row.policy_key, entry);
  }
  const policies = [...byPolicy.values()].sort((a, b) => b.count - a.count || a.policy.localeCompare(b.policy));
  for (const policy of policies) policy.totals.sort((a, b) => a.currency.localeCompare(b.currency));
  return { policies };
}
