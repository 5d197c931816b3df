import { type BusinessHours, defaultBusinessHours } from '@rapport/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMs, businessMsBetween, isWithinBusinessHours, nextOpening } from '../inboxes/inboxes.rules.ts';
import {
  conservativePercentileOf,
  medianOf,
  percentileOf,
  quoteResponse,
  quoteSentence,
  reviseQuote,
  roundUpWait,
} from './quotes.rules.ts';

const MINUTE = 60_000;
const tz = 'Europe/Paris';
// Monday 2 March 2026, 10:00 in Paris (09:00 UTC): open.
const mondayMorning = Date.parse('2026-03-02T09:00:00Z');
// Friday 6 March 2026, 18:30 in Paris: closed until Monday 09:00.
const fridayEvening = Date.parse('2026-03-06T17:30:00Z');

// The same hour of the week over the 15 weeks before (all in winter time, so the same local hour).
const samples = (waitsMinutes: number[], at = mondayMorning) =>
  waitsMinutes.map((minutes, index) => ({
    arrivedAt: at - ((index % 15) + 1) * 7 * 24 * 60 * MINUTE,
    waitMs: minutes * MINUTE,
  }));

describe('business time', () => {
  it('counts only open time between two instants', () => {
    // Friday 16:00 → Monday 10:00 in Paris: one hour on Friday, one on Monday.
    const from = Date.parse('2026-03-06T15:00:00Z');
    const to = Date.parse('2026-03-09T09:00:00Z');
    expect(businessMsBetween(defaultBusinessHours, tz, from, to)).toBe(120 * MINUTE);
  });

  it('adds open time across a weekend', () => {
    const from = Date.parse('2026-03-06T15:30:00Z'); // Friday 16:30
    expect(new Date(addBusinessMs(defaultBusinessHours, tz, from, 60 * MINUTE)).toISOString()).toBe(
      '2026-03-09T08:30:00.000Z', // Monday 09:30
    );
  });

  it('finds the next opening, across a daylight-saving change', () => {
    // Saturday 28 March 2026; Paris moves to summer time on Sunday 29 March.
    const saturday = Date.parse('2026-03-28T12:00:00Z');
    expect(new Date(nextOpening(defaultBusinessHours, tz, saturday) ?? 0).toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
  });
});

describe('business time on a daylight-saving day', () => {
  it('opens at local midnight on the day Adelaide moves to summer time (found by the property test)', () => {
    const sundayMidnightOnly: BusinessHours = {
      mon: [],
      tue: [],
      wed: [],
      thu: [],
      fri: [],
      sat: [],
      sun: [{ opens: '00:00', closes: '01:00' }],
    };
    // Saturday 3 October 2026; clocks in Adelaide go from 02:00 to 03:00 on Sunday 4 October.
    const at = Date.parse('2026-10-03T01:30:00Z');
    const opening = nextOpening(sundayMidnightOnly, 'Australia/Adelaide', at) ?? 0;
    expect(new Date(opening).toISOString()).toBe('2026-10-03T14:30:00.000Z'); // 00:00 at +09:30
    expect(isWithinBusinessHours(sundayMidnightOnly, 'Australia/Adelaide', new Date(opening))).toBe(true);
  });
});

describe('quoteResponse', () => {
  it('quotes a reasonable default before there is history', () => {
    const quote = quoteResponse({ history: [], at: mondayMorning, businessHours: defaultBusinessHours, timeZone: tz });
    expect(quote.basis).toBe('default');
    expect(quote.waitMs).toBe(60 * MINUTE);
    expect(quote.dueAt).toBe(mondayMorning + 60 * MINUTE);
    expect(quote.lapseAt).toBe(mondayMorning + 48 * MINUTE);
    expect(quote.backAt).toBeNull();
  });

  it('quotes a conservative 80th percentile of past waits, rounded up', () => {
    // 100 waits of 1…100 minutes: p80 is 80; its upper 90% bound is the 86th (86 min → 1 h 30).
    const waits = Array.from({ length: 100 }, (_v, i) => i + 1);
    const quote = quoteResponse({
      history: samples(waits),
      at: mondayMorning,
      businessHours: defaultBusinessHours,
      timeZone: tz,
    });
    expect(quote.basis).toBe('history');
    expect(quote.waitMs).toBe(90 * MINUTE);
    expect(quote.sampleSize).toBe(100);
    expect(conservativePercentileOf(waits, 0.8)).toBe(86);
  });

  it('leans high on few samples and converges on the percentile with many', () => {
    expect(conservativePercentileOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.8)).toBe(10);
    const many = Array.from({ length: 10_000 }, (_v, i) => i + 1);
    expect(conservativePercentileOf(many, 0.8)).toBe(8052);
  });

  it('uses the waits of the same hour of the week when there are enough', () => {
    // Mondays at 10:00 are slow (45 min); the rest of the week is quick (5 min).
    const slowMondays = samples(Array(25).fill(45));
    const quickTuesdays = samples(Array(60).fill(5), mondayMorning + 24 * 60 * MINUTE);
    const history = [...slowMondays, ...quickTuesdays];
    const monday = quoteResponse({ history, at: mondayMorning, businessHours: defaultBusinessHours, timeZone: tz });
    const tuesday = quoteResponse({
      history,
      at: mondayMorning + 24 * 60 * MINUTE,
      businessHours: defaultBusinessHours,
      timeZone: tz,
    });
    expect(monday.waitMs).toBe(45 * MINUTE);
    expect(tuesday.waitMs).toBe(5 * MINUTE);
  });

  it('outside business hours says when the team is back and counts from then', () => {
    const quote = quoteResponse({ history: [], at: fridayEvening, businessHours: defaultBusinessHours, timeZone: tz });
    expect(new Date(quote.backAt ?? 0).toISOString()).toBe('2026-03-09T08:00:00.000Z');
    expect(new Date(quote.dueAt).toISOString()).toBe('2026-03-09T09:00:00.000Z');
  });

  it('revises an estimate from the waits that were at least as long', () => {
    const waits = [...Array(40).fill(10), ...Array(20).fill(30), ...Array(20).fill(60)];
    const revised = reviseQuote({
      history: samples(waits),
      waitedMs: 20 * MINUTE,
      at: mondayMorning,
      businessHours: defaultBusinessHours,
      timeZone: tz,
    });
    // Of those who waited over 20 minutes, a conservative 80% were answered within 40 more.
    expect(revised.waitMs).toBe(40 * MINUTE);
  });
});

