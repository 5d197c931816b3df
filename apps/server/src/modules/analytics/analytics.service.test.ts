import type { Role } from '@rapport/contracts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Caller } from '../auth/auth.service.ts';
import {
  addMessage,
  changeStatus,
  claimConversation,
  createConversation,
  reassignConversation,
  updateConversation,
} from '../conversations/conversations.service.ts';
import { acceptHandoff, requestHandoff } from '../conversations/handoffs.service.ts';
import { rebuildAnalytics } from './analytics.service.ts';

const MIN = 60_000;
const as = (user: { accountId: string; id: string }, role: Role): Caller => ({
  accountId: user.accountId,
  userId: user.id,
  role,
  via: 'session',
});

/**
 * A week of a small desk, built through the real services on a moving clock. Inbox hours are the
 * default Monday–Friday 09:00–17:00 in Europe/Paris (UTC+1 in January). Every expected value below
 * is worked out by hand from these timestamps.
 *
 *  A  Cara, email, billing.  Mon 5 Jan 09:00Z created; Ann claims 09:20 (20 min unowned); Ann
 *     replies 09:30 (first response 30 min); resolved 11:00 (120 min; business 10:00–12:00 Paris
 *     = 120 min). Created and resolved on the 5th.
 *  B  Cara, chat, billing again a day later (same issue again). Tue 6 Jan 16:00Z (17:00 Paris,
 *     closed); Ann claims Wed 07:00 (900 min unowned), replies 07:10 (910 min), hands off to Bob
 *     who accepts 07:20 (1 transfer); Bob resolves 09:00 (1020 min; business: Wed 09:00–10:00
 *     Paris = 60 min). Resolved on the 7th.
 *  C  Dan, email, delivery. Wed 7 Jan 10:00Z; Bob claims 10:05 (5 min unowned); admin reassigns
 *     to Ann 10:10 (1 transfer); Ann replies 10:40 (40 min); resolves 12:00. Then — the late
 *     event — Dan writes again Fri 9 Jan 08:00 (reopened) and it is resolved again Mon 12 Jan
 *     10:00Z: 5 days = 7200 min; business: Wed 11–17, Thu 9–17, Fri 9–17, Mon 9–11 = 24 h. Its
 *     resolution moves from the 7th to the 12th.
 *  D  Eve, social, no reason. Thu 8 Jan 12:00Z; Ann claims at once; no reply yet; still open.
 */
