import type { Role } from '@rapport/contracts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Caller } from '../auth/auth.service.ts';
import { addMessage, claimConversation, createConversation } from '../conversations/conversations.service.ts';
import { issueQuote, recordFirstResponse } from '../quotes/quotes.service.ts';
import { rebuildAnalytics } from './analytics.service.ts';

const MIN = 60_000;
const as = (user: { accountId: string; id: string }, role: Role): Caller => ({
  accountId: user.accountId,
  userId: user.id,
  role,
  via: 'session',
});

/**
 * Quotes kept and quote calibration on a small desk, through the real services on a moving clock.
 * The inbox is open Monday–Friday 09:00–17:00 in Europe/Paris (UTC+1 in March). With no history,
 * every quote is the default: a person answers within 60 minutes of open time. Worked out by hand:
 *
 *  A  Mon 2 Mar, quoted 09:00Z (10:00 Paris), due 10:00Z. Answered 09:40Z: kept, 40 min.
 *  B  Mon 2 Mar, quoted 09:10Z, due 10:10Z. Answered 11:25Z: missed, 135 min.
 *  C  Mon 2 Mar, quoted 09:20Z, nobody answers for now: not counted yet.
 *  D  Mon 2 Mar 09:30Z, never quoted, answered 09:35Z: not counted.
 *  E  Tue 3 Mar, quoted 15:30Z (16:30 Paris). By now the history's median wait is B's 135 min, and
 *     no quote goes below it: 135 min of open time, 16:30–17:00 Tue plus 09:00–10:45 Wed, due
 *     Wed 09:45Z. Answered Wed 08:45Z: kept; open time 16:30–17:00 Tue plus 09:00–09:45 Wed = 75 min.
 *
 * Over 2–3 Mar: kept 2 of 3 (A, E; B missed). Quoted waits 60, 60, 135 → median (rank 2 of 3)
 * 60 min, p90 (rank 3) 135 min. Actual waits 40, 75, 135 → median 75 min, p90 135 min.
 * By day: 2 Mar kept 1 of 2, quoted 60 and 60, actual 40 and 135 → median 40, p90 135;
 * 3 Mar kept 1 of 1, quoted 135, actual 75.
 *
 * Later, C is answered Wed 4 Mar 08:20Z (09:20 Paris): missed; open time Mon 10:20–17:00 (400 min)
 * + Tue 09:00–17:00 (480) + Wed 09:00–09:20 (20) = 900 min, counted on Mon 2 Mar, the day it
 * started. Then 2 Mar: kept 1 of 3, actual 40, 135, 900 → median 135, p90 900; over 2–3 Mar:
 * kept 2 of 4, quoted 60, 60, 60, 135 → median 60, p90 (rank 4) 135; actual 40, 75, 135, 900 →
 * median (rank 2) 75, p90 (rank 4) 900.
 */
