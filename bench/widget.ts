/**
 * The chat widget's figures: the loader's size as sites download it, and a month of simulated
 * arrivals and answers run through the real quote function (modules/quotes/quotes.rules.ts) to see
 * how often quotes are kept and how far they sit above what actually happens.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BusinessHours, defaultBusinessHours } from '@rapport/contracts';
import {
  addBusinessMs,
  businessMsBetween,
  hourOfWeek,
  isWithinBusinessHours,
  nextOpening,
} from '../apps/server/src/modules/inboxes/inboxes.rules.ts';
import {
  defaultQuoteSettings,
  medianOf,
  percentileOf,
  type QuoteSample,
  quoteResponse,
  waitStart,
} from '../apps/server/src/modules/quotes/quotes.rules.ts';
import { repoRoot } from './lib/bench-db.ts';
import type { ResultRow } from './lib/report.ts';

const distDir = path.join(repoRoot, 'apps/widget/dist');
const kb = (bytes: number) => Math.round((bytes / 1024) * 100) / 100;

export function widgetSizeRows(): ResultRow[] {
  const loader = path.join(distDir, 'widget.js');
  if (!existsSync(loader)) {
    return [{ section: 'Chat widget', scenario: 'Loader', result: 'not built (run npm run build)', numbers: {} }];
  }
  const loaderGz = gzipSync(readFileSync(loader)).length;
  const assets = path.join(distDir, 'widget/assets');
  const frameGz = readdirSync(assets)
    .filter((file) => file.endsWith('.js') || file.endsWith('.css'))
    .reduce((sum, file) => sum + gzipSync(readFileSync(path.join(assets, file))).length, 0);
  return [
    {
      section: 'Chat widget',
      scenario: 'Loader /widget.js (gzipped)',
      result: `${kb(loaderGz)} KB`,
      numbers: { gzippedKb: kb(loaderGz) },
      target: '< 10 KB',
      met: loaderGz < 10 * 1024,
    },
    {
      section: 'Chat widget',
      scenario: 'Chat frame, JS and CSS (gzipped), loaded after the page',
      result: `${kb(frameGz)} KB`,
      numbers: { gzippedKb: kb(frameGz) },
    },
  ];
}

/** A small seeded generator, so every run simulates the same month. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface MonthResult {
  conversations: number;
  quoted: number;
  kept: number;
  keptShare: number;
  medianQuoteMs: number;
  medianActualMs: number;
  quoteToActual: number;
  updates: number;
  outsideHours: number;
  /** Median of each quote ÷ the actual median wait of chats that started the same way. */
  situationRatio: number;
}

/**
 * A support team on weekdays 09:00–17:00 (Paris): customers write at all hours, most in the day;
 * answers take longer on Monday mornings and at lunch, and mornings clear the night's queue. Every
 * conversation is quoted at arrival from the four weeks before it (the same rule as the server:
 * answered waits, plus still-waiting ones once longer than most), after a warm-up month.
 */
