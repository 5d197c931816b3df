import type { BusinessHours } from '@rapport/contracts';
import {
  addBusinessMs,
  businessMsBetween,
  hourOfWeek,
  isWithinBusinessHours,
  localWeekTime,
  nextOpening,
} from '../inboxes/inboxes.rules.ts';

/**
 * The honest quote: when a person will answer, from this inbox's recent real history. Pure: history
 * in, quote out, so the chat widget, the email channel and the benchmark's simulation share it.
 */

/** One past conversation: when it arrived, and how much open time passed before a person answered. */
export interface QuoteSample {
  arrivedAt: number;
  /** Business-time wait to the first human response; for one still unanswered, the wait so far. */
  waitMs: number;
  /** Where its wait started, when already known (saves a lookup): see `waitStart`. */
  start?: WaitStart;
}

/**
 * Where a wait started: the hour of the week the clock began to run (the arrival, or the opening
 * after it), and whether the customer arrived while the team was away (and so joined the queue
 * the team finds in the morning, which behaves unlike a message written mid-morning).
 */
export interface WaitStart {
  hour: number;
  queued: boolean;
}

export function waitStart(arrivedAt: number, businessHours: BusinessHours, timeZone: string): WaitStart {
  const open = isWithinBusinessHours(businessHours, timeZone, new Date(arrivedAt));
  const from = open ? arrivedAt : (nextOpening(businessHours, timeZone, arrivedAt) ?? arrivedAt);
  return { hour: hourOfWeek(from, timeZone), queued: !open };
}

export interface QuoteSettings {
  /** The conservative percentile of past waits that is quoted (0.8: four in five answered sooner). */
  percentile: number;
  /** Fewer samples than this say too little; the default is quoted instead. */
  minSamples: number;
  /** Quoted before there is enough history, in business time. */
  defaultWaitMs: number;
  /** Share of the quote after which, with no answer yet, the customer gets an honest update. */
  lapseShare: number;
}

export const defaultQuoteSettings: QuoteSettings = {
  percentile: 0.8,
  minSamples: 20,
  defaultWaitMs: 60 * 60_000,
  lapseShare: 0.8,
};

export interface QuoteInput {
  history: readonly QuoteSample[];
  at: number;
  businessHours: BusinessHours;
  timeZone: string;
  settings?: Partial<QuoteSettings>;
}

export interface Quote {
  /** The wait promised, in business time, rounded up to a figure a person reads at a glance. */
  waitMs: number;
  /** When a person will have answered at the latest, counting only open hours. */
  dueAt: number;
  /** The moment the honest update goes out if nobody has answered (lapseShare of the wait). */
  lapseAt: number;
  /** Outside business hours: when the team is back. Null while open. */
  backAt: number | null;
  basis: 'history' | 'default';
  /** How many past conversations the quote rests on. */
  sampleSize: number;
  /** The median of every observed wait, which no quote goes below. */
  observedMedianMs: number | null;
}

const MINUTE = 60_000;
/**
 * Quotes read as round figures: whole minutes up to 5, then fives up to an hour, quarters up to
 * three hours, then whole hours. Always up, never down; fine enough not to add much slack.
 */
export function roundUpWait(ms: number): number {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE));
  const step = minutes <= 5 ? 1 : minutes <= 60 ? 5 : minutes <= 180 ? 15 : 60;
  return Math.ceil(minutes / step) * step * MINUTE;
}