describe('quoteSentence', () => {
  it('says by when a person answers, in the inbox time, and when the team is back', () => {
    const open = quoteResponse({ history: [], at: mondayMorning, businessHours: defaultBusinessHours, timeZone: tz });
    expect(quoteSentence(open, { timeZone: tz, nowMs: mondayMorning })).toBe(
      'A person will answer you by today at 11:00 (Europe/Paris time).',
    );
    const closed = quoteResponse({ history: [], at: fridayEvening, businessHours: defaultBusinessHours, timeZone: tz });
    expect(quoteSentence(closed, { timeZone: tz, nowMs: fridayEvening })).toBe(
      "We're closed right now and back on Monday at 09:00 (Europe/Paris time); a person will answer you by 10:00 that day.",
    );
  });
});

const openingArb = fc.tuple(fc.integer({ min: 0, max: 22 }), fc.integer({ min: 1, max: 10 })).map(([opens, length]) => {
  const closes = Math.min(24, opens + length);
  const hhmm = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return { opens: hhmm(opens), closes: hhmm(closes) };
});
const hoursArb: fc.Arbitrary<BusinessHours> = fc
  .record({
    mon: fc.array(openingArb, { maxLength: 1 }),
    tue: fc.array(openingArb, { maxLength: 1 }),
    wed: fc.array(openingArb, { maxLength: 1 }),
    thu: fc.array(openingArb, { maxLength: 1 }),
    fri: fc.array(openingArb, { maxLength: 1 }),
    sat: fc.array(openingArb, { maxLength: 1 }),
    sun: fc.array(openingArb, { maxLength: 1 }),
  })
  .filter((hours) => Object.values(hours).some((day) => day.length > 0));
const zoneArb = fc.constantFrom('Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Australia/Adelaide', 'UTC');
const instantArb = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') });
const historyArb = fc.array(
  fc.record({ arrivedAt: instantArb, waitMs: fc.integer({ min: 0, max: 3 * 24 * 60 * MINUTE }) }),
  { maxLength: 60 },
);

describe('quote properties', () => {
  it('is never below the median of the observed waits', () => {
    fc.assert(
      fc.property(historyArb, instantArb, hoursArb, zoneArb, (history, at, businessHours, timeZone) => {
        const quote = quoteResponse({ history, at, businessHours, timeZone });
        const waits = history.map((sample) => sample.waitMs).sort((a, b) => a - b);
        if (waits.length > 0) expect(quote.waitMs).toBeGreaterThanOrEqual(medianOf(waits));
        expect(quote.dueAt).toBeGreaterThanOrEqual(at);
        expect(quote.lapseAt).toBeLessThanOrEqual(quote.dueAt);
      }),
      { numRuns: 200 },
    );
  });

  it('outside business hours points to the next opening, and counts the wait from there', () => {
    fc.assert(
      fc.property(historyArb, instantArb, hoursArb, zoneArb, (history, at, businessHours, timeZone) => {
        fc.pre(!isWithinBusinessHours(businessHours, timeZone, new Date(at)));
        const quote = quoteResponse({ history, at, businessHours, timeZone });
        const opening = nextOpening(businessHours, timeZone, at);
        expect(quote.backAt).toBe(opening);
        expect(quote.backAt ?? 0).toBeGreaterThan(at);
        expect(isWithinBusinessHours(businessHours, timeZone, new Date(quote.backAt ?? 0))).toBe(true);
        expect(quote.dueAt).toBeGreaterThan(quote.backAt ?? 0);
        expect(businessMsBetween(businessHours, timeZone, at, quote.dueAt)).toBe(quote.waitMs);
      }),
      { numRuns: 200 },
    );
  });

  it('inside business hours starts counting at once', () => {
    fc.assert(
      fc.property(historyArb, instantArb, hoursArb, zoneArb, (history, at, businessHours, timeZone) => {
        fc.pre(isWithinBusinessHours(businessHours, timeZone, new Date(at)));
        const quote = quoteResponse({ history, at, businessHours, timeZone });
        expect(quote.backAt).toBeNull();
        expect(businessMsBetween(businessHours, timeZone, at, quote.dueAt)).toBe(quote.waitMs);
      }),
      { numRuns: 200 },
    );
  });

  it('rounds up, never down', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 24 * 60 * MINUTE }), (ms) => {
        expect(roundUpWait(ms)).toBeGreaterThanOrEqual(ms);
      }),
    );
  });

  it('takes an observed wait as its percentile', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, share) => {
        const sorted = [...values].sort((a, b) => a - b);
        expect(sorted).toContain(percentileOf(sorted, share));
      }),
    );
  });
});
