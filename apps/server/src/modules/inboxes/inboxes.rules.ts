import { type BusinessHours, type Weekday, weekdays } from '@rapport/contracts';

const weekdayByShortName: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

/** The weekday and HH:MM wall-clock time of an instant in a time zone. */
export function localWeekTime(at: Date, timeZone: string): { weekday: Weekday; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const weekday = weekdayByShortName[get('weekday')] ?? 'mon';
  return { weekday, time: `${get('hour')}:${get('minute')}` };
}

/** Whether the team is open at an instant: opening times are inclusive, closing times exclusive. */
export function isWithinBusinessHours(hours: BusinessHours, timeZone: string, at: Date): boolean {
  const { weekday, time } = localWeekTime(at, timeZone);
  return hours[weekday].some((opening) => time >= opening.opens && time < opening.closes);
}

/** An inbox that is never open would quote customers a wait of forever; reject it at the edge. */
export function hasAnyOpening(hours: BusinessHours): boolean {
  return weekdays.some((day) => hours[day].length > 0);
}

/** Openings on one day must not overlap, or "open" time would be counted twice. */
export function findOverlappingDay(hours: BusinessHours): Weekday | undefined {
  return weekdays.find((day) => {
    const sorted = [...hours[day]].sort((a, b) => a.opens.localeCompare(b.opens));
    return sorted.some((opening, index) => index > 0 && opening.opens < (sorted[index - 1]?.closes ?? ''));
  });
}

// Building a formatter is costly; quotes and simulations ask for the same few zones many times.
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();
function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = zoneFormatters.get(timeZone);
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
    zoneFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock date and time of an instant in a zone, as numbers. */
function localParts(atMs: number, timeZone: string) {
  const parts = zoneFormatter(timeZone).formatToParts(new Date(atMs));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffsetMs(atMs: number, timeZone: string): number {
  const p = localParts(atMs, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - (atMs - (((atMs % 1000) + 1000) % 1000));
}

/**
 * The instant at which a zone's wall clock shows a date and minute of day. A wall time skipped by
 * a daylight-saving jump maps to the instant just after the jump; a repeated one to its first pass.
 */
function wallTimeToInstant(timeZone: string, year: number, month: number, day: number, minuteOfDay: number): number {
  const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  const near = wall - zoneOffsetMs(wall, timeZone);
  const candidates = [near, wall - zoneOffsetMs(near, timeZone)];
  // The instants whose wall clock shows this time: two when the clock goes back, none when it jumps.
  const shown = candidates.filter((at) => at + zoneOffsetMs(at, timeZone) === wall);
  return shown.length > 0 ? Math.min(...shown) : Math.max(...candidates);
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const weekdayOfUtcDate = (utcMidnight: number): Weekday =>
  (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[new Date(utcMidnight).getUTCDay()] ?? 'mon';

// Bounds the walk for a schedule with no openings (which the inbox settings refuse anyway).
const MAX_DAYS_AHEAD = 20 * 366;

/**
 * The open intervals [start, end) in milliseconds from `fromMs` on, in order, the first one cut at
 * `fromMs` when the team is open then. Pure and lazy: callers stop when they have what they need.
 */
export function* openIntervals(hours: BusinessHours, timeZone: string, fromMs: number): Generator<[number, number]> {
  if (!hasAnyOpening(hours)) return;
  const today = localParts(fromMs, timeZone);
  for (let offset = -1; offset <= MAX_DAYS_AHEAD; offset++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth() + 1;
    const d = date.getUTCDate();
    const openings = [...hours[weekdayOfUtcDate(date.getTime())]].sort((a, b) => a.opens.localeCompare(b.opens));
    for (const opening of openings) {
      const start = wallTimeToInstant(timeZone, y, m, d, minutesOf(opening.opens));
      const end = wallTimeToInstant(timeZone, y, m, d, minutesOf(opening.closes));
      if (end <= fromMs || end <= start) continue;
      yield [Math.max(start, fromMs), end];
    }
  }
}

/** When the team is next open: `atMs` itself when open now; undefined for a schedule with no openings. */
export function nextOpening(hours: BusinessHours, timeZone: string, atMs: number): number | undefined {
  for (const [start] of openIntervals(hours, timeZone, atMs)) return start;
  return undefined;
}

/**
 * The instant reached after `ms` of open time from `fromMs`: a wait counted only while the team
 * works. With no openings at all, wall-clock time is all there is.
 */
export function addBusinessMs(hours: BusinessHours, timeZone: string, fromMs: number, ms: number): number {
  let remaining = Math.max(0, ms);
  for (const [start, end] of openIntervals(hours, timeZone, fromMs)) {
    if (end - start >= remaining) return start + remaining;
    remaining -= end - start;
  }
  return fromMs + ms;
}

/** Open time between two instants, in milliseconds: how long a customer waited while the team worked. */
export function businessMsBetween(hours: BusinessHours, timeZone: string, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  let total = 0;
  for (const [start, end] of openIntervals(hours, timeZone, fromMs)) {
    if (start >= toMs) break;
    total += Math.min(end, toMs) - start;
  }
  return total;
}

/** The hour of the week (0 = Monday 00:00 … 167 = Sunday 23:00) of an instant in a zone. */
export function hourOfWeek(atMs: number, timeZone: string): number {
  const p = localParts(atMs, timeZone);
  const day = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  return ((day + 6) % 7) * 24 + p.hour;
}