/** The value below which `share` of the sorted values fall (nearest rank, so always an observed wait). */
export function percentileOf(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(share * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

/**
 * The conservative percentile: an observed wait that is at or above the true `share` percentile
 * nine times in ten (the upper 90% confidence bound of the order statistic, by the normal
 * approximation of the binomial). With few samples it leans high; with many it is the percentile.
 */
export function conservativePercentileOf(sorted: readonly number[], share: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = Math.ceil(n * share + 1.2816 * Math.sqrt(n * share * (1 - share)));
  return sorted[Math.min(n, Math.max(1, rank)) - 1] ?? 0;
}

/** The upper median (the middle value, or the larger of the two middle values). */
export function medianOf(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const hourDistance = (a: number, b: number) => {
  const d = Math.abs(a - b) % 168;
  return Math.min(d, 168 - d);
};

/**
 * The waits that describe a wait starting now: those that started in the same hour of the week
 * the same way (written while open, or queued overnight), widened hour by hour to either side
 * until there are enough of them; the other kind only once the week is exhausted; at worst, all.
 */
function samplesNear(
  history: readonly QuoteSample[],
  now: WaitStart,
  input: { businessHours: BusinessHours; timeZone: string },
  minSamples: number,
): number[] {
  const byDistance = history.map((sample) => {
    const start = sample.start ?? waitStart(sample.arrivedAt, input.businessHours, input.timeZone);
    return {
      distance: hourDistance(start.hour, now.hour) + (start.queued === now.queued ? 0 : 85),
      waitMs: sample.waitMs,
    };
  });
  for (let width = 0; width <= 169; width++) {
    const near = byDistance.filter((sample) => sample.distance <= width);
    if (near.length >= minSamples) return near.map((sample) => sample.waitMs);
  }
  return history.map((sample) => sample.waitMs);
}

function settle(
  input: QuoteInput,
  settings: QuoteSettings,
  quoted: Omit<Quote, 'dueAt' | 'lapseAt' | 'backAt'>,
): Quote {
  const open = isWithinBusinessHours(input.businessHours, input.timeZone, new Date(input.at));
  const start = open ? input.at : (nextOpening(input.businessHours, input.timeZone, input.at) ?? input.at);
  return {
    ...quoted,
    dueAt: addBusinessMs(input.businessHours, input.timeZone, start, quoted.waitMs),
    lapseAt: addBusinessMs(input.businessHours, input.timeZone, start, quoted.waitMs * settings.lapseShare),
    backAt: open ? null : start,
  };
}

/**
 * Quotes a wait at `at`: the conservative percentile of past waits that arrived around this hour
 * of the week (or, when closed, around the hour the team opens), never below the median of all
 * observed waits, rounded up; counted in open time from now, or from the next opening.
 */
export function quoteResponse(input: QuoteInput): Quote {
  const settings = { ...defaultQuoteSettings, ...input.settings };
  const waits = input.history.map((sample) => sample.waitMs).sort((a, b) => a - b);
  if (waits.length < settings.minSamples) {
    const median = waits.length ? medianOf(waits) : 0;
    return settle(input, settings, {
      // Even a few waits say something: never promise less than what they show.
      waitMs: roundUpWait(Math.max(settings.defaultWaitMs, median)),
      basis: 'default',
      sampleSize: waits.length,
      observedMedianMs: waits.length ? median : null,
    });
  }
  const near = samplesNear(
    input.history,
    waitStart(input.at, input.businessHours, input.timeZone),
    input,
    settings.minSamples,
  ).sort((a, b) => a - b);
  const median = medianOf(waits);
  return settle(input, settings, {
    waitMs: roundUpWait(Math.max(conservativePercentileOf(near, settings.percentile), median)),
    basis: 'history',
    sampleSize: near.length,
    observedMedianMs: median,
  });
}

/**
 * A new estimate for a customer who has already waited `waitedMs` of open time: among past waits
 * at least that long, how much longer they took (the same percentile). Without enough such
 * history, another full quote from now: an update that is honest rather than hopeful.
 */
export function reviseQuote(input: QuoteInput & { waitedMs: number }): Quote {
  const settings = { ...defaultQuoteSettings, ...input.settings };
  const longer = input.history
    .filter((sample) => sample.waitMs > input.waitedMs)
    .map((sample) => sample.waitMs - input.waitedMs)
    .sort((a, b) => a - b);
  if (longer.length < settings.minSamples) return quoteResponse({ ...input, history: input.history });
  return settle(input, settings, {
    waitMs: roundUpWait(Math.max(conservativePercentileOf(longer, settings.percentile), medianOf(longer))),
    basis: 'history',
    sampleSize: longer.length,
    observedMedianMs: medianOf(longer),
  });
}

/** A past conversation as stored: when it arrived, when a person first answered, whether it still waits. */
export interface HistoryRow {
  arrivedAt: number;
  answeredAt: number | null;
  /** Unanswered and still open (not resolved or closed without an answer). */
  waiting: boolean;
}

/**
 * The waits of recent conversations, in open time. Conversations still waiting count with their
 * wait so far once it is longer than the percentile of answered ones: leaving them out would quote
 * as if the slowest cases did not exist, while a fresh one says nothing yet.
 */
export function historyFrom(
  rows: readonly HistoryRow[],
  input: { at: number; businessHours: BusinessHours; timeZone: string; percentile?: number },
): QuoteSample[] {
  const wait = (from: number, to: number) => businessMsBetween(input.businessHours, input.timeZone, from, to);
  const answered = rows
    .filter((row) => row.answeredAt !== null)
    .map((row) => ({ arrivedAt: row.arrivedAt, waitMs: wait(row.arrivedAt, row.answeredAt ?? row.arrivedAt) }));
  if (answered.length === 0) return [];
  const threshold = percentileOf(
    answered.map((sample) => sample.waitMs).sort((a, b) => a - b),
    input.percentile ?? defaultQuoteSettings.percentile,
  );
  const stillWaiting = rows
    .filter((row) => row.answeredAt === null && row.waiting)
    .map((row) => ({ arrivedAt: row.arrivedAt, waitMs: wait(row.arrivedAt, input.at) }))
    .filter((sample) => sample.waitMs > threshold);
  return [...answered, ...stillWaiting];
}

/** Whether the first human response came within the quote. */
export function isQuoteKept(quote: { dueAt: number }, firstResponseAt: number): boolean {
  return firstResponseAt <= quote.dueAt;
}

const weekdayNames = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
} as const;

/**
 * The quote in one sentence for a channel without the widget's card (an email acknowledgement):
 * when a person will answer, in the inbox's time, and when the team is back if it is away.
 */
export function quoteSentence(
  quote: Pick<Quote, 'dueAt' | 'backAt'>,
  input: { timeZone: string; nowMs: number },
): string {
  const when = (ms: number) => {
    const local = localWeekTime(new Date(ms), input.timeZone);
    const today = localWeekTime(new Date(input.nowMs), input.timeZone);
    const sameDay = local.weekday === today.weekday && ms - input.nowMs < 24 * 60 * MINUTE;
    return sameDay ? `today at ${local.time}` : `on ${weekdayNames[local.weekday]} at ${local.time}`;
  };
  const zone = `(${input.timeZone} time)`;
  if (quote.backAt !== null) {
    return `We're closed right now and back ${when(quote.backAt)} ${zone}; a person will answer you by ${localWeekTime(new Date(quote.dueAt), input.timeZone).time} that day.`;
  }
  return `A person will answer you by ${when(quote.dueAt)} ${zone}.`;
}

/** The customer's language among those the customer-facing texts exist in. */
export function customerLanguage(language: string | null | undefined): 'en' | 'de' {
  return language?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** A time as the customer reads it: "14:30" today, "Mon 09:30" on another day. */
export function timeForCustomer(atMs: number, input: { nowMs: number; timeZone: string; language: 'en' | 'de' }) {
  const locale = input.language === 'de' ? 'de-DE' : 'en-GB';
  const day = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: input.timeZone }).format(new Date(ms));
  const sameDay = day(atMs) === day(input.nowMs);
  return new Intl.DateTimeFormat(locale, {
    timeZone: input.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    ...(sameDay ? {} : { weekday: 'short' }),
  }).format(new Date(atMs));
}

/**
 * The one honest update a customer gets when their quote is about to lapse: what was promised,
 * that it has not happened, and a new estimate. Plain words; no "your call is important to us".
 */
export function lapseUpdateMessage(input: {
  language: 'en' | 'de';
  timeZone: string;
  nowMs: number;
  dueAt: number;
  revisedDueAt: number;
}): string {
  const due = timeForCustomer(input.dueAt, input);
  const revised = timeForCustomer(input.revisedDueAt, input);
  if (input.language === 'de') {
    return `Ein ehrliches Update: Wir hatten Ihnen eine Antwort bis ${due} angekündigt, und noch hat niemand geantwortet. Unsere neue Schätzung: bis ${revised}. Sie müssen nicht hier warten – die Antwort erscheint in diesem Chat.`;
  }
  return `An honest update: we said a person would reply by ${due}, and nobody has yet. Our new estimate is ${revised}. You don't need to wait here: the answer will appear in this chat.`;
}
