import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { fixedClock } from '../../platform/clock.ts';
import { rebuildAnalytics } from './analytics.service.ts';

/**
 * Follow-through on a small desk, through the real HTTP API on a moving clock. The inbox sends
 * its survey at resolution (no check-in); the inbox is in Europe/Paris (UTC+1 in February), so
 * every instant below is on the same calendar day in Paris. Worked out by hand:
 *
 *  P  Cara, email, Mon 2 Feb. Ann owns it. Two promises: one due 12:00 kept at 09:30, one due
 *     11:00 still open when Ann resolves at 10:30, broken when it falls due (after the
 *     resolution: a late event). The admin grants a refund of EUR 15.00 under "Returns within 30 days". Cara
 *     answers the survey the same day: CSAT 5, effort 2.
 *  Q  Dan, chat, Tue 3 Feb. Bob owns it and resolves it at 10:00. The admin grants a credit of
 *     EUR 5.00 under "Late delivery fee". Dan answers only a week later, Tue 10 Feb: CSAT 2,
 *     effort 6 — a poor score, so a recovery task opens for Bob, who closes it on Wed 11 Feb.
 *  R  Eve, email, Wed 4 Feb. Ann owns it. Ann asks for a refund of USD 200.00 under "returns
 *     within 30 days " (same policy, other spelling) and for a fee waiver of EUR 10.00; the admin
 *     approves the refund and rejects the waiver. Resolved; Eve answers CSAT 4 without effort.
 *
 * Totals over 2–4 Feb once everything happened:
 *  CSAT 5, 2, 4 → average 11/3, satisfied (4–5) 2 of 3. Effort 2, 6 → average 4, easy (1–3) 1 of 2.
 *  Promises: 1 kept, 1 broken → 1/2 of 2. Recovery tasks closed: 1 (Q).
 *  Exceptions: credit · Late delivery fee · EUR 1 (500); refund · Returns within 30 days · EUR 1
 *  (1500); refund · Returns within 30 days · USD 1 (20000); the rejected waiver does not count.
 */
