import { z } from 'zod';
import { channelSchema } from './conversations.ts';

/**
 * Every metric the dashboard shows, defined once: the server computes them from these ids, the
 * web app labels them from this list, and docs/METRICS.md repeats each definition word for word
 * (a test compares them). What we refuse to measure is not here on purpose: handle time,
 * messages sent and conversations closed per person are never shown, ranked or targeted.
 */
export const metricUnits = ['count', 'duration', 'percent', 'ratio', 'score'] as const;
export type MetricUnit = (typeof metricUnits)[number];

export interface MetricDefinition {
  id: string;
  name: string;
  /** Plain words: what is counted, over which conversations, on which day. */
  definition: string;
  unit: MetricUnit;
  /**
   * `live` metrics are computed now; `pending` ones need a capability that is not in use yet and
   * the dashboard says so instead of showing a number.
   */
  status: 'live' | 'pending';
  /** For pending metrics: what makes them appear. */
  appearsWhen?: string;
  /** Shown on a person's own quality page (never a ranking of people): see `qualityMetricIds`. */
  quality: boolean;
}

export const metricDefinitions = [
  {
    id: 'conversations_created',
    name: 'Conversations',
    definition:
      'Conversations started on each day (in the inbox’s time zone): every customer issue counts once, however many messages it took.',
    unit: 'count',
    status: 'live',
    quality: false,
  },
  {
    id: 'first_response_time',
    name: 'First human response time',
    definition:
      'Wall-clock time from the start of a conversation to the first reply a person sent the customer, counted on the day the conversation started; shown as the median and the 90th percentile.',
    unit: 'duration',
    status: 'live',
    quality: false,
  },
  {
    id: 'resolution_time',
    name: 'Time to resolution',
    definition:
      'Wall-clock time from the start of a conversation to its resolution, counted on the day it was resolved; shown as the median and the 90th percentile.',
    unit: 'duration',
    status: 'live',
    quality: false,
  },
  {
    id: 'resolution_time_business',
    name: 'Time to resolution in business hours',
    definition:
      'The same time to resolution, counting only the inbox’s business hours, so a night or a weekend does not count against the team.',
    unit: 'duration',
    status: 'live',
    quality: false,
  },
  {
    id: 'reopen_rate',
    name: 'Reopen rate',
    definition:
      'Share of conversations resolved on each day that had been reopened at least once, by the customer writing again or by a person.',
    unit: 'percent',
    status: 'live',
    quality: false,
  },
  {
    id: 'contacts_per_issue',
    name: 'Contacts per issue',
    definition:
      'Conversations with a contact reason, divided by the issues among them: a conversation is the same issue again when the same customer contacted about the same contact reason within the 7 days before. 1.0 means nobody had to come back.',
    unit: 'ratio',
    status: 'live',
    quality: false,
  },
  {
    id: 'transfers_per_conversation',
    name: 'Transfers per conversation',
    definition:
      'Accepted handoffs and admin reassignments per conversation resolved on each day; first assignment and claims are not transfers.',
    unit: 'ratio',
    status: 'live',
    quality: false,
  },
  {
    id: 'unowned_time',
    name: 'Unowned time',
    definition:
      'Average time a conversation resolved on each day spent active without a person owning it (waiting with its team).',
    unit: 'duration',
    status: 'live',
    quality: false,
  },
  {
    id: 'contact_reasons',
    name: 'Top contact reasons',
    definition:
      'Conversations started on each day, by the contact reason a person gave them; conversations without a reason are counted as “no reason given”.',
    unit: 'count',
    status: 'live',
    quality: false,
  },
  {
    id: 'workload',
    name: 'Workload',
    definition:
      'Right now, each person’s active conversations (open or waiting) against the capacity set for them; it shows who has room, not who did most.',
    unit: 'count',
    status: 'live',
    quality: false,
  },
  {
    id: 'csat',
    name: 'Satisfaction (CSAT)',
    definition:
      'Average answer to “How happy are you with the help you got?” (1 to 5) in surveys answered about conversations resolved on each day, and the share of answers that were 4 or 5 (satisfied). An answer given days later counts on the day the conversation was resolved.',
    unit: 'score',
    status: 'live',
    quality: true,
  },
  {
    id: 'effort',
    name: 'Customer effort',
    definition:
      'Average answer to “How easy was it to get this solved?” (1 very easy to 7 very hard) in surveys answered about conversations resolved on each day, and the share of answers from 1 to 3 (easy). Lower is better.',
    unit: 'score',
    status: 'live',
    quality: true,
  },
  {
    id: 'quotes_kept',
    name: 'Quotes kept',
    definition:
      'Of the conversations started on each day that were quoted a wait and have had a first human response, the share whose first response came by the time quoted to the customer. A quote nobody has answered yet does not count until a person answers.',
    unit: 'percent',
    status: 'live',
    quality: false,
  },
  {
    id: 'quoted_wait',
    name: 'Quoted wait',
    definition:
      'The wait quoted to the customer, in the inbox’s business hours, for conversations started on each day that have had a first human response; shown as the median and the 90th percentile, beside the actual wait.',
    unit: 'duration',
    status: 'live',
    quality: false,
  },
  {
    id: 'quoted_actual_wait',
    name: 'Actual wait against the quote',
    definition:
      'For the same quoted conversations, the business-hours time from the quote to the first reply a person sent; shown as the median and the 90th percentile. Beside the quoted wait it shows how well quotes are calibrated: well above means quotes are too hopeful, well below means they are too cautious.',
    unit: 'duration',
    status: 'live',
    quality: false,
  },
  {
    id: 'promises_kept',
    name: 'Promises kept',
    definition:
      'Of the promises made in conversations resolved on each day that were kept or broken, the share kept by their due time. A renegotiated promise counts once, by the promise that replaced it; one still open does not count yet.',
    unit: 'percent',
    status: 'live',
    quality: true,
  },
  {
    id: 'recovery_tasks_closed',
    name: 'Recovery tasks closed',
    definition:
      'Recovery tasks (opened by a poor survey answer) closed with a note of what was done for the customer, in conversations resolved on each day.',
    unit: 'count',
    status: 'live',
    quality: true,
  },
  {
    id: 'exceptions_granted',
    name: 'Exceptions granted',
    definition:
      'Goodwill exceptions granted (within authority, or approved by an admin) in conversations started on each day, by type and by the policy they made an exception to: how many, and their total value in each currency.',
    unit: 'count',
    status: 'live',
    quality: false,
  },
] as const satisfies readonly MetricDefinition[];

