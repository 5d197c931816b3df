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
