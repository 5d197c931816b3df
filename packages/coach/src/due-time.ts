// A small English due-time reader for promises in drafts. chrono-node is not a dependency of the
// project; this covers the forms agents write in replies and nothing more.

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
const PART_OF_DAY: Record<string, number> = { morning: 12 * 60, afternoon: 17 * 60, evening: 21 * 60, night: 21 * 60 };
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
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
  eleven: 11,
  twelve: 12,
  'twenty-four': 24,
  'forty-eight': 48,
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
      weekday: 'short',
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

function partsIn(instant: number, timeZone: string) {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday ?? 'Mon');
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday,
  };
}

// formatToParts is the slow step of a review; zone offsets only change on (half-)hour boundaries.
const offsets = new Map<string, number>();

function offsetAt(instant: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(instant / 1_800_000)}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const p = partsIn(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offset = asUtc - Math.floor(instant / 1000) * 1000;
  if (offsets.size > 10_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** The instant at which the wall clock in `timeZone` shows the given civil time. */
export function zonedTime(date: CivilDate, minutes: number, timeZone: string): Date {
  const guess = Date.UTC(date.year, date.month - 1, date.day, Math.floor(minutes / 60), minutes % 60);
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return new Date(second);
}

function localNow(now: Date, timeZone: string): LocalNow {
  const local = new Date(now.getTime() + offsetAt(now.getTime(), timeZone));
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

type Reading =
  | { kind: 'day'; date: CivilDate; minutes: number }
  | { kind: 'clock'; minutes: number }
  | { kind: 'instant'; at: Date };

interface Raw {
  start: number;
  end: number;
  reading: Reading;
}

const NUMBER = `(\\d+)(?:\\s*(?:-|\\u2013|to|or)\\s*(\\d+))?|(a\\s+couple\\s+of|a\\s+few|twenty-four|forty-eight|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;
const RELATIVE = new RegExp(
  `\\b(?:within|in|inside(?:\\s+of)?)\\s+(?:the\\s+next\\s+)?(?:${NUMBER})\\s*(business\\s+|working\\s+)?(minutes?|mins?|hours?|hrs?|h|days?|weeks?)\\b`,
  'gi',
);
const DAY_WORD =
  /\b(first\s+thing\s+)?(today|tonight|this\s+(morning|afternoon|evening)|(?:the\s+)?day\s+after\s+tomorrow|tomorrow(?:\s+(morning|afternoon|evening|night))?)\b/gi;
const WEEKDAY_WORD =
  /\b(?:(next|this|coming)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(morning|afternoon|evening))?\b/gi;
const END_OF =
  /\b(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(day|today|business(?:\s+day)?|week|this\s+week|next\s+week|month|this\s+month)|(eod|cob|eow)|close\s+of\s+business)\b/gi;
const NEXT_WEEK =
  /\b(early\s+|later\s+|late\s+)?next\s+week\b(?!\s*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))/gi;
const CLOCK =
  /\b(?:(?:by|at|before|around|until|till)\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|\b(?:by|at|before|around|until|till)\s+(?:(\d{1,2}):(\d{2})|(noon|midday|midnight))\b/gi;

function numberFrom(match: RegExpExecArray, index: number): number {
  const upper = match[index + 1];
  if (upper) return Number(upper);
  const digits = match[index];
  if (digits) return Number(digits);
  const word = (match[index + 2] ?? 'a').toLowerCase().replace(/\s+/g, ' ');
  return NUMBER_WORDS[word] ?? 1;
}

function dayReading(date: CivilDate, minutes: number, now: LocalNow, isToday: boolean): Reading {
  // A promise for "today" made after the working day has ended still means today.
  const due = isToday && minutes <= now.minutes ? LAST_MINUTE : minutes;
  return { kind: 'day', date, minutes: due };
}

function collect(text: string, now: LocalNow, nowDate: Date): Raw[] {
  const raws: Raw[] = [];
  const today: CivilDate = { year: now.year, month: now.month, day: now.day };
  const push = (m: RegExpExecArray, reading: Reading) =>
    raws.push({ start: m.index, end: m.index + m[0].length, reading });

  for (const m of text.matchAll(RELATIVE)) {
    const n = numberFrom(m, 1);
    const business = Boolean(m[4]);
    const unit = (m[5] ?? 'h').toLowerCase();
    if (unit.startsWith('m')) push(m, { kind: 'instant', at: new Date(nowDate.getTime() + n * 60_000) });
    else if (unit.startsWith('h')) push(m, { kind: 'instant', at: new Date(nowDate.getTime() + n * 3_600_000) });
    else {
      let days = unit.startsWith('w') ? n * 7 : n;
      let date = today;
      if (business) {
        while (days > 0) {
          date = addDays(date, 1);
          if (weekdayOf(date) < 5) days -= 1;
        }
      } else date = addDays(today, days);
      push(m, { kind: 'day', date, minutes: now.minutes });
    }
  }
  for (const m of text.matchAll(DAY_WORD)) {
    const word = (m[2] ?? '').toLowerCase();
    const part = (m[3] ?? m[4] ?? '').toLowerCase();
    const firstThing = Boolean(m[1]);
    if (word === 'today') push(m, dayReading(today, END_OF_WORKING_DAY, now, true));
    else if (word === 'tonight') push(m, dayReading(today, PART_OF_DAY.night ?? LAST_MINUTE, now, true));
    else if (word.startsWith('this')) push(m, dayReading(today, PART_OF_DAY[part] ?? END_OF_WORKING_DAY, now, true));
    else if (/^(?:the\s+)?day\b/.test(word))
      push(m, { kind: 'day', date: addDays(today, 2), minutes: END_OF_WORKING_DAY });
    else {
      const minutes = firstThing ? 10 * 60 : part ? (PART_OF_DAY[part] ?? END_OF_WORKING_DAY) : END_OF_WORKING_DAY;
      push(m, { kind: 'day', date: addDays(today, 1), minutes });
    }
  }
  for (const m of text.matchAll(WEEKDAY_WORD)) {
    const target = WEEKDAYS.indexOf((m[2] ?? '').toLowerCase());
    const part = (m[3] ?? '').toLowerCase();
    const minutes = part ? (PART_OF_DAY[part] ?? END_OF_WORKING_DAY) : END_OF_WORKING_DAY;
    let ahead = (target - now.weekday + 7) % 7;
    if (ahead === 0 && minutes <= now.minutes) ahead = 7;
    // "next Friday" is the Friday of next week (Monday-based), never this week's.
    if ((m[1] ?? '').toLowerCase() === 'next') ahead = 7 - now.weekday + target;
    push(m, { kind: 'day', date: addDays(today, ahead), minutes });
  }
  for (const m of text.matchAll(END_OF)) {
    const what = (m[1] ?? m[2] ?? 'day').toLowerCase().replace(/\s+/g, ' ');
    if (what.includes('week') || what === 'eow') {
      const friday = (4 - now.weekday + 7) % 7;
      const ahead = what.includes('next') ? 7 - now.weekday + 4 : friday;
      push(m, dayReading(addDays(today, ahead), END_OF_WORKING_DAY, now, ahead === 0));
    } else if (what.includes('month')) {
      const last = new Date(Date.UTC(now.year, now.month, 0));
      push(
        m,
        dayReading(
          { year: now.year, month: now.month, day: last.getUTCDate() },
          END_OF_WORKING_DAY,
          now,
          last.getUTCDate() === now.day,
        ),
      );
    } else push(m, dayReading(today, END_OF_WORKING_DAY, now, true));
  }
  for (const m of text.matchAll(NEXT_WEEK)) {
    const early = Boolean(m[1]) && (m[1] ?? '').trim().toLowerCase() === 'early';
    const ahead = 7 - now.weekday + (early ? 1 : 4);
    push(m, { kind: 'day', date: addDays(today, ahead), minutes: END_OF_WORKING_DAY });
  }
  for (const m of text.matchAll(CLOCK)) {
    let minutes: number;
    if (m[6]) minutes = m[6].toLowerCase() === 'midnight' ? LAST_MINUTE : 12 * 60;
    else if (m[4]) minutes = Number(m[4]) * 60 + Number(m[5]);
    else {
      let hour = Number(m[1]) % 12;
      if ((m[3] ?? '').toLowerCase().startsWith('p')) hour += 12;
      minutes = hour * 60 + Number(m[2] ?? 0);
    }
    if (minutes >= 24 * 60) continue;
    push(m, { kind: 'clock', minutes });
  }
  return raws;
}

/** Finds due times in English text, resolved against `now` in `timeZone` (IANA; UTC if unknown). */
export function findDueTimes(text: string, now: Date, timeZone?: string): DueTime[] {
  const zone = safeTimeZone(timeZone);
  const local = localNow(now, zone);
  const raws = collect(text, local, now).sort((a, b) => a.start - b.start || b.end - a.end);
  // Drop readings inside a longer one ("friday" inside "end of the week … friday" cannot happen, but
  // "tomorrow" inside "the day after tomorrow" can).
  const kept: Raw[] = [];
  for (const raw of raws) {
    const last = kept[kept.length - 1];
    if (last && raw.start < last.end) continue;
    const prefix = /\b(?:by|before|on|until|till|no\s+later\s+than)\s+$/i.exec(
      text.slice(Math.max(0, raw.start - 20), raw.start),
    );
    if (prefix && raw.reading.kind !== 'clock') raw.start -= prefix[0].length;
    kept.push(raw);
  }
  const results: DueTime[] = [];
  for (let i = 0; i < kept.length; i++) {
    const current = kept[i] as Raw;
    const next = kept[i + 1];
    // "tomorrow at 3pm", "by 3pm on Friday": a day and a clock time next to each other are one due time.
    if (next && /^[\s,]*(?:at|by|on|before|around)?[\s,]*$/i.test(text.slice(current.end, next.start))) {
      const day = current.reading.kind === 'day' ? current.reading : next.reading.kind === 'day' ? next.reading : null;
      const clock =
        current.reading.kind === 'clock' ? current.reading : next.reading.kind === 'clock' ? next.reading : null;
      if (day && clock) {
        results.push({
          start: current.start,
          end: next.end,
          phrase: text.slice(current.start, next.end),
          dueAt: zonedTime(day.date, clock.minutes, zone),
        });
        i++;
        continue;
      }
    }
    const reading = current.reading;
    let dueAt: Date;
    if (reading.kind === 'instant') dueAt = reading.at;
    else if (reading.kind === 'day') dueAt = zonedTime(reading.date, reading.minutes, zone);
    else {
      const today: CivilDate = { year: local.year, month: local.month, day: local.day };
      dueAt = zonedTime(reading.minutes > local.minutes ? today : addDays(today, 1), reading.minutes, zone);
    }
    results.push({ start: current.start, end: current.end, phrase: text.slice(current.start, current.end), dueAt });
  }
  return results;
}