export type MetricId = (typeof metricDefinitions)[number]['id'];

export function metricDefinition(id: MetricId): MetricDefinition {
  return metricDefinitions.find((metric) => metric.id === id) as MetricDefinition;
}

export const analyticsDimensions = ['inbox', 'team', 'channel', 'agent'] as const;
export const analyticsDimensionSchema = z.enum(analyticsDimensions);
export type AnalyticsDimension = z.infer<typeof analyticsDimensionSchema>;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date as YYYY-MM-DD')
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)), 'is not a real date');

/** The longest range one dashboard answer covers. */
export const maxAnalyticsRangeDays = 400;

export const analyticsQuerySchema = z
  .object({
    from: isoDay,
    to: isoDay,
    inboxId: z.string().min(1).max(64).optional(),
    teamId: z.string().min(1).max(64).optional(),
    channel: channelSchema.optional(),
    agentId: z.string().min(1).max(64).optional(),
    /** The dimension the breakdown table is split by. */
    by: analyticsDimensionSchema.default('channel'),
  })
  .refine((q) => q.from <= q.to, { message: 'must not be after "to"', path: ['from'] })
  .refine((q) => daysBetween(q.from, q.to) < maxAnalyticsRangeDays, {
    message: `a range covers at most ${maxAnalyticsRangeDays} days`,
    path: ['to'],
  });
export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;

/** Whole days from one YYYY-MM-DD to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** One metric's value over a set of conversations; fields that do not apply are null. */
export const metricValueSchema = z.object({
  /** How many conversations (or answers) the value is computed over. */
  count: z.number(),
  /** The headline: a count, a rate (0–1), a ratio, or for durations the median in ms. */
  value: z.number().nullable(),
  /** Durations only: 90th percentile in ms. */
  p90: z.number().nullable(),
  /** Scores only (CSAT, effort): the share of answers that were good (0–1), null without answers. */
  share: z.number().nullable().optional(),
});
export type MetricValue = z.infer<typeof metricValueSchema>;

