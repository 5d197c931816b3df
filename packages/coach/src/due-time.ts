// Due times for promises in drafts. chrono-node (English parser only, to keep the composer's bundle
// small) reads the dates and times; the rules that are ours sit on top: a day named without a time is
// due at the end of the working day, parts of the day end at set hours, "within 24 hours" counts from
// now, working days skip weekends, and "end of day / week / month" mean the working day's end.
import { casual, type ParsedResult } from 'chrono-node/en';

export interface DueTime {
  start: number;
  end: number;
  phrase: string;
  dueAt: Date;
}

interface CivilDate {
  year: number;
  month: number;
  day: number;
}

interface LocalNow extends CivilDate {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  minutes: number;
}

/** When a day is named without a time, the promise is due at the end of the working day. */
const END_OF_WORKING_DAY = 17 * 60;
const LAST_MINUTE = 23 * 60 + 59;
const FIRST_THING = 10 * 60;
/** A part of the day is due when it ends ("tomorrow morning" → by noon). */
const PART_OF_DAY: Record<string, number> = {
  morning: 12 * 60,
  afternoon: 17 * 60,
  evening: 21 * 60,
  night: 21 * 60,
  tonight: 21 * 60,
};
/** A bare hour below this without am/pm is read in the afternoon: "I'll call you at 5" means 17:00. */
const BARE_HOUR_PM_BELOW = 8;
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  'a couple of': 2,
  'a few': 3,
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Falls back to UTC for a missing or unknown zone rather than failing a review. */
export function safeTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    formatterFor(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

// formatToParts is the slow step; zone offsets only change on (half-)hour boundaries.
const offsets = new Map<string, number>();

/** Milliseconds the zone's wall clock is ahead of UTC at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(instant / 1_800_000)}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const offset = asUtc - Math.floor(instant / 1000) * 1000;
  if (offsets.size > 10_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** The instant at which the wall clock in `timeZone` shows the given civil time (DST-aware). */
export function zonedTime(date: CivilDate, minutes: number, timeZone: string): Date {
  const guess = Date.UTC(date.year, date.month - 1, date.day, Math.floor(minutes / 60), minutes % 60);
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return new Date(second);
}

function localNow(now: Date, offset: number): LocalNow {
  const local = new Date(now.getTime() + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    weekday: (local.getUTCDay() + 6) % 7,
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

function addDays(date: CivilDate, days: number): CivilDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function weekdayOf(date: CivilDate): number {
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
}

function compareDates(a: CivilDate, b: CivilDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

type Reading = { kind: 'day'; date: CivilDate; minutes: number } | { kind: 'instant'; at: Date };

interface Raw {
  start: number;
  end: number;
  reading: Reading;
}

// Our own forms, which chrono does not read (or reads as a plain week from now).
const NUMBER = `(\\d+)(?:\\s*(?:-|\\u2013|to|or)\\s*(\\d+))?|(a\\s+couple\\s+of|a\\s+few|an?|one|two|three|four|five|six|seven|eight|nine|ten)`;
const WORKING_DAYS = new RegExp(
  `\\b(?:within|in|inside(?:\\s+of)?)\\s+(?:the\\s+next\\s+)?(?:${NUMBER})\\s*(?:business|working)\\s+days?\\b`,
  'gi',
);
const END_OF =
  /\b(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(day|today|business(?:\s+day)?|(?:the\s+)?working\s+day|week|this\s+week|next\s+week|month|this\s+month)|(eod|cob|eow)|close\s+of\s+business)\b/gi;
const NEXT_WEEK =
  /\b(early\s+|later\s+|late\s+)?next\s+week\b(?!\s*(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))/gi;
// chrono runs only on stretches of text holding one of these: most sentences name no time at all.
const TIME_WORD =
  /\d|\b(?:today|tonight|tomorrow|tmrw|noon|midday|midnight|morning|afternoon|evening|night|weekend|week|month|days?|hours?|hrs?|minutes?|mins?|(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/i;
const PREFIX =
  /(?:\b(?:by|before|on|until|till|no\s+later\s+than|within|in|inside(?:\s+of)?)\s+(?:the\s+)?(?:next\s+)?)?(?:\d+\s*(?:-|\u2013|to|or)\s*)?$/i;
const FIRST_THING_BEFORE = /\bfirst\s+thing\s+(?:on\s+)?$/i;
const PART_WORD = /\b(morning|afternoon|evening|tonight|night)\b/i;
const WEEKDAY_MODIFIER = /\b(?:next|this|coming|following)\b/i;
const PAST_WORDS = /\b(?:last|past|ago|yesterday|previous)\b/i;
const RELATIVE_WORDS = /^(?:in|within|inside)\b|\b(?:from\s+now|later)\b/i;

function numberFrom(match: RegExpExecArray): number {
  if (match[2]) return Number(match[2]);
  if (match[1]) return Number(match[1]);
  const word = (match[3] ?? 'a').toLowerCase().replace(/\s+/g, ' ');
  return NUMBER_WORDS[word] ?? 1;
}

function ownReadings(text: string, now: LocalNow): Raw[] {
  const raws: Raw[] = [];
  const today: CivilDate = { year: now.year, month: now.month, day: now.day };
  const push = (m: RegExpExecArray, reading: Reading) =>
    raws.push({ start: m.index, end: m.index + m[0].length, reading });
  // A promise for "today" made after the working day has ended still means today.
  const onDay = (date: CivilDate): Reading => ({
    kind: 'day',
    date,
    minutes: compareDates(date, today) === 0 && END_OF_WORKING_DAY <= now.minutes ? LAST_MINUTE : END_OF_WORKING_DAY,
  });

  for (const m of text.matchAll(WORKING_DAYS)) {
    let days = numberFrom(m);
    let date = today;
    while (days > 0) {
      date = addDays(date, 1);
      if (weekdayOf(date) < 5) days -= 1;
    }
    push(m, { kind: 'day', date, minutes: now.minutes });
  }
  for (const m of text.matchAll(END_OF)) {
    const what = (m[1] ?? m[2] ?? 'day').toLowerCase().replace(/\s+/g, ' ');
    if (what.includes('week') || what === 'eow') {
      const ahead = what.includes('next') ? 7 - now.weekday + 4 : (4 - now.weekday + 7) % 7;
      push(m, onDay(addDays(today, ahead)));
    } else if (what.includes('month')) {
      const last = new Date(Date.UTC(now.year, now.month, 0)).getUTCDate();
      push(m, onDay({ year: now.year, month: now.month, day: last }));
    } else push(m, onDay(today));
  }
  for (const m of text.matchAll(NEXT_WEEK)) {
    // "next week" is kept by the end of next week's working days; "early next week" by its Monday.
    const early = (m[1] ?? '').trim().toLowerCase() === 'early';
    push(m, { kind: 'day', date: addDays(today, 7 - now.weekday + (early ? 0 : 4)), minutes: END_OF_WORKING_DAY });
  }
  return raws;
}

/** Reads one chrono result with our rules; null for readings that are no due time (past, or now). */
function chronoReading(result: ParsedResult, now: LocalNow, offset: number, firstThing: boolean): Reading | null {
  const c = result.start;
  // "within 24 hours", "in 30 minutes": chrono added the duration to the wall clock of now; at the
  // offset of now, that is exactly the duration from now.
  // chrono moves "last Friday" forward to the coming one when asked for future dates; a past day is
  // no due time.
  if (PAST_WORDS.test(result.text)) return null;
  if (result.tags().has('result/relativeDateAndTime')) {
    const fields = Date.UTC(
      c.get('year') ?? now.year,
      (c.get('month') ?? now.month) - 1,
      c.get('day') ?? now.day,
      c.get('hour') ?? 0,
      c.get('minute') ?? 0,
      c.get('second') ?? 0,
    );
    return { kind: 'instant', at: new Date(fields - offset) };
  }
  const today: CivilDate = { year: now.year, month: now.month, day: now.day };
  let date: CivilDate = { year: c.get('year') ?? now.year, month: c.get('month') ?? now.month, day: c.get('day') ?? 1 };
  let minutes: number;
  if (c.isCertain('hour')) {
    let hour = c.get('hour') ?? 0;
    if (!c.isCertain('meridiem') && hour >= 1 && hour < BARE_HOUR_PM_BELOW) hour += 12;
    minutes = hour * 60 + (c.get('minute') ?? 0);
    // A time alone is the next time the clock shows it.
    if (!(['weekday', 'day', 'month', 'year'] as const).some((k) => c.isCertain(k)))
      date = minutes > now.minutes ? today : addDays(today, 1);
  } else if (firstThing) minutes = FIRST_THING;
  else if (result.tags().has('result/relativeDate') && RELATIVE_WORDS.test(result.text)) {
    // "in two days": the same time of day, that many days on.
    minutes = (c.get('hour') ?? 0) * 60 + (c.get('minute') ?? 0);
  } else {
    const part = PART_WORD.exec(result.text)?.[1]?.toLowerCase();
    minutes = part ? (PART_OF_DAY[part] ?? END_OF_WORKING_DAY) : END_OF_WORKING_DAY;
  }
  if (c.isCertain('weekday') && !c.isCertain('day') && !c.isCertain('month') && !WEEKDAY_MODIFIER.test(result.text)) {
    // A bare weekday is the next one whose working day has not ended, today included.
    let ahead = ((c.get('weekday') ?? 0) + 6 - now.weekday) % 7;
    if (ahead === 0 && minutes <= now.minutes) ahead = 7;
    date = addDays(today, ahead);
  }
  const order = compareDates(date, today);
  if (order < 0) return null;
  if (order === 0 && minutes <= now.minutes) {
    // "today" said after the working day is still today; a time of day already past is no due time.
    if (c.isCertain('hour')) return null;
    else minutes = LAST_MINUTE;
  }
  return { kind: 'day', date, minutes };
}

/** Stretches of text, joined when neighbouring, whose sentences hold a time word. */
function timeStretches(text: string): [number, number][] {
  const stretches: [number, number][] = [];
  const boundary = /[!?\n]+|\.(?=\s|$)/g;
  let start = 0;
  const visit = (end: number) => {
    if (TIME_WORD.test(text.slice(start, end))) {
      const last = stretches[stretches.length - 1];
      if (last && last[1] >= start - 2) last[1] = end;
      else stretches.push([start, end]);
    }
  };
  for (const m of text.matchAll(boundary)) {
    const end = m.index + m[0].length;
    visit(end);
    start = end;
  }
  if (start < text.length) visit(text.length);
  return stretches;
}

/** Finds due times in English text, resolved against `now` in `timeZone` (IANA; UTC if unknown). */
export function findDueTimes(text: string, now: Date, timeZone?: string): DueTime[] {
  const stretches = timeStretches(text);
  const zone = safeTimeZone(timeZone);
  const offset = offsetAt(now.getTime(), zone);
  const local = localNow(now, offset);
  const raws = ownReadings(text, local);
  if (stretches.length === 0 && raws.length === 0) return [];
  const own = [...raws];
  // chrono is handed a reference whose local fields (in the process's own zone) show the customer's
  // wall clock now, and no zone: with a zone, its weekday forwarding compares a shifted date with the
  // real instant and depends on the zone the code runs in (an agent's browser). The fields it returns
  // are the customer's wall clock; the instant is then found with the zone's rules for that day, so a
  // promise across a daylight-saving change keeps its wall-clock time.
  const wall = new Date(now.getTime() + offset);
  const reference = new Date(
    wall.getUTCFullYear(),
    wall.getUTCMonth(),
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
    wall.getUTCMilliseconds(),
  );
  for (const [from, to] of stretches) {
    for (const result of casual.parse(text.slice(from, to), reference, { forwardDate: true })) {
      let start = from + result.index;
      const end = start + result.text.length;
      if (own.some((o) => start < o.end && o.start < end)) continue;
      const before = text.slice(Math.max(0, start - 24), start);
      const firstThing = FIRST_THING_BEFORE.exec(before);
      if (firstThing) start -= firstThing[0].length;
      const reading = chronoReading(result, local, offset, Boolean(firstThing));
      if (reading) raws.push({ start, end, reading });
    }
  }
  raws.sort((a, b) => a.start - b.start || b.end - a.end);
  const results: DueTime[] = [];
  let lastEnd = -1;
  for (const raw of raws) {
    if (raw.start < lastEnd) continue;
    lastEnd = raw.end;
    const dueAt =
      raw.reading.kind === 'instant' ? raw.reading.at : zonedTime(raw.reading.date, raw.reading.minutes, zone);
    // A due time within the minute ("right now", "in a second") is no promise to track.
    if (dueAt.getTime() - now.getTime() < 60_000) continue;
    const prefix = PREFIX.exec(text.slice(Math.max(0, raw.start - 30), raw.start));
    const start = raw.start - (prefix?.[0].length ?? 0);
    results.push({ start, end: raw.end, phrase: text.slice(start, raw.end), dueAt });
  }
  return results;
}
