import {
  type BusinessHours,
  type LiveMetricId,
  liveMetricIds,
  type MetricValue,
  type MetricValues,
  weekdays,
} from '@rapport/contracts';

const DAY_MS = 86_400_000;
/** The same issue when the same customer comes back about the same reason within this long. */
export const REPEAT_CONTACT_WINDOW_MS = 7 * DAY_MS;

// ---------------------------------------------------------------------------------------------
// Time zones

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(ms: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return {
    year: out.year ?? 1970,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(iso: string, timeZone: string): string {
  const p = localParts(Date.parse(iso), timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffset(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (ms - (ms % 1000));
}

/** The instant a wall-clock time happens in a zone (the later reading in a DST overlap is not needed here). */
function zonedInstant(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  const first = zoneOffset(guess, timeZone);
  const instant = guess - first;
  const second = zoneOffset(instant, timeZone);
  return second === first ? instant : guess - second;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * Milliseconds between two instants that fall inside the business hours (opening times in the
 * zone's wall clock, as in inboxes.rules.ts: opens inclusive, closes exclusive).
 */
export function businessMsBetween(hours: BusinessHours, timeZone: string, fromIso: string, toIso: string): number {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (!(to > from)) return 0;
  const start = localParts(from, timeZone);
  // Walk calendar days in the zone, from the day before (a zone behind UTC) to the last one.
  let cursor = Date.UTC(start.year, start.month - 1, start.day) - DAY_MS;
  let total = 0;
  // Bounded: ten years of days at most, whatever the input.
  for (let i = 0; i < 3700; i++) {
    const date = new Date(cursor);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    const dayStart = zonedInstant(year, month, day, 0, timeZone);
    if (dayStart >= to) break;
    const weekday = weekdays[(date.getUTCDay() + 6) % 7] as (typeof weekdays)[number];
    for (const opening of hours[weekday]) {
      const opens = zonedInstant(year, month, day, minutesOf(opening.opens), timeZone);
      const closes = zonedInstant(year, month, day, minutesOf(opening.closes), timeZone);
      const overlap = Math.min(closes, to) - Math.max(opens, from);
      if (overlap > 0) total += overlap;
    }
    cursor += DAY_MS;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Facts: what analytics knows about one conversation

export interface ConversationFacts {
  conversationId: string;
  accountId: string;
  inboxId: string;
  teamId: string;
  channel: string;
  /** '' when nobody owns it. */
  agentId: string;
  customerId: string;
  contactReason: string | null;
  createdDay: string;
  resolvedDay: string | null;
  firstResponseMs: number | null;
  resolutionMs: number | null;
  resolutionBusinessMs: number | null;
  reopened: boolean;
  transfers: number;
  unownedMs: number | null;
  repeatContact: boolean;
  followThrough: FollowThroughFacts;
  /** The wait quote given at first contact; null when the conversation had none. */
  quote: QuoteFacts | null;
}

/** What a conversation's wait quote adds to its facts. */
export interface QuoteFacts {
  /** The wait quoted, in business time. */
  waitMs: number;
  /** Business time from the quote to the first human response; null while nobody has answered. */
  actualMs: number | null;
  /** Whether the first human response came by the quote's due time; null while nobody has answered. */
  kept: boolean | null;
}

/** What follow-through adds to a conversation's facts, recomputed from its tables on each change. */
export interface FollowThroughFacts {
  /** Answered surveys (one per resolution at most): CSAT 1–5 and effort 1–7 when given. */
  surveys: { csat: number; effort: number | null }[];
  /** Promises that ended kept or broken (a renegotiated one lives on in its successor). */
  promisesKept: number;
  promisesBroken: number;
  recoveryTasksClosed: number;
  /** Goodwill exceptions granted, approved or delivered. */
  exceptions: { type: string; policyKey: string; policy: string; currency: string; amountMinor: number }[];
}

export const noFollowThrough = (): FollowThroughFacts => ({
  surveys: [],
  promisesKept: 0,
  promisesBroken: 0,
  recoveryTasksClosed: 0,
  exceptions: [],
});

/** A CSAT answer of 4 or 5 is satisfied. */
export const isSatisfied = (csat: number) => csat >= 4;
/** An effort answer of 1 to 3 (on 1 very easy to 7 very hard) is easy. */
export const isEasy = (effort: number) => effort <= 3;

/** What the facts of one conversation are computed from, read from the base tables. */
export interface FactsSource {
  conversation: {
    id: string;
    accountId: string;
    inboxId: string;
    teamId: string;
    channel: string;
    ownerUserId: string | null;
    customerId: string;
    contactReason: string | null;
    reopenCount: number;
    unownedMs: number;
    firstHumanResponseAt: string | null;
    resolvedAt: string | null;
    createdAt: string;
  };
  inbox: { timeZone: string; businessHours: BusinessHours };
  /** Accepted handoffs and admin reassignments. */
  transfers: number;
  /** When the same customer last started a conversation about the same reason before this one. */
  previousSameReasonAt: string | null;
  followThrough: FollowThroughFacts;
  /** The conversation's quote (quotes table), null without one. */
  quote: {
    quotedAt: string;
    waitMs: number;
    firstResponseAt: string | null;
    /** As the quote recorded it when the first human response came: 1 kept, 0 missed. */
    kept: number | null;
  } | null;
}

const between = (from: string, to: string) => Math.max(0, Date.parse(to) - Date.parse(from));

export function computeFacts(source: FactsSource): ConversationFacts {
  const { conversation: c, inbox } = source;
  const resolved = c.resolvedAt !== null;
  return {
    conversationId: c.id,
    accountId: c.accountId,
    inboxId: c.inboxId,
    teamId: c.teamId,
    channel: c.channel,
    agentId: c.ownerUserId ?? '',
    customerId: c.customerId,
    contactReason: c.contactReason,
    createdDay: localDay(c.createdAt, inbox.timeZone),
    resolvedDay: c.resolvedAt ? localDay(c.resolvedAt, inbox.timeZone) : null,
    firstResponseMs: c.firstHumanResponseAt ? between(c.createdAt, c.firstHumanResponseAt) : null,
    resolutionMs: c.resolvedAt ? between(c.createdAt, c.resolvedAt) : null,
    resolutionBusinessMs: c.resolvedAt
      ? businessMsBetween(inbox.businessHours, inbox.timeZone, c.createdAt, c.resolvedAt)
      : null,
    reopened: c.reopenCount > 0,
    transfers: source.transfers,
    // Unowned time still running is not final; it is counted once the conversation is resolved.
    unownedMs: resolved ? c.unownedMs : null,
    repeatContact:
      c.contactReason !== null &&
      source.previousSameReasonAt !== null &&
      between(source.previousSameReasonAt, c.createdAt) <= REPEAT_CONTACT_WINDOW_MS,
    followThrough: source.followThrough,
    quote: source.quote ? quoteFacts(source.quote, inbox) : null,
  };
}

function quoteFacts(quote: NonNullable<FactsSource['quote']>, inbox: FactsSource['inbox']): QuoteFacts {
  // Settled only when the quote recorded its first response; kept is the quote's own verdict
  // (the response by its due time), so analytics and the widget's kept rate never disagree.
  const settled = quote.firstResponseAt !== null && quote.kept !== null;
  return {
    waitMs: quote.waitMs,
    actualMs:
      settled && quote.firstResponseAt
        ? businessMsBetween(inbox.businessHours, inbox.timeZone, quote.quotedAt, quote.firstResponseAt)
        : null,
    kept: settled ? quote.kept === 1 : null,
  };
}

/** The days whose rollups depend on these facts. */
export function daysOf(facts: ConversationFacts | undefined): string[] {
  if (!facts) return [];
  return facts.resolvedDay && facts.resolvedDay !== facts.createdDay
    ? [facts.createdDay, facts.resolvedDay]
    : [facts.createdDay];
}

// ---------------------------------------------------------------------------------------------
// Rollups

/**
 * Durations are kept in buckets so that a median over many days comes from the daily rollups:
 * to the minute under two hours, to five minutes under a day, to the hour under 30 days, to the
 * day beyond. A bucket is named by its lower bound in ms, so reported percentiles round down.
 */
export function durationBucket(ms: number): number {
  const minute = 60_000;
  const safe = Math.max(0, Math.floor(ms));
  if (safe < 120 * minute) return safe - (safe % minute);
  if (safe < DAY_MS) return safe - (safe % (5 * minute));
  if (safe < 30 * DAY_MS) return safe - (safe % (60 * minute));
  return safe - (safe % DAY_MS);
}

type Aggregation =
  | 'count'
  | 'sum'
  | 'score'
  | 'percentiles'
  | 'rate'
  | 'per_conversation'
  | 'contacts_per_issue'
  | 'mean';

/**
 * How each metric is rolled up from facts. Adding a metric is one more entry here, one in `metricDefinitions` (contracts) and its
 * paragraph in docs/METRICS.md; the facts gain the column it reads.
 */
export interface RollupMetric {
  id: LiveMetricId;
  /** Which of the conversation's days it is counted on. */
  on: 'created' | 'resolved';
  aggregation: Aggregation;
  /**
   * The conversation's value, or null when it does not count for this metric; or a list of
   * values when one conversation gives several (each survey answer, each promise).
   */
  value(facts: ConversationFacts): number | null | number[];
  /** Scores: whether an answer is a good one (satisfied, easy). */
  good?: (value: number) => boolean;
}

export const rollupMetrics: readonly RollupMetric[] = [
  { id: 'conversations_created', on: 'created', aggregation: 'count', value: () => 1 },
  { id: 'first_response_time', on: 'created', aggregation: 'percentiles', value: (f) => f.firstResponseMs },
  { id: 'resolution_time', on: 'resolved', aggregation: 'percentiles', value: (f) => f.resolutionMs },
  {
    id: 'resolution_time_business',
    on: 'resolved',
    aggregation: 'percentiles',
    value: (f) => f.resolutionBusinessMs,
  },
  { id: 'reopen_rate', on: 'resolved', aggregation: 'rate', value: (f) => (f.reopened ? 1 : 0) },
  {
    id: 'contacts_per_issue',
    on: 'created',
    aggregation: 'contacts_per_issue',
    value: (f) => (f.contactReason === null ? null : f.repeatContact ? 1 : 0),
  },
  { id: 'transfers_per_conversation', on: 'resolved', aggregation: 'per_conversation', value: (f) => f.transfers },
  { id: 'unowned_time', on: 'resolved', aggregation: 'mean', value: (f) => f.unownedMs },
  {
    id: 'csat',
    on: 'resolved',
    aggregation: 'score',
    value: (f) => f.followThrough.surveys.map((s) => s.csat),
    good: isSatisfied,
  },
  {
    id: 'effort',
    on: 'resolved',
    aggregation: 'score',
    value: (f) => f.followThrough.surveys.flatMap((s) => (s.effort === null ? [] : [s.effort])),
    good: isEasy,
  },
  {
    id: 'promises_kept',
    on: 'resolved',
    aggregation: 'rate',
    value: (f) => [
      ...Array<number>(f.followThrough.promisesKept).fill(1),
      ...Array<number>(f.followThrough.promisesBroken).fill(0),
    ],
  },
  {
    id: 'recovery_tasks_closed',
    on: 'resolved',
    aggregation: 'sum',
    value: (f) => (f.followThrough.recoveryTasksClosed > 0 ? f.followThrough.recoveryTasksClosed : null),
  },
  {
    id: 'exceptions_granted',
    on: 'created',
    aggregation: 'count',
    value: (f) => f.followThrough.exceptions.map(() => 1),
  },
  {
    id: 'quotes_kept',
    on: 'created',
    aggregation: 'rate',
    value: (f) => (f.quote?.kept == null ? null : f.quote.kept ? 1 : 0),
  },
  // Quote calibration: the quoted and the actual wait over the same conversations (answered quotes).
  {
    id: 'quoted_wait',
    on: 'created',
    aggregation: 'percentiles',
    value: (f) => (f.quote?.kept == null ? null : f.quote.waitMs),
  },
  {
    id: 'quoted_actual_wait',
    on: 'created',
    aggregation: 'percentiles',
    value: (f) => (f.quote?.kept == null ? null : f.quote.actualMs),
  },
];

/** Exceptions are also counted and summed by type, policy and currency (a key joined by U+001F: PostgreSQL's jsonb refuses U+0000). */
export const EXCEPTIONS = 'exceptions';
const exceptionKey = (e: { type: string; policyKey: string; currency: string }) =>
  `${e.type}\u001f${e.policyKey}\u001f${e.currency}`;
export function parseExceptionKey(key: string): { type: string; policyKey: string; currency: string } {
  const [type = '', policyKey = '', currency = ''] = key.split('\u001f');
  return { type, policyKey, currency };
}

/** Contact reasons are counted by key rather than summed; '' is "no reason given". */
export const CONTACT_REASONS = 'contact_reasons';

export interface MetricCell {
  n: number;
  sum: number;
  /** Duration histogram: bucket (ms, lower bound) → conversations. */
  h?: Map<number, number>;
  /** Counts by key (contact reasons, exceptions). */
  k?: Map<string, number>;
  /** Good answers among n (scores). */
  g?: number;
  /** Sums by key (exception values in minor units). */
  v?: Map<string, number>;
  /** Labels by key (a policy as first written). */
  l?: Map<string, string>;
}
export type DayData = Record<string, MetricCell>;

/**
 * A cell as stored in a rollup row: plain JSON, histograms as flat [bucket, count, …] pairs,
 * which parse and merge several times faster than objects keyed by numbers. Rows written before
 * this form hold a histogram as an object (bucket → count) and are read alike.
 */
export interface StoredCell {
  n: number;
  sum: number;
  g?: number;
  h?: number[] | Record<string, number>;
  k?: Record<string, number>;
  v?: Record<string, number>;
  l?: Record<string, string>;
}
export type StoredDayData = Record<string, StoredCell>;

function addTo<K>(map: Map<K, number>, key: K, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

function addHistogram(into: Map<number, number>, from: Map<number, number> | number[] | Record<string, number>): void {
  if (from instanceof Map) for (const [bucket, count] of from) addTo(into, bucket, count);
  else if (Array.isArray(from))
    for (let i = 0; i + 1 < from.length; i += 2) addTo(into, from[i] as number, from[i + 1] as number);
  else for (const bucket in from) addTo(into, Number(bucket), from[bucket] as number);
}

function addCounts(into: Map<string, number>, from: Map<string, number> | Record<string, number>): void {
  if (from instanceof Map) for (const [key, count] of from) addTo(into, key, count);
  else for (const key in from) addTo(into, key, from[key] as number);
}

function addLabels(into: Map<string, string>, from: Map<string, string> | Record<string, string>): void {
  const entries = from instanceof Map ? from.entries() : Object.entries(from);
  for (const [key, label] of entries) if (!into.has(key)) into.set(key, label);
}

const recordOf = <T>(from: Map<string, T> | Record<string, T>): Record<string, T> =>
  from instanceof Map ? Object.fromEntries(from) : from;

/** Cells as a rollup row stores them. */
export function storedDayData(data: DayData | StoredDayData): StoredDayData {
  const stored: StoredDayData = {};
  for (const id in data) {
    const cell = data[id] as MetricCell | StoredCell;
    const out: StoredCell = { n: cell.n, sum: cell.sum };
    if (cell.g !== undefined) out.g = cell.g;
    if (cell.h) {
      const histogram = new Map<number, number>();
      addHistogram(histogram, cell.h);
      out.h = [...histogram].sort((a, b) => a[0] - b[0]).flat();
    }
    if (cell.k) out.k = recordOf(cell.k);
    if (cell.v) out.v = recordOf(cell.v);
    if (cell.l) out.l = recordOf(cell.l);
    stored[id] = out;
  }
  return stored;
}

function cellOf(data: DayData, id: string): MetricCell {
  let cell = data[id];
  if (!cell) {
    cell = { n: 0, sum: 0 };
    data[id] = cell;
  }
  return cell;
}

/** Adds one conversation to a rollup cell for the day `which` of its days. */
export function addFacts(data: DayData, facts: ConversationFacts, day: string): void {
  for (const metric of rollupMetrics) {
    const on = metric.on === 'created' ? facts.createdDay : facts.resolvedDay;
    if (on !== day) continue;
    const given = metric.value(facts);
    const values = given === null ? [] : typeof given === 'number' ? [given] : given;
    if (values.length === 0) continue;
    const cell = cellOf(data, metric.id);
    for (const value of values) {
      cell.n += 1;
      cell.sum += value;
      if (metric.good) cell.g = (cell.g ?? 0) + (metric.good(value) ? 1 : 0);
      if (metric.aggregation === 'percentiles') {
        cell.h ??= new Map();
        addTo(cell.h, durationBucket(value), 1);
      }
    }
  }
  if (facts.createdDay === day && facts.followThrough.exceptions.length > 0) {
    const cell = cellOf(data, EXCEPTIONS);
    cell.k ??= new Map();
    cell.v ??= new Map();
    cell.l ??= new Map();
    for (const exception of facts.followThrough.exceptions) {
      const key = exceptionKey(exception);
      cell.n += 1;
      cell.sum += exception.amountMinor;
      addTo(cell.k, key, 1);
      addTo(cell.v, key, exception.amountMinor);
      if (!cell.l.has(exception.policyKey)) cell.l.set(exception.policyKey, exception.policy);
    }
  }
  if (facts.createdDay === day) {
    const cell = cellOf(data, CONTACT_REASONS);
    const key = facts.contactReason ?? '';
    cell.n += 1;
    cell.k ??= new Map();
    addTo(cell.k, key, 1);
  }
}

/** Adds cells (in memory, or as a rollup row stores them) into `target`. */
export function mergeInto(target: DayData, source: DayData | StoredDayData): void {
  for (const id in source) {
    const cell = source[id] as MetricCell | StoredCell;
    const into = cellOf(target, id);
    into.n += cell.n;
    into.sum += cell.sum;
    if (cell.g !== undefined) into.g = (into.g ?? 0) + cell.g;
    if (cell.h) {
      into.h ??= new Map();
      addHistogram(into.h, cell.h);
    }
    if (cell.k) {
      into.k ??= new Map();
      addCounts(into.k, cell.k);
    }
    if (cell.v) {
      into.v ??= new Map();
      addCounts(into.v, cell.v);
    }
    if (cell.l) {
      into.l ??= new Map();
      addLabels(into.l, cell.l);
    }
  }
}

/** Nearest-rank percentile: the smallest value with at least p of all values at or below it. */
export function percentileOfHistogram(histogram: ReadonlyMap<number, number>, p: number): number | null {
  const entries = [...histogram].sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [bucket, count] of entries) {
    seen += count;
    if (seen >= rank) return bucket;
  }
  return null;
}

const noHistogram: ReadonlyMap<number, number> = new Map();

export function metricValueOf(metric: RollupMetric, cell: MetricCell | undefined): MetricValue {
  const n = cell?.n ?? 0;
  const sum = cell?.sum ?? 0;
  const none = { count: n, value: null, p90: null };
  switch (metric.aggregation) {
    case 'count':
      return { count: n, value: n, p90: null };
    case 'sum':
      return { count: n, value: sum, p90: null };
    case 'score':
      return n === 0 ? { ...none, share: null } : { count: n, value: sum / n, p90: null, share: (cell?.g ?? 0) / n };
    case 'percentiles':
      return n === 0
        ? none
        : {
            count: n,
            value: percentileOfHistogram(cell?.h ?? noHistogram, 0.5),
            p90: percentileOfHistogram(cell?.h ?? noHistogram, 0.9),
          };
    case 'rate':
    case 'per_conversation':
    case 'mean':
      return n === 0 ? none : { count: n, value: sum / n, p90: null };
    case 'contacts_per_issue':
      // n contacts, of which `sum` were the same issue again: n / issues.
      // No issue began in view (only returns about issues begun outside the filter): no ratio.
      return n === 0 || n === sum ? none : { count: n, value: n / (n - sum), p90: null };
  }
}

export function metricValuesOf(data: DayData): MetricValues {
  return Object.fromEntries(
    rollupMetrics.map((metric) => [metric.id, metricValueOf(metric, data[metric.id])]),
  ) as MetricValues;
}

export function assertAllLiveMetricsRolledUp(): void {
  const missing = liveMetricIds.filter((id) => !rollupMetrics.some((metric) => metric.id === id));
  if (missing.length) throw new Error(`metrics without a rollup: ${missing.join(', ')}`);
}

/** Every day from `from` to `to`, inclusive. */
export function daysInRange(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