export const liveMetricIds = [
  'conversations_created',
  'first_response_time',
  'resolution_time',
  'resolution_time_business',
  'reopen_rate',
  'contacts_per_issue',
  'transfers_per_conversation',
  'unowned_time',
  'csat',
  'effort',
  'promises_kept',
  'recovery_tasks_closed',
  'exceptions_granted',
  'quotes_kept',
  'quoted_wait',
  'quoted_actual_wait',
] as const satisfies readonly MetricId[];
export type LiveMetricId = (typeof liveMetricIds)[number];

const metricValues = z.object(
  Object.fromEntries(liveMetricIds.map((id) => [id, metricValueSchema])) as Record<
    LiveMetricId,
    typeof metricValueSchema
  >,
);
export type MetricValues = z.infer<typeof metricValues>;

export const analyticsReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Totals over the range and filters. */
  totals: metricValues,
  /**
   * A point a day (`day` is YYYY-MM-DD) up to 62 days; beyond, a point a month (`day` is
   * YYYY-MM, the first and last month holding only the days inside the range). Oldest first.
   */
  interval: z.enum(['day', 'month']),
  series: z.array(z.object({ day: z.string(), values: metricValues })),
  breakdown: z.object({
    by: analyticsDimensionSchema,
    rows: z.array(z.object({ id: z.string(), label: z.string(), values: metricValues })),
  }),
  contactReasons: z.array(z.object({ reason: z.string().nullable(), count: z.number() })),
  /** Goodwill exceptions granted, by type, policy and currency, sorted by type then policy. */
  exceptions: z.array(
    z.object({
      type: z.string(),
      policy: z.string(),
      currency: z.string(),
      count: z.number(),
      /** Total value in minor units (cents) of the currency. */
      amountMinor: z.number(),
    }),
  ),
  /** Metrics that need a capability not in use yet. */
  pending: z.array(z.object({ id: z.string(), appearsWhen: z.string() })),
  /** When the newest change counted here happened; days still being recomputed are listed. */
  staleDays: z.array(z.string()),
});
export type AnalyticsReport = z.infer<typeof analyticsReportSchema>;

export const workloadSchema = z.object({
  agents: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      availability: z.string(),
      active: z.number(),
      capacity: z.number(),
    }),
  ),
});
export type Workload = z.infer<typeof workloadSchema>;

export const analyticsMetaSchema = z.object({
  metrics: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      definition: z.string(),
      unit: z.enum(metricUnits),
      status: z.enum(['live', 'pending']),
      appearsWhen: z.string().nullable(),
    }),
  ),
  inboxes: z.array(z.object({ id: z.string(), name: z.string() })),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  agents: z.array(z.object({ id: z.string(), name: z.string() })),
  timeZone: z.string(),
});
export type AnalyticsMeta = z.infer<typeof analyticsMetaSchema>;

/**
 * What a person's own quality page shows: how their customers felt and whether their promises
 * held. Never handle time, volume or a comparison with colleagues.
 */
export const qualityMetricIds = [
  'csat',
  'effort',
  'promises_kept',
  'recovery_tasks_closed',
] as const satisfies readonly LiveMetricId[];
export type QualityMetricId = (typeof qualityMetricIds)[number];

export const qualityQuerySchema = z
  .object({
    from: isoDay,
    to: isoDay,
    /** Admins and analysts may look at one person; everyone else sees only their own numbers. */
    agentId: z.string().min(1).max(64).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'must not be after "to"', path: ['from'] })
  .refine((q) => daysBetween(q.from, q.to) < maxAnalyticsRangeDays, {
    message: `a range covers at most ${maxAnalyticsRangeDays} days`,
    path: ['to'],
  });
export type QualityQuery = z.infer<typeof qualityQuerySchema>;

const qualityValues = z.object(
  Object.fromEntries(qualityMetricIds.map((id) => [id, metricValueSchema])) as Record<
    QualityMetricId,
    typeof metricValueSchema
  >,
);
export type QualityValues = z.infer<typeof qualityValues>;

export const qualityReportSchema = z.object({
  person: z.object({ id: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  totals: qualityValues,
  /** One point per day of the range, oldest first. */
  series: z.array(z.object({ day: z.string(), values: qualityValues })),
  /** Right now: their active conversations against their capacity. */
  workload: z.object({ active: z.number(), capacity: z.number() }),
});
export type QualityReport = z.infer<typeof qualityReportSchema>;
