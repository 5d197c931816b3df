import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/kit/app.ts';
import { buildSessionHeaders, buildUser, testPassword } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { RapportApp } from '../../transport/http/build-app.ts';
import { prepareFirstStart } from '../accounts/accounts.service.ts';

const tokenOf = (link: string) => link.split('#token=')[1] ?? '';

eachEngine('first start, invitations and user administration', (context) => {
  let app: RapportApp;
  beforeAll(async () => {
    app = await buildTestApp(context);
  });
  afterAll(async () => {
    await app.close();
  });

  it('first start creates the account with a Support team and inbox, and a setup link that makes the first admin', async () => {
    const clock = fixedClock(new Date());
    const first = await prepareFirstStart({ db: context.db, clock, publicUrl: 'http://rapport.example.test' });
    expect(first.setupLink?.link).toMatch(/^http:\/\/rapport\.example\.test\/setup#token=/);
    const inboxes = await context.db
      .selectFrom('inboxes')
      .select('name')
      .where('account_id', '=', first.account.id)
      .execute();
    expect(inboxes.map((i) => i.name)).toEqual(['Support']);

    // A second start before anyone used the link prints a new one; the old one stops working.
    const second = await prepareFirstStart({ db: context.db, clock, publicUrl: 'http://rapport.example.test' });
    expect(second.account.id).toBe(first.account.id);
    const stale = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/lookup',
      payload: { token: tokenOf(first.setupLink?.link ?? '') },
    });
    expect(stale.statusCode).toBe(404);
    expect(stale.json().error.code).toBe('invitation.invalid');

    const token = tokenOf(second.setupLink?.link ?? '');
    const lookup = await app.inject({ method: 'POST', url: '/api/v1/invitations/lookup', payload: { token } });
    expect(lookup.json()).toMatchObject({ isSetup: true, role: 'admin', email: null });

    const missingEmail = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token, name: 'Ana Admin', password: 'long enough password' },
    });
    expect(missingEmail.statusCode).toBe(400);
    expect(missingEmail.json().error.code).toBe('invitation.email_required');

    const shortPassword = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token, name: 'Ana Admin', email: 'ana@example.test', password: 'short' },
    });
    expect(shortPassword.statusCode).toBe(400);
    expect(shortPassword.json().error.details.fields.password).toMatch(/at least 10/);

    const accepted = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token, name: 'Ana Admin', email: 'Ana@Example.test', password: 'long enough password' },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user).toMatchObject({ name: 'Ana Admin', email: 'ana@example.test', role: 'admin' });
    expect(String([accepted.headers['set-cookie']].flat()[0])).toMatch(/^rapport_session=/);

    const reused = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token, name: 'Mallory', email: 'mallory@example.test', password: 'long enough password' },
    });
    expect(reused.statusCode).toBe(404);

    // With an admin in place, start-up prints no setup link any more.
    expect((await prepareFirstStart({ db: context.db, clock, publicUrl: 'http://x' })).setupLink).toBeUndefined();
    const audit = await context.db
      .selectFrom('audit_log')
      .select('action')
      .where('account_id', '=', first.account.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['account.created', 'account.set_up']));
  });

  it('an admin invites a person by link; the person joins with that role and the invitation is used up', async () => {
    const admin = await buildUser(context.db, { role: 'admin' });
    const headers = await buildSessionHeaders(context.db, admin);
    const invited = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers,
      payload: { email: 'Bo@Example.test', role: 'advocate' },
    });
    expect(invited.statusCode).toBe(201);
    const { link, invitation } = invited.json();
    expect(link).toMatch(/\/invite#token=/);
    const pending = await app.inject({ method: 'GET', url: '/api/v1/invitations', headers });
    expect(pending.json().invitations.map((i: { id: string }) => i.id)).toContain(invitation.id);

    const joined = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token: tokenOf(link), name: 'Bo Advocate', password: 'another long password' },
    });
    expect(joined.statusCode).toBe(200);
    expect(joined.json().user).toMatchObject({
      email: 'bo@example.test',
      role: 'advocate',
      accountId: admin.accountId,
    });
    const after = await app.inject({ method: 'GET', url: '/api/v1/invitations', headers });
    expect(after.json().invitations.map((i: { id: string }) => i.id)).not.toContain(invitation.id);

    const duplicate = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers,
      payload: { email: 'bo@example.test', role: 'agent' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('user.email_taken');
  });

  it('a revoked or expired invitation cannot be used, with a message saying what to do', async () => {
    const clock = fixedClock('2026-03-01T10:00:00.000Z');
    const clockApp = await buildTestApp(context, { clock });
    const admin = await buildUser(context.db, { role: 'admin' });
    const headers = await buildSessionHeaders(context.db, admin);
    const first = (
      await clockApp.inject({
        method: 'POST',
        url: '/api/v1/invitations',
        headers,
        payload: { email: 'c1@example.test', role: 'agent' },
      })
    ).json();
    const second = (
      await clockApp.inject({
        method: 'POST',
        url: '/api/v1/invitations',
        headers,
        payload: { email: 'c2@example.test', role: 'agent' },
      })
    ).json();
    expect(
      (await clockApp.inject({ method: 'DELETE', url: `/api/v1/invitations/${first.invitation.id}`, headers }))
        .statusCode,
    ).toBe(204);
    const revoked = await clockApp.inject({
      method: 'POST',
      url: '/api/v1/invitations/lookup',
      payload: { token: tokenOf(first.link) },
    });
    expect(revoked.json().error.code).toBe('invitation.invalid');
    clock.advance(8 * 24 * 3600 * 1000);
    const expired = await clockApp.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token: tokenOf(second.link), name: 'Late', password: 'long enough password' },
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error).toMatchObject({
      code: 'invitation.expired',
      message: expect.stringMatching(/Ask an admin/),
    });
    await clockApp.close();
  });

  it('role changes are audited with before and after; the last admin cannot be demoted or deactivated', async () => {
    const admin = await buildUser(context.db, { role: 'admin' });
    const agent = await buildUser(context.db, { accountId: admin.accountId, role: 'agent' });
    const headers = await buildSessionHeaders(context.db, admin);

    const lastAdmin = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${admin.id}`,
      headers,
      payload: { role: 'agent' },
    });
    expect(lastAdmin.statusCode).toBe(409);
    expect(lastAdmin.json().error.code).toBe('user.last_admin');
    const self = await app.inject({ method: 'POST', url: `/api/v1/users/${admin.id}/deactivate`, headers });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.code).toBe('user.cannot_deactivate_self');

    const promoted = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${agent.id}`,
      headers,
      payload: { role: 'analyst' },
    });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json().user.role).toBe('analyst');
    const entry = await context.db
      .selectFrom('audit_log')
      .selectAll()
      .where('account_id', '=', admin.accountId)
      .where('action', '=', 'user.role_changed')
      .executeTakeFirstOrThrow();
    expect(entry.actor_user_id).toBe(admin.id);
    expect(JSON.parse(typeof entry.data === 'string' ? entry.data : JSON.stringify(entry.data))).toEqual({
      from: 'agent',
      to: 'analyst',
    });

    const emptyPatch = await app.inject({ method: 'PATCH', url: `/api/v1/users/${agent.id}`, headers, payload: {} });
    expect(emptyPatch.statusCode).toBe(400);
    const badRole = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${agent.id}`,
      headers,
      payload: { role: 'owner' },
    });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().error.details.fields.role).toBeDefined();
  });

  it('deactivating a user ends their sessions and API tokens at once; reactivating lets them sign in again', async () => {
    const admin = await buildUser(context.db, { role: 'admin' });
    const agent = await buildUser(context.db, { accountId: admin.accountId });
    const adminHeaders = await buildSessionHeaders(context.db, admin);
    const agentHeaders = await buildSessionHeaders(context.db, agent);
    const token = (
      await app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: agentHeaders, payload: { name: 'mine' } })
    ).json().token;

    const deactivated = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${agent.id}/deactivate`,
      headers: adminHeaders,
    });
    expect(deactivated.json().user.active).toBe(false);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: agentHeaders })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(401);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/users', headers: adminHeaders });
    expect(listed.json().users.map((u: { id: string }) => u.id)).not.toContain(agent.id);
    const all = await app.inject({ method: 'GET', url: '/api/v1/users?includeInactive=true', headers: adminHeaders });
    expect(all.json().users.map((u: { id: string }) => u.id)).toContain(agent.id);

    await app.inject({ method: 'POST', url: `/api/v1/users/${agent.id}/reactivate`, headers: adminHeaders });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: agent.email, password: testPassword },
    });
    expect(login.statusCode).toBe(200);
  });

  it('the audit log pages newest first and is for admins only', async () => {
    const admin = await buildUser(context.db, { role: 'admin' });
    const analyst = await buildUser(context.db, { accountId: admin.accountId, role: 'analyst' });
    const headers = await buildSessionHeaders(context.db, admin);
    for (const name of ['One', 'Two', 'Three']) {
      await app.inject({ method: 'POST', url: '/api/v1/teams', headers, payload: { name: `Audit ${name}` } });
    }
    const page1 = (
      await app.inject({ method: 'GET', url: '/api/v1/audit-log?limit=2&action=team.created', headers })
    ).json();
    expect(page1.entries.map((e: { data: { name: string } }) => e.data.name)).toEqual(['Audit Three', 'Audit Two']);
    expect(page1.entries[0].actor).toEqual({ id: admin.id, name: admin.name });
    const page2 = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/audit-log?limit=2&action=team.created&before=${page1.nextBefore}`,
        headers,
      })
    ).json();
    expect(page2.entries.map((e: { data: { name: string } }) => e.data.name)).toEqual(['Audit One']);
    expect(page2.nextBefore).toBeNull();
    const forbidden = await app.inject({
      method: 'GET',
      url: '/api/v1/audit-log',
      headers: await buildSessionHeaders(context.db, analyst),
    });
    expect(forbidden.statusCode).toBe(403);
  });
});