eachEngine('analytics of wait quotes, hand-checked', (context) => {
  const clock = fixedClock('2026-03-02T09:00:00.000Z');
  let app: TestApp;
  let desk: Awaited<ReturnType<typeof buildDesk>>;
  let ann: Awaited<ReturnType<typeof buildAgent>>;
  let headers: Record<string, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await buildTestApp(context, { clock });
    desk = await buildDesk(context.db);
    ann = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Ann Agent',
      availability: 'offline',
    });
    const analyst = await buildUser(context.db, { accountId: desk.account.id, role: 'analyst' });
    headers = await buildSessionHeaders(context.db, analyst);
  });
  afterAll(async () => {
    await app.close();
  });

  const deps = () => ({ db: context.db, clock, events: app.machinery.events, jobs: app.machinery.jobs });
  const at = (iso: string) => clock.set(iso);
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await app.machinery.dispatcher.dispatchPending();
      await app.machinery.jobs.drain();
    }
  };
  const open = async (iso: string, customer: string, quoted: boolean) => {
    at(iso);
    const { conversation } = await createConversation(deps(), as(desk.admin, 'admin'), {
      inboxId: desk.inbox.id,
      customer: { identity: { kind: 'email', value: `${customer}.fictional@example.test` }, name: customer },
      channel: 'chat',
      message: { body: `A question from ${customer}` },
    });
    await claimConversation(deps(), as(ann, 'agent'), { conversationId: conversation.id });
    if (quoted) await issueQuote(deps(), { accountId: desk.account.id, conversationId: conversation.id });
    await settle();
    return conversation.id;
  };
  const reply = async (iso: string, conversationId: string) => {
    at(iso);
    await addMessage(deps(), as(ann, 'agent'), { conversationId, direction: 'outbound', body: 'Hello from Ann' });
    await settle();
  };
  const report = async (query: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/analytics/report?${query}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const range = 'from=2026-03-02&to=2026-03-03';
  const quoteOf = async (id: string) =>
    context.db
      .selectFrom('quotes')
      .select(['wait_ms', 'due_at', 'kept'])
      .where('conversation_id', '=', id)
      .executeTakeFirstOrThrow();

  it('builds the quotes through the real services', async () => {
    ids.a = await open('2026-03-02T09:00:00Z', 'cara', true);
    ids.b = await open('2026-03-02T09:10:00Z', 'dan', true);
    ids.c = await open('2026-03-02T09:20:00Z', 'eve', true);
    ids.d = await open('2026-03-02T09:30:00Z', 'finn', false);
    await reply('2026-03-02T09:35:00Z', ids.d);
    await reply('2026-03-02T09:40:00Z', ids.a);
    await reply('2026-03-02T11:25:00Z', ids.b);
    ids.e = await open('2026-03-03T15:30:00Z', 'gus', true);
    await reply('2026-03-04T08:45:00Z', ids.e);

    // The quotes are what the hand computation assumes.
    expect(await quoteOf(ids.a)).toMatchObject({ wait_ms: 60 * MIN, due_at: '2026-03-02T10:00:00.000Z' });
    expect(Number((await quoteOf(ids.a)).kept)).toBe(1);
    expect(Number((await quoteOf(ids.b)).kept)).toBe(0);
    expect((await quoteOf(ids.c)).kept).toBeNull();
    expect(await quoteOf(ids.e)).toMatchObject({ wait_ms: 135 * MIN, due_at: '2026-03-04T09:45:00.000Z' });
    expect(Number((await quoteOf(ids.e)).kept)).toBe(1);
  });

  const expectBeforeC = async () => {
    const { totals, series, pending } = await report(range);
    expect(pending.map((p: { id: string }) => p.id)).not.toContain('quotes_kept');
    expect(totals.quotes_kept).toEqual({ count: 3, value: 2 / 3, p90: null });
    expect(totals.quoted_wait).toEqual({ count: 3, value: 60 * MIN, p90: 135 * MIN });
    expect(totals.quoted_actual_wait).toEqual({ count: 3, value: 75 * MIN, p90: 135 * MIN });
    const [mon, tue] = series;
    expect(mon.day).toBe('2026-03-02');
    expect(mon.values.quotes_kept).toEqual({ count: 2, value: 1 / 2, p90: null });
    expect(mon.values.quoted_wait).toEqual({ count: 2, value: 60 * MIN, p90: 60 * MIN });
    expect(mon.values.quoted_actual_wait).toEqual({ count: 2, value: 40 * MIN, p90: 135 * MIN });
    expect(tue.values.quotes_kept).toEqual({ count: 1, value: 1, p90: null });
    expect(tue.values.quoted_wait).toEqual({ count: 1, value: 135 * MIN, p90: 135 * MIN });
    expect(tue.values.quoted_actual_wait).toEqual({ count: 1, value: 75 * MIN, p90: 75 * MIN });
  };

  it('counts answered quotes only: kept, missed, and the calibration of quoted against actual wait', async () => {
    await expectBeforeC();
  });

  it('recomputes the day a quote started on when it is missed days later', async () => {
    await reply('2026-03-04T08:20:00Z', ids.c as string);
    expect(Number((await quoteOf(ids.c as string)).kept)).toBe(0);
    const { totals, series } = await report(range);
    expect(totals.quotes_kept).toEqual({ count: 4, value: 2 / 4, p90: null });
    expect(totals.quoted_wait).toEqual({ count: 4, value: 60 * MIN, p90: 135 * MIN });
    expect(totals.quoted_actual_wait).toEqual({ count: 4, value: 75 * MIN, p90: 900 * MIN });
    expect(series[0].values.quotes_kept).toEqual({ count: 3, value: 1 / 3, p90: null });
    expect(series[0].values.quoted_actual_wait).toEqual({ count: 3, value: 135 * MIN, p90: 900 * MIN });
    // Nothing moved to the day of the answer.
    expect((await report('from=2026-03-04&to=2026-03-04')).totals.quotes_kept.count).toBe(0);
  });

  it('recomputes on the quote settling even when the reply was counted before it', async () => {
    // F, Thu 5 Mar: the reply's own event is counted first (no quote yet); the quote is settled
    // afterwards, as the quotes listener may do after analytics saw the reply. Only the
    // quote.settled event can bring the facts up to date: kept (answered before it was due).
    ids.f = await open('2026-03-05T10:00:00Z', 'hal', false);
    await reply('2026-03-05T10:05:00Z', ids.f);
    at('2026-03-05T10:06:00Z');
    await issueQuote(deps(), { accountId: desk.account.id, conversationId: ids.f });
    await settle();
    const thursday = 'from=2026-03-05&to=2026-03-05';
    expect((await report(thursday)).totals.quotes_kept.count).toBe(0);
    await recordFirstResponse(deps(), { accountId: desk.account.id, conversationId: ids.f });
    await settle();
    const { totals } = await report(thursday);
    expect(totals.quotes_kept).toEqual({ count: 1, value: 1, p90: null });
    expect(totals.quoted_actual_wait).toMatchObject({ count: 1, value: 0 });
  });

  it('gives the same numbers after a rebuild from the base tables', async () => {
    const before = await report(range);
    await rebuildAnalytics({ db: context.db, clock }, { accountId: desk.account.id });
    const after = await report(range);
    expect(after.totals).toEqual(before.totals);
    expect(after.series).toEqual(before.series);
  });
});