eachEngine('analytics of follow-through, hand-checked', (context) => {
  const clock = fixedClock('2026-02-02T08:00:00.000Z');
  let app: TestApp;
  let desk: Awaited<ReturnType<typeof buildDesk>>;
  let ann: Awaited<ReturnType<typeof buildAgent>>;
  let bob: Awaited<ReturnType<typeof buildAgent>>;
  let admin: Record<string, string>;
  let annHeaders: Record<string, string>;
  let bobHeaders: Record<string, string>;
  let analyst: Record<string, string>;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    app = await buildTestApp(context, { clock });
    desk = await buildDesk(context.db);
    ann = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Ann Agent',
      capacity: 5,
      // Offline: nothing is routed to them; each conversation is claimed by hand below.
      availability: 'offline',
    });
    bob = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Bob Agent',
      availability: 'offline',
    });
    admin = await buildSessionHeaders(context.db, desk.admin);
    annHeaders = await buildSessionHeaders(context.db, ann);
    bobHeaders = await buildSessionHeaders(context.db, bob);
    analyst = await buildSessionHeaders(
      context.db,
      await buildUser(context.db, { accountId: desk.account.id, role: 'analyst' }),
    );
  });
  afterAll(async () => {
    await app.close();
  });

  const at = (iso: string) => clock.set(iso);
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await app.machinery.dispatcher.dispatchPending();
      await app.machinery.jobs.drain();
    }
  };
  const call = async (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => {
    const response = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json();
  };
  const open = async (iso: string, customer: string, channel: 'email' | 'chat', owner: Record<string, string>) => {
    at(iso);
    const { conversation } = await call('POST', '/api/v1/conversations', admin, {
      inboxId: desk.inbox.id,
      customer: { identity: { kind: 'email', value: `${customer}.fictional@example.test` }, name: customer },
      channel,
      message: { body: `A question from ${customer}` },
    });
    await call('POST', `/api/v1/conversations/${conversation.id}/claim`, owner);
    return conversation.id as string;
  };
  const resolve = async (id: string, headers: Record<string, string>) => {
    await call('POST', `/api/v1/conversations/${id}/status`, headers, { status: 'resolved' });
    await settle();
    const messages = (await call('GET', `/api/v1/conversations/${id}/messages`, headers)).messages as {
      body: string;
    }[];
    const link = messages.map((m) => m.body.match(/\/survey\/([^\s?]+)/)?.[1]).find(Boolean);
    if (!link) throw new Error('no survey link was sent');
    return link;
  };
  const answer = async (token: string, body: object) => {
    const response = await app.inject({ method: 'POST', url: `/api/v1/public/surveys/${token}/answer`, payload: body });
    expect(response.statusCode, response.body).toBe(200);
    await settle();
  };
  const grant = (
    id: string,
    headers: Record<string, string>,
    type: string,
    amountMinor: number,
    currency: string,
    policy: string,
  ) =>
    call('POST', `/api/v1/conversations/${id}/exceptions`, headers, {
      type,
      value: { amountMinor, currency },
      policy,
      reason: 'A goodwill gesture for a fictional customer',
    });
  const report = (query: string) => call('GET', `/api/v1/analytics/report?${query}`, analyst);
  const days = 'from=2026-02-02&to=2026-02-04';

  it('builds the follow-through through the real API', async () => {
    await call('PUT', `/api/v1/inboxes/${desk.inbox.id}/follow-up`, admin, {
      checkInDays: 0,
      surveyTiming: 'at_resolution',
    });

    // P
    ids.p = await open('2026-02-02T08:00:00Z', 'cara', 'email', annHeaders);
    const kept = (
      await call('POST', `/api/v1/conversations/${ids.p}/commitments`, annHeaders, {
        what: 'Send the return label',
        dueAt: '2026-02-02T12:00:00Z',
      })
    ).commitment;
    await call('POST', `/api/v1/conversations/${ids.p}/commitments`, annHeaders, {
      what: 'Call back about the refund',
      dueAt: '2026-02-02T11:00:00Z',
    });
    at('2026-02-02T09:30:00Z');
    await call('POST', `/api/v1/commitments/${kept.id}/keep`, annHeaders);
    await grant(ids.p, admin, 'refund', 1500, 'EUR', 'Returns within 30 days');
    at('2026-02-02T10:30:00Z');
    tokens.p = await resolve(ids.p, annHeaders);
    at('2026-02-02T10:45:00Z');
    await answer(tokens.p, { csat: 5, effort: 2 });
    // Resolved with one promise kept and one still open: only the kept one counts yet.
    expect((await report(days)).totals.promises_kept).toEqual({ count: 1, value: 1, p90: null });
    // The open one falls due after the resolution and is broken: P's day changes.
    at('2026-02-02T11:05:00Z');
    await settle();
    const afterBreach = await report(days);
    expect(afterBreach.totals.promises_kept).toEqual({ count: 2, value: 0.5, p90: null });
    expect(afterBreach.staleDays).toEqual([]);

    // Q
    ids.q = await open('2026-02-03T08:00:00Z', 'dan', 'chat', bobHeaders);
    await grant(ids.q, admin, 'credit', 500, 'EUR', 'Late delivery fee');
    at('2026-02-03T10:00:00Z');
    tokens.q = await resolve(ids.q, bobHeaders);

    // R
    ids.r = await open('2026-02-04T08:00:00Z', 'eve', 'email', annHeaders);
    const refund = (await grant(ids.r, annHeaders, 'refund', 20000, 'USD', 'returns within 30 days ')).exception;
    const waiver = (await grant(ids.r, annHeaders, 'fee_waiver', 1000, 'EUR', 'Late delivery fee')).exception;
    expect([refund.status, waiver.status]).toEqual(['pending_approval', 'pending_approval']);
    at('2026-02-04T09:00:00Z');
    await call('POST', `/api/v1/exceptions/${refund.id}/approve`, admin, {});
    await call('POST', `/api/v1/exceptions/${waiver.id}/reject`, admin, { note: 'Not for this order' });
    at('2026-02-04T10:00:00Z');
    tokens.r = await resolve(ids.r, annHeaders);
    await answer(tokens.r, { csat: 4 });
  });

  it('counts the answers given by the 4th, before the late one', async () => {
    const early = await report(days);
    // P 5 and R 4; Q has not answered yet.
    expect(early.totals.csat).toEqual({ count: 2, value: 4.5, p90: null, share: 1 });
    expect(early.totals.effort).toEqual({ count: 1, value: 2, p90: null, share: 1 });
    expect(early.totals.recovery_tasks_closed).toEqual({ count: 0, value: 0, p90: null });
    const second = early.series.find((point: { day: string }) => point.day === '2026-02-02').values;
    expect(second.promises_kept).toEqual({ count: 2, value: 0.5, p90: null });
  });

  it('stays exact when a survey is answered a week after the resolution, and a recovery task closes', async () => {
    at('2026-02-10T09:00:00Z');
    await answer(tokens.q as string, { csat: 2, effort: 6 });
    const tasks = (await call('GET', '/api/v1/recovery-tasks?status=open&mine=true', bobHeaders)).recoveryTasks;
    expect(tasks).toHaveLength(1);
    at('2026-02-11T09:00:00Z');
    await call('POST', `/api/v1/recovery-tasks/${tasks[0].id}/close`, bobHeaders, {
      note: 'Called Dan, sent the parcel again',
    });
    await settle();

    const body = await report(days);
    expect(body.staleDays).toEqual([]);
    const totals = body.totals;
    // 5, 2, 4: average 11/3; 5 and 4 are satisfied.
    expect(totals.csat.count).toBe(3);
    expect(totals.csat.value).toBeCloseTo(11 / 3, 9);
    expect(totals.csat.share).toBeCloseTo(2 / 3, 9);
    // 2 and 6 (R gave no effort): average 4; only 2 is easy.
    expect(totals.effort).toEqual({ count: 2, value: 4, p90: null, share: 0.5 });
    expect(totals.promises_kept).toEqual({ count: 2, value: 0.5, p90: null });
    expect(totals.recovery_tasks_closed).toEqual({ count: 1, value: 1, p90: null });
    expect(totals.exceptions_granted).toEqual({ count: 3, value: 3, p90: null });
    expect(body.exceptions).toEqual([
      { type: 'credit', policy: 'Late delivery fee', currency: 'EUR', count: 1, amountMinor: 500 },
      { type: 'refund', policy: 'Returns within 30 days', currency: 'EUR', count: 1, amountMinor: 1500 },
      { type: 'refund', policy: 'Returns within 30 days', currency: 'USD', count: 1, amountMinor: 20000 },
    ]);
    // The late answer counts on the 3rd, the day Q was resolved, not on the 10th.
    const third = body.series.find((point: { day: string }) => point.day === '2026-02-03').values;
    expect(third.csat).toEqual({ count: 1, value: 2, p90: null, share: 0 });
    expect(third.effort).toEqual({ count: 1, value: 6, p90: null, share: 0 });
    const later = await report('from=2026-02-05&to=2026-02-11');
    expect(later.totals.csat.count).toBe(0);
    expect(later.totals.csat.value).toBeNull();

    // Satisfaction by channel: email (P 5, R 4), chat (Q 2).
    const byChannel = await report(`${days}&by=channel`);
    const csatOf = Object.fromEntries(
      byChannel.breakdown.rows.map((row: { id: string; values: { csat: { value: number } } }) => [
        row.id,
        row.values.csat.value,
      ]),
    );
    expect(csatOf).toEqual({ chat: 2, email: 4.5 });
    // Bob owns Q only.
    const bobs = await report(`${days}&agentId=${bob.id}`);
    expect(bobs.totals.csat).toEqual({ count: 1, value: 2, p90: null, share: 0 });
    expect(bobs.totals.recovery_tasks_closed.value).toBe(1);
    expect(bobs.exceptions).toEqual([
      { type: 'credit', policy: 'Late delivery fee', currency: 'EUR', count: 1, amountMinor: 500 },
    ]);
    expect(body.pending.map((p: { id: string }) => p.id)).not.toContain('csat');
  });

  it('answers a long range from monthly rollups kept by the same jobs, with the same totals', async () => {
    const february = await report('from=2026-02-01&to=2026-02-28');
    expect(february.interval).toBe('day');
    // 74 days: a point a month; February is whole (monthly rows), January and March partial.
    const long = await report('from=2026-01-15&to=2026-03-29');
    expect(long.interval).toBe('month');
    expect(long.series.map((point: { day: string }) => point.day)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(long.totals).toEqual(february.totals);
    expect(long.series[1].values).toEqual(february.totals);
    expect(long.exceptions).toEqual(february.exceptions);
    expect(long.breakdown.rows).toEqual(february.breakdown.rows);
  });

  it('rebuilds the same numbers from the stored follow-through', async () => {
    const before = await report(days);
    const longBefore = await report('from=2026-01-15&to=2026-03-29');
    await rebuildAnalytics({ db: context.db, clock }, { accountId: desk.account.id, batchSize: 2 });
    expect(await report(days)).toEqual(before);
    expect(await report('from=2026-01-15&to=2026-03-29')).toEqual(longBefore);
  });

  it('shows each agent their own quality, and only theirs', async () => {
    const quality = (headers: Record<string, string>, query = '') =>
      app.inject({ method: 'GET', url: `/api/v1/analytics/quality?${days}${query}`, headers });
    // Ann: P (CSAT 5, effort 2, promises 1 kept 1 broken) and R (CSAT 4), both resolved; she
    // takes a new conversation on the 11th: 1 active of 5.
    await open('2026-02-11T10:00:00Z', 'fay', 'email', annHeaders);
    const mine = await quality(annHeaders);
    expect(mine.statusCode, mine.body).toBe(200);
    const body = mine.json();
    expect(body.person).toEqual({ id: ann.id, name: 'Ann Agent' });
    expect(body.totals.csat).toEqual({ count: 2, value: 4.5, p90: null, share: 1 });
    expect(body.totals.effort).toEqual({ count: 1, value: 2, p90: null, share: 1 });
    expect(body.totals.promises_kept).toEqual({ count: 2, value: 0.5, p90: null });
    expect(body.totals.recovery_tasks_closed).toEqual({ count: 0, value: 0, p90: null });
    expect(body.workload).toEqual({ active: 1, capacity: 5 });
    expect(body.series).toHaveLength(3);
    // Quality only: no volume, no handle or response times, nobody else's numbers.
    expect(Object.keys(body.totals).sort()).toEqual(['csat', 'effort', 'promises_kept', 'recovery_tasks_closed']);
    expect(body.series[0].values.conversations_created).toBeUndefined();

    // Bob: Q (CSAT 2, effort 6, one recovery task closed).
    const bobs = (await quality(bobHeaders)).json();
    expect(bobs.totals.csat).toEqual({ count: 1, value: 2, p90: null, share: 0 });
    expect(bobs.totals.recovery_tasks_closed).toEqual({ count: 1, value: 1, p90: null });

    // An agent cannot open a colleague's page; an admin or analyst can open one person's.
    const refused = await quality(annHeaders, `&agentId=${bob.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('analytics.not_yours');
    expect((await quality(annHeaders, `&agentId=${ann.id}`)).statusCode).toBe(200);
    const asAnalyst = (await quality(analyst, `&agentId=${bob.id}`)).json();
    expect(asAnalyst.totals).toEqual(bobs.totals);
    // An analyst is nobody's agent: without a person there is no page.
    expect((await quality(analyst)).statusCode).toBe(404);
    // Another account's person is not found, not shown.
    const other = await buildDesk(context.db);
    const stranger = await buildAgent(context.db, { accountId: other.account.id, teamId: other.team.id });
    expect((await quality(admin, `&agentId=${stranger.id}`)).statusCode).toBe(404);
    // An advocate has no quality page.
    const advocate = await buildSessionHeaders(
      context.db,
      await buildUser(context.db, { accountId: desk.account.id, role: 'advocate' }),
    );
    expect((await quality(advocate)).statusCode).toBe(403);
    expect((await quality(annHeaders, '&from=2026-02-09&to=2026-02-01')).statusCode).toBe(400);
  });
});