export function simulateMonth(
  input: { seed?: number; days?: number; businessHours?: BusinessHours; timeZone?: string } = {},
): MonthResult {
  const random = mulberry32(input.seed ?? 42);
  const hours = input.businessHours ?? defaultBusinessHours;
  const zone = input.timeZone ?? 'Europe/Paris';
  const warmUpDays = 28;
  const days = input.days ?? 30;
  const start = Date.parse('2026-02-02T00:00:00Z');
  const end = start + (warmUpDays + days) * DAY;
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const ratePerHour = (at: number) => {
    const how = hourOfWeek(at, zone);
    const day = Math.floor(how / 24);
    const hour = how % 24;
    if (day >= 5) return 1;
    if (hour >= 9 && hour < 17) return 10;
    if (hour >= 7 && hour < 22) return 3;
    return 0.5;
  };
  const medianWaitMs = (at: number) => {
    const how = hourOfWeek(at, zone);
    const hour = how % 24;
    if (!isWithinBusinessHours(hours, zone, new Date(at))) return 25 * MINUTE; // the morning queue
    if (how < 24 && hour < 11) return 25 * MINUTE; // Monday morning
    if (hour === 12) return 15 * MINUTE;
    return hour < 12 ? 10 * MINUTE : 6 * MINUTE;
  };

  // Arrivals: a Poisson process whose rate changes by the hour.
  const arrivals: number[] = [];
  for (let hourStart = start; hourStart < end; hourStart += HOUR) {
    const rate = ratePerHour(hourStart);
    let t = hourStart;
    for (;;) {
      t += (-Math.log(1 - random()) / rate) * HOUR;
      if (t >= hourStart + HOUR) break;
      arrivals.push(t);
    }
  }
  // Each one's first human response, in open time from arrival (lognormal around the hour's median).
  const conversations = arrivals.map((arrivedAt) => {
    const waitMs = Math.max(MINUTE / 2, medianWaitMs(arrivedAt) * Math.exp(0.6 * normal()));
    const from = isWithinBusinessHours(hours, zone, new Date(arrivedAt))
      ? arrivedAt
      : (nextOpening(hours, zone, arrivedAt) ?? arrivedAt);
    return {
      arrivedAt,
      answeredAt: addBusinessMs(hours, zone, from, waitMs),
      start: waitStart(arrivedAt, hours, zone),
    };
  });

  const measuredFrom = start + warmUpDays * DAY;
  const answered: (QuoteSample & { answeredAt: number })[] = [];
  const waitingIndex: number[] = [];
  let nextToAnswer = 0;
  const byAnswer = conversations
    .map((_c, i) => i)
    .sort((a, b) => (conversations[a]?.answeredAt ?? 0) - (conversations[b]?.answeredAt ?? 0));
  const result = {
    quoted: 0,
    kept: 0,
    updates: 0,
    outsideHours: 0,
    quotes: [] as number[],
    actuals: [] as number[],
    starts: [] as string[],
  };
  for (const [index, conversation] of conversations.entries()) {
    const at = conversation.arrivedAt;
    // Everything answered before this arrival is history; the window keeps the last four weeks.
    while (nextToAnswer < byAnswer.length) {
      const i = byAnswer[nextToAnswer] as number;
      const c = conversations[i];
      if (!c || c.answeredAt > at) break;
      answered.push({
        arrivedAt: c.arrivedAt,
        answeredAt: c.answeredAt,
        start: c.start,
        waitMs: businessMsBetween(hours, zone, c.arrivedAt, c.answeredAt),
      });
      nextToAnswer++;
    }
    const windowStart = at - 28 * DAY;
    while (answered.length > 0 && (answered[0]?.arrivedAt ?? 0) < windowStart) answered.shift();
    waitingIndex.push(index);
    const history: QuoteSample[] = answered.filter((sample) => sample.arrivedAt >= windowStart);
    if (history.length > 0) {
      const threshold = percentileOf(
        history.map((s) => s.waitMs).sort((a, b) => a - b),
        defaultQuoteSettings.percentile,
      );
      for (const i of waitingIndex) {
        const c = conversations[i];
        if (!c || c.answeredAt <= at || c.arrivedAt >= at || c.arrivedAt < windowStart) continue;
        const waited = businessMsBetween(hours, zone, c.arrivedAt, at);
        if (waited > threshold) history.push({ arrivedAt: c.arrivedAt, waitMs: waited, start: c.start });
      }
    }
    // Forget the ones answered already, so the waiting list stays short.
    for (let k = waitingIndex.length - 1; k >= 0; k--) {
      const c = conversations[waitingIndex[k] as number];
      if (c && c.answeredAt <= at) waitingIndex.splice(k, 1);
    }
    if (at < measuredFrom) continue;
    const quote = quoteResponse({ history, at, businessHours: hours, timeZone: zone });
    result.quoted++;
    if (quote.backAt !== null) result.outsideHours++;
    if (conversation.answeredAt <= quote.dueAt) result.kept++;
    if (conversation.answeredAt > quote.lapseAt) result.updates++;
    result.quotes.push(quote.waitMs);
    result.actuals.push(businessMsBetween(hours, zone, at, conversation.answeredAt));
    result.starts.push(`${conversation.start.hour}/${conversation.start.queued}`);
  }
  // Each quote against the actual median of chats that started the same way (same hour of the
  // week, written while open or queued): how far a quote sits above what its own situation sees.
  const actualsByStart = new Map<string, number[]>();
  result.starts.forEach((key, i) => {
    actualsByStart.set(key, [...(actualsByStart.get(key) ?? []), result.actuals[i] ?? 0]);
  });
  const situationRatios = result.quotes
    .map((quote, i) => {
      const group = [...(actualsByStart.get(result.starts[i] ?? '') ?? [])].sort((a, b) => a - b);
      return quote / Math.max(1, medianOf(group));
    })
    .sort((a, b) => a - b);
  const medianQuoteMs = medianOf([...result.quotes].sort((a, b) => a - b));
  const medianActualMs = medianOf([...result.actuals].sort((a, b) => a - b));
  return {
    conversations: conversations.length,
    quoted: result.quoted,
    kept: result.kept,
    keptShare: result.kept / Math.max(1, result.quoted),
    medianQuoteMs,
    medianActualMs,
    quoteToActual: medianQuoteMs / Math.max(1, medianActualMs),
    updates: result.updates,
    outsideHours: result.outsideHours,
    situationRatio: medianOf(situationRatios),
  };
}

export function quoteSimulationRows(): ResultRow[] {
  const month = simulateMonth();
  const minutes = (ms: number) => Math.round((ms / MINUTE) * 10) / 10;
  return [
    {
      section: 'Honest quotes',
      scenario: `Month simulation: ${month.quoted.toLocaleString('en-US')} chats quoted (${month.outsideHours} outside hours), quotes kept`,
      result: `${(month.keptShare * 100).toFixed(1)}% kept; ${month.updates} honest updates sent`,
      numbers: { keptShare: month.keptShare, quoted: month.quoted, kept: month.kept, updates: month.updates },
      target: '≥ 90%',
      met: month.keptShare >= 0.9,
    },
    {
      section: 'Honest quotes',
      scenario: 'Month simulation: median quote ÷ median actual first response (open time)',
      result: `${month.quoteToActual.toFixed(2)} (quote ${minutes(month.medianQuoteMs)} min, actual ${minutes(month.medianActualMs)} min)`,
      numbers: {
        ratio: month.quoteToActual,
        medianQuoteMinutes: minutes(month.medianQuoteMs),
        medianActualMinutes: minutes(month.medianActualMs),
      },
      target: '≤ 2.0',
      met: month.quoteToActual <= 2,
    },
    {
      section: 'Honest quotes',
      scenario: 'Month simulation: each quote ÷ the actual median of chats that started the same way (median)',
      result: month.situationRatio.toFixed(2),
      numbers: { ratio: month.situationRatio },
    },
  ];
}

// `npx tsx bench/widget.ts` prints the widget's rows alone.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const started = Date.now();
  for (const row of [...widgetSizeRows(), ...quoteSimulationRows()])
    console.log(`${row.scenario}: ${row.result} (target ${row.target ?? '—'}) ${row.met === false ? 'MISSED' : ''}`);
  console.log(`(${Date.now() - started} ms)`);
}
