import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultBusinessHours, liveMetricIds, metricDefinitions, qualityMetricIds } from '@rapport/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../main.ts';
import {
  businessMsBetween,
  type ConversationFacts,
  type DayData,
  durationBucket,
  localDay,
  mergeInto,
  metricValuesOf,
  type StoredDayData,
  storedDayData,
} from './analytics.rules.ts';
import { rollupRowsOfDay } from './analytics.service.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('business hours between two instants', () => {
  it('counts only opening hours, in the inbox time zone', () => {
    // Friday 16:00 Paris to Monday 10:00 Paris (UTC+1): 1 h on Friday, 1 h on Monday.
    expect(
      businessMsBetween(defaultBusinessHours, 'Europe/Paris', '2026-01-09T15:00:00Z', '2026-01-12T09:00:00Z'),
    ).toBe(2 * HOUR);
    // Within one night: nothing.
    expect(
      businessMsBetween(defaultBusinessHours, 'Europe/Paris', '2026-01-06T19:00:00Z', '2026-01-07T06:00:00Z'),
    ).toBe(0);
    // New York across the March DST change: Fri 16:00 EST to Mon 10:00 EDT.
    expect(
      businessMsBetween(defaultBusinessHours, 'America/New_York', '2026-03-06T21:00:00Z', '2026-03-09T14:00:00Z'),
    ).toBe(2 * HOUR);
  });

  it('is never more than the wall-clock time, and adds up over a split', () => {
    const instant = fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2027-01-01') });
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 20 * 24 * HOUR }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (start, length, split) => {
          const a = new Date(start).toISOString();
          const mid = new Date(start + Math.floor(length * split)).toISOString();
          const b = new Date(start + length).toISOString();
          const whole = businessMsBetween(defaultBusinessHours, 'Europe/Paris', a, b);
          expect(whole).toBeLessThanOrEqual(length);
          expect(whole).toBe(
            businessMsBetween(defaultBusinessHours, 'Europe/Paris', a, mid) +
              businessMsBetween(defaultBusinessHours, 'Europe/Paris', mid, b),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('names the day in the inbox time zone', () => {
    expect(localDay('2026-01-06T23:30:00Z', 'Europe/Paris')).toBe('2026-01-07');
    expect(localDay('2026-01-07T03:30:00Z', 'America/New_York')).toBe('2026-01-06');
  });
});

// A direct computation from facts, written independently of the rollups.
function direct(facts: ConversationFacts[], from: string, to: string) {
  const inRange = (day: string | null) => day !== null && day >= from && day <= to;
  const created = facts.filter((f) => inRange(f.createdDay));
  const resolved = facts.filter((f) => inRange(f.resolvedDay));
  const percentiles = (values: number[]) => {
    const sorted = values.map(durationBucket).sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? null;
    return { count: sorted.length, value: sorted.length ? at(0.5) : null, p90: sorted.length ? at(0.9) : null };
  };
  const mean = (values: number[]) => ({
    count: values.length,
    value: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
    p90: null,
  });
  const withReason = created.filter((f) => f.contactReason !== null);
  const repeats = withReason.filter((f) => f.repeatContact).length;
  return {
    conversations_created: { count: created.length, value: created.length, p90: null },
    first_response_time: percentiles(created.flatMap((f) => (f.firstResponseMs === null ? [] : [f.firstResponseMs]))),
    resolution_time: percentiles(resolved.flatMap((f) => (f.resolutionMs === null ? [] : [f.resolutionMs]))),
    resolution_time_business: percentiles(
      resolved.flatMap((f) => (f.resolutionBusinessMs === null ? [] : [f.resolutionBusinessMs])),
    ),
    reopen_rate: mean(resolved.map((f) => (f.reopened ? 1 : 0))),
    contacts_per_issue: {
      count: withReason.length,
      value:
        withReason.length && withReason.length > repeats ? withReason.length / (withReason.length - repeats) : null,
      p90: null,
    },
    transfers_per_conversation: mean(resolved.map((f) => f.transfers)),
    unowned_time: mean(resolved.flatMap((f) => (f.unownedMs === null ? [] : [f.unownedMs]))),
    csat: mean(resolved.flatMap((f) => f.followThrough.surveys.map((s) => s.csat))),
    effort: mean(resolved.flatMap((f) => f.followThrough.surveys.flatMap((s) => (s.effort ? [s.effort] : [])))),
    promises_kept: mean(
      resolved.flatMap((f) => [
        ...Array<number>(f.followThrough.promisesKept).fill(1),
        ...Array<number>(f.followThrough.promisesBroken).fill(0),
      ]),
    ),
    recovery_tasks_closed: (() => {
      const counted = resolved.filter((f) => f.followThrough.recoveryTasksClosed > 0);
      return {
        count: counted.length,
        value: counted.reduce((sum, f) => sum + f.followThrough.recoveryTasksClosed, 0),
        p90: null,
      };
    })(),
    exceptions_granted: (() => {
      const n = created.reduce((sum, f) => sum + f.followThrough.exceptions.length, 0);
      return { count: n, value: n, p90: null };
    })(),
    quotes_kept: mean(created.flatMap((f) => (f.quote?.kept == null ? [] : [f.quote.kept ? 1 : 0]))),
    quoted_wait: percentiles(created.flatMap((f) => (f.quote?.kept == null ? [] : [f.quote.waitMs]))),
    quoted_actual_wait: percentiles(
      created.flatMap((f) => (f.quote?.kept == null || f.quote.actualMs === null ? [] : [f.quote.actualMs])),
    ),
  };
}

const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'];
const factsArbitrary = fc
  .record({
    inboxId: fc.constantFrom('in-1', 'in-2'),
    channel: fc.constantFrom('email', 'chat'),
    agentId: fc.constantFrom('', 'ann', 'bob'),
    contactReason: fc.option(fc.constantFrom('billing', 'delivery'), { nil: null }),
    created: fc.integer({ min: 0, max: 4 }),
    resolvedAfter: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
    firstResponseMs: fc.option(fc.integer({ min: 0, max: 40 * 24 * HOUR }), { nil: null }),
    resolutionMs: fc.integer({ min: 0, max: 40 * 24 * HOUR }),
    businessShare: fc.double({ min: 0, max: 1, noNaN: true }),
    reopened: fc.boolean(),
    transfers: fc.integer({ min: 0, max: 3 }),
    unownedMs: fc.integer({ min: 0, max: 10 * HOUR }),
    repeatContact: fc.boolean(),
    surveys: fc.array(
      fc.record({
        csat: fc.integer({ min: 1, max: 5 }),
        effort: fc.option(fc.integer({ min: 1, max: 7 }), { nil: null }),
      }),
      { maxLength: 2 },
    ),
    promisesKept: fc.integer({ min: 0, max: 2 }),
    promisesBroken: fc.integer({ min: 0, max: 2 }),
    recoveryTasksClosed: fc.integer({ min: 0, max: 1 }),
    exceptions: fc.array(
      fc.record({
        type: fc.constantFrom('refund', 'credit'),
        policyKey: fc.constantFrom('returns', 'late fees'),
        currency: fc.constantFrom('EUR', 'USD'),
        amountMinor: fc.integer({ min: 0, max: 10_000 }),
      }),
      { maxLength: 2 },
    ),
    quote: fc.option(
      fc.record({
        waitMs: fc.integer({ min: 0, max: 3 * 24 * HOUR }),
        answered: fc.option(fc.record({ actualMs: fc.integer({ min: 0, max: 5 * 24 * HOUR }), kept: fc.boolean() }), {
          nil: null,
        }),
      }),
      { nil: null },
    ),
  })
  .map((r): ConversationFacts => {
    const resolvedIndex = r.resolvedAfter === null ? null : Math.min(4, r.created + r.resolvedAfter);
    return {
      conversationId: `c-${Math.random()}`,
      accountId: 'acc',
      inboxId: r.inboxId,
      teamId: r.inboxId === 'in-1' ? 'team-1' : 'team-2',
      channel: r.channel,
      agentId: r.agentId,
      customerId: 'cust',
      contactReason: r.contactReason,
      createdDay: days[r.created] as string,
      resolvedDay: resolvedIndex === null ? null : (days[resolvedIndex] as string),
      firstResponseMs: r.firstResponseMs,
      resolutionMs: resolvedIndex === null ? null : r.resolutionMs,
      resolutionBusinessMs: resolvedIndex === null ? null : Math.floor(r.resolutionMs * r.businessShare),
      reopened: r.reopened,
      transfers: r.transfers,
      unownedMs: resolvedIndex === null ? null : r.unownedMs,
      repeatContact: r.contactReason !== null && r.repeatContact,
      followThrough: {
        surveys: r.surveys,
        promisesKept: r.promisesKept,
        promisesBroken: r.promisesBroken,
        recoveryTasksClosed: r.recoveryTasksClosed,
        exceptions: r.exceptions.map((e) => ({ ...e, policy: e.policyKey })),
      },
      quote: r.quote && {
        waitMs: r.quote.waitMs,
        actualMs: r.quote.answered?.actualMs ?? null,
        kept: r.quote.answered?.kept ?? null,
      },
    };
  });

describe('rollups', () => {
  it('answer exactly what a direct computation from the facts answers, for any range and filter', () => {
    fc.assert(
      fc.property(
        fc.array(factsArbitrary, { maxLength: 60 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.option(fc.constantFrom('ann', 'bob', ''), { nil: undefined }),
        fc.option(fc.constantFrom('email', 'chat'), { nil: undefined }),
        (facts, a, b, agentId, channel) => {
          const from = days[Math.min(a, b)] as string;
          const to = days[Math.max(a, b)] as string;
          const rows = days.flatMap((day) =>
            rollupRowsOfDay(
              day,
              facts.filter((f) => f.createdDay === day || f.resolvedDay === day),
            ),
          );
          const totals: DayData = {};
          for (const row of rows) {
            if (row.day < from || row.day > to) continue;
            if (agentId !== undefined && row.agentId !== agentId) continue;
            if (channel !== undefined && row.channel !== channel) continue;
            mergeInto(totals, row.data);
          }
          const filtered = facts.filter(
            (f) => (agentId === undefined || f.agentId === agentId) && (channel === undefined || f.channel === channel),
          );
          const expected = direct(filtered, from, to);
          const actual = metricValuesOf(totals);
          for (const id of liveMetricIds) {
            const want = expected[id];
            const got = actual[id];
            expect(got.count, id).toBe(want.count);
            expect(got.p90, id).toBe(want.p90);
            if (want.value === null) expect(got.value, id).toBeNull();
            else expect(got.value, id).toBeCloseTo(want.value, 9);
          }
          // The good share of scores, from the answers directly.
          const answers = filtered.filter(
            (f) => f.resolvedDay !== null && f.resolvedDay >= from && f.resolvedDay <= to,
          );
          const csats = answers.flatMap((f) => f.followThrough.surveys.map((s) => s.csat));
          const efforts = answers.flatMap((f) => f.followThrough.surveys.flatMap((s) => (s.effort ? [s.effort] : [])));
          const share = (values: number[], good: (v: number) => boolean) =>
            values.length ? values.filter(good).length / values.length : null;
          expect(actual.csat.share ?? null).toBe(share(csats, (v) => v >= 4));
          expect(actual.effort.share ?? null).toBe(share(efforts, (v) => v <= 3));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('metric definitions', () => {
  it('docs/METRICS.md gives every metric with the same definition, word for word', () => {
    const docs = readFileSync(path.join(repoRoot, 'docs/METRICS.md'), 'utf8');
    for (const metric of metricDefinitions) {
      const section = docs.split(/\n(?=### )/).find((part) => part.startsWith(`### ${metric.name}\n`));
      expect(section, `docs/METRICS.md has no "### ${metric.name}" section`).toBeDefined();
      expect(section?.replace(/\s+/g, ' '), metric.id).toContain(metric.definition);
      expect(section, metric.id).toContain(`\`${metric.id}\``);
    }
  });

  it('marks exactly the quality page metrics as quality', () => {
    expect(metricDefinitions.filter((m) => m.quality).map((m) => m.id)).toEqual([...qualityMetricIds]);
  });

  it('never defines handle time, messages sent or conversations closed per person', () => {
    const words = metricDefinitions.map((m) => `${m.id} ${m.name}`.toLowerCase()).join(' ');
    for (const refused of ['handle', 'messages sent', 'closed per', 'tickets closed', 'leaderboard'])
      expect(words).not.toContain(refused);
  });
});

describe('rollup cells as stored', () => {
  const MINUTE = 60_000;
  const computed = (): DayData => ({
    first_response_time: {
      n: 3,
      sum: 13 * MINUTE,
      h: new Map([
        [9 * MINUTE, 1],
        [2 * MINUTE, 2],
      ]),
    },
    contact_reasons: {
      n: 3,
      sum: 0,
      k: new Map([
        ['billing', 2],
        ['', 1],
      ]),
    },
  });

  it('store histograms as flat pairs in bucket order, and read back to the same answers', () => {
    const stored = storedDayData(computed());
    expect(stored.first_response_time?.h).toEqual([2 * MINUTE, 2, 9 * MINUTE, 1]);
    expect(stored.contact_reasons?.k).toEqual({ billing: 2, '': 1 });
    const read: DayData = {};
    mergeInto(read, JSON.parse(JSON.stringify(stored)) as StoredDayData);
    expect(metricValuesOf(read)).toEqual(metricValuesOf(computed()));
  });

  it('read rows written with a histogram object (bucket → count) alike', () => {
    const older: StoredDayData = {
      first_response_time: { n: 3, sum: 13 * MINUTE, h: { [2 * MINUTE]: 2, [9 * MINUTE]: 1 } },
      contact_reasons: { n: 3, sum: 0, k: { billing: 2, '': 1 } },
    };
    const fromOlder: DayData = {};
    mergeInto(fromOlder, older);
    expect(metricValuesOf(fromOlder)).toEqual(metricValuesOf(computed()));
    expect(storedDayData(older)).toEqual(storedDayData(computed()));
  });
});
