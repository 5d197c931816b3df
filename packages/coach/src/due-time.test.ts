import { describe, expect, it } from 'vitest';
import { findDueTimes, safeTimeZone, zonedTime } from './due-time.ts';

// Wednesday 5 March 2025, 10:00 UTC = 11:00 in Paris, 05:00 in New York.
const now = new Date('2025-03-05T10:00:00Z');
const due = (text: string, timeZone = 'Europe/Paris') =>
  findDueTimes(text, now, timeZone).map((d) => d.dueAt.toISOString());

describe('findDueTimes', () => {
  it.each([
    ['today', '2025-03-05T16:00:00.000Z'],
    ['tonight', '2025-03-05T20:00:00.000Z'],
    ['tomorrow', '2025-03-06T16:00:00.000Z'],
    ['tomorrow morning', '2025-03-06T11:00:00.000Z'],
    ['tomorrow afternoon', '2025-03-06T16:00:00.000Z'],
    ['tomorrow evening', '2025-03-06T20:00:00.000Z'],
    ['first thing tomorrow', '2025-03-06T09:00:00.000Z'],
    ['by Friday', '2025-03-07T16:00:00.000Z'],
    ['by Wednesday', '2025-03-05T16:00:00.000Z'],
    ['by Monday', '2025-03-10T16:00:00.000Z'],
    ['next Monday', '2025-03-10T16:00:00.000Z'],
    ['next Friday', '2025-03-14T16:00:00.000Z'],
    ['within 24 hours', '2025-03-06T10:00:00.000Z'],
    ['within 2-3 hours', '2025-03-05T13:00:00.000Z'],
    ['in two days', '2025-03-07T10:00:00.000Z'],
    ['within 3 business days', '2025-03-10T10:00:00.000Z'],
    ['in 30 minutes', '2025-03-05T10:30:00.000Z'],
    ['by end of day', '2025-03-05T16:00:00.000Z'],
    ['by the end of the week', '2025-03-07T16:00:00.000Z'],
    ['next week', '2025-03-14T16:00:00.000Z'],
    ['by 3pm', '2025-03-05T14:00:00.000Z'],
    ['by 9:30 am', '2025-03-06T08:30:00.000Z'],
    ['by noon', '2025-03-05T11:00:00.000Z'],
    ['tomorrow at 10am', '2025-03-06T09:00:00.000Z'],
    ['by 5pm on Friday', '2025-03-07T16:00:00.000Z'],
  ])('reads "%s"', (text, expected) => {
    expect(due(`I'll do it ${text}.`)).toEqual([expected]);
  });

  it('computes the instant in the given time zone', () => {
    expect(due('by Friday', 'America/New_York')).toEqual(['2025-03-07T22:00:00.000Z']);
    expect(due('tomorrow', 'Asia/Tokyo')).toEqual(['2025-03-06T08:00:00.000Z']);
  });

  it('crosses a daylight-saving change correctly', () => {
    // New York moves to summer time on Sunday 9 March 2025.
    expect(due('by Monday', 'America/New_York')).toEqual(['2025-03-10T21:00:00.000Z']);
  });

  it('moves "today" to the end of the day once the working day is over', () => {
    const late = new Date('2025-03-05T19:00:00Z');
    expect(findDueTimes('today', late, 'Europe/Paris')[0]?.dueAt.toISOString()).toBe('2025-03-05T22:59:00.000Z');
  });

  it('reports the words it read', () => {
    expect(findDueTimes("I'll call you back by Friday", now, 'UTC')[0]?.phrase).toBe('by Friday');
  });

  it('falls back to UTC for an unknown zone', () => {
    expect(safeTimeZone('Not/AZone')).toBe('UTC');
    expect(zonedTime({ year: 2025, month: 1, day: 1 }, 60, 'UTC').toISOString()).toBe('2025-01-01T01:00:00.000Z');
  });
});
