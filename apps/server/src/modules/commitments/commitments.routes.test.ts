import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { fixedClock } from '../../platform/clock.ts';
import { commitmentJobs } from './commitments.service.ts';

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

eachEngine('commitments: promises kept, broken and renegotiated', (context) => {
  const clock = fixedClock('2026-03-02T09:00:00.000Z');
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp(context, { clock });
  });
  afterAll(async () => {
    await app.close();
  });

  /** A desk with an online agent who is given a new conversation by auto-assignment. */
  async function deskWithConversation() {
    const desk = await buildDesk(context.db);
    const ivy = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Ivy Agent' });
    const teammate = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Teo Teammate',
      availability: 'offline',
    });
    const ivyHeaders = await buildSessionHeaders(context.db, ivy);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: await buildSessionHeaders(context.db, desk.admin),
      payload: {
        inboxId: desk.inbox.id,
        customer: { identity: { kind: 'email', value: 'wren.fictional@example.test' }, name: 'Wren Fictional' },
        channel: 'email',
        message: { body: 'Where is my refund?' },
      },
    });
    const conversation = created.json().conversation;
    expect(conversation.owner?.id).toBe(ivy.id);
    return { desk, ivy, ivyHeaders, teammate, conversation };
  }

  async function promise(headers: Record<string, string>, conversationId: string, inMs: number, what = 'Call back') {
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/commitments`,
      headers,
      payload: { what, dueAt: new Date(clock.now().getTime() + inMs).toISOString() },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().commitment;
  }

  async function run() {
    await app.machinery.dispatcher.dispatchPending();
    await app.machinery.jobs.drain();
    await app.machinery.dispatcher.dispatchPending();
  }

  const notificationsOf = (userId: string, kind: string) =>
    context.db
      .selectFrom('notifications')
      .select('body')
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .execute();

  it('a promise kept: reminded 2 h before, marked kept, never broken', async () => {
    const { ivy, ivyHeaders, conversation } = await deskWithConversation();
    const commitment = await promise(ivyHeaders, conversation.id, 3 * HOUR, 'Confirm the refund by phone');
    expect(commitment).toMatchObject({ status: 'open', owner: { id: ivy.id }, source: 'manual' });
    await run();
    expect(await notificationsOf(ivy.id, 'commitment.reminder_due')).toEqual([]);

    clock.advance(HOUR + MINUTE);
    await run();
    expect(await notificationsOf(ivy.id, 'commitment.reminder_due')).toEqual([
      { body: expect.stringMatching(/falls due in 2 hours\. Keep it now, or tell the customer/) },
    ]);

    const kept = await app.inject({
      method: 'POST',
      url: `/api/v1/commitments/${commitment.id}/keep`,
      headers: ivyHeaders,
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().commitment).toMatchObject({ status: 'kept' });

    clock.advance(3 * HOUR);
    await run();
    const listed = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}/commitments`,
      headers: ivyHeaders,
    });
    expect(listed.json().commitments).toMatchObject([{ id: commitment.id, status: 'kept' }]);
    // Kept before the 15-minute mark: that reminder was never sent, and nothing broke.
    expect(await notificationsOf(ivy.id, 'commitment.reminder_due')).toHaveLength(1);
    expect(await notificationsOf(ivy.id, 'commitment.broken')).toEqual([]);

    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/commitments/${commitment.id}/keep`,
      headers: ivyHeaders,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('commitment.not_open');
  });

  it('a promise broken: both reminders, then at the due time a notice to the owner and the team; jobs run twice change nothing', async () => {
    const { ivy, ivyHeaders, teammate, conversation } = await deskWithConversation();
    const commitment = await promise(ivyHeaders, conversation.id, 3 * HOUR, 'Send the replacement label');
    await run();
    clock.advance(HOUR + MINUTE);
    await run();
    clock.advance(HOUR + 45 * MINUTE);
    await run();
    expect((await notificationsOf(ivy.id, 'commitment.reminder_due')).map((n) => n.body)).toEqual([
      expect.stringMatching(/in 2 hours/),
      expect.stringMatching(/in 15 minutes/),
    ]);
    const late = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/commitments`,
      headers: ivyHeaders,
      payload: { what: 'Too late', dueAt: new Date(clock.now().getTime() - MINUTE).toISOString() },
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.code).toBe('commitment.due_in_past');

    clock.advance(15 * MINUTE);
    await run();
    const [row] = await context.db.selectFrom('commitments').selectAll().where('id', '=', commitment.id).execute();
    expect(row).toMatchObject({ status: 'broken', closed_at: commitment.dueAt });
    expect(await notificationsOf(ivy.id, 'commitment.broken')).toEqual([
      { body: expect.stringMatching(/was not kept by its due time/) },
    ]);
    expect(await notificationsOf(teammate.id, 'commitment.broken')).toEqual([
      { body: expect.stringMatching(/A promise to a customer was broken/) },
    ]);

    // A restart that runs the same jobs again: no second breach, no second reminder.
    type Handler<P> = { handler(payload: P): Promise<void> };
    const [remind, breach] = commitmentJobs({ db: context.db, clock, events: app.machinery.events }) as unknown as [
      Handler<{ accountId: string; commitmentId: string; minutesBefore: number }>,
      Handler<{ accountId: string; commitmentId: string }>,
    ];
    const payload = { accountId: row?.account_id ?? '', commitmentId: commitment.id };
    await breach.handler(payload);
    await remind.handler({ ...payload, minutesBefore: 15 });
    await app.machinery.dispatcher.dispatchPending();
    expect(await notificationsOf(ivy.id, 'commitment.broken')).toHaveLength(1);
    expect(await notificationsOf(ivy.id, 'commitment.reminder_due')).toHaveLength(2);
    const kept = await app.inject({
      method: 'POST',
      url: `/api/v1/commitments/${commitment.id}/keep`,
      headers: ivyHeaders,
    });
    expect(kept.json().error.code).toBe('commitment.not_open');
  });

  it('a promise renegotiated: a reply tells the customer, the old one ends and a new one carries the new time', async () => {
    const { ivy, ivyHeaders, conversation } = await deskWithConversation();
    const commitment = await promise(ivyHeaders, conversation.id, 2 * HOUR, 'Ship the order');
    await run();
    const note = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: ivyHeaders,
      payload: { direction: 'note', body: 'Warehouse is late' },
    });
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/commitments/${commitment.id}/renegotiate`,
      headers: ivyHeaders,
      payload: { dueAt: new Date(clock.now().getTime() + 24 * HOUR).toISOString(), messageId: note.json().message.id },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('commitment.message_not_found');

    const reply = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: ivyHeaders,
      payload: { direction: 'outbound', body: 'Sorry Wren, it will ship tomorrow morning instead.' },
    });
    const renegotiated = await app.inject({
      method: 'POST',
      url: `/api/v1/commitments/${commitment.id}/renegotiate`,
      headers: ivyHeaders,
      payload: { dueAt: new Date(clock.now().getTime() + 24 * HOUR).toISOString(), messageId: reply.json().message.id },
    });
    expect(renegotiated.statusCode, renegotiated.body).toBe(200);
    const { commitment: successor, replaced } = renegotiated.json();
    expect(replaced).toMatchObject({
      status: 'renegotiated',
      renegotiationMessageId: reply.json().message.id,
      replacedById: successor.id,
    });
    expect(successor).toMatchObject({ status: 'open', replacesId: commitment.id, what: 'Ship the order' });

    // The old due time passes: the old jobs find nothing open, the successor stays open.
    clock.advance(2 * HOUR + MINUTE);
    await run();
    const mine = await app.inject({
      method: 'GET',
      url: '/api/v1/commitments?ownerId=me&status=open',
      headers: ivyHeaders,
    });
    expect(mine.json().commitments.map((c: { id: string }) => c.id)).toEqual([successor.id]);
    expect(await notificationsOf(ivy.id, 'commitment.broken')).toEqual([]);
    expect(await notificationsOf(ivy.id, 'commitment.reminder_due')).toEqual([]);
    const byCustomer = await app.inject({
      method: 'GET',
      url: `/api/v1/customers/${conversation.customer.id}/commitments`,
      headers: ivyHeaders,
    });
    expect(byCustomer.json().commitments.map((c: { status: string }) => c.status)).toEqual(['open', 'renegotiated']);
  });

  it('an accepted handoff carries open promises to the new owner, who is reminded', async () => {
    const { desk, ivy, ivyHeaders, conversation } = await deskWithConversation();
    const kai = await buildAgent(context.db, { accountId: desk.account.id, name: 'Kai Receiver' });
    const kaiHeaders = await buildSessionHeaders(context.db, kai);
    const open = await promise(ivyHeaders, conversation.id, 4 * HOUR, 'Refund the delivery fee');
    await run();
    const handoff = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/handoffs`,
      headers: ivyHeaders,
      payload: { toUserId: kai.id, note: 'Promised a fee refund today' },
    });
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.json().handoff.id}/accept`,
      headers: kaiHeaders,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const listed = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}/commitments`,
      headers: kaiHeaders,
    });
    expect(listed.json().commitments).toMatchObject([{ id: open.id, owner: { id: kai.id, name: 'Kai Receiver' } }]);
    clock.advance(2 * HOUR + MINUTE);
    await run();
    expect(await notificationsOf(kai.id, 'commitment.reminder_due')).toHaveLength(1);
    expect(await notificationsOf(ivy.id, 'commitment.reminder_due')).toEqual([]);
    // Ivy no longer owns it: she cannot mark it kept.
    const kept = await app.inject({ method: 'POST', url: `/api/v1/commitments/${open.id}/keep`, headers: ivyHeaders });
    expect(kept.statusCode).toBe(403);
  });

  it('a promise cannot be marked kept after its due time', async () => {
    const { ivyHeaders, conversation } = await deskWithConversation();
    const commitment = await promise(ivyHeaders, conversation.id, 30 * MINUTE, 'Email the invoice');
    clock.advance(31 * MINUTE);
    const kept = await app.inject({
      method: 'POST',
      url: `/api/v1/commitments/${commitment.id}/keep`,
      headers: ivyHeaders,
    });
    expect(kept.statusCode).toBe(409);
    expect(kept.json().error.code).toBe('commitment.past_due');
    const invalid = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/commitments`,
      headers: ivyHeaders,
      payload: { what: '', dueAt: 'tomorrow' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(Object.keys(invalid.json().error.details.fields).sort()).toEqual(['dueAt', 'what']);
  });
});
