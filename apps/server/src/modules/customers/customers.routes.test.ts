import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildDesk, buildSessionHeaders, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';

eachEngine('customers', (context) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp(context);
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates a customer with identities in their normal form, unique per account and kind', async () => {
    const desk = await buildDesk(context.db);
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers,
      payload: {
        name: 'Fern Fictional',
        language: 'fr',
        timeZone: 'Europe/Paris',
        attributes: { plan: 'family', since: 2021 },
        identities: [
          { kind: 'email', value: '  Fern@Example.TEST ' },
          { kind: 'phone', value: '+33 (0)6 12-34-56-78' },
          { kind: 'social_handle', value: '@FernF' },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().customer).toMatchObject({
      name: 'Fern Fictional',
      attributes: { plan: 'family', since: 2021 },
      identities: [
        { kind: 'email', value: 'fern@example.test' },
        { kind: 'phone', value: '+330612345678' },
        { kind: 'social_handle', value: '@fernf' },
      ],
    });
    const duplicate = await app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers,
      payload: { identities: [{ kind: 'email', value: 'FERN@example.test' }] },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('customer.identity_taken');
    // Another account may know the same address as someone else.
    const other = await buildDesk(context.db);
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: await buildSessionHeaders(context.db, other.admin),
      payload: { identities: [{ kind: 'email', value: 'fern@example.test' }] },
    });
    expect(elsewhere.statusCode).toBe(201);
    const badPhone = await app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers,
      payload: { identities: [{ kind: 'phone', value: 'call me' }] },
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.code).toBe('customer.invalid_identity');
  });

  it('merging moves identities, conversations and notes to the survivor, keeps their attributes, and is audited', async () => {
    const desk = await buildDesk(context.db);
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const open = (email: string, body: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers,
        payload: { inboxId: desk.inbox.id, customer: { identity: { kind: 'email', value: email } }, message: { body } },
      });
    const first = (await open('gus@example.test', 'Order 17 is late')).json().conversation;
    const second = (await open('gus.work@example.test', 'Invoice for order 17')).json().conversation;
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/customers/${first.customer.id}`,
      headers,
      payload: { name: 'Gus', attributes: { plan: 'pro' } },
    });
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/customers/${second.customer.id}`,
      headers,
      payload: { attributes: { plan: 'free', company: 'Fictional Ltd' } },
    });
    await app.inject({
      method: 'POST',
      url: `/api/v1/customers/${second.customer.id}/notes`,
      headers,
      payload: { body: 'Prefers phone calls' },
    });

    const merged = await app.inject({
      method: 'POST',
      url: `/api/v1/customers/${first.customer.id}/merge`,
      headers,
      payload: { sourceId: second.customer.id },
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().customer).toMatchObject({
      id: first.customer.id,
      name: 'Gus',
      attributes: { plan: 'pro', company: 'Fictional Ltd' },
      identities: expect.arrayContaining([
        { kind: 'email', value: 'gus@example.test' },
        { kind: 'email', value: 'gus.work@example.test' },
      ]),
    });
    const history = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations?customerId=${first.customer.id}`,
      headers,
    });
    expect(
      history
        .json()
        .conversations.map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual([first.id, second.id].sort());
    const notes = await app.inject({ method: 'GET', url: `/api/v1/customers/${first.customer.id}/notes`, headers });
    expect(notes.json().notes).toEqual([
      expect.objectContaining({ body: 'Prefers phone calls', author: { id: desk.admin.id, name: 'Ada Admin' } }),
    ]);
    // The old id still leads to the survivor; a new message from the old address joins them too.
    const old = await app.inject({ method: 'GET', url: `/api/v1/customers/${second.customer.id}`, headers });
    expect(old.json().customer.id).toBe(first.customer.id);
    const third = (await open('gus.work@example.test', 'One more thing')).json().conversation;
    expect(third.customer.id).toBe(first.customer.id);
    const audit = await context.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('subject_id', '=', first.customer.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['customer.merged']);
    const intoSelf = await app.inject({
      method: 'POST',
      url: `/api/v1/customers/${first.customer.id}/merge`,
      headers,
      payload: { sourceId: second.customer.id },
    });
    expect(intoSelf.json().error.code).toBe('customer.merge_into_self');
  });

  it('only agents and admins read customer profiles', async () => {
    const desk = await buildDesk(context.db);
    const analyst = await buildUser(context.db, { accountId: desk.account.id, role: 'analyst' });
    const advocate = await buildUser(context.db, { accountId: desk.account.id, role: 'advocate' });
    for (const user of [analyst, advocate]) {
      const response = await app.inject({
        method: 'GET',
        url: '/api/v1/customers',
        headers: await buildSessionHeaders(context.db, user),
      });
      expect(response.statusCode).toBe(403);
    }
  });
});
