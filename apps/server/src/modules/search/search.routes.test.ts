import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildCustomer, buildDesk, buildSessionHeaders, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { fixedClock } from '../../platform/clock.ts';

type Headers = Record<string, string>;
interface Found {
  conversations: { id: string; number: number; subject: string }[];
  customers: { id: string; name: string | null; identities: { value: string }[] }[];
}

eachEngine('search', (context) => {
  const clock = fixedClock('2026-03-02T09:00:00.000Z');
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp(context, { clock });
  });
  afterAll(async () => {
    await app.close();
  });

  async function open(
    headers: Headers,
    inboxId: string,
    input: { email: string; body: string; name?: string; subject?: string },
  ): Promise<{ id: string; number: number; customer: { id: string } }> {
    clock.advance(60_000);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers,
      payload: {
        inboxId,
        customer: { identity: { kind: 'email', value: input.email }, ...(input.name ? { name: input.name } : {}) },
        channel: 'email',
        message: { body: input.body },
        ...(input.subject ? { subject: input.subject } : {}),
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().conversation;
  }

  async function post(headers: Headers, conversationId: string, direction: string, body: string) {
    clock.advance(60_000);
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers,
      payload: { direction, body },
    });
    expect(response.statusCode, response.body).toBe(201);
  }

  async function search(headers: Headers, q: string, extra = '') {
    return app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, headers });
  }

  async function found(headers: Headers, q: string): Promise<Found> {
    const response = await search(headers, q);
    expect(response.statusCode, `${q}: ${response.body}`).toBe(200);
    return response.json();
  }

  const numbers = (result: Found) => result.conversations.map((c) => c.number);

  it('finds a conversation by words of a later message and of an internal note', async () => {
    const desk = await buildDesk(context.db);
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const conversation = await open(headers, desk.inbox.id, { email: 'ivo@example.test', body: 'Hello there' });
    await post(headers, conversation.id, 'inbound', 'The blender arrived with a cracked jug');
    await post(headers, conversation.id, 'note', 'Courier confirmed the damage: claim reference zebrafish');

    expect(numbers(await found(headers, 'cracked jug'))).toEqual([conversation.number]);
    expect(numbers(await found(headers, 'blend'))).toEqual([conversation.number]);
    expect(numbers(await found(headers, 'zebrafish'))).toEqual([conversation.number]);
    expect((await found(headers, 'cracked teapot')).conversations).toEqual([]);

    // A longer last word is matched by its first letters first, then checked whole.
    const fish = await open(headers, desk.inbox.id, { email: 'ivy@example.test', body: 'A cracked jug and a blenny' });
    expect(numbers(await found(headers, 'cracked blender'))).toEqual([conversation.number]);
    expect(numbers(await found(headers, 'cracked blenn'))).toEqual([fish.number]);
  });

  it('finds a conversation by its subject, and by its new subject once renamed', async () => {
    const desk = await buildDesk(context.db);
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const conversation = await open(headers, desk.inbox.id, {
      email: 'ola@example.test',
      body: 'Details inside',
      subject: 'Warranty question about espresso machine',
    });
    expect(numbers(await found(headers, 'espresso warranty'))).toEqual([conversation.number]);

    const renamed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/conversations/${conversation.id}`,
      headers,
      payload: { subject: 'Replacement grinder ordered' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(numbers(await found(headers, 'grinder'))).toEqual([conversation.number]);
    expect((await found(headers, 'espresso')).conversations).toEqual([]);
  });

  it('finds a conversation by its number, with or without #', async () => {
    const desk = await buildDesk(context.db);
    await context.db
      .insertInto('account_counters')
      .values({ account_id: desk.account.id, name: 'conversation_number', value: 1041 })
      .execute();
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const conversation = await open(headers, desk.inbox.id, { email: 'pia@example.test', body: 'Where is my order?' });
    expect(conversation.number).toBe(1042);
    // Someone else quoting that number in a message comes after the conversation itself.
    const quoting = await open(headers, desk.inbox.id, { email: 'quin@example.test', body: 'Same as ticket 1042' });

    expect(numbers(await found(headers, '1042'))).toEqual([1042, quoting.number]);
    expect(numbers(await found(headers, '#1042'))[0]).toBe(1042);
    expect((await found(headers, '#9999')).conversations).toEqual([]);
  });

  it('finds customers by name and by identity, an email prefix included', async () => {
    const desk = await buildDesk(context.db);
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const fern = await buildCustomer(context.db, {
      accountId: desk.account.id,
      name: 'Fern Okafor',
      email: 'fern@example.test',
    });
    await buildCustomer(context.db, { accountId: desk.account.id, name: 'Gus Fernandez', email: 'gus@example.test' });

    expect((await found(headers, 'okafor')).customers.map((c) => c.id)).toEqual([fern.id]);
    expect((await found(headers, 'fern@')).customers.map((c) => c.id)).toEqual([fern.id]);
    expect((await found(headers, 'fern@example.test')).customers.map((c) => c.id)).toEqual([fern.id]);
    // "fern" typed ahead is also the start of Fernandez: both, newest first.
    expect((await found(headers, 'fern')).customers.map((c) => c.name)).toEqual(['Gus Fernandez', 'Fern Okafor']);
    expect((await found(headers, 'fern okafor')).customers[0]).toMatchObject({
      id: fern.id,
      identities: [{ kind: 'email', value: 'fern@example.test' }],
    });
  });

  it('finds a merged customer under the customer it was merged into', async () => {
    const desk = await buildDesk(context.db);
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const kept = await buildCustomer(context.db, {
      accountId: desk.account.id,
      name: 'Hana Ito',
      email: 'hana@example.test',
    });
    const duplicate = await buildCustomer(context.db, {
      accountId: desk.account.id,
      email: 'hana.ito@work.example.test',
    });
    const merged = await app.inject({
      method: 'POST',
      url: `/api/v1/customers/${kept.id}/merge`,
      headers,
      payload: { sourceId: duplicate.id },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await found(headers, 'work.example')).customers.map((c) => c.id)).toEqual([kept.id]);
  });

  it('ranks the best match first for several words, and lists newest first for one word', async () => {
    const desk = await buildDesk(context.db);
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const passing = await open(headers, desk.inbox.id, {
      email: 'jo@example.test',
      body: 'I wrote a long letter about many things. One of them: my kettle. Much later, a refund would be nice, though nothing else here is about that.',
    });
    const focused = await open(headers, desk.inbox.id, {
      email: 'kim@example.test',
      body: 'Kettle refund please: the kettle leaks, I want a refund for the kettle.',
    });
    const newest = await open(headers, desk.inbox.id, { email: 'lu@example.test', body: 'My kettle is fine' });

    expect(numbers(await found(headers, 'kettle refund'))).toEqual([focused.number, passing.number]);
    expect(numbers(await found(headers, 'kettle'))).toEqual([newest.number, focused.number, passing.number]);
  });

  it('answers hostile and unusual input without failing', async () => {
    const desk = await buildDesk(context.db);
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const conversation = await open(headers, desk.inbox.id, {
      email: 'mo@example.test',
      body: 'Frau Müller aus dem 東京 office sent 🙂 twice',
    });
    for (const q of [
      '"',
      '""',
      '*',
      'ab*',
      'NEAR(',
      'NEAR(a b)',
      "'); drop table messages; --",
      'a:* & !b',
      '\\',
      'OR AND NOT',
      '^body',
      '🙂',
      '🙂 müller',
      '\u0000x',
      'x'.repeat(200),
    ]) {
      const response = await search(headers, q);
      expect([200, 400], `${JSON.stringify(q)}: ${response.body}`).toContain(response.statusCode);
    }
    expect(numbers(await found(headers, 'Müller'))).toEqual([conversation.number]);
    expect(numbers(await found(headers, '東京'))).toEqual([conversation.number]);
    expect(numbers(await found(headers, '🙂 müller'))).toEqual([conversation.number]);
    const count = await context.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(count?.n)).toBeGreaterThan(0);
  });

  it('says clearly when there is nothing to search for', async () => {
    const admin = await buildUser(context.db, { role: 'admin' });
    const headers = await buildSessionHeaders(context.db, admin);
    for (const q of ['', ' ', 'a', '?!', '🙂']) {
      const response = await search(headers, q);
      expect(response.statusCode, JSON.stringify(q)).toBe(400);
      expect(response.json().error).toMatchObject({
        code: 'search.query_too_short',
        message: expect.stringContaining('at least 2 letters or digits'),
      });
    }
    const missing = await app.inject({ method: 'GET', url: '/api/v1/search', headers });
    expect(missing.json().error.code).toBe('search.query_too_short');
    const tooLong = await search(headers, 'x'.repeat(201));
    expect(tooLong.json().error.code).toBe('request.invalid');
    const badLimit = await search(headers, 'parcel', '&limit=500');
    expect(badLimit.json().error.code).toBe('request.invalid');
  });

  it('returns at most `limit` conversations', async () => {
    const desk = await buildDesk(context.db);
    const headers = await buildSessionHeaders(context.db, desk.admin);
    for (let i = 0; i < 4; i++) await open(headers, desk.inbox.id, { email: `n${i}@example.test`, body: 'Toaster' });
    const response = await search(headers, 'toaster', '&limit=3');
    expect(response.json().conversations).toHaveLength(3);
  });

  it('never shows another account’s conversations or customers', async () => {
    const ours = await buildDesk(context.db);
    const theirs = await buildDesk(context.db);
    const ourHeaders = await buildSessionHeaders(context.db, ours.admin);
    const theirHeaders = await buildSessionHeaders(context.db, theirs.admin);
    await open(theirHeaders, theirs.inbox.id, {
      email: 'quill@example.test',
      name: 'Quill Secret',
      body: 'Confidential saxophone',
      subject: 'Saxophone repair',
    });
    const mine = await open(ourHeaders, ours.inbox.id, { email: 'rae@example.test', body: 'My saxophone too' });

    const result = await found(ourHeaders, 'saxophone');
    expect(result.conversations.map((c) => c.id)).toEqual([mine.id]);
    expect((await found(ourHeaders, 'quill')).customers).toEqual([]);
    expect((await found(ourHeaders, 'confidential saxophone')).conversations).toEqual([]);
    expect((await found(ourHeaders, '#1')).conversations.map((c) => c.id)).toEqual([mine.id]);
  });

  it('shows advocates only the cases they raised, and no customers', async () => {
    const desk = await buildDesk(context.db);
    const adminHeaders = await buildSessionHeaders(context.db, desk.admin);
    const advocate = await buildUser(context.db, { accountId: desk.account.id, role: 'advocate' });
    const advocateHeaders = await buildSessionHeaders(context.db, advocate);
    const raised = await open(advocateHeaders, desk.inbox.id, {
      email: 'sam@example.test',
      name: 'Sam Tuba',
      body: 'Customer called about a trombone',
    });
    const other = await open(adminHeaders, desk.inbox.id, { email: 'tia@example.test', body: 'Trombone case broken' });

    const asAdvocate = await found(advocateHeaders, 'trombone');
    expect(asAdvocate.conversations.map((c) => c.id)).toEqual([raised.id]);
    expect(asAdvocate.customers).toEqual([]);
    expect((await found(advocateHeaders, 'tuba')).customers).toEqual([]);
    expect((await found(advocateHeaders, `#${other.number}`)).conversations).toEqual([]);
    expect((await found(advocateHeaders, `#${raised.number}`)).conversations.map((c) => c.id)).toEqual([raised.id]);

    const asAdmin = await found(adminHeaders, 'trombone');
    expect(asAdmin.conversations.map((c) => c.id).sort()).toEqual([raised.id, other.id].sort());
  });

  it('needs a signed-in user', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/search?q=parcel' });
    expect(response.statusCode).toBe(401);
  });
});
