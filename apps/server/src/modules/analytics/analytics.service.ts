import {
  type AnalyticsDimension,
  type AnalyticsMeta,
  type AnalyticsQuery,
  type AnalyticsReport,
  activeStatuses,
  type BusinessHours,
  daysBetween,
  defaultBusinessHours,
  type MetricDefinition,
  metricDefinitions,
  type QualityQuery,
  type QualityReport,
  type QualityValues,
  qualityMetricIds,
  type Workload,
} from '@rapport/contracts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { defineJob, type JobQueue } from '../../jobs/queue.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Database } from '../../storage/database.ts';
import { readJson } from '../../storage/dialect.ts';
import type { Caller } from '../auth/auth.service.ts';
import { analyticsErrors } from './analytics.errors.ts';
import {
  clearDirtyDay,
  countActiveByOwner,
  deleteAnalyticsOfAccount,
  findDirtyDay,
  findFacts,
  insertFactsBatch,
  listConversationsForRebuild,
  listCustomerConversationIds,
  listDirtyDays,
  listFactsOfDay,
  listMonthlyRollups,
  listPreviousSameReason,
  listRollups,
  loadFactsSource,
  lockMonth,
  markDaysDirty,
  type RollupRow,
  replaceMonthlyRollups,
  replaceRollups,
  rowFromFacts,
  saveFacts,
} from './analytics.repository.ts';
import {
  addFacts,
  CONTACT_REASONS,
  type ConversationFacts,
  computeFacts,
  type DayData,
  daysInRange,
  daysOf,
  EXCEPTIONS,
  mergeInto,
  metricValuesOf,
  noFollowThrough,
  parseExceptionKey,
  REPEAT_CONTACT_WINDOW_MS,
} from './analytics.rules.ts';

export interface AnalyticsDeps {
  db: Kysely<Database>;
  clock: Clock;
  jobs: Pick<JobQueue, 'enqueue'>;
}

