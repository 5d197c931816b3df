import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { openLive, refusedHandshake } from '../../../test/kit/live-client.ts';
import { createApiToken } from '../../modules/auth/auth.service.ts';
import { systemClock } from '../../platform/clock.ts';
import { listEventsSince } from '../../platform/events/events.ts';

type Headers = Record<string, string>;
const TYPING_EXPIRES_MS = 400;

eachEngine('live channel over a real socket', (context) => {
  let app: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    app = await buildTestApp(context, { live: { typingExpiresMs: TYPING_EXPIRES_MS } });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
  });

  async function openConversation(headers: Headers, inboxId: string, body = 'Where is my parcel?') {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers,
      payload: {
        inboxId,
        customer: { identity: { kind: 'email', value: `customer-${Math.random()}@example.test` } },
        channel: 'email',
        message: { body },
      },
    });
    expect(response.statusCode).toBe(201);
    return response.json().conversation as { id: string };
  }

  async function addNote(headers: Headers, conversationId: string, body = 'Checked the carrier') {
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers,
      payload: { direction: 'note', body },
    });
    expect(response.statusCode).toBe(201);
    return response.json().message as { id: string };
  }

  async function deskWithAgents() {
    const desk = await buildDesk(context.db);
    const adminHeaders = await buildSessionHeaders(context.db, desk.admin);
    const ivy = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Ivy' });
    const jon = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Jon' });
    return {
      desk,
      adminHeaders,
      ivy: { ...ivy, headers: await buildSessionHeaders(context.db, ivy) },
      jon: { ...jon, headers: await buildSessionHeaders(context.db, jon) },
    };
  }

  it('pushes message.created to a connected agent when a message is posted through the API', async () => {
    const { desk, adminHeaders, ivy } = await deskWithAgents();
    const conversation = await openConversation(adminHeaders, desk.inbox.id);
    const live = await openLive(baseUrl, { headers: ivy.headers });
    await live.next('ready');

    const message = await addNote(adminHeaders, conversation.id);
    const { event } = await live.next('event', (frame) => frame.event.name === 'message.created');
    expect(event).toMatchObject({
      name: 'message.created',
      payload: { conversationId: conversation.id, messageId: message.id, direction: 'note' },
    });
    expect(event).not.toHaveProperty('accountId');
    await live.close();
  });

  it('accepts an API token as well as a session', async () => {
    const { desk, adminHeaders, ivy } = await deskWithAgents();
    const { token } = await createApiToken(
      { db: context.db, clock: systemClock },
      { accountId: ivy.accountId, userId: ivy.id, name: 'live', actorUserId: null },
    );
    const live = await openLive(baseUrl, { headers: { authorization: `Bearer ${token}` } });
    await live.next('ready');
    const conversation = await openConversation(adminHeaders, desk.inbox.id);
    await live.next('event', (frame) => frame.event.payload.conversationId === conversation.id);
    await live.close();
  });

  it('refuses a connection without a session (401), from an analyst or another site’s page (403), with a bad since (400)', async () => {
    expect(await refusedHandshake(baseUrl)).toBe(401);
    expect(await refusedHandshake(baseUrl, { cookie: 'rapport_session=forged' })).toBe(401);
    const analyst = await buildUser(context.db, { role: 'analyst' });
    expect(await refusedHandshake(baseUrl, await buildSessionHeaders(context.db, analyst))).toBe(403);
    const agent = await buildUser(context.db, { role: 'agent' });
    const headers = await buildSessionHeaders(context.db, agent);
    expect(await refusedHandshake(baseUrl, { ...headers, origin: 'https://elsewhere.example.test' })).toBe(403);
    expect(await refusedHandshake(baseUrl, headers, 'not-an-event-id')).toBe(400);
    const own = await openLive(baseUrl, { headers: { ...headers, origin: 'http://rapport.example.test' } });
    await own.next('ready');
    await own.close();
  });

  it('shows advocates only the events of the cases they raised, and nobody another account’s events', async () => {
    const { desk, adminHeaders, ivy } = await deskWithAgents();
    const advocate = await buildUser(context.db, { accountId: desk.account.id, role: 'advocate' });
    const advocateHeaders = await buildSessionHeaders(context.db, advocate);
    const elsewhere = await deskWithAgents();

    const advocateLive = await openLive(baseUrl, { headers: advocateHeaders });
    const agentLive = await openLive(baseUrl, { headers: ivy.headers });
    await advocateLive.next('ready');
    await agentLive.next('ready');

    const theirs = await openConversation(elsewhere.adminHeaders, elsewhere.desk.inbox.id);
    await addNote(elsewhere.adminHeaders, theirs.id);
    const notRaised = await openConversation(adminHeaders, desk.inbox.id);
    await addNote(adminHeaders, notRaised.id);
    const raised = await openConversation(advocateHeaders, desk.inbox.id, 'Raised for a customer at the counter');
    await addNote(adminHeaders, raised.id, 'On it');

    await advocateLive.next('event', (f) => f.event.name === 'message.created' && f.event.payload.direction === 'note');
    await agentLive.next(
      'event',
      (f) => f.event.payload.conversationId === raised.id && f.event.name === 'message.created',
    );
    await sleep(100);

    const advocateSaw = new Set(advocateLive.events().map((event) => event.payload.conversationId));
    expect([...advocateSaw]).toEqual([raised.id]);
    expect(advocateLive.events().every((event) => event.payload.raisedByUserId === advocate.id)).toBe(true);
    const agentSaw = new Set(agentLive.events().map((event) => event.payload.conversationId));
    expect(agentSaw.has(notRaised.id) && agentSaw.has(raised.id)).toBe(true);
    expect(agentSaw.has(theirs.id)).toBe(false);

    // Presence follows the same rule: an advocate cannot join a case someone else raised.
    advocateLive.send({ type: 'view', conversationId: notRaised.id });
    expect(await advocateLive.next('error')).toMatchObject({ code: 'conversation.not_found' });
    agentLive.send({ type: 'view', conversationId: theirs.id });
    expect(await agentLive.next('error')).toMatchObject({ code: 'conversation.not_found' });
    await advocateLive.close();
    await agentLive.close();
  });

  it('on reconnect with since, sends exactly the missed events once, then live ones', async () => {
    const { desk, adminHeaders, ivy } = await deskWithAgents();
    const conversation = await openConversation(adminHeaders, desk.inbox.id);
    const first = await openLive(baseUrl, { headers: ivy.headers });
    const { lastEventId } = await first.next('ready');
    expect(lastEventId).not.toBeNull();
    await first.close();

    await addNote(adminHeaders, conversation.id, 'Missed one');
    await addNote(adminHeaders, conversation.id, 'Missed two');
    const missed = await listEventsSince(context.db, {
      accountId: desk.account.id,
      afterId: lastEventId as string,
      limit: 100,
    });
    expect(missed.length).toBeGreaterThanOrEqual(2);

    const again = await openLive(baseUrl, { headers: ivy.headers, since: lastEventId });
    const ready = await again.next('ready');
    expect(ready.lastEventId).toBe(missed.at(-1)?.id);
    expect(again.events().map((event) => event.id)).toEqual(missed.map((event) => event.id));

    const live = await addNote(adminHeaders, conversation.id, 'Live one');
    await again.next('event', (frame) => frame.event.payload.messageId === live.id);
    await sleep(100);
    const ids = again.events().map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    await again.close();
  });

  it('answers invalid frames with an error frame and keeps the connection', async () => {
    const { ivy } = await deskWithAgents();
    const live = await openLive(baseUrl, { headers: ivy.headers });
    await live.next('ready');
    live.sendRaw('not json');
    expect(await live.next('error')).toMatchObject({ code: 'live.invalid_message' });
    live.send({ type: 'shout' });
    expect(await live.next('error')).toMatchObject({ code: 'live.invalid_message' });
    live.send({ type: 'typing', conversationId: 'x' });
    expect(await live.next('error')).toMatchObject({ code: 'live.invalid_message' });
    live.sendRaw(Buffer.from([1, 2, 3]));
    expect(await live.next('error')).toMatchObject({ code: 'live.invalid_message' });
    live.send({ type: 'view', conversationId: 'no-such-conversation' });
    expect(await live.next('error')).toMatchObject({ code: 'conversation.not_found' });
    live.send({ type: 'ping' });
    await live.next('pong');
    await live.close();
  });

  it('shows who views a conversation and who types, expires typing, and drops a closed socket', async () => {
    const { desk, adminHeaders, ivy, jon } = await deskWithAgents();
    const conversation = await openConversation(adminHeaders, desk.inbox.id);
    const ivyLive = await openLive(baseUrl, { headers: ivy.headers });
    const jonLive = await openLive(baseUrl, { headers: jon.headers });
    const person = (user: { id: string }, name: string) => ({ userId: user.id, name });

    ivyLive.send({ type: 'view', conversationId: conversation.id });
    expect(await ivyLive.next('presence')).toEqual({
      type: 'presence',
      conversationId: conversation.id,
      viewers: [person(ivy, 'Ivy')],
      typing: [],
    });
    jonLive.send({ type: 'view', conversationId: conversation.id });
    const both = [person(ivy, 'Ivy'), person(jon, 'Jon')];
    expect((await jonLive.next('presence')).viewers).toEqual(both);
    expect((await ivyLive.next('presence')).viewers).toEqual(both);

    jonLive.send({ type: 'typing', conversationId: conversation.id, isTyping: true });
    expect((await ivyLive.next('presence')).typing).toEqual([person(jon, 'Jon')]);
    const started = Date.now();
    const expired = await ivyLive.next('presence', (frame) => frame.typing.length === 0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TYPING_EXPIRES_MS - 50);
    expect(expired.viewers).toEqual(both);

    jonLive.send({ type: 'typing', conversationId: conversation.id, isTyping: true });
    expect((await ivyLive.next('presence')).typing).toEqual([person(jon, 'Jon')]);
    jonLive.send({ type: 'typing', conversationId: conversation.id, isTyping: false });
    expect((await ivyLive.next('presence')).typing).toEqual([]);

    await jonLive.close();
    expect(await ivyLive.next('presence')).toMatchObject({ viewers: [person(ivy, 'Ivy')], typing: [] });
    ivyLive.send({ type: 'leave', conversationId: conversation.id });
    ivyLive.send({ type: 'ping' });
    await ivyLive.next('pong');
    await ivyLive.close();
  });
});
