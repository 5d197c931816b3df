import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { fixedClock } from '../../platform/clock.ts';
import { signUserId, visitorKey } from './chat.rules.ts';

const newVisitorId = () => randomBytes(32).toString('base64url');
// The smallest valid PNG: 1×1, transparent.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** A real multipart body, built the way a browser's FormData is sent. */
async function multipart(file: { name: string; type: string; bytes: Buffer }) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const request = new Request('http://upload.example.test', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type') ?? '' };
}
const newClientId = () => randomBytes(12).toString('base64url');
// Monday 2 March 2026, 10:00 in Paris: the test inboxes (09:00–17:00 Paris) are open.
const MONDAY_MORNING = '2026-03-02T09:00:00.000Z';
const MINUTE = 60_000;

eachEngine('chat widget API', (context) => {
  let app: TestApp;
  const clock = fixedClock(MONDAY_MORNING);
  beforeAll(async () => {
    app = await buildTestApp(context, { clock, widgetLimits: { messagesPerVisitorPerMinute: 6 } });
  });
  afterAll(async () => {
    await app.close();
  });

  async function desk() {
    const built = await buildDesk(context.db);
    const agent = await buildAgent(context.db, {
      accountId: built.account.id,
      teamId: built.team.id,
      name: 'Ivy Fictional',
      availability: 'offline',
    });
    return { ...built, agent, agentHeaders: await buildSessionHeaders(context.db, agent) };
  }

  const send = (inboxId: string, visitorId: string, body: string, clientId = newClientId()) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/widget/inboxes/${inboxId}/messages`,
      headers: { 'x-rapport-visitor': visitorId },
      payload: { clientId, body, language: 'de-DE', timeZone: 'Europe/Berlin' },
    });
  const session = (inboxId: string, visitorId: string, body: object = {}) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/widget/inboxes/${inboxId}/session`,
      headers: { 'x-rapport-visitor': visitorId },
      payload: body,
    });

  it('shows the widget card of an inbox without a login, with the default quote before any history', async () => {
    const { inbox } = await desk();
    const response = await app.inject({ method: 'GET', url: `/api/v1/widget/inboxes/${inbox.id}` });
    expect(response.statusCode).toBe(200);
    const card = response.json().inbox;
    expect(card).toMatchObject({ id: inbox.id, name: 'Support', open: true, backAt: null, keptRate: null });
    expect(card.quote).toMatchObject({ waitMs: 60 * MINUTE, basis: 'default' });
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/widget/inboxes/no-such-inbox' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('widget.inbox_not_found');
  });

  it('needs a visitor id, but no registration, to write', async () => {
    const { inbox } = await desk();
    const anonymous = await app.inject({
      method: 'POST',
      url: `/api/v1/widget/inboxes/${inbox.id}/messages`,
      payload: { clientId: newClientId(), body: 'Hello' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('widget.visitor_required');
    const short = await send(inbox.id, 'too-short', 'Hello');
    expect(short.statusCode).toBe(401);
  });

  it('opens a conversation with a quote at the first message, and keeps the visitor id only hashed', async () => {
    const { inbox, account } = await desk();
    const visitorId = newVisitorId();
    const response = await send(inbox.id, visitorId, 'Where is my parcel?');
    expect(response.statusCode).toBe(201);
    const result = response.json();
    expect(result.message).toMatchObject({ direction: 'inbound', body: 'Where is my parcel?', authorType: 'customer' });
    expect(result.conversation.quote).toMatchObject({ waitMs: 60 * MINUTE, basis: 'default', answered: false });
    expect(result.conversation.quote.dueAt).toBe(new Date(Date.parse(MONDAY_MORNING) + 60 * MINUTE).toISOString());
    const identities = await context.db
      .selectFrom('customer_identities')
      .select(['channel', 'value'])
      .where('account_id', '=', account.id)
      .where('channel', '=', 'chat_visitor')
      .execute();
    expect(identities).toEqual([{ channel: 'chat_visitor', value: visitorKey(visitorId) }]);
    expect(JSON.stringify(identities)).not.toContain(visitorId);
    const customer = await context.db
      .selectFrom('customers')
      .select(['language', 'time_zone'])
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(customer).toEqual({ language: 'de-DE', time_zone: 'Europe/Berlin' });
  });

  it('stores a retried send once (the client id is the idempotency key)', async () => {
    const { inbox } = await desk();
    const visitorId = newVisitorId();
    const clientId = newClientId();
    const first = await send(inbox.id, visitorId, 'Sent while the train went into a tunnel', clientId);
    const again = await send(inbox.id, visitorId, 'Sent while the train went into a tunnel', clientId);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().duplicate).toBe(true);
    expect(again.json().message.id).toBe(first.json().message.id);
    const both = await Promise.all([
      send(inbox.id, visitorId, 'Twice at once', 'same-client-id'),
      send(inbox.id, visitorId, 'Twice at once', 'same-client-id'),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    const history = await app.inject({
      method: 'GET',
      url: `/api/v1/widget/inboxes/${inbox.id}/messages`,
      headers: { 'x-rapport-visitor': visitorId },
    });
    expect(history.json().messages.map((m: { body: string }) => m.body)).toEqual([
      'Sent while the train went into a tunnel',
      'Twice at once',
    ]);
    // Another visitor using the same client id is another message.
    const other = await send(inbox.id, newVisitorId(), 'Twice at once', 'same-client-id');
    expect(other.statusCode).toBe(201);
  });

  it('shows a visitor only their own conversation, never internal notes', async () => {
    const { inbox, agentHeaders } = await desk();
    const ada = newVisitorId();
    const bob = newVisitorId();
    const sent = (await send(inbox.id, ada, 'Ada asks about her order')).json();
    await send(inbox.id, bob, 'Bob asks about his order');
    const note = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${sent.conversation.id}/messages`,
      headers: agentHeaders,
      payload: { direction: 'note', body: 'Internal: check the warehouse' },
    });
    expect(note.statusCode).toBe(201);
    const reply = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${sent.conversation.id}/messages`,
      headers: agentHeaders,
      payload: { direction: 'outbound', body: 'It ships today, Ada.' },
    });
    expect(reply.statusCode).toBe(201);
    const adaSees = (await session(inbox.id, ada)).json();
    expect(adaSees.messages.map((m: { body: string }) => m.body)).toEqual([
      'Ada asks about her order',
      'It ships today, Ada.',
    ]);
    expect(adaSees.messages[1].authorName).toBe('Ivy');
    const bobSees = (await session(inbox.id, bob)).json();
    expect(bobSees.messages.map((m: { body: string }) => m.body)).toEqual(['Bob asks about his order']);
    const stranger = (await session(inbox.id, newVisitorId())).json();
    expect(stranger.messages).toEqual([]);
    expect(stranger.conversation).toBeNull();
  });

  it('resumes after the last message the frame has', async () => {
    const { inbox } = await desk();
    const visitorId = newVisitorId();
    const first = (await send(inbox.id, visitorId, 'One')).json();
    await send(inbox.id, visitorId, 'Two');
    await send(inbox.id, visitorId, 'Three');
    const after = await app.inject({
      method: 'GET',
      url: `/api/v1/widget/inboxes/${inbox.id}/messages?after=${first.message.id}`,
      headers: { 'x-rapport-visitor': visitorId },
    });
    expect(after.json().messages.map((m: { body: string }) => m.body)).toEqual(['Two', 'Three']);
  });

  it('attaches a visitor to a known customer only with a valid signed user id', async () => {
    const { inbox, admin } = await desk();
    const adminHeaders = await buildSessionHeaders(context.db, admin);
    const settings = await app.inject({
      method: 'GET',
      url: `/api/v1/inboxes/${inbox.id}/widget`,
      headers: adminHeaders,
    });
    expect(settings.statusCode).toBe(200);
    const { secret, snippet } = settings.json().widget;
    expect(snippet).toContain(`data-inbox="${inbox.id}"`);
    expect(snippet).toContain('async');

    const forged = (
      await session(inbox.id, newVisitorId(), { user: { id: 'user-42', signature: 'ab'.repeat(32) } })
    ).json();
    expect(forged.verified).toBe(false);
    const unsigned = (
      await session(inbox.id, newVisitorId(), { user: { id: 'user-42', signature: signUserId('wrong', 'user-42') } })
    ).json();
    expect(unsigned.verified).toBe(false);
    expect(
      await context.db.selectFrom('customer_identities').select('id').where('channel', '=', 'site_user').execute(),
    ).toEqual([]);

    const visitorId = newVisitorId();
    const good = (
      await session(inbox.id, visitorId, {
        user: { id: 'user-42', signature: signUserId(secret, 'user-42') },
        name: 'Fern Fictional',
      })
    ).json();
    expect(good.verified).toBe(true);
    expect(good.customer.name).toBe('Fern Fictional');
    await send(inbox.id, visitorId, 'Signed in and asking');
    // The same user on another browser sees the same history.
    const elsewhere = (
      await session(inbox.id, newVisitorId(), { user: { id: 'user-42', signature: signUserId(secret, 'user-42') } })
    ).json();
    expect(elsewhere.messages.map((m: { body: string }) => m.body)).toEqual(['Signed in and asking']);

    // A new secret: signatures made with the old one stop being trusted.
    const rotated = await app.inject({
      method: 'POST',
      url: `/api/v1/inboxes/${inbox.id}/widget/secret`,
      headers: adminHeaders,
    });
    expect(rotated.json().widget.secret).not.toBe(secret);
    const audit = await context.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id'])
      .where('action', '=', 'inbox.widget_secret_replaced')
      .where('subject_id', '=', inbox.id)
      .execute();
    expect(audit).toHaveLength(1);
    const stale = (
      await session(inbox.id, newVisitorId(), { user: { id: 'user-42', signature: signUserId(secret, 'user-42') } })
    ).json();
    expect(stale.verified).toBe(false);
  });

  it('keeps an email left by the visitor, but never attaches one that belongs to another customer', async () => {
    const { inbox, account } = await desk();
    const visitorId = newVisitorId();
    const early = await app.inject({
      method: 'PUT',
      url: `/api/v1/widget/inboxes/${inbox.id}/contact`,
      headers: { 'x-rapport-visitor': visitorId },
      payload: { email: 'gus@example.test' },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/Send a message first/);
    await send(inbox.id, visitorId, 'Hello');
    const left = await app.inject({
      method: 'PUT',
      url: `/api/v1/widget/inboxes/${inbox.id}/contact`,
      headers: { 'x-rapport-visitor': visitorId },
      payload: { name: 'Gus Fictional', email: 'Gus@Example.test' },
    });
    expect(left.json().customer).toEqual({ name: 'Gus Fictional', email: 'gus@example.test' });
    const impostor = newVisitorId();
    await send(inbox.id, impostor, 'I am Gus, honest');
    const claimed = await app.inject({
      method: 'PUT',
      url: `/api/v1/widget/inboxes/${inbox.id}/contact`,
      headers: { 'x-rapport-visitor': impostor },
      payload: { email: 'gus@example.test' },
    });
    expect(claimed.json().customer.email).toBeNull();
    const impostorSees = (await session(inbox.id, impostor)).json();
    expect(impostorSees.messages.map((m: { body: string }) => m.body)).toEqual(['I am Gus, honest']);
    const note = await context.db
      .selectFrom('messages')
      .select('body')
      .where('account_id', '=', account.id)
      .where('direction', '=', 'note')
      .executeTakeFirstOrThrow();
    expect(note.body).toMatch(/belongs to another customer/);
  });

  it('refuses overlong messages and too many messages with a clear message', async () => {
    const { inbox } = await desk();
    const visitorId = newVisitorId();
    const long = await send(inbox.id, visitorId, 'x'.repeat(5001));
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details.fields.body).toBe('must be at most 5000 characters');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await send(inbox.id, visitorId, `Message ${i}`)).statusCode);
    expect(statuses.slice(0, 5).every((status) => status === 201)).toBe(true);
    const limited = await send(inbox.id, visitorId, 'One more');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('widget.too_many_messages');
    expect(limited.json().error.message).toMatch(/Wait \d+ seconds/);
    // Another visitor is not held back by this one.
    expect((await send(inbox.id, newVisitorId(), 'Hello')).statusCode).toBe(201);
  });

  it('takes files from a visitor within the limits, and shows them only to that visitor', async () => {
    const { inbox, agentHeaders } = await desk();
    const visitorId = newVisitorId();
    const upload = async (who: string, file: { name: string; type: string; bytes: Buffer }) => {
      const body = await multipart(file);
      return app.inject({
        method: 'POST',
        url: `/api/v1/widget/inboxes/${inbox.id}/attachments`,
        headers: { 'x-rapport-visitor': who, 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    const uploaded = await upload(visitorId, { name: 'flicker.png', type: 'image/png', bytes: png });
    expect(uploaded.statusCode).toBe(201);
    const attachment = uploaded.json().attachment;
    expect(attachment).toMatchObject({ name: 'flicker.png', contentType: 'image/png', inline: true });
    expect(attachment.url).toBe(`/api/v1/widget/inboxes/${inbox.id}/attachments/${attachment.id}`);

    const refused = await upload(visitorId, { name: 'fix.exe', type: 'application/octet-stream', bytes: png });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/zip it or share a link/);
    const huge = await upload(visitorId, {
      name: 'big.pdf',
      type: 'application/pdf',
      bytes: Buffer.alloc(3 * 1024 * 1024),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.message).toMatch(/larger than 2 MB/);

    // Another visitor can neither send nor open someone else's upload.
    const stranger = newVisitorId();
    await send(inbox.id, stranger, 'Hello');
    const stolen = await app.inject({
      method: 'POST',
      url: `/api/v1/widget/inboxes/${inbox.id}/messages`,
      headers: { 'x-rapport-visitor': stranger },
      payload: { clientId: newClientId(), body: 'Mine now', attachmentIds: [attachment.id] },
    });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error.code).toBe('attachment.unavailable');

    // The first message may be just the file.
    const sent = await app.inject({
      method: 'POST',
      url: `/api/v1/widget/inboxes/${inbox.id}/messages`,
      headers: { 'x-rapport-visitor': visitorId },
      payload: { clientId: newClientId(), body: '', attachmentIds: [attachment.id] },
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json().message.attachments.map((a: { name: string }) => a.name)).toEqual(['flicker.png']);
    const download = await app.inject({
      method: 'GET',
      url: attachment.url,
      headers: { 'x-rapport-visitor': visitorId },
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(png)).toBe(true);
    expect(download.headers['content-security-policy']).toContain('sandbox');
    const peek = await app.inject({ method: 'GET', url: attachment.url, headers: { 'x-rapport-visitor': stranger } });
    expect(peek.statusCode).toBe(404);

    // The agent sees the customer's file in the conversation.
    const conversationId = sent.json().conversation.id;
    const agentView = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers: agentHeaders,
    });
    expect(agentView.json().messages[0].attachments[0]).toMatchObject({
      name: 'flicker.png',
      url: `/api/v1/attachments/${attachment.id}`,
    });
    const agentDownload = await app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${attachment.id}`,
      headers: agentHeaders,
    });
    expect(agentDownload.statusCode).toBe(200);
  });

  describe('quotes', () => {
    it('records a quote kept when a person answers in time, and shows the rate once there are enough', async () => {
      const { inbox, agentHeaders } = await desk();
      clock.set(MONDAY_MORNING);
      for (let i = 0; i < 5; i++) {
        const sent = (await send(inbox.id, newVisitorId(), `Question ${i}`)).json();
        clock.advance((i < 4 ? 20 : 90) * MINUTE);
        await app.inject({
          method: 'POST',
          url: `/api/v1/conversations/${sent.conversation.id}/messages`,
          headers: agentHeaders,
          payload: { direction: 'outbound', body: 'Here is the answer.' },
        });
        clock.set(MONDAY_MORNING);
      }
      await app.machinery.dispatcher.dispatchPending();
      const quotes = await context.db
        .selectFrom('quotes')
        .select(['kept'])
        .where('inbox_id', '=', inbox.id)
        .orderBy('quoted_at')
        .execute();
      expect(quotes.map((q) => Number(q.kept)).sort()).toEqual([0, 1, 1, 1, 1]);
      const card = (await app.inject({ method: 'GET', url: `/api/v1/widget/inboxes/${inbox.id}` })).json().inbox;
      expect(card.keptRate).toEqual({ kept: 4, total: 5 });
    });

    it('sends one honest update with a new estimate when the quote is about to lapse, and alerts the team', async () => {
      const { inbox, agent, account } = await desk();
      clock.set(MONDAY_MORNING);
      const visitorId = newVisitorId();
      const sent = (await send(inbox.id, visitorId, 'Is anyone there?')).json();
      clock.advance(47 * MINUTE);
      await app.machinery.jobs.drain();
      expect((await session(inbox.id, visitorId)).json().messages).toHaveLength(1);
      clock.advance(2 * MINUTE);
      await app.machinery.jobs.drain();
      await app.machinery.jobs.drain();
      const seen = (await session(inbox.id, visitorId)).json();
      expect(seen.messages).toHaveLength(2);
      const update = seen.messages[1];
      expect(update).toMatchObject({ direction: 'outbound', authorType: 'system' });
      // In the customer's language (German), with the first estimate and a later one.
      expect(update.body).toMatch(/^Ein ehrliches Update: Wir hatten Ihnen eine Antwort bis 11:00 angekündigt/);
      expect(update.body).not.toMatch(/important to us|wichtig/i);
      expect(seen.conversation.quote.revisedDueAt).not.toBeNull();
      expect(Date.parse(seen.conversation.quote.revisedDueAt)).toBeGreaterThan(
        Date.parse(seen.conversation.quote.dueAt),
      );
      await app.machinery.dispatcher.dispatchPending();
      const alerts = await context.db
        .selectFrom('notifications')
        .select(['user_id', 'body', 'conversation_id'])
        .where('account_id', '=', account.id)
        .where('kind', '=', 'quote.lapsing')
        .execute();
      expect(alerts.map((a) => a.user_id)).toContain(agent.id);
      expect(alerts[0]?.conversation_id).toBe(sent.conversation.id);
      // Once, not a drip of apologies: running the check again says nothing more.
      const { checkQuoteLapse } = await import('../quotes/quotes.service.ts');
      const again = await checkQuoteLapse(
        { db: context.db, clock, events: app.machinery.events },
        { accountId: account.id, conversationId: sent.conversation.id },
      );
      expect(again.updated).toBe(false);
      expect((await session(inbox.id, visitorId)).json().messages).toHaveLength(2);
    });

    it('outside business hours says when the team is back', async () => {
      const { inbox } = await desk();
      clock.set('2026-03-06T17:30:00.000Z'); // Friday 18:30 in Paris
      const card = (await app.inject({ method: 'GET', url: `/api/v1/widget/inboxes/${inbox.id}` })).json().inbox;
      expect(card.open).toBe(false);
      expect(card.backAt).toBe('2026-03-09T08:00:00.000Z');
      const sent = (await send(inbox.id, newVisitorId(), 'Weekend question')).json();
      expect(sent.conversation.quote.backAt).toBe('2026-03-09T08:00:00.000Z');
      expect(sent.conversation.quote.dueAt).toBe('2026-03-09T09:00:00.000Z');
      clock.set(MONDAY_MORNING);
    });
  });
});
