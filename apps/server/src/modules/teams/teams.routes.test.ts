import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/kit/app.ts';
import { buildSessionHeaders, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import type { RapportApp } from '../../transport/http/build-app.ts';

eachEngine('teams', (context) => {
  let app: RapportApp;
  beforeAll(async () => {
    app = await buildTestApp(context);
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates, renames, staffs and deletes a team, auditing each change', async () => {
    const admin = await buildUser(context.db, { role: 'admin' });
    const ana = await buildUser(context.db, { accountId: admin.accountId, name: 'Ana Agent' });
    const bo = await buildUser(context.db, { accountId: admin.accountId, name: 'Bo Agent' });
    const headers = await buildSessionHeaders(context.db, admin);

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers,
      payload: { name: 'Billing', description: 'Invoices and refunds' },
    });
    expect(created.statusCode).toBe(201);
    const teamId = created.json().team.id;
    const clash = await app.inject({ method: 'POST', url: '/api/v1/teams', headers, payload: { name: 'billing' } });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('team.name_taken');

    const staffed = await app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${teamId}/members`,
      headers,
      payload: { members: [{ userId: bo.id, isLead: true }, { userId: ana.id }] },
    });
    expect(staffed.statusCode).toBe(200);
    expect(staffed.json().team.members).toEqual([
      { userId: ana.id, name: 'Ana Agent', isLead: false },
      { userId: bo.id, name: 'Bo Agent', isLead: true },
    ]);

    const stranger = await buildUser(context.db);
    const foreign = await app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${teamId}/members`,
      headers,
      payload: { members: [{ userId: stranger.id }] },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.code).toBe('team.unknown_members');

    const renamed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/teams/${teamId}`,
      headers,
      payload: { name: 'Billing & Refunds' },
    });
    expect(renamed.json().team).toMatchObject({ name: 'Billing & Refunds', description: 'Invoices and refunds' });

    const agentHeaders = await buildSessionHeaders(context.db, ana);
    const seen = await app.inject({ method: 'GET', url: '/api/v1/teams', headers: agentHeaders });
    expect(seen.json().teams.map((t: { id: string }) => t.id)).toContain(teamId);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/teams/${teamId}`, headers: agentHeaders })).statusCode,
    ).toBe(403);

    expect((await app.inject({ method: 'DELETE', url: `/api/v1/teams/${teamId}`, headers })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/v1/teams/${teamId}`, headers })).statusCode).toBe(404);
    const actions = await context.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', teamId)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'team.created',
      'team.members_changed',
      'team.updated',
      'team.deleted',
    ]);
  });
});
