import { type BusinessHours, defaultBusinessHours } from '@rapport/contracts';
import { sql } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import { engineOf, forUpdate, readJson, writeJson } from '../../storage/dialect.ts';
import {
  type ConversationFacts,
  type DayData,
  type FactsSource,
  type FollowThroughFacts,
  noFollowThrough,
  type StoredDayData,
  storedDayData,
} from './analytics.rules.ts';
import type { ConversationFactRow, ConversationFactTable } from './analytics.tables.ts';

/** Ownership moves that are transfers: a first assignment or a claim is not. */
export const transferKinds = ['handoff_accepted', 'reassigned'] as const;

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export function factsFromRow(row: ConversationFactRow): ConversationFacts {
  return {
    conversationId: row.conversation_id,
    accountId: row.account_id,
    inboxId: row.inbox_id,
    teamId: row.team_id,
    channel: row.channel,
    agentId: row.agent_id,
    customerId: row.customer_id,
    contactReason: row.contact_reason,
    createdDay: row.created_day,
    resolvedDay: row.resolved_day,
    firstResponseMs: num(row.first_response_ms),
    resolutionMs: num(row.resolution_ms),
    resolutionBusinessMs: num(row.resolution_business_ms),
    reopened: Number(row.reopened) === 1,
    transfers: Number(row.transfers),
    unownedMs: num(row.unowned_ms),
    repeatContact: Number(row.repeat_contact) === 1,
    followThrough: { ...noFollowThrough(), ...readJson<Partial<FollowThroughFacts>>(row.follow_through, {}) },
    quote:
      row.quoted_wait_ms === null || row.quoted_wait_ms === undefined
        ? null
        : {
            waitMs: Number(row.quoted_wait_ms),
            actualMs: num(row.quote_actual_ms),
            kept: row.quote_kept === null || row.quote_kept === undefined ? null : Number(row.quote_kept) === 1,
          },
  };
}

export function rowFromFacts(facts: ConversationFacts, at: string): ConversationFactTable {
  return {
    conversation_id: facts.conversationId,
    account_id: facts.accountId,
    inbox_id: facts.inboxId,
    team_id: facts.teamId,
    channel: facts.channel,
    agent_id: facts.agentId,
    customer_id: facts.customerId,
    contact_reason: facts.contactReason,
    created_day: facts.createdDay,
    resolved_day: facts.resolvedDay,
    first_response_ms: facts.firstResponseMs,
    resolution_ms: facts.resolutionMs,
    resolution_business_ms: facts.resolutionBusinessMs,
    reopened: facts.reopened ? 1 : 0,
    transfers: facts.transfers,
    unowned_ms: facts.unownedMs,
    repeat_contact: facts.repeatContact ? 1 : 0,
    follow_through: writeJson(facts.followThrough),
    quoted_wait_ms: facts.quote?.waitMs ?? null,
    quote_actual_ms: facts.quote?.actualMs ?? null,
    quote_kept: facts.quote?.kept == null ? null : facts.quote.kept ? 1 : 0,
    computed_at: at,
  };
}

/**
 * Everything the facts of one conversation are computed from, with the conversation row locked
 * (PostgreSQL) so two instances recomputing it at once write in the order of its changes.
 */