/** Recomputes the rollups of one account's day from its facts. */
export const rollupDayJob = defineJob({
  name: 'analytics.rollup_day',
  payload: z.object({ accountId: z.string(), day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  retryLimit: 8,
  retryDelaySeconds: 5,
  async handler() {
    throw new Error('analytics.rollup_day needs analyticsJobs(deps)');
  },
});

/** Job definitions of analytics, bound to their dependencies. */
export function analyticsJobs(deps: Pick<AnalyticsDeps, 'db'>) {
  return [
    {
      ...rollupDayJob,
      async handler(payload: z.infer<typeof rollupDayJob.payload>) {
        await rollupDirtyDay(deps, payload);
      },
    },
  ];
}

const dimsKey = (f: { inboxId: string; teamId: string; channel: string; agentId: string }) =>
  `${f.inboxId}\u0000${f.teamId}\u0000${f.channel}\u0000${f.agentId}`;

/** Rollup rows of one day from the facts that count on it. */
export function rollupRowsOfDay(day: string, facts: ConversationFacts[]): RollupRow<DayData>[] {
  const cells = new Map<string, RollupRow<DayData>>();
  for (const fact of facts) {
    const key = dimsKey(fact);
    let row = cells.get(key);
    if (!row) {
      row = { day, inboxId: fact.inboxId, teamId: fact.teamId, channel: fact.channel, agentId: fact.agentId, data: {} };
      cells.set(key, row);
    }
    addFacts(row.data, fact, day);
  }
  return [...cells.values()].filter((row) => Object.keys(row.data).length > 0);
}

/** Merges rows per combination of dimensions into rows labelled `label` (a month). */
export function mergeRowsByDims(label: string, rows: Iterable<RollupRow>): RollupRow<DayData>[] {
  const cells = new Map<string, RollupRow<DayData>>();
  for (const row of rows) {
    const key = dimsKey(row);
    let into = cells.get(key);
    if (!into) {
      into = { ...row, day: label, data: {} };
      cells.set(key, into);
    }
    mergeInto(into.data, row.data);
  }
  return [...cells.values()];
}

const monthOf = (day: string) => day.slice(0, 7);
function monthBounds(month: string): { first: string; last: string } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
  return { first: `${month}-01`, last };
}

/**
 * Recomputes a marked day until nobody marked it again while it ran. Idempotent: a second run
 * finds no mark, or recomputes the same rows from the same facts.
 */
export async function rollupDirtyDay(
  deps: Pick<AnalyticsDeps, 'db'>,
  input: { accountId: string; day: string },
): Promise<void> {
  for (let pass = 0; pass < 20; pass++) {
    const dirty = await findDirtyDay(deps.db, input);
    if (!dirty) return;
    await deps.db.transaction().execute(async (trx) => {
      const facts = await listFactsOfDay(trx, input);
      await replaceRollups(trx, {
        accountId: input.accountId,
        days: [input.day],
        rows: rollupRowsOfDay(input.day, facts),
      });
      // Then the day's month, from its daily rows (after the lock, so it sees every other day).
      const month = monthOf(input.day);
      await lockMonth(trx, { accountId: input.accountId, month });
      const { first, last } = monthBounds(month);
      const days = await listRollups(trx, { accountId: input.accountId, from: first, to: last });
      await replaceMonthlyRollups(trx, { accountId: input.accountId, month, rows: mergeRowsByDims(month, days) });
    });
    if (await clearDirtyDay(deps.db, { ...input, stamp: dirty.stamp })) return;
  }
  // Marked again twenty times while recomputing: leave the mark; the job that marked it last runs later.
}

/**
 * Recomputes one conversation's facts from the base tables and marks the days they count on,
 * before and after, for their rollups to be recomputed. With `neighbours`, also the same
 * customer's conversations of the following 7 days, whose "same issue again" may have changed.
 */
export async function refreshConversationFacts(
  deps: AnalyticsDeps,
  input: { accountId: string; conversationId: string; neighbours?: boolean },
): Promise<{ facts: ConversationFacts | undefined }> {
  const at = deps.clock.now().toISOString();
  const { facts, fresh, following } = await deps.db.transaction().execute(async (trx) => {
    const source = await loadFactsSource(trx, input);
    if (!source) return { facts: undefined, fresh: [] as string[], following: undefined };
    const before = await findFacts(trx, input);
    const after = computeFacts(source);
    await saveFacts(trx, { facts: after, at });
    const days = [...new Set([...daysOf(before), ...daysOf(after)])];
    const marked = await markDaysDirty(trx, { accountId: input.accountId, days, stamp: newId(), at });
    return {
      facts: after,
      fresh: marked,
      following: { customerId: source.conversation.customerId, createdAt: source.conversation.createdAt },
    };
  });
  await enqueueRollups(deps, input.accountId, fresh);
  if (input.neighbours !== false && following) {
    const until = new Date(Date.parse(following.createdAt) + REPEAT_CONTACT_WINDOW_MS).toISOString();
    const ids = await listCustomerConversationIds(deps.db, {
      accountId: input.accountId,
      customerId: following.customerId,
      after: following.createdAt,
      until,
    });
    for (const id of ids) {
      if (id !== input.conversationId)
        await refreshConversationFacts(deps, { accountId: input.accountId, conversationId: id, neighbours: false });
    }
  }
  return { facts };
}

/** After a merge every conversation of the customer may be "the same issue again" differently. */
export async function refreshCustomerFacts(
  deps: AnalyticsDeps,
  input: { accountId: string; customerId: string },
): Promise<void> {
  const ids = await listCustomerConversationIds(deps.db, input);
  for (const id of ids)
    await refreshConversationFacts(deps, { accountId: input.accountId, conversationId: id, neighbours: false });
}

async function enqueueRollups(deps: Pick<AnalyticsDeps, 'jobs'>, accountId: string, days: string[]): Promise<void> {
  // No dedupe key: the dirty-day row is the dedupe (a day already marked has its job).
  for (const day of days) await deps.jobs.enqueue(rollupDayJob, { accountId, day }, { accountId });
}

/**
 * Rebuilds facts and rollups of every account (or one) from the base tables: for existing data,
 * and after a change to how a metric is computed. Streams conversations in id order, a batch at a
 * time, and writes each day's rollups once at the end. Run it when the desk is quiet: a change
 * during the rebuild is recomputed by the listener, but may be overwritten by the final rollups.
 */
export async function rebuildAnalytics(
  deps: { db: Kysely<Database>; clock: Clock; logger?: Logger },
  input: { accountId?: string; batchSize?: number } = {},
): Promise<{ accounts: number; conversations: number; rollupRows: number }> {
  const at = deps.clock.now().toISOString();
  // Maintenance across accounts on purpose: the rebuild walks every account unless given one.
  const accounts = input.accountId
    ? [{ account_id: input.accountId }]
    : await deps.db.selectFrom('accounts').select('account_id').execute();
  let conversations = 0;
  let rollupRows = 0;
  for (const { account_id: accountId } of accounts) {
    await deleteAnalyticsOfAccount(deps.db, { accountId });
    const previous = await listPreviousSameReason(deps.db, { accountId });
    const byDay = new Map<string, Map<string, RollupRow<DayData>>>();
    const hoursByInbox = new Map<string, BusinessHours>();
    let afterId: string | null = null;
    for (;;) {
      const { rows, transfers, followThrough, quotes } = await listConversationsForRebuild(deps.db, {
        accountId,
        afterId,
        limit: input.batchSize ?? 5000,
      });
      if (rows.length === 0) break;
      const facts = rows.map((row) => {
        let hours = hoursByInbox.get(row.inbox_id);
        if (!hours) {
          hours = readJson<BusinessHours>(row.business_hours, defaultBusinessHours);
          hoursByInbox.set(row.inbox_id, hours);
        }
        return computeFacts({
          conversation: {
            id: row.id,
            accountId: row.account_id,
            inboxId: row.inbox_id,
            teamId: row.owner_team_id ?? row.inbox_team_id ?? '',
            channel: row.channel,
            ownerUserId: row.owner_user_id,
            customerId: row.customer_id,
            contactReason: row.contact_reason,
            reopenCount: Number(row.reopen_count),
            unownedMs: Number(row.unowned_ms),
            firstHumanResponseAt: row.first_human_response_at,
            resolvedAt: row.resolved_at,
            createdAt: row.created_at,
          },
          inbox: { timeZone: row.time_zone, businessHours: hours },
          transfers: transfers.get(row.id) ?? 0,
          previousSameReasonAt: previous.get(row.id) ?? null,
          followThrough: followThrough.get(row.id) ?? noFollowThrough(),
          quote: quotes.get(row.id) ?? null,
        });
      });
      await deps.db.transaction().execute((trx) =>
        insertFactsBatch(
          trx,
          facts.map((fact) => rowFromFacts(fact, at)),
        ),
      );
      for (const fact of facts) {
        for (const day of daysOf(fact)) {
          let cells = byDay.get(day);
          if (!cells) {
            cells = new Map();
            byDay.set(day, cells);
          }
          const key = dimsKey(fact);
          let row = cells.get(key);
          if (!row) {
            row = {
              day,
              inboxId: fact.inboxId,
              teamId: fact.teamId,
              channel: fact.channel,
              agentId: fact.agentId,
              data: {},
            };
            cells.set(key, row);
          }
          addFacts(row.data, fact, day);
        }
      }
      conversations += rows.length;
      afterId = rows[rows.length - 1]?.id ?? null;
      deps.logger?.info({ accountId, conversations }, 'analytics rebuild progress');
    }
    const rows = [...byDay.values()].flatMap((cells) => [...cells.values()]);
    const byMonth = new Map<string, RollupRow[]>();
    for (const row of rows) {
      const month = monthOf(row.day);
      const list = byMonth.get(month);
      if (list) list.push(row);
      else byMonth.set(month, [row]);
    }
    const monthly = [...byMonth.entries()].flatMap(([month, days]) => mergeRowsByDims(month, days));
    await deps.db.transaction().execute(async (trx) => {
      await replaceRollups(trx, { accountId, days: [], rows });
      await replaceMonthlyRollups(trx, { accountId, rows: monthly });
    });
    rollupRows += rows.length;
  }
  return { accounts: accounts.length, conversations, rollupRows };
}

// ---------------------------------------------------------------------------------------------
// Reading

const noOne = 'Nobody yet (waiting with the team)';

/** Up to this many days the trend has a point a day; a longer range has a point a month. */
export const maxDailyPoints = 62;

/** Every month (YYYY-MM) that a range of days touches. */
export function monthsInRange(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const label = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    months.push(label);
    if (label >= last) return months;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

async function labelsFor(
  db: Kysely<Database>,
  accountId: string,
  by: AnalyticsDimension,
  ids: string[],
): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (ids.length === 0) return labels;
  if (by === 'channel') {
    for (const id of ids) labels.set(id, id.charAt(0).toUpperCase() + id.slice(1));
    return labels;
  }
  const table = by === 'inbox' ? 'inboxes' : by === 'team' ? 'teams' : 'users';
  const rows = await db
    .selectFrom(table)
    .select(['id', 'name'])
    .where('account_id', '=', accountId)
    .where(
      'id',
      'in',
      ids.filter((id) => id !== ''),
    )
    .execute()
    .catch(() => []);
  for (const row of rows) labels.set(row.id, row.name);
  if (ids.includes('')) labels.set('', by === 'agent' ? noOne : '—');
  return labels;
}

const dimensionOf: Record<AnalyticsDimension, (row: RollupRow) => string> = {
  inbox: (row) => row.inboxId,
  team: (row) => row.teamId,
  channel: (row) => row.channel,
  agent: (row) => row.agentId,
};

function entryOf(map: Map<string, DayData>, key: string): DayData {
  let data = map.get(key);
  if (!data) {
    data = {};
    map.set(key, data);
  }
  return data;
}

/** The dashboard's answer for a range and filters, from the daily rollups only. */
export async function getAnalyticsReport(
  deps: Pick<AnalyticsDeps, 'db'>,
  caller: Caller,
  query: AnalyticsQuery,
): Promise<AnalyticsReport> {
  const filter = {
    accountId: caller.accountId,
    inboxId: query.inboxId,
    teamId: query.teamId,
    channel: query.channel,
    agentId: query.agentId,
  };
  const interval = daysBetween(query.from, query.to) + 1 > maxDailyPoints ? 'month' : 'day';
  const rows = interval === 'day' ? await listRollups(deps.db, { ...filter, from: query.from, to: query.to }) : [];
  if (interval === 'month') {
    // Whole months from the monthly rows; the partial months at either end from their days.
    const months = monthsInRange(query.from, query.to);
    const whole = months.filter((month) => {
      const { first, last } = monthBounds(month);
      return first >= query.from && last <= query.to;
    });
    if (whole.length > 0)
      rows.push(
        ...(await listMonthlyRollups(deps.db, {
          ...filter,
          fromMonth: whole[0] as string,
          toMonth: whole[whole.length - 1] as string,
        })),
      );
    for (const month of months.filter((m) => !whole.includes(m))) {
      const { first, last } = monthBounds(month);
      const from = first < query.from ? query.from : first;
      const to = last > query.to ? query.to : last;
      for (const row of await listRollups(deps.db, { ...filter, from, to })) rows.push({ ...row, day: month });
    }
  }
  const totals: DayData = {};
  const perDay = new Map<string, DayData>();
  const perGroup = new Map<string, DayData>();
  const groupOf = dimensionOf[query.by];
  for (const row of rows) {
    mergeInto(entryOf(perDay, row.day), row.data);
    mergeInto(entryOf(perGroup, groupOf(row)), row.data);
  }
  // Totals from the days, not the rows: one merge per day instead of one per rollup row.
  for (const day of perDay.values()) mergeInto(totals, day);
  const labels = await labelsFor(deps.db, caller.accountId, query.by, [...perGroup.keys()]);
  const reasons = [...(totals[CONTACT_REASONS]?.k ?? [])]
    .map(([reason, count]) => ({ reason: reason === '' ? null : reason, count }))
    .sort((a, b) => b.count - a.count || String(a.reason).localeCompare(String(b.reason)));
  const granted = totals[EXCEPTIONS];
  const exceptions = [...(granted?.k ?? [])]
    .map(([key, count]) => {
      const { type, policyKey, currency } = parseExceptionKey(key);
      return {
        type,
        policy: granted?.l?.get(policyKey) ?? policyKey,
        currency,
        count,
        amountMinor: granted?.v?.get(key) ?? 0,
      };
    })
    .sort(
      (a, b) =>
        a.type.localeCompare(b.type) || a.policy.localeCompare(b.policy) || a.currency.localeCompare(b.currency),
    );
  return {
    from: query.from,
    to: query.to,
    totals: metricValuesOf(totals),
    interval,
    series: (interval === 'day' ? daysInRange(query.from, query.to) : monthsInRange(query.from, query.to)).map(
      (day) => ({ day, values: metricValuesOf(perDay.get(day) ?? {}) }),
    ),
    breakdown: {
      by: query.by,
      rows: [...perGroup.entries()]
        .map(([id, data]) => ({ id, label: labels.get(id) ?? id, values: metricValuesOf(data) }))
        // By name, never by a number: a breakdown is not a ranking.
        .sort((a, b) => a.label.localeCompare(b.label)),
    },
    contactReasons: reasons,
    exceptions,
    pending: definitions
      .filter((metric) => metric.status === 'pending')
      .map((metric) => ({ id: metric.id, appearsWhen: metric.appearsWhen ?? '' })),
    staleDays: await listDirtyDays(deps.db, { accountId: caller.accountId, from: query.from, to: query.to }),
  };
}

/** Every metric as the general shape (none may be pending at a given time, and the list says so). */
const definitions: readonly MetricDefinition[] = metricDefinitions;

const canReadEveryone = (caller: Caller) => caller.role === 'admin' || caller.role === 'analyst';

function qualityOf(data: DayData): QualityValues {
  const values = metricValuesOf(data);
  return Object.fromEntries(qualityMetricIds.map((id) => [id, values[id]])) as QualityValues;
}

/**
 * One person's own quality: their customers' satisfaction and effort, their promises kept and
 * recovery tasks closed, and their workload against capacity. Agents see only their own; admins
 * and analysts may open one person's. Never volume, handle time or a comparison with colleagues.
 */
export async function getQuality(
  deps: Pick<AnalyticsDeps, 'db'>,
  caller: Caller,
  query: QualityQuery,
): Promise<QualityReport> {
  const personId = query.agentId ?? caller.userId;
  if (personId !== caller.userId && !canReadEveryone(caller)) throw analyticsErrors.notYours();
  const person = await deps.db
    .selectFrom('users')
    .select(['id', 'name', 'capacity'])
    .where('account_id', '=', caller.accountId)
    .where('id', '=', personId)
    .where('role', 'in', ['agent', 'admin'])
    .executeTakeFirst();
  if (!person) throw analyticsErrors.personNotFound();
  const rows = await listRollups(deps.db, {
    accountId: caller.accountId,
    from: query.from,
    to: query.to,
    agentId: person.id,
  });
  const perDay = new Map<string, DayData>();
  for (const row of rows) mergeInto(entryOf(perDay, row.day), row.data);
  const totals: DayData = {};
  for (const day of perDay.values()) mergeInto(totals, day);
  const active = await countActiveByOwner(deps.db, {
    accountId: caller.accountId,
    statuses: activeStatuses,
    ownerUserId: person.id,
  });
  return {
    person: { id: person.id, name: person.name },
    from: query.from,
    to: query.to,
    totals: qualityOf(totals),
    series: daysInRange(query.from, query.to).map((day) => ({ day, values: qualityOf(perDay.get(day) ?? {}) })),
    workload: { active: active.get(person.id) ?? 0, capacity: Number(person.capacity) },
  };
}

/** Who has room: each person's active conversations against their capacity, right now. */
export async function getWorkload(
  deps: Pick<AnalyticsDeps, 'db'>,
  caller: Caller,
  input: { teamId?: string | undefined },
): Promise<Workload> {
  let people = deps.db
    .selectFrom('users')
    .select(['users.id', 'users.name', 'users.capacity', 'users.availability'])
    .where('users.account_id', '=', caller.accountId)
    .where('users.deactivated_at', 'is', null)
    .where('users.role', 'in', ['agent', 'admin']);
  if (input.teamId)
    people = people.where('users.id', 'in', (eb) =>
      eb
        .selectFrom('team_members')
        .select('user_id')
        .where('account_id', '=', caller.accountId)
        .where('team_id', '=', input.teamId as string),
    );
  const rows = await people.orderBy('users.name').execute();
  const active = await countActiveByOwner(deps.db, { accountId: caller.accountId, statuses: activeStatuses });
  return {
    agents: rows.map((row) => ({
      id: row.id,
      name: row.name,
      availability: row.availability,
      active: active.get(row.id) ?? 0,
      capacity: Number(row.capacity),
    })),
  };
}

/** What the filters offer, and every metric's definition. */
export async function getAnalyticsMeta(deps: Pick<AnalyticsDeps, 'db'>, caller: Caller): Promise<AnalyticsMeta> {
  const [inboxes, teams, agents, account] = await Promise.all([
    deps.db
      .selectFrom('inboxes')
      .select(['id', 'name'])
      .where('account_id', '=', caller.accountId)
      .orderBy('name')
      .execute(),
    deps.db
      .selectFrom('teams')
      .select(['id', 'name'])
      .where('account_id', '=', caller.accountId)
      .orderBy('name')
      .execute(),
    deps.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('account_id', '=', caller.accountId)
      .where('role', 'in', ['agent', 'admin'])
      .orderBy('name')
      .execute(),
    deps.db.selectFrom('accounts').select('time_zone').where('account_id', '=', caller.accountId).executeTakeFirst(),
  ]);
  return {
    metrics: definitions.map((metric) => ({
      id: metric.id,
      name: metric.name,
      definition: metric.definition,
      unit: metric.unit,
      status: metric.status,
      appearsWhen: metric.appearsWhen ?? null,
    })),
    inboxes,
    teams,
    agents,
    timeZone: account?.time_zone ?? 'UTC',
  };
}
