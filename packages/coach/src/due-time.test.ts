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

  // Forms the earlier hand-written reader did not know, read by chrono with our rules on top.
  it.each([
    ['on March 12', '2025-03-12T16:00:00.000Z'],
    ['by the 14th of March', '2025-03-14T16:00:00.000Z'],
    ['Friday morning', '2025-03-07T11:00:00.000Z'],
    ['by tomorrow 3pm', '2025-03-06T14:00:00.000Z'],
    ['at 5', '2025-03-05T16:00:00.000Z'],
    ['in a couple of days', '2025-03-07T10:00:00.000Z'],
    ['the day after tomorrow', '2025-03-07T16:00:00.000Z'],
    ['early next week', '2025-03-10T16:00:00.000Z'],
    ['within the next hour', '2025-03-05T11:00:00.000Z'],
    ['in 2 weeks', '2025-03-19T10:00:00.000Z'],
    ['by EOD', '2025-03-05T16:00:00.000Z'],
    ['by close of business', '2025-03-05T16:00:00.000Z'],
    ['within two working days', '2025-03-07T10:00:00.000Z'],
  ])('reads "%s" too', (text, expected) => {
    expect(due(`I'll do it ${text}.`)).toEqual([expected]);
  });

  it.each(['right now', 'in a second', 'yesterday', 'last Friday'])('finds no due time in "%s"', (text) => {
    expect(due(`I'll do it ${text}.`)).toEqual([]);
  });

  it('finds nothing in text that names no time', () => {
    expect(due('Your order number is 48213 and the parcel holds 2 items.')).toEqual([]);
    expect(due('Thanks for your patience, Maya. We may need a photo of the label.')).toEqual([]);
  });

  it('reads several due times in one draft, each with its words', () => {
    const found = findDueTimes(
      "I'll call you at 10am tomorrow. The refund will arrive within 2-3 hours, and first thing Monday I'll check again.",
      now,
      'Europe/Paris',
    );
    expect(found.map((d) => [d.phrase, d.dueAt.toISOString()])).toEqual([
      ['at 10am tomorrow', '2025-03-06T09:00:00.000Z'],
      ['within 2-3 hours', '2025-03-05T13:00:00.000Z'],
      ['first thing Monday', '2025-03-10T09:00:00.000Z'],
    ]);
  });

  it('reads a weekday named on that day as today until the working day ends, then next week', () => {
    const wednesdayAfternoon = new Date('2025-03-05T12:00:00Z');
    const wednesdayEvening = new Date('2025-03-05T17:30:00Z');
    expect(findDueTimes('by Wednesday', wednesdayAfternoon, 'Europe/Paris')[0]?.dueAt.toISOString()).toBe(
      '2025-03-05T16:00:00.000Z',
    );
    expect(findDueTimes('by Wednesday', wednesdayEvening, 'Europe/Paris')[0]?.dueAt.toISOString()).toBe(
      '2025-03-12T16:00:00.000Z',
    );
  });

  it('computes the instant in the given time zone', () => {
    expect(due('by Friday', 'America/New_York')).toEqual(['2025-03-07T22:00:00.000Z']);
    expect(due('tomorrow', 'Asia/Tokyo')).toEqual(['2025-03-06T08:00:00.000Z']);
  });

  it('crosses a daylight-saving change correctly', () => {
    // New York moves to summer time on Sunday 9 March 2025.
    expect(due('by Monday', 'America/New_York')).toEqual(['2025-03-10T21:00:00.000Z']);
  });

  it('keeps "within 24 hours" exactly a day of hours across a daylight-saving change', () => {
    // Saturday 8 March 2025, 10:00 in New York (EST); clocks go forward that night.
    const saturday = new Date('2025-03-08T15:00:00Z');
    const read = (text: string) => findDueTimes(text, saturday, 'America/New_York').map((d) => d.dueAt.toISOString());
    expect(read('within 24 hours')).toEqual(['2025-03-09T15:00:00.000Z']);
    // Days keep the wall-clock time: Monday 10:00 is now EDT.
    expect(read('in two days')).toEqual(['2025-03-10T14:00:00.000Z']);
    expect(read('tomorrow at 10am')).toEqual(['2025-03-09T14:00:00.000Z']);
    expect(read('by Sunday')).toEqual(['2025-03-09T21:00:00.000Z']);
  });

  it('crosses the autumn change and the spring change in Europe', () => {
    // Friday 24 October 2025, 13:00 in London (BST); clocks go back on Sunday 26 October.
    const friday = new Date('2025-10-24T12:00:00Z');
    expect(findDueTimes('by Monday', friday, 'Europe/London')[0]?.dueAt.toISOString()).toBe('2025-10-27T17:00:00.000Z');
    // Paris moves to summer time on 30 March 2025, before the end of the month.
    expect(due('by the end of the month')).toEqual(['2025-03-31T15:00:00.000Z']);
  });

  it('reads the same whatever zone the code itself runs in (an agent browser)', () => {
    const before = process.env.TZ;
    const text = "I'll call you by Wednesday, at 5, and within 24 hours; next Friday at the latest, or on March 12.";
    const readings: string[][] = [];
    try {
      for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Santiago']) {
        process.env.TZ = zone;
        readings.push(due(text));
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
    // "by Wednesday, at 5" is one due time: Wednesday 17:00 in Paris.
    expect(readings[0]).toEqual([
      '2025-03-05T16:00:00.000Z',
      '2025-03-06T10:00:00.000Z',
      '2025-03-14T16:00:00.000Z',
      '2025-03-12T16:00:00.000Z',
    ]);
    for (const reading of readings) expect(reading).toEqual(readings[0]);
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