export async function loadFactsSource(
  db: Executor,
  input: { accountId: string; conversationId: string },
): Promise<FactsSource | undefined> {
  const conversation = await forUpdate(
    db
      .selectFrom('conversations')
      .selectAll()
      .where('account_id', '=', input.accountId)
      .where('id', '=', input.conversationId),
    db,
  ).executeTakeFirst();
  if (!conversation) return undefined;
  const inbox = await db
    .selectFrom('inboxes')
    .select(['team_id', 'time_zone', 'business_hours'])
    .where('account_id', '=', input.accountId)
    .where('id', '=', conversation.inbox_id)
    .executeTakeFirstOrThrow();
  const transfers = await db
    .selectFrom('ownership_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', input.accountId)
    .where('conversation_id', '=', conversation.id)
    .where('kind', 'in', transferKinds)
    .executeTakeFirst();
  const previous = conversation.contact_reason
    ? await db
        .selectFrom('conversations')
        .select('created_at')
        .where('account_id', '=', input.accountId)
        .where('customer_id', '=', conversation.customer_id)
        .where('contact_reason', '=', conversation.contact_reason)
        .where((eb) =>
          eb.or([
            eb('created_at', '<', conversation.created_at),
            eb.and([eb('created_at', '=', conversation.created_at), eb('id', '<', conversation.id)]),
          ]),
        )
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
    : undefined;
  return {
    conversation: {
      id: conversation.id,
      accountId: conversation.account_id,
      inboxId: conversation.inbox_id,
      teamId: conversation.owner_team_id ?? inbox.team_id ?? '',
      channel: conversation.channel,
      ownerUserId: conversation.owner_user_id,
      customerId: conversation.customer_id,
      contactReason: conversation.contact_reason,
      reopenCount: Number(conversation.reopen_count),
      unownedMs: Number(conversation.unowned_ms),
      firstHumanResponseAt: conversation.first_human_response_at,
      resolvedAt: conversation.resolved_at,
      createdAt: conversation.created_at,
    },
    inbox: {
      timeZone: inbox.time_zone,
      businessHours: readJson<BusinessHours>(inbox.business_hours, defaultBusinessHours),
    },
    transfers: Number(transfers?.n ?? 0),
    previousSameReasonAt: previous?.created_at ?? null,
    followThrough:
      (await listFollowThrough(db, { accountId: input.accountId, conversationIds: [conversation.id] })).get(
        conversation.id,
      ) ?? noFollowThrough(),
    quote:
      (await listQuoteSources(db, { accountId: input.accountId, conversationIds: [conversation.id] })).get(
        conversation.id,
      ) ?? null,
  };
}

/** The wait quotes of some conversations (one each at most): only conversations that have one are in the map. */
export async function listQuoteSources(
  db: Executor,
  input: { accountId: string; conversationIds: string[] },
): Promise<Map<string, NonNullable<FactsSource['quote']>>> {
  const out = new Map<string, NonNullable<FactsSource['quote']>>();
  if (input.conversationIds.length === 0) return out;
  const rows = await db
    .selectFrom('quotes')
    .select(['conversation_id', 'quoted_at', 'wait_ms', 'first_response_at', 'kept'])
    .where('account_id', '=', input.accountId)
    .where('conversation_id', 'in', input.conversationIds)
    .execute();
  for (const row of rows)
    out.set(row.conversation_id, {
      quotedAt: row.quoted_at,
      waitMs: Number(row.wait_ms),
      firstResponseAt: row.first_response_at,
      kept: row.kept === null ? null : Number(row.kept),
    });
  return out;
}

/** Statuses of a goodwill exception that was granted (at once, or approved, then delivered). */
export const grantedExceptionStatuses = ['granted', 'approved', 'delivered'] as const;

/**
 * Follow-through of some conversations, read from the surveys, commitments, recovery tasks and
 * goodwill exceptions tables: only conversations that have some are in the map.
 */