eachEngine('analytics on a hand-checked week', (context) => {
  let app: TestApp;
  const clock = fixedClock('2026-01-05T09:00:00Z');
  let desk: Awaited<ReturnType<typeof buildDesk>>;
  let ann: Awaited<ReturnType<typeof buildAgent>>;
  let bob: Awaited<ReturnType<typeof buildAgent>>;
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
      capacity: 5,
    });
    bob = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Bob Agent',
      availability: 'offline',
      capacity: 3,
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
    await app.machinery.dispatcher.dispatchPending();
    await app.machinery.jobs.drain();
  };
  const admin = () => as(desk.admin, 'admin');
  const open = async (iso: string, customer: string, channel: 'email' | 'chat' | 'social') => {
    at(iso);
    const { conversation } = await createConversation(deps(), admin(), {
      inboxId: desk.inbox.id,
      customer: { identity: { kind: 'email', value: `${customer}@example.test` }, name: customer },
      channel,
      message: { body: `A question from ${customer}` },
    });
    return conversation.id;
  };
  const report = async (query: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/analytics/report?${query}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const week = 'from=2026-01-05&to=2026-01-12';

  it('builds the week through the real services', async () => {
    // A
    ids.a = await open('2026-01-05T09:00:00Z', 'cara', 'email');
    at('2026-01-05T09:20:00Z');
    await claimConversation(deps(), as(ann, 'agent'), { conversationId: ids.a });
    at('2026-01-05T09:30:00Z');
    await addMessage(deps(), as(ann, 'agent'), { conversationId: ids.a, direction: 'outbound', body: 'Hello Cara' });
    at('2026-01-05T09:31:00Z');
    await updateConversation(deps(), as(ann, 'agent'), { conversationId: ids.a, contactReason: 'billing' });
    at('2026-01-05T11:00:00Z');
    await changeStatus(deps(), as(ann, 'agent'), { conversationId: ids.a, status: 'resolved' });
    await settle();

    // B
    ids.b = await open('2026-01-06T16:00:00Z', 'cara', 'chat');
    at('2026-01-07T07:00:00Z');
    await claimConversation(deps(), as(ann, 'agent'), { conversationId: ids.b });
    await updateConversation(deps(), as(ann, 'agent'), { conversationId: ids.b, contactReason: 'billing' });
    at('2026-01-07T07:10:00Z');
    await addMessage(deps(), as(ann, 'agent'), { conversationId: ids.b, direction: 'outbound', body: 'Hi again' });
    at('2026-01-07T07:15:00Z');
    const { handoff } = await requestHandoff(deps(), as(ann, 'agent'), {
      conversationId: ids.b,
      toUserId: bob.id,
      note: 'Bob knows this invoice',
    });
    at('2026-01-07T07:20:00Z');
    await acceptHandoff(deps(), as(bob, 'agent'), { handoffId: handoff.id });
    at('2026-01-07T09:00:00Z');
    await changeStatus(deps(), as(bob, 'agent'), { conversationId: ids.b, status: 'resolved' });

    // C
    ids.c = await open('2026-01-07T10:00:00Z', 'dan', 'email');
    at('2026-01-07T10:05:00Z');
    await claimConversation(deps(), as(bob, 'agent'), { conversationId: ids.c });
    at('2026-01-07T10:10:00Z');
    await reassignConversation(deps(), admin(), {
      conversationId: ids.c,
      userId: ann.id,
      reason: 'Ann handles deliveries',
    });
    await updateConversation(deps(), as(ann, 'agent'), { conversationId: ids.c, contactReason: 'delivery' });
    at('2026-01-07T10:40:00Z');
    await addMessage(deps(), as(ann, 'agent'), { conversationId: ids.c, direction: 'outbound', body: 'On its way' });
    at('2026-01-07T12:00:00Z');
    await changeStatus(deps(), as(ann, 'agent'), { conversationId: ids.c, status: 'resolved' });

    // D
    ids.d = await open('2026-01-08T12:00:00Z', 'eve', 'social');
    await claimConversation(deps(), as(ann, 'agent'), { conversationId: ids.d });
    await settle();
  });

  it('counts each metric as worked out by hand, before the late event', async () => {
    const body = await report('from=2026-01-05&to=2026-01-08');
    expect(body.totals.conversations_created).toEqual({ count: 4, value: 4, p90: null });
    // 30, 40, 910 min: the median is the 2nd of 3, the 90th percentile the 3rd.
    expect(body.totals.first_response_time).toEqual({ count: 3, value: 40 * MIN, p90: 910 * MIN });
    // Resolved A 120, B 1020, C 120 → sorted 120, 120, 1020.
    expect(body.totals.resolution_time).toEqual({ count: 3, value: 120 * MIN, p90: 1020 * MIN });
    const seventh = body.series.find((point: { day: string }) => point.day === '2026-01-07');
    expect(seventh.values.resolution_time.count).toBe(2);
  });

  it('stays exact when a conversation is reopened and resolved days later', async () => {
    at('2026-01-09T08:00:00Z');
    await addMessage(deps(), admin(), {
      conversationId: ids.c as string,
      direction: 'inbound',
      body: 'Still not here',
    });
    at('2026-01-12T10:00:00Z');
    await changeStatus(deps(), admin(), { conversationId: ids.c as string, status: 'resolved' });
    await settle();

    const body = await report(week);
    const totals = body.totals;
    expect(totals.conversations_created).toEqual({ count: 4, value: 4, p90: null });
    expect(totals.first_response_time).toEqual({ count: 3, value: 40 * MIN, p90: 910 * MIN });
    // Wall clock: 120 (A), 1020 (B), 7200 (C) min.
    expect(totals.resolution_time).toEqual({ count: 3, value: 1020 * MIN, p90: 7200 * MIN });
    // Business hours: 120 (A), 60 (B), 1440 (C) min → sorted 60, 120, 1440.
    expect(totals.resolution_time_business).toEqual({ count: 3, value: 120 * MIN, p90: 1440 * MIN });
    // C was reopened: 1 of 3 resolved.
    expect(totals.reopen_rate).toEqual({ count: 3, value: 1 / 3, p90: null });
    // A, B, C have a reason; B is Cara about billing again within 7 days: 3 contacts, 2 issues.
    expect(totals.contacts_per_issue).toEqual({ count: 3, value: 1.5, p90: null });
    // B's accepted handoff and C's reassignment; the claims are not transfers.
    expect(totals.transfers_per_conversation).toEqual({ count: 3, value: 2 / 3, p90: null });
    // 20 + 900 + 5 min over 3 resolved conversations.
    expect(totals.unowned_time.count).toBe(3);
    expect(totals.unowned_time.value).toBeCloseTo((925 * MIN) / 3, 6);
    expect(body.contactReasons).toEqual([
      { reason: 'billing', count: 2 },
      { reason: 'delivery', count: 1 },
      { reason: null, count: 1 },
    ]);

    // C's resolution left the 7th for the 12th.
    const day = (d: string) => body.series.find((point: { day: string }) => point.day === d).values;
    expect(day('2026-01-07').resolution_time).toEqual({ count: 1, value: 1020 * MIN, p90: 1020 * MIN });
    expect(day('2026-01-12').resolution_time).toEqual({ count: 1, value: 7200 * MIN, p90: 7200 * MIN });
    expect(day('2026-01-10').conversations_created.value).toBe(0);
    expect(body.series).toHaveLength(8);
    expect(body.staleDays).toEqual([]);
    // Every metric is measured now; quotes kept and calibration are live (none quoted here).
    expect(body.pending).toEqual([]);
    expect(body.totals.quotes_kept).toEqual({ count: 0, value: null, p90: null });
  });

  it('filters by person, channel, inbox and team, and breaks down by any of them', async () => {
    // Bob owns only B (he accepted it and resolved it).
    const bobs = await report(`${week}&agentId=${bob.id}`);
    expect(bobs.totals.conversations_created.value).toBe(1);
    expect(bobs.totals.resolution_time).toEqual({ count: 1, value: 1020 * MIN, p90: 1020 * MIN });
    const chat = await report(`${week}&channel=chat`);
    expect(chat.totals.conversations_created.value).toBe(1);
    // B alone is a return about an issue that began by email: no issue starts in this view.
    expect(chat.totals.contacts_per_issue).toEqual({ count: 1, value: null, p90: null });
    const inbox = await report(`${week}&inboxId=${desk.inbox.id}&teamId=${desk.team.id}`);
    expect(inbox.totals.conversations_created.value).toBe(4);
    const elsewhere = await report(`${week}&inboxId=not-an-inbox`);
    expect(elsewhere.totals.conversations_created.value).toBe(0);

    const byAgent = await report(`${week}&by=agent`);
    const rows = Object.fromEntries(
      byAgent.breakdown.rows.map((row: { label: string; values: { conversations_created: { value: number } } }) => [
        row.label,
        row.values.conversations_created.value,
      ]),
    );
    expect(rows).toEqual({ 'Ann Agent': 3, 'Bob Agent': 1 });
  });

  it('shows workload against capacity, right now', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/analytics/workload', headers });
    expect(response.statusCode).toBe(200);
    const agents = Object.fromEntries(
      response
        .json()
        .agents.map((a: { name: string; active: number; capacity: number }) => [a.name, [a.active, a.capacity]]),
    );
    expect(agents['Ann Agent']).toEqual([1, 5]);
    expect(agents['Bob Agent']).toEqual([0, 3]);
  });

  it('rebuilds the same rollups from the stored conversations', async () => {
    const before = await report(week);
    await rebuildAnalytics({ db: context.db, clock }, { accountId: desk.account.id, batchSize: 2 });
    const after = await report(week);
    expect(after).toEqual(before);
  });

  it('answers a long range a month at a time, with the same totals as the week', async () => {
    const weekly = await report(week);
    const long = await report('from=2025-12-10&to=2026-02-20');
    expect(long.interval).toBe('month');
    expect(long.series.map((point: { day: string }) => point.day)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(long.totals).toEqual(weekly.totals);
    expect(long.series[1].values).toEqual(weekly.totals);
    expect(long.series[0].values.conversations_created.value).toBe(0);
    // The whole of January from its monthly rows, the same.
    const january = await report('from=2025-11-01&to=2026-01-31');
    expect(january.totals).toEqual(weekly.totals);
  });

  it('lets admins and analysts read it, and nobody else', async () => {
    const agentHeaders = await buildSessionHeaders(context.db, ann);
    const refused = await app.inject({ method: 'GET', url: `/api/v1/analytics/report?${week}`, headers: agentHeaders });
    expect(refused.statusCode).toBe(403);
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/analytics/report?from=2026-02-01&to=2026-01-01',
      headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields).toBeDefined();
  });
});
