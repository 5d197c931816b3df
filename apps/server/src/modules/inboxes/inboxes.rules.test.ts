import { type BusinessHours, defaultBusinessHours } from '@rapport/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findOverlappingDay, hasAnyOpening, isWithinBusinessHours, localWeekTime } from './inboxes.rules.ts';

const closed: BusinessHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

describe('business hours', () => {
  it('reads the local weekday and time in the inbox time zone', () => {
    // Monday 2026-03-02 07:30 UTC is 08:30 in Paris and still Sunday 23:30 in Los Angeles.
    const at = new Date('2026-03-02T07:30:00Z');
    expect(localWeekTime(at, 'Europe/Paris')).toEqual({ weekday: 'mon', time: '08:30' });
    expect(localWeekTime(at, 'America/Los_Angeles')).toEqual({ weekday: 'sun', time: '23:30' });
  });

  it('is open from the opening minute up to, not including, the closing minute', () => {
    const tz = 'Europe/Paris';
    expect(isWithinBusinessHours(defaultBusinessHours, tz, new Date('2026-03-02T07:59:00Z'))).toBe(false);
    expect(isWithinBusinessHours(defaultBusinessHours, tz, new Date('2026-03-02T08:00:00Z'))).toBe(true);
    expect(isWithinBusinessHours(defaultBusinessHours, tz, new Date('2026-03-02T15:59:00Z'))).toBe(true);
    expect(isWithinBusinessHours(defaultBusinessHours, tz, new Date('2026-03-02T16:00:00Z'))).toBe(false);
    expect(isWithinBusinessHours(defaultBusinessHours, tz, new Date('2026-03-07T10:00:00Z'))).toBe(false);
  });

  it('follows daylight saving time: 09:00 in Paris is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    expect(isWithinBusinessHours(defaultBusinessHours, 'Europe/Paris', new Date('2026-01-05T07:30:00Z'))).toBe(false);
    expect(isWithinBusinessHours(defaultBusinessHours, 'Europe/Paris', new Date('2026-07-06T07:30:00Z'))).toBe(true);
  });

  it('never counts a fully closed week as open, at any instant in any zone', () => {
    const zones = fc.constantFrom('UTC', 'Europe/Paris', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Auckland');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        zones,
        (at, zone) => {
          expect(isWithinBusinessHours(closed, zone, at)).toBe(false);
        },
      ),
    );
    expect(hasAnyOpening(closed)).toBe(false);
    expect(hasAnyOpening(defaultBusinessHours)).toBe(true);
  });

  it('a week open around the clock is open at every instant in every zone', () => {
    const always = Object.fromEntries(
      Object.keys(closed).map((day) => [day, [{ opens: '00:00', closes: '24:00' }]]),
    ) as BusinessHours;
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }), (at) => {
        expect(isWithinBusinessHours(always, 'Pacific/Chatham', at)).toBe(true);
      }),
    );
  });

  it('finds overlapping intervals on a day', () => {
    expect(findOverlappingDay(defaultBusinessHours)).toBeUndefined();
    expect(
      findOverlappingDay({
        ...closed,
        wed: [
          { opens: '13:00', closes: '18:00' },
          { opens: '09:00', closes: '13:30' },
        ],
      }),
    ).toBe('wed');
    expect(
      findOverlappingDay({
        ...closed,
        wed: [
          { opens: '09:00', closes: '12:00' },
          { opens: '12:00', closes: '17:00' },
        ],
      }),
    ).toBeUndefined();
  });
});