export async function listFollowThrough(
  db: Executor,
  input: { accountId: string; conversationIds: string[] },
): Promise<Map<string, FollowThroughFacts>> {
  const out = new Map<string, FollowThroughFacts>();
  if (input.conversationIds.length === 0) return out;
  const of = (id: string) => {
    let facts = out.get(id);
    if (!facts) {
      facts = noFollowThrough();
      out.set(id, facts);
    }
    return facts;
  };
  const ids = input.conversationIds;
  const [surveys, promises, tasks, exceptions] = await Promise.all([
    db
      .selectFrom('surveys')
      .select(['conversation_id', 'csat', 'effort', 'resolved_at', 'id'])
      .where('account_id', '=', input.accountId)
      .where('conversation_id', 'in', ids)
      .where('csat', 'is not', null)
      .orderBy('resolved_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('commitments')
      .select(['conversation_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', input.accountId)
      .where('conversation_id', 'in', ids)
      .where('status', 'in', ['kept', 'broken'])
      .groupBy(['conversation_id', 'status'])
      .execute(),
    db
      .selectFrom('recovery_tasks')
      .select(['conversation_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', input.accountId)
      .where('conversation_id', 'in', ids)
      .where('status', '=', 'closed')
      .groupBy('conversation_id')
      .execute(),
    db
      .selectFrom('goodwill_exceptions')
      .select(['conversation_id', 'type', 'policy', 'policy_key', 'currency', 'amount_minor', 'created_at', 'id'])
      .where('account_id', '=', input.accountId)
      .where('conversation_id', 'in', ids)
      .where('status', 'in', grantedExceptionStatuses)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  for (const row of surveys)
    of(row.conversation_id).surveys.push({
      csat: Number(row.csat),
      effort: row.effort === null ? null : Number(row.effort),
    });
  for (const row of promises) {
    const facts = of(row.conversation_id);
    if (row.status === 'kept') facts.promisesKept = Number(row.n);
    else facts.promisesBroken = Number(row.n);
  }
  for (const row of tasks) of(row.conversation_id).recoveryTasksClosed = Number(row.n);
  for (const row of exceptions)
    of(row.conversation_id).exceptions.push({
      type: row.type,
      policyKey: row.policy_key,
      policy: row.policy,
      currency: row.currency,
      amountMinor: Number(row.amount_minor),
    });
  return out;
}

export async function findFacts(
  db: Executor,
  input: { accountId: string; conversationId: string },
): Promise<ConversationFacts | undefined> {
  const row = await db
    .selectFrom('conversation_facts')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('conversation_id', '=', input.conversationId)
    .executeTakeFirst();
  return row ? factsFromRow(row) : undefined;
}

export async function saveFacts(db: Executor, input: { facts: ConversationFacts; at: string }): Promise<void> {
  const row = rowFromFacts(input.facts, input.at);
  const { conversation_id: _key, ...changes } = row;
  await db
    .insertInto('conversation_facts')
    .values(row)
    .onConflict((conflict) => conflict.column('conversation_id').doUpdateSet(changes))
    .execute();
}

/** Conversations of a customer started in a window, oldest first: the ones whose "same issue again" may change. */
export async function listCustomerConversationIds(
  db: Executor,
  input: { accountId: string; customerId: string; after?: string; until?: string },
): Promise<string[]> {
  let query = db
    .selectFrom('conversations')
    .select('id')
    .where('account_id', '=', input.accountId)
    .where('customer_id', '=', input.customerId);
  if (input.after) query = query.where('created_at', '>=', input.after);
  if (input.until) query = query.where('created_at', '<=', input.until);
  const rows = await query.orderBy('created_at').limit(1000).execute();
  return rows.map((row) => row.id);
}

/**
 * Marks days for their rollups to be recomputed; answers the days that were not already marked
 * (those need a job; a marked day has one queued or running, which will see the new stamp).
 */
export async function markDaysDirty(
  db: Executor,
  input: { accountId: string; days: string[]; stamp: string; at: string },
): Promise<string[]> {
  const fresh: string[] = [];
  for (const day of input.days) {
    // Insert, else restamp; if the row vanished in between (its job just finished), insert again.
    for (;;) {
      const inserted = await db
        .insertInto('analytics_dirty_days')
        .values({ account_id: input.accountId, day, stamp: input.stamp, marked_at: input.at })
        .onConflict((conflict) => conflict.columns(['account_id', 'day']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
        fresh.push(day);
        break;
      }
      const updated = await db
        .updateTable('analytics_dirty_days')
        .set({ stamp: input.stamp, marked_at: input.at })
        .where('account_id', '=', input.accountId)
        .where('day', '=', day)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) > 0) break;
    }
  }
  return fresh;
}

export async function findDirtyDay(
  db: Executor,
  input: { accountId: string; day: string },
): Promise<{ stamp: string } | undefined> {
  return db
    .selectFrom('analytics_dirty_days')
    .select('stamp')
    .where('account_id', '=', input.accountId)
    .where('day', '=', input.day)
    .executeTakeFirst();
}

/** Clears the mark if nobody marked the day again since `stamp`; answers whether it did. */
export async function clearDirtyDay(
  db: Executor,
  input: { accountId: string; day: string; stamp: string },
): Promise<boolean> {
  const deleted = await db
    .deleteFrom('analytics_dirty_days')
    .where('account_id', '=', input.accountId)
    .where('day', '=', input.day)
    .where('stamp', '=', input.stamp)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

export async function listDirtyDays(
  db: Executor,
  input: { accountId: string; from: string; to: string },
): Promise<string[]> {
  const rows = await db
    .selectFrom('analytics_dirty_days')
    .select('day')
    .where('account_id', '=', input.accountId)
    .where('day', '>=', input.from)
    .where('day', '<=', input.to)
    .orderBy('day')
    .execute();
  return rows.map((row) => row.day);
}

/** Facts of the conversations started or resolved on a day. */
export async function listFactsOfDay(
  db: Executor,
  input: { accountId: string; day: string },
): Promise<ConversationFacts[]> {
  const created = await db
    .selectFrom('conversation_facts')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('created_day', '=', input.day)
    .execute();
  const resolved = await db
    .selectFrom('conversation_facts')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('resolved_day', '=', input.day)
    .where('created_day', '<>', input.day)
    .execute();
  return [...created, ...resolved].map(factsFromRow);
}

export interface RollupRow<Data extends DayData | StoredDayData = DayData | StoredDayData> {
  day: string;
  inboxId: string;
  teamId: string;
  channel: string;
  agentId: string;
  /** In memory when computed, as stored when read. */
  data: Data;
}

/** The columns a daily and a monthly rollup row share. */
function rollupColumns(accountId: string, row: RollupRow) {
  return {
    account_id: accountId,
    inbox_id: row.inboxId,
    team_id: row.teamId,
    channel: row.channel,
    agent_id: row.agentId,
    data: writeJson(storedDayData(row.data)),
  };
}

/** Inserts go in batches so one statement stays under the engines' parameter limits. */
function batchesOf<T>(rows: T[], size = 500): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < rows.length; i += size) batches.push(rows.slice(i, i + size));
  return batches;
}

/** Replaces the rollup rows of some days with these (run in a transaction). */
export async function replaceRollups(
  db: Executor,
  input: { accountId: string; days: string[]; rows: RollupRow[] },
): Promise<void> {
  if (input.days.length > 0)
    await db
      .deleteFrom('analytics_daily')
      .where('account_id', '=', input.accountId)
      .where('day', 'in', input.days)
      .execute();
  for (const batch of batchesOf(input.rows)) {
    await db
      .insertInto('analytics_daily')
      .values(batch.map((row) => ({ ...rollupColumns(input.accountId, row), day: row.day })))
      .execute();
  }
}

/**
 * Replaces the monthly rows of one month (run in a transaction, after `lockMonth`). An empty
 * `month` with rows replaces nothing first (the rebuild, after deleting the account's analytics).
 */
export async function replaceMonthlyRollups(
  db: Executor,
  input: { accountId: string; month?: string; rows: RollupRow[] },
): Promise<void> {
  if (input.month)
    await db
      .deleteFrom('analytics_monthly')
      .where('account_id', '=', input.accountId)
      .where('month', '=', input.month)
      .execute();
  for (const batch of batchesOf(input.rows)) {
    await db
      .insertInto('analytics_monthly')
      .values(batch.map((row) => ({ ...rollupColumns(input.accountId, row), month: row.day })))
      .execute();
  }
}

/**
 * Serialises the recompute of one account's month (PostgreSQL: a transaction-scoped advisory
 * lock; SQLite writes one transaction at a time already), so two day jobs of the same month
 * cannot each merge a month that misses the other's day.
 */
export async function lockMonth(db: Executor, input: { accountId: string; month: string }): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${`analytics:${input.accountId}:${input.month}`}))`.execute(db);
}

export interface RollupFilter {
  accountId: string;
  from: string;
  to: string;
  inboxId?: string | undefined;
  teamId?: string | undefined;
  channel?: string | undefined;
  agentId?: string | undefined;
}

/**
 * Rows of either rollup level between two labels (days, or months as YYYY-MM), narrowed by the
 * filter's dimensions; `day` holds the row's label either way.
 */
async function selectRollups(
  db: Executor,
  level: { table: 'analytics_daily'; label: 'day' } | { table: 'analytics_monthly'; label: 'month' },
  filter: RollupFilter,
): Promise<RollupRow[]> {
  let query = db
    .selectFrom(level.table)
    .select([sql.ref<string>(level.label).as('label'), 'inbox_id', 'team_id', 'channel', 'agent_id', 'data'])
    .where('account_id', '=', filter.accountId)
    .where(sql.ref(level.label), '>=', filter.from)
    .where(sql.ref(level.label), '<=', filter.to);
  if (filter.inboxId !== undefined) query = query.where('inbox_id', '=', filter.inboxId);
  if (filter.teamId !== undefined) query = query.where('team_id', '=', filter.teamId);
  if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
  if (filter.agentId !== undefined) query = query.where('agent_id', '=', filter.agentId);
  const rows = await query.execute();
  return rows.map((row) => ({
    day: row.label,
    inboxId: row.inbox_id,
    teamId: row.team_id,
    channel: row.channel,
    agentId: row.agent_id,
    data: readJson<StoredDayData>(row.data, {}),
  }));
}

/** Monthly rows from `fromMonth` to `toMonth` (YYYY-MM, inclusive); `day` holds the month. */
export function listMonthlyRollups(
  db: Executor,
  filter: Omit<RollupFilter, 'from' | 'to'> & { fromMonth: string; toMonth: string },
): Promise<RollupRow[]> {
  const { fromMonth, toMonth, ...dimensions } = filter;
  return selectRollups(
    db,
    { table: 'analytics_monthly', label: 'month' },
    { ...dimensions, from: fromMonth, to: toMonth },
  );
}

export function listRollups(db: Executor, filter: RollupFilter): Promise<RollupRow[]> {
  return selectRollups(db, { table: 'analytics_daily', label: 'day' }, filter);
}

/**
 * Active conversations per person, right now. One count per person through (account, owner,
 * status): grouping the account's owned conversations instead walks every one it ever had.
 */
export async function countActiveByOwner(
  db: Executor,
  input: { accountId: string; statuses: readonly string[]; ownerUserId?: string },
): Promise<Map<string, number>> {
  let query = db
    .selectFrom('users as u')
    .select((eb) => [
      'u.id',
      eb
        .selectFrom('conversations as c')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('c.account_id', '=', 'u.account_id')
        .whereRef('c.owner_user_id', '=', 'u.id')
        .where('c.status', 'in', input.statuses as never)
        .as('n'),
    ])
    .where('u.account_id', '=', input.accountId);
  if (input.ownerUserId) query = query.where('u.id', '=', input.ownerUserId);
  const rows = await query.execute();
  return new Map(rows.filter((row) => Number(row.n) > 0).map((row) => [row.id, Number(row.n)]));
}

/**
 * Rebuild input, in id order: conversations with their inbox's time zone and hours, and transfer
 * counts. Keyset-paged so a million conversations stream in batches.
 */
export async function listConversationsForRebuild(
  db: Executor,
  input: { accountId: string; afterId: string | null; limit: number },
) {
  let query = db
    .selectFrom('conversations as c')
    .innerJoin('inboxes as i', 'i.id', 'c.inbox_id')
    .select([
      'c.id',
      'c.account_id',
      'c.inbox_id',
      'c.owner_team_id',
      'i.team_id as inbox_team_id',
      'c.channel',
      'c.owner_user_id',
      'c.customer_id',
      'c.contact_reason',
      'c.reopen_count',
      'c.unowned_ms',
      'c.first_human_response_at',
      'c.resolved_at',
      'c.created_at',
      'i.time_zone',
      'i.business_hours',
    ])
    .where('c.account_id', '=', input.accountId);
  if (input.afterId) query = query.where('c.id', '>', input.afterId);
  const rows = await query.orderBy('c.id').limit(input.limit).execute();
  const ids = rows.map((row) => row.id);
  const transfers = new Map<string, number>();
  if (ids.length > 0) {
    const counted = await db
      .selectFrom('ownership_events')
      .select(['conversation_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', input.accountId)
      .where('conversation_id', 'in', ids)
      .where('kind', 'in', transferKinds)
      .groupBy('conversation_id')
      .execute();
    for (const row of counted) transfers.set(row.conversation_id, Number(row.n));
  }
  const followThrough = await listFollowThrough(db, { accountId: input.accountId, conversationIds: ids });
  const quotes = await listQuoteSources(db, { accountId: input.accountId, conversationIds: ids });
  return { rows, transfers, followThrough, quotes };
}

/**
 * For every conversation with a contact reason, when the same customer last started one about
 * the same reason (a window function, the same on both engines); only those that have one.
 */
export async function listPreviousSameReason(db: Executor, input: { accountId: string }): Promise<Map<string, string>> {
  const { rows } = await sql<{ id: string; previous_at: string | Date; created_at: string | Date }>`
    select id, created_at, previous_at from (
      select id, created_at, lag(created_at) over (
        partition by customer_id, contact_reason order by created_at, id) as previous_at
      from conversations
      where account_id = ${input.accountId} and contact_reason is not null
    ) as ordered
    where previous_at is not null`.execute(db);
  const iso = (value: string | Date) => (value instanceof Date ? value.toISOString() : value);
  return new Map(rows.map((row) => [row.id, iso(row.previous_at)]));
}

export async function deleteAnalyticsOfAccount(db: Executor, input: { accountId: string }): Promise<void> {
  await db.deleteFrom('conversation_facts').where('account_id', '=', input.accountId).execute();
  await db.deleteFrom('analytics_daily').where('account_id', '=', input.accountId).execute();
  await db.deleteFrom('analytics_monthly').where('account_id', '=', input.accountId).execute();
  await db.deleteFrom('analytics_dirty_days').where('account_id', '=', input.accountId).execute();
}

export async function insertFactsBatch(db: Executor, rows: ConversationFactTable[]): Promise<void> {
  // 23 columns a row: 500 rows stay well under either engine's limit on bound parameters.
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('conversation_facts')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}
