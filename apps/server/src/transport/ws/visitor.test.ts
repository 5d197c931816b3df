import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WidgetServerFrame } from '@rapport/contracts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { openLive } from '../../../test/kit/live-client.ts';

const newVisitorId = () => randomBytes(32).toString('base64url');

/** A visitor's socket that records frames; `next` waits for the first unread frame of a type. */
async function openVisitor(baseUrl: string, inboxId: string) {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/widget/inboxes/${inboxId}/live`;
  const socket = new WebSocket(url, { headers: { origin: 'http://shop.example.test' } });
  const frames: WidgetServerFrame[] = [];
  let cursor = 0;
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as WidgetServerFrame));
  await new Promise<void>((resolve, reject) => {
    socket.on('open', () => resolve());
    socket.on('error', reject);
  });
  return {
    frames,
    send: (frame: unknown) => socket.send(JSON.stringify(frame)),
    async next<T extends WidgetServerFrame['type']>(type: T, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        for (let i = cursor; i < frames.length; i++) {
          if (frames[i]?.type === type) {
            cursor = i + 1;
            return frames[i] as Extract<WidgetServerFrame, { type: T }>;
          }
        }
        await sleep(10);
      }
      throw new Error(`no ${type} frame; got ${JSON.stringify(frames.slice(cursor))}`);
    },
    messages: () => frames.flatMap((frame) => (frame.type === 'message' ? [frame.message] : [])),
    close: () =>
      new Promise<void>((resolve) => {
        socket.on('close', () => resolve());
        socket.close();
      }),
    closed: () => new Promise<number>((resolve) => socket.on('close', (code) => resolve(code))),
  };
}

eachEngine('widget live channel over a real socket', (context) => {
  let app: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    app = await buildTestApp(context);
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
  });

  async function scene() {
    const desk = await buildDesk(context.db);
    const agent = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Ivy Fictional',
    });
    const headers = await buildSessionHeaders(context.db, agent);
    const visitorId = newVisitorId();
    const write = async (who: string, body: string) => {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/widget/inboxes/${desk.inbox.id}/messages`,
        headers: { 'x-rapport-visitor': who },
        payload: { clientId: randomBytes(9).toString('base64url'), body },
      });
      expect(response.statusCode).toBe(201);
      return response.json() as { message: { id: string }; conversation: { id: string } };
    };
    const answer = async (conversationId: string, body: string, direction = 'outbound') => {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversationId}/messages`,
        headers,
        payload: { direction, body },
      });
      expect(response.statusCode).toBe(201);
      return response.json().message as { id: string };
    };
    return { desk, agent, headers, visitorId, write, answer };
  }

  it("delivers the team's answers live, and nothing else: no notes, no one else's conversation", async () => {
    const { desk, visitorId, write, answer } = await scene();
    const first = await write(visitorId, 'Hello, is my order on its way?');
    const other = await write(newVisitorId(), 'Someone else asking');
    const visitor = await openVisitor(baseUrl, desk.inbox.id);
    visitor.send({ type: 'hello', visitorId, after: first.message.id });
    expect(await visitor.next('ready')).toEqual({ type: 'ready', lastMessageId: first.message.id });
    await answer(first.conversation.id, 'Internal: the parcel is late', 'note');
    await answer(other.conversation.id, 'Reply to someone else');
    await answer(first.conversation.id, 'Yes, it arrives tomorrow.');
    const live = await visitor.next('message');
    expect(live.message).toMatchObject({ body: 'Yes, it arrives tomorrow.', authorName: 'Ivy', direction: 'outbound' });
    await sleep(200);
    expect(visitor.messages().map((m) => m.body)).toEqual(['Yes, it arrives tomorrow.']);
    await visitor.close();
  });

  it('resumes from the last message received, each missed message exactly once', async () => {
    const { desk, visitorId, write, answer } = await scene();
    const first = await write(visitorId, 'First question');
    const visitor = await openVisitor(baseUrl, desk.inbox.id);
    visitor.send({ type: 'hello', visitorId, after: null });
    await visitor.next('ready');
    expect(visitor.messages().map((m) => m.body)).toEqual(['First question']);
    const last = visitor.messages().at(-1)?.id ?? null;
    await visitor.close();
    await answer(first.conversation.id, 'Answer one');
    await answer(first.conversation.id, 'Answer two');
    const again = await openVisitor(baseUrl, desk.inbox.id);
    again.send({ type: 'hello', visitorId, after: last });
    await again.next('ready');
    expect(again.messages().map((m) => m.body)).toEqual(['Answer one', 'Answer two']);
    await answer(first.conversation.id, 'Answer three');
    await again.next('message');
    await sleep(200);
    expect(again.messages().map((m) => m.body)).toEqual(['Answer one', 'Answer two', 'Answer three']);
    await again.close();
  });

  it('carries typing both ways and tells the visitor when the team has seen the conversation', async () => {
    const { desk, visitorId, write, headers } = await scene();
    const first = await write(visitorId, 'Typing test');
    const visitor = await openVisitor(baseUrl, desk.inbox.id);
    visitor.send({ type: 'hello', visitorId, after: first.message.id });
    await visitor.next('ready');
    const agentLive = await openLive(baseUrl, { headers });
    await agentLive.next('ready');
    agentLive.send({ type: 'view', conversationId: first.conversation.id });
    expect((await visitor.next('seen')).type).toBe('seen');
    agentLive.send({ type: 'typing', conversationId: first.conversation.id, isTyping: true });
    expect(await visitor.next('typing')).toEqual({ type: 'typing', name: 'Ivy', isTyping: true });
    visitor.send({ type: 'typing', isTyping: true });
    const seenByAgent = await agentLive.next('presence', (frame) =>
      frame.typing.some((p) => p.userId.startsWith('customer:')),
    );
    expect(seenByAgent.conversationId).toBe(first.conversation.id);
    visitor.send({ type: 'typing', isTyping: false });
    await agentLive.next('presence', (frame) => !frame.typing.some((p) => p.userId.startsWith('customer:')));
    await agentLive.close();
    await visitor.close();
  });

  it('closes a socket that never says who the visitor is, and refuses an unknown inbox', async () => {
    const { desk } = await scene();
    const nobody = await openVisitor(baseUrl, 'no-such-inbox');
    nobody.send({ type: 'hello', visitorId: newVisitorId(), after: null });
    const error = await nobody.next('error');
    expect(error.code).toBe('widget.inbox_not_found');
    const bad = await openVisitor(baseUrl, desk.inbox.id);
    bad.send({ type: 'typing', isTyping: true });
    expect((await bad.next('error')).code).toBe('widget.hello_first');
    bad.send({ type: 'hello', visitorId: 'short', after: null });
    expect((await bad.next('error')).code).toBe('widget.invalid_frame');
    await bad.close();
  });
});
