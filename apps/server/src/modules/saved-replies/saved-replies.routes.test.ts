import { fillSavedReply, firstNameOf } from '@rapport/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildDesk, buildSessionHeaders, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';

describe('filling a saved reply', () => {
  it('fills known placeholders and leaves unknown or empty ones visible for the agent to finish', () => {
    const body =
      'Hi {{customer.firstName}}, I am {{ agent.name }}. About conversation {{conversation.number}} and {{order.id}}…';
    expect(
      fillSavedReply(body, { 'customer.firstName': 'Fern', 'agent.name': 'Bo Agent', 'conversation.number': 1042 }),
    ).toBe('Hi Fern, I am Bo Agent. About conversation 1042 and {{order.id}}…');
    expect(fillSavedReply('Hi {{customer.firstName}}', { 'customer.firstName': firstNameOf(null) })).toBe(
      'Hi {{customer.firstName}}',
    );
    expect(firstNameOf('  Fern   Fictional ')).toBe('Fern');
  });
});

eachEngine('saved replies', (context) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp(context);
  });
  afterAll(async () => {
    await app.close();
  });

  it('admins write them, agents read them, everything is audited', async () => {
    const desk = await buildDesk(context.db);
    const agent = await buildUser(context.db, { accountId: desk.account.id, role: 'agent' });
    const admin = await buildSessionHeaders(context.db, desk.admin);
    const agentHeaders = await buildSessionHeaders(context.db, agent);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/saved-replies',
      headers: admin,
      payload: { title: 'Refund on its way', body: 'Hi {{customer.firstName}}, your refund is on its way.' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().savedReply.id;
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/saved-replies',
          headers: agentHeaders,
          payload: { title: 'x', body: 'y' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/saved-replies',
          headers: admin,
          payload: { title: '', body: 'y' },
        })
      ).statusCode,
    ).toBe(400);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/saved-replies', headers: agentHeaders });
    expect(listed.json().savedReplies).toEqual([expect.objectContaining({ id, title: 'Refund on its way' })]);
    const updated = await app.inject({
      method: 'PATCH',
      url: `/api/v1/saved-replies/${id}`,
      headers: admin,
      payload: { title: 'Refund sent' },
    });
    expect(updated.json().savedReply).toMatchObject({
      title: 'Refund sent',
      body: 'Hi {{customer.firstName}}, your refund is on its way.',
    });
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/saved-replies/${id}`, headers: admin })).statusCode,
    ).toBe(204);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/saved-replies/${id}`, headers: admin })).statusCode,
    ).toBe(404);
    const audit = await context.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['saved_reply.created', 'saved_reply.updated', 'saved_reply.deleted']);
  });
});
