import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import {
  buildAgent,
  buildDesk,
  buildInbox,
  buildSessionHeaders,
  buildTeam,
  buildUser,
} from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { fixedClock } from '../../platform/clock.ts';
import { receiveCustomerMessage, resolveChannelCustomer } from './conversations.service.ts';

type Headers = Record<string, string>;

eachEngine('conversations, ownership and handoffs', (context) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp(context);
  });
  afterAll(async () => {
    await app.close();
  });

  async function inbound(
    headers: Headers,
    inboxId: string,
    email: string,
    body: string,
    extra: Record<string, unknown> = {},
  ) {
    return app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers,
      payload: {
        inboxId,
        customer: { identity: { kind: 'email', value: email } },
        channel: 'email',
        message: { body },
        ...extra,
      },
    });
  }

  it('an integration posts an inbound message with a customer identity; a redelivery is stored once', async () => {
    const desk = await buildDesk(context.db);
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const first = await inbound(headers, desk.inbox.id, 'Fern@Example.test', 'My parcel never arrived', {
      message: { body: 'My parcel never arrived', externalId: 'mail-1' },
    });
    expect(first.statusCode).toBe(201);
    const conversation = first.json().conversation;
    expect(conversation).toMatchObject({
      number: 1,
      status: 'open',
      subject: 'My parcel never arrived',
      channel: 'email',
      team: { name: 'Support' },
      owner: null,
    });
    expect(conversation.unownedSince).not.toBeNull();

    const again = await inbound(headers, desk.inbox.id, 'fern@example.test', 'My parcel never arrived', {
      message: { body: 'My parcel never arrived', externalId: 'mail-1' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().conversation.id).toBe(conversation.id);

    const second = await inbound(headers, desk.inbox.id, 'fern@example.test', 'Also, can I change my address?');
    expect(second.json().conversation.number).toBe(2);
    expect(second.json().conversation.customer.id).toBe(conversation.customer.id);

    const messages = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers,
    });
    expect(messages.json().messages).toEqual([
      expect.objectContaining({
        direction: 'inbound',
        authorType: 'customer',
        body: 'My parcel never arrived',
        externalId: 'mail-1',
      }),
    ]);
    // The change and its events commit together.
    const events = await context.db
      .selectFrom('events')
      .select('name')
      .where('account_id', '=', desk.account.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.name)).toEqual(
      expect.arrayContaining(['customer.created', 'conversation.created', 'message.created']),
    );

    // An inbox nobody serves cannot take conversations: nobody would own them.
    const orphan = await buildInbox(context.db, { accountId: desk.account.id, teamId: null });
    const unowned = await inbound(headers, orphan.id, 'fern@example.test', 'Anyone there?');
    expect(unowned.statusCode).toBe(400);
    expect(unowned.json().error.code).toBe('conversation.inbox_without_team');
    expect((await inbound(headers, 'no-such-inbox', 'fern@example.test', 'Hi')).json().error.code).toBe(
      'conversation.inbox_not_found',
    );

    const badIdentity = await inbound(headers, desk.inbox.id, 'not-an-email', 'hello');
    expect(badIdentity.statusCode).toBe(400);
    expect(badIdentity.json().error.code).toBe('customer.invalid_identity');
  });

  it('assigns to the least-loaded online agent with room, round-robin on ties, never above capacity', async () => {
    const desk = await buildDesk(context.db);
    const ana = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Ana',
      capacity: 2,
    });
    const bo = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Bo',
      capacity: 1,
    });
    await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Cy (away)',
      availability: 'away',
    });
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const owners: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await inbound(headers, desk.inbox.id, `customer${i}@example.test`, `Question ${i}`);
      owners.push(response.json().conversation.owner?.name ?? null);
    }
    // Ana and Bo take one each (round robin), Ana takes the third (Bo is full), the fourth waits.
    expect(owners.slice(0, 2).sort()).toEqual(['Ana', 'Bo']);
    expect(owners[2]).toBe('Ana');
    expect(owners[3]).toBeNull();
    const open = await context.db
      .selectFrom('conversations')
      .select(['owner_user_id'])
      .where('account_id', '=', desk.account.id)
      .where('owner_user_id', 'in', [ana.id, bo.id])
      .execute();
    expect(open.filter((r) => r.owner_user_id === ana.id)).toHaveLength(2);
    expect(open.filter((r) => r.owner_user_id === bo.id)).toHaveLength(1);
  });

  it('a conversation waits with its team while nobody is available and is assigned when someone comes online; unowned time is kept', async () => {
    const clock = fixedClock('2026-03-02T09:00:00.000Z');
    const clockApp = await buildTestApp(context, { clock });
    const desk = await buildDesk(context.db);
    const dee = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Dee',
      availability: 'offline',
    });
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const created = (
      await clockApp.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers,
        payload: {
          inboxId: desk.inbox.id,
          customer: { identity: { kind: 'phone', value: '+33 6 12 34 56 78' } },
          channel: 'phone',
          message: { body: 'Call me back' },
        },
      })
    ).json().conversation;
    expect(created.owner).toBeNull();
    const unowned = await clockApp.inject({ method: 'GET', url: '/api/v1/conversations?view=unowned', headers });
    expect(unowned.json().conversations.map((c: { id: string }) => c.id)).toContain(created.id);

    clock.advance(7 * 60 * 1000);
    const deeHeaders = await buildSessionHeaders(context.db, dee);
    const online = await clockApp.inject({
      method: 'PUT',
      url: '/api/v1/users/me/availability',
      headers: deeHeaders,
      payload: { availability: 'online' },
    });
    expect(online.json()).toEqual({ availability: 'online', assigned: 1 });
    const after = (await clockApp.inject({ method: 'GET', url: `/api/v1/conversations/${created.id}`, headers })).json()
      .conversation;
    expect(after.owner).toEqual({ id: dee.id, name: 'Dee' });
    expect(after.unownedMs).toBe(7 * 60 * 1000);
    expect(after.unownedSince).toBeNull();
    const history = (
      await clockApp.inject({ method: 'GET', url: `/api/v1/conversations/${created.id}/ownership`, headers })
    ).json().events;
    expect(history).toEqual([
      expect.objectContaining({
        kind: 'assigned',
        from: null,
        to: { id: dee.id, name: 'Dee' },
        toTeam: { id: desk.team.id, name: 'Support' },
      }),
    ]);
    await clockApp.close();
  });

  it('a returning customer goes to their previous owner when that owner is available', async () => {
    const desk = await buildDesk(context.db);
    const eve = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Eve' });
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const first = (await inbound(headers, desk.inbox.id, 'returning@example.test', 'First issue')).json().conversation;
    expect(first.owner.name).toBe('Eve');
    await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Fay' });
    // Fay has nothing and would win on load; the returning customer still goes to Eve.
    const second = (await inbound(headers, desk.inbox.id, 'returning@example.test', 'Second issue')).json()
      .conversation;
    expect(second.owner).toEqual({ id: eve.id, name: 'Eve' });
    const newcomer = (await inbound(headers, desk.inbox.id, 'newcomer@example.test', 'Hello')).json().conversation;
    expect(newcomer.owner.name).toBe('Fay');
  });

  it('two agents claiming at once: exactly one wins, the other hears who owns it', async () => {
    const desk = await buildDesk(context.db);
    const gil = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Gil',
      availability: 'offline',
    });
    const hal = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Hal',
      availability: 'offline',
    });
    const adminHeaders = await buildSessionHeaders(context.db, desk.admin);
    for (let round = 0; round < 5; round++) {
      const conversation = (await inbound(adminHeaders, desk.inbox.id, `race${round}@example.test`, 'Race')).json()
        .conversation;
      const [a, b] = await Promise.all([
        app.inject({
          method: 'POST',
          url: `/api/v1/conversations/${conversation.id}/claim`,
          headers: await buildSessionHeaders(context.db, gil),
        }),
        app.inject({
          method: 'POST',
          url: `/api/v1/conversations/${conversation.id}/claim`,
          headers: await buildSessionHeaders(context.db, hal),
        }),
      ]);
      const statuses = [a.statusCode, b.statusCode].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      const winner = a.statusCode === 200 ? a : b;
      expect(loser.json().error.code).toBe('conversation.already_owned');
      expect(loser.json().error.message).toContain(winner.json().conversation.owner.name);
      const events = await context.db
        .selectFrom('ownership_events')
        .select('kind')
        .where('conversation_id', '=', conversation.id)
        .execute();
      expect(events).toEqual([{ kind: 'claimed' }]);
    }
  });

  it('a warm handoff: the sender stays owner until the receiver accepts, and the customer is told who has them', async () => {
    const desk = await buildDesk(context.db);
    const ivy = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Ivy' });
    const billing = await buildTeam(context.db, { accountId: desk.account.id, name: 'Billing' });
    const jon = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: billing.id,
      name: 'Jon',
      availability: 'offline',
    });
    const kit = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Kit',
      availability: 'offline',
    });
    const adminHeaders = await buildSessionHeaders(context.db, desk.admin);
    const ivyHeaders = await buildSessionHeaders(context.db, ivy);
    const jonHeaders = await buildSessionHeaders(context.db, jon);
    const kitHeaders = await buildSessionHeaders(context.db, kit);
    const conversation = (
      await inbound(adminHeaders, desk.inbox.id, 'moss@example.test', 'I was charged twice', {
        customer: { identity: { kind: 'email', value: 'moss@example.test' }, name: 'Moss' },
      })
    ).json().conversation;
    expect(conversation.owner.name).toBe('Ivy');

    const noNote = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/handoffs`,
      headers: ivyHeaders,
      payload: { toTeamId: billing.id },
    });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.details.fields.note).toBe('is required');
    const notOwner = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/handoffs`,
      headers: kitHeaders,
      payload: { toTeamId: billing.id, note: 'x' },
    });
    expect(notOwner.statusCode).toBe(403);

    const requested = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/handoffs`,
      headers: ivyHeaders,
      payload: { toTeamId: billing.id, note: 'Double charge on invoice 4411; refund the second one.' },
    });
    expect(requested.statusCode).toBe(201);
    const handoff = requested.json().handoff;
    expect(handoff).toMatchObject({ status: 'pending', toTeam: { name: 'Billing' }, from: { name: 'Ivy' } });
    const still = (
      await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.id}`, headers: adminHeaders })
    ).json().conversation;
    expect(still.owner.name).toBe('Ivy');
    expect(still.pendingHandoff.id).toBe(handoff.id);
    const twice = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/handoffs`,
      headers: ivyHeaders,
      payload: { toUserId: kit.id, note: 'or you' },
    });
    expect(twice.json().error.code).toBe('handoff.already_pending');

    const forJon = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?view=handoffs_for_me',
      headers: jonHeaders,
    });
    expect(forJon.json().conversations.map((c: { id: string }) => c.id)).toEqual([conversation.id]);
    const wrongReceiver = await app.inject({
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/accept`,
      headers: kitHeaders,
    });
    expect(wrongReceiver.statusCode).toBe(403);
    expect(wrongReceiver.json().error.code).toBe('handoff.not_receiver');

    const accepted = await app.inject({
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/accept`,
      headers: jonHeaders,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().handoff.status).toBe('accepted');
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/accept`,
      headers: jonHeaders,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('handoff.not_pending');

    const after = (
      await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.id}`, headers: adminHeaders })
    ).json().conversation;
    expect(after.owner).toEqual({ id: jon.id, name: 'Jon' });
    expect(after.team).toEqual({ id: billing.id, name: 'Billing' });
    const messages = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${conversation.id}/messages`,
        headers: adminHeaders,
      })
    ).json().messages;
    expect(messages.at(-1)).toMatchObject({
      direction: 'outbound',
      authorType: 'system',
      channel: 'email',
      body: 'Hi Moss, Jon is now looking after your conversation. They have the whole history, so you will not need to repeat yourself.',
    });
    const history = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${conversation.id}/ownership`,
        headers: adminHeaders,
      })
    ).json().events;
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(['assigned', 'handoff_accepted']);
    expect(history[1]).toMatchObject({
      from: { name: 'Ivy' },
      to: { name: 'Jon' },
      reason: 'Double charge on invoice 4411; refund the second one.',
    });

    await app.machinery.dispatcher.dispatchPending();
    const ivyNotes = (await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: ivyHeaders })).json()
      .notifications;
    expect(ivyNotes[0].body).toMatch(/^Jon accepted your handoff of conversation \d+/);
  });

  it('a declined handoff leaves ownership where it was, and its reason reaches the sender', async () => {
    const desk = await buildDesk(context.db);
    const lea = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Lea' });
    const max = await buildAgent(context.db, { accountId: desk.account.id, name: 'Max', availability: 'offline' });
    const conversation = (
      await inbound(await buildSessionHeaders(context.db, desk.admin), desk.inbox.id, 'nora@example.test', 'Help')
    ).json().conversation;
    const leaHeaders = await buildSessionHeaders(context.db, lea);
    const handoff = (
      await app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/handoffs`,
        headers: leaHeaders,
        payload: { toUserId: max.id, note: 'Spanish speaker' },
      })
    ).json().handoff;
    const noReason = await app.inject({
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/decline`,
      headers: await buildSessionHeaders(context.db, max),
      payload: {},
    });
    expect(noReason.statusCode).toBe(400);
    const declined = await app.inject({
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/decline`,
      headers: await buildSessionHeaders(context.db, max),
      payload: { reason: 'On leave from tomorrow' },
    });
    expect(declined.json().handoff).toMatchObject({ status: 'declined', declineReason: 'On leave from tomorrow' });
    const after = (
      await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.id}`, headers: leaHeaders })
    ).json().conversation;
    expect(after.owner.name).toBe('Lea');
    expect(after.pendingHandoff).toBeNull();
    await app.machinery.dispatcher.dispatchPending();
    const notes = (await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: leaHeaders })).json()
      .notifications;
    expect(notes[0].body).toMatch(/Max declined your handoff .*On leave from tomorrow/);
  });

  it('an unanswered handoff reminds the receiver, then the sender', async () => {
    const clock = fixedClock('2026-03-02T10:00:00.000Z');
    const clockApp = await buildTestApp(context, { clock });
    const desk = await buildDesk(context.db);
    const oli = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Oli' });
    const pia = await buildAgent(context.db, { accountId: desk.account.id, name: 'Pia', availability: 'offline' });
    const conversation = (
      await clockApp.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers: await buildSessionHeaders(context.db, desk.admin),
        payload: {
          inboxId: desk.inbox.id,
          customer: { identity: { kind: 'email', value: 'quinn@example.test' } },
          message: { body: 'Hi' },
        },
      })
    ).json().conversation;
    await clockApp.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/handoffs`,
      headers: await buildSessionHeaders(context.db, oli),
      payload: { toUserId: pia.id, note: 'Needs a callback' },
    });
    const notificationsOf = async (userId: string) =>
      context.db
        .selectFrom('notifications')
        .select(['kind', 'body'])
        .where('user_id', '=', userId)
        .where('kind', '=', 'handoff.reminded')
        .execute();
    clock.advance(10 * 60 * 1000);
    await clockApp.machinery.jobs.drain();
    await clockApp.machinery.dispatcher.dispatchPending();
    expect(await notificationsOf(pia.id)).toEqual([]);
    clock.advance(6 * 60 * 1000);
    await clockApp.machinery.jobs.drain();
    await clockApp.machinery.dispatcher.dispatchPending();
    expect(await notificationsOf(pia.id)).toEqual([
      { kind: 'handoff.reminded', body: expect.stringMatching(/still waiting for your answer/) },
    ]);
    expect(await notificationsOf(oli.id)).toEqual([]);
    clock.advance(45 * 60 * 1000);
    await clockApp.machinery.jobs.drain();
    await clockApp.machinery.dispatcher.dispatchPending();
    expect(await notificationsOf(oli.id)).toEqual([
      { kind: 'handoff.reminded', body: expect.stringMatching(/You are still its owner/) },
    ]);
    await clockApp.close();
  });

  it('status moves follow the rules; a customer message reopens a resolved conversation and counts it', async () => {
    const desk = await buildDesk(context.db);
    const ray = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Ray' });
    const sam = await buildAgent(context.db, { accountId: desk.account.id, name: 'Sam', availability: 'offline' });
    const adminHeaders = await buildSessionHeaders(context.db, desk.admin);
    const rayHeaders = await buildSessionHeaders(context.db, ray);
    const conversation = (await inbound(adminHeaders, desk.inbox.id, 'tess@example.test', 'Broken zip')).json()
      .conversation;
    const status = (headers: Headers, value: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/status`,
        headers,
        payload: { status: value },
      });

    expect((await status(await buildSessionHeaders(context.db, sam), 'resolved')).json().error.code).toBe(
      'conversation.not_owner',
    );
    const reply = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: rayHeaders,
      payload: { direction: 'outbound', body: 'A new zip is on its way, Tess.' },
    });
    expect(reply.statusCode).toBe(201);
    expect((await status(rayHeaders, 'resolved')).json().conversation).toMatchObject({
      status: 'resolved',
      resolvedAt: expect.any(String),
      firstHumanResponseAt: expect.any(String),
    });

    const customerAgain = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: adminHeaders,
      payload: { direction: 'inbound', body: 'It is broken too!' },
    });
    expect(customerAgain.statusCode).toBe(201);
    const reopened = (
      await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.id}`, headers: adminHeaders })
    ).json().conversation;
    expect(reopened).toMatchObject({ status: 'open', reopenCount: 1, resolvedAt: null, owner: { name: 'Ray' } });

    expect((await status(rayHeaders, 'closed')).json().error).toMatchObject({
      code: 'conversation.invalid_transition',
      message: 'A conversation that is open cannot be closed.',
    });
    await status(rayHeaders, 'resolved');
    expect((await status(rayHeaders, 'closed')).statusCode).toBe(200);
    const resolveClosed = await status(rayHeaders, 'resolved');
    expect(resolveClosed.statusCode).toBe(409);
    expect(resolveClosed.json().error.code).toBe('conversation.invalid_transition');
    const toClosed = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: adminHeaders,
      payload: { direction: 'inbound', body: 'hello?' },
    });
    expect(toClosed.json().error.code).toBe('conversation.closed');
    const badStatus = await status(rayHeaders, 'deleted');
    expect(badStatus.statusCode).toBe(400);
  });

  it('an advocate raises a case for a customer, sees only their own cases, and hears when it is resolved', async () => {
    const desk = await buildDesk(context.db);
    const uma = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Uma' });
    const vic = await buildUser(context.db, { accountId: desk.account.id, role: 'advocate', name: 'Vic from Sales' });
    const wes = await buildUser(context.db, { accountId: desk.account.id, role: 'advocate', name: 'Wes from Ops' });
    const vicHeaders = await buildSessionHeaders(context.db, vic);
    const raised = await app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: vicHeaders,
      payload: {
        inboxId: desk.inbox.id,
        customer: { identity: { kind: 'email', value: 'xena@example.test' }, name: 'Xena' },
        subject: 'Xena cannot log in since the update',
        channel: 'email',
        message: { body: 'Met Xena at the fair; she has been locked out for a week.' },
      },
    });
    expect(raised.statusCode).toBe(201);
    const conversation = raised.json().conversation;
    expect(conversation).toMatchObject({ raisedBy: { id: vic.id, name: 'Vic from Sales' }, owner: { name: 'Uma' } });
    const messages = (
      await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.id}/messages`, headers: vicHeaders })
    ).json().messages;
    expect(messages).toEqual([
      expect.objectContaining({
        direction: 'note',
        authorType: 'user',
        author: { id: vic.id, name: 'Vic from Sales' },
      }),
    ]);

    const other = (
      await inbound(await buildSessionHeaders(context.db, desk.admin), desk.inbox.id, 'yuri@example.test', 'Unrelated')
    ).json().conversation;
    const vicList = (await app.inject({ method: 'GET', url: '/api/v1/conversations', headers: vicHeaders })).json()
      .conversations;
    expect(vicList.map((c: { id: string }) => c.id)).toEqual([conversation.id]);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/conversations/${other.id}`, headers: vicHeaders })).statusCode,
    ).toBe(404);
    const wesHeaders = await buildSessionHeaders(context.db, wes);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.id}`, headers: wesHeaders }))
        .statusCode,
    ).toBe(404);
    const advocateReply = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: vicHeaders,
      payload: { direction: 'outbound', body: 'Hi Xena' },
    });
    expect(advocateReply.statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: `/api/v1/conversations/${conversation.id}/claim`, headers: vicHeaders }))
        .statusCode,
    ).toBe(403);

    await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/status`,
      headers: await buildSessionHeaders(context.db, uma),
      payload: { status: 'resolved' },
    });
    await app.machinery.dispatcher.dispatchPending();
    const notes = (await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: vicHeaders })).json()
      .notifications;
    expect(notes).toEqual([
      expect.objectContaining({
        kind: 'conversation.resolved',
        conversationId: conversation.id,
        body: expect.stringMatching(/The case you raised, conversation \d+ .* was resolved\./),
      }),
    ]);
  });

  it('flagging abuse needs a reason and is recorded; an admin reassigns with a reason that is kept and audited', async () => {
    const desk = await buildDesk(context.db);
    const zed = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Zed' });
    const amy = await buildAgent(context.db, { accountId: desk.account.id, name: 'Amy', availability: 'offline' });
    const adminHeaders = await buildSessionHeaders(context.db, desk.admin);
    const zedHeaders = await buildSessionHeaders(context.db, zed);
    const conversation = (
      await inbound(adminHeaders, desk.inbox.id, 'angry@example.test', 'You people are useless')
    ).json().conversation;
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/conversations/${conversation.id}/flag-abusive`,
          headers: zedHeaders,
          payload: {},
        })
      ).statusCode,
    ).toBe(400);
    const flagged = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/flag-abusive`,
      headers: zedHeaders,
      payload: { reason: 'Threats and insults' },
    });
    expect(flagged.json().conversation.abuse).toMatchObject({ flaggedBy: zed.id, reason: 'Threats and insults' });

    const noReason = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/reassign`,
      headers: adminHeaders,
      payload: { userId: amy.id },
    });
    expect(noReason.statusCode).toBe(400);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/conversations/${conversation.id}/reassign`,
          headers: zedHeaders,
          payload: { userId: amy.id, reason: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    const moved = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/reassign`,
      headers: adminHeaders,
      payload: { userId: amy.id, reason: 'Zed flagged abuse; Amy is our lead' },
    });
    expect(moved.json().conversation.owner.name).toBe('Amy');
    const history = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${conversation.id}/ownership`,
        headers: adminHeaders,
      })
    ).json().events;
    expect(history.at(-1)).toMatchObject({
      kind: 'reassigned',
      from: { name: 'Zed' },
      to: { name: 'Amy' },
      actor: { name: 'Ada Admin' },
      reason: 'Zed flagged abuse; Amy is our lead',
    });
    const audit = await context.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', conversation.id)
      .execute();
    expect(audit).toEqual([{ action: 'conversation.reassigned' }]);
  });

  it('lists by view and filter with keyset pages that neither skip nor repeat', async () => {
    const clock = fixedClock('2026-04-01T08:00:00.000Z');
    const clockApp = await buildTestApp(context, { clock });
    const desk = await buildDesk(context.db);
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      // Every third one shares a timestamp with the previous, so the id breaks the tie.
      if (i % 3 !== 0) clock.advance(1000);
      const response = await clockApp.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers,
        payload: {
          inboxId: desk.inbox.id,
          customer: { identity: { kind: 'email', value: `list${i}@example.test` } },
          message: { body: `Item ${i}` },
          tags: i % 2 === 0 ? ['Refund'] : ['shipping'],
        },
      });
      ids.push(response.json().conversation.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { conversations: { id: string }[]; nextCursor: string | null } = (
        await clockApp.inject({
          method: 'GET',
          url: `/api/v1/conversations?limit=5${cursor ? `&cursor=${cursor}` : ''}&inboxId=${desk.inbox.id}`,
          headers,
        })
      ).json();
      seen.push(...page.conversations.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect(new Set(seen)).toEqual(new Set(ids));
    const refunds = (
      await clockApp.inject({
        method: 'GET',
        url: `/api/v1/conversations?tag=refund&inboxId=${desk.inbox.id}&limit=100`,
        headers,
      })
    ).json();
    expect(refunds.conversations).toHaveLength(12);
    const badCursor = await clockApp.inject({ method: 'GET', url: '/api/v1/conversations?cursor=zzz', headers });
    expect(badCursor.statusCode).toBe(400);
    await clockApp.close();
  });
  it('deactivating an owner hands their open conversations back to the team, where the next available agent gets them', async () => {
    const desk = await buildDesk(context.db);
    const bea = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Bea' });
    const adminHeaders = await buildSessionHeaders(context.db, desk.admin);
    const conversation = (await inbound(adminHeaders, desk.inbox.id, 'hugo@example.test', 'Where is my refund?')).json()
      .conversation;
    expect(conversation.owner.name).toBe('Bea');
    const cal = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Cal' });
    const deactivated = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${bea.id}/deactivate`,
      headers: adminHeaders,
    });
    expect(deactivated.statusCode).toBe(200);
    const after = (
      await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.id}`, headers: adminHeaders })
    ).json().conversation;
    expect(after.owner).toEqual({ id: cal.id, name: 'Cal' });
    const history = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${conversation.id}/ownership`,
        headers: adminHeaders,
      })
    ).json().events;
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(['assigned', 'queued', 'assigned']);
    expect(history[1]).toMatchObject({
      from: { name: 'Bea' },
      to: null,
      reason: 'Bea was deactivated',
      actor: { name: 'Ada Admin' },
    });

    const refused = await app.inject({ method: 'DELETE', url: `/api/v1/teams/${desk.team.id}`, headers: adminHeaders });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('team.has_conversations');
  });
  it('counts each inbox view for the caller', async () => {
    const desk = await buildDesk(context.db);
    const dan = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Dan',
      capacity: 1,
    });
    const adminHeaders = await buildSessionHeaders(context.db, desk.admin);
    await inbound(adminHeaders, desk.inbox.id, 'one@example.test', 'First');
    await inbound(adminHeaders, desk.inbox.id, 'two@example.test', 'Second');
    const counts = (
      await app.inject({
        method: 'GET',
        url: '/api/v1/conversations/counts',
        headers: await buildSessionHeaders(context.db, dan),
      })
    ).json().counts;
    expect(counts).toEqual({ mine: 1, team: 2, unowned: 1, waiting_on_us: 0, handoffs_for_me: 0, raised_by_me: 0 });
  });

  describe('frustration raises priority (issue 7)', () => {
    async function conversationAt(clockApp: TestApp, headers: Headers, inboxId: string, body: string) {
      const response = await clockApp.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers,
        payload: {
          inboxId,
          customer: { identity: { kind: 'email', value: `frustration-${Math.random()}@example.test` } },
          channel: 'email',
          message: { body },
        },
      });
      expect(response.statusCode).toBe(201);
      return response.json().conversation as { id: string; priority: string };
    }
    const customerWrites = (clockApp: TestApp, headers: Headers, id: string, body: string) =>
      clockApp.inject({
        method: 'POST',
        url: `/api/v1/conversations/${id}/messages`,
        headers,
        payload: { direction: 'inbound', body },
      });
    const priorityOf = async (clockApp: TestApp, headers: Headers, id: string) =>
      (await clockApp.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers })).json().conversation
        .priority;
    const changesOf = async (clockApp: TestApp, headers: Headers, id: string) =>
      (await clockApp.inject({ method: 'GET', url: `/api/v1/conversations/${id}/priority-changes`, headers })).json()
        .changes;
    const raisedEvents = (accountId: string) =>
      context.db
        .selectFrom('events')
        .select(['name', 'payload'])
        .where('account_id', '=', accountId)
        .where('name', '=', 'conversation.priority_raised')
        .execute();

    it('a calm customer message changes nothing', async () => {
      const clock = fixedClock('2026-03-02T09:00:00.000Z');
      const clockApp = await buildTestApp(context, { clock });
      const desk = await buildDesk(context.db);
      const headers = await buildSessionHeaders(context.db, desk.admin);
      const conversation = await conversationAt(
        clockApp,
        headers,
        desk.inbox.id,
        'Hi, could you tell me when my order ships?',
      );
      clock.advance(10 * 60 * 1000);
      const added = await customerWrites(
        clockApp,
        headers,
        conversation.id,
        'Thanks, and could you also update my delivery address?',
      );
      expect(added.statusCode).toBe(201);
      expect(await priorityOf(clockApp, headers, conversation.id)).toBe('normal');
      expect(await changesOf(clockApp, headers, conversation.id)).toEqual([]);
      expect(await raisedEvents(desk.account.id)).toEqual([]);
      await clockApp.close();
    });

    it('a frustrated customer raises normal to high once, with the reasons in the timeline and the events', async () => {
      const clock = fixedClock('2026-03-02T09:00:00.000Z');
      const clockApp = await buildTestApp(context, { clock });
      const desk = await buildDesk(context.db);
      const headers = await buildSessionHeaders(context.db, desk.admin);
      const conversation = await conversationAt(clockApp, headers, desk.inbox.id, 'My refund has not arrived yet.');
      expect(conversation.priority).toBe('normal');

      clock.advance(3 * 24 * 60 * 60 * 1000);
      const added = await customerWrites(
        clockApp,
        headers,
        conversation.id,
        'Still nothing. This is the third time I am asking about my refund.',
      );
      expect(added.statusCode).toBe(201);
      const messageId = added.json().message.id;
      expect(await priorityOf(clockApp, headers, conversation.id)).toBe('high');
      const changes = await changesOf(clockApp, headers, conversation.id);
      expect(changes).toEqual([
        {
          id: expect.any(String),
          from: 'normal',
          to: 'high',
          cause: 'frustration',
          messageId,
          cues: expect.arrayContaining(['waiting 3 days', 'repeat contact']),
          createdAt: '2026-03-05T09:00:00.000Z',
        },
      ]);
      const events = await raisedEvents(desk.account.id);
      expect(events).toHaveLength(1);
      const payload = events[0]?.payload;
      expect(typeof payload === 'string' ? JSON.parse(payload) : payload).toMatchObject({
        conversationId: conversation.id,
        messageId,
        from: 'normal',
        to: 'high',
      });

      // Still frustrated, but high is as far as Rapport goes on its own: no second raise.
      clock.advance(60 * 1000);
      await customerWrites(clockApp, headers, conversation.id, 'HELLO?? Is anyone reading this?!');
      expect(await priorityOf(clockApp, headers, conversation.id)).toBe('high');
      expect(await changesOf(clockApp, headers, conversation.id)).toHaveLength(1);
      expect(await raisedEvents(desk.account.id)).toHaveLength(1);
      await clockApp.close();
    });

    it('a frustrated message arriving by a channel (email, messaging) raises it the same way', async () => {
      const clock = fixedClock('2026-03-02T09:00:00.000Z');
      const clockApp = await buildTestApp(context, { clock });
      const deps = {
        db: context.db,
        clock,
        events: clockApp.machinery.events,
        jobs: clockApp.machinery.jobs,
      };
      const desk = await buildDesk(context.db);
      const headers = await buildSessionHeaders(context.db, desk.admin);
      const { customerId } = await resolveChannelCustomer(deps, {
        accountId: desk.account.id,
        identity: { kind: 'email', value: 'june@example.test' },
      });
      const first = await receiveCustomerMessage(deps, {
        accountId: desk.account.id,
        inboxId: desk.inbox.id,
        channel: 'email',
        customerId,
        body: 'My refund has not arrived yet.',
        externalId: '<first@example.test>',
      });
      expect(await priorityOf(clockApp, headers, first.conversationId)).toBe('normal');
      clock.advance(3 * 24 * 60 * 60 * 1000);
      const again = await receiveCustomerMessage(deps, {
        accountId: desk.account.id,
        inboxId: desk.inbox.id,
        channel: 'email',
        customerId,
        conversationId: first.conversationId,
        body: 'Still nothing. This is the third time I am asking about my refund.',
        externalId: '<second@example.test>',
      });
      expect(await priorityOf(clockApp, headers, first.conversationId)).toBe('high');
      expect(await changesOf(clockApp, headers, first.conversationId)).toEqual([
        expect.objectContaining({ from: 'normal', to: 'high', messageId: again.messageId }),
      ]);
      // A second delivery of the same mail is stored once and raises nothing again.
      await receiveCustomerMessage(deps, {
        accountId: desk.account.id,
        inboxId: desk.inbox.id,
        channel: 'email',
        customerId,
        conversationId: first.conversationId,
        body: 'Still nothing. This is the third time I am asking about my refund.',
        externalId: '<second@example.test>',
      });
      expect(await changesOf(clockApp, headers, first.conversationId)).toHaveLength(1);
      await clockApp.close();
    });

    it('an agent-set urgent stays urgent, and a frustrated first message raises a new conversation', async () => {
      const clock = fixedClock('2026-03-02T09:00:00.000Z');
      const clockApp = await buildTestApp(context, { clock });
      const desk = await buildDesk(context.db);
      const headers = await buildSessionHeaders(context.db, desk.admin);
      const conversation = await conversationAt(clockApp, headers, desk.inbox.id, 'My refund has not arrived yet.');
      const set = await clockApp.inject({
        method: 'PATCH',
        url: `/api/v1/conversations/${conversation.id}`,
        headers,
        payload: { priority: 'urgent' },
      });
      expect(set.statusCode).toBe(200);
      clock.advance(3 * 24 * 60 * 60 * 1000);
      await customerWrites(
        clockApp,
        headers,
        conversation.id,
        'Still nothing. This is the third time I am asking about my refund.',
      );
      expect(await priorityOf(clockApp, headers, conversation.id)).toBe('urgent');
      expect(await changesOf(clockApp, headers, conversation.id)).toEqual([]);

      const angry = await conversationAt(
        clockApp,
        headers,
        desk.inbox.id,
        'THIS IS THE THIRD TIME I AM WRITING!!! STILL NO REFUND',
      );
      expect(angry.priority).toBe('high');
      expect((await changesOf(clockApp, headers, angry.id))[0]).toMatchObject({ from: 'normal', to: 'high' });
      await clockApp.close();
    });
  });
});
