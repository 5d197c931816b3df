import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, captureLogs } from '../../../test/kit/app.ts';
import { buildAccount, buildSessionHeaders, buildUser, testPassword } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { RapportApp } from '../../transport/http/build-app.ts';

function cookieFrom(response: { headers: Record<string, unknown> }): string {
  const setCookie = [response.headers['set-cookie']].flat().find((c) => String(c).startsWith('rapport_session='));
  return String(setCookie).split(';')[0] ?? '';
}

eachEngine('sign-in and sessions', (context) => {
  let app: RapportApp;
  beforeAll(async () => {
    app = await buildTestApp(context);
  });
  afterAll(async () => {
    await app.close();
  });

  it('signs in with email and password, sets an HttpOnly SameSite=Lax cookie, and knows the user', async () => {
    const user = await buildUser(context.db, { role: 'admin' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email.toUpperCase(), password: testPassword },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ id: user.id, role: 'admin' });
    const setCookie = String([login.headers['set-cookie']].flat()[0]);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);

    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieFrom(login) } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(user.email);
    expect(me.json().csrfToken).toBe(login.json().csrfToken);

    const audit = await context.db
      .selectFrom('audit_log')
      .select('action')
      .where('account_id', '=', user.accountId)
      .where('subject_id', '=', user.id)
      .execute();
    expect(audit.map((row) => row.action)).toContain('auth.signed_in');
  });

  it('marks the cookie Secure when Rapport is served over https', async () => {
    const secureApp = await buildTestApp(context, { publicUrl: 'https://support.example.test' });
    const user = await buildUser(context.db);
    const login = await secureApp.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: testPassword },
    });
    expect(String([login.headers['set-cookie']].flat()[0])).toMatch(/Secure/);
    await secureApp.close();
  });

  it('answers a wrong password and an unknown email the same way, with an actionable message', async () => {
    const user = await buildUser(context.db);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: 'not it at all' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody-here@example.test', password: 'not it at all' },
    });
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({
        error: {
          code: 'auth.invalid_credentials',
          message: 'That email and password do not match. Check both and try again.',
        },
      });
    }
    const failed = await context.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', user.id)
      .execute();
    expect(failed.map((row) => row.action)).toContain('auth.sign_in_failed');
  });

  it('names the missing and malformed fields in a 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'not-an-email' },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('request.invalid');
    expect(body.error.details.fields).toEqual({
      email: expect.stringMatching(/email address/),
      password: 'is required',
    });
    expect(body.error.message).toMatch(/password is required/);
  });

  it('rejects a body that is not JSON with a 400, not a 500', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('request.malformed_json');
  });

  it('does not let a deactivated user sign in', async () => {
    const user = await buildUser(context.db, { deactivated: true });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: testPassword },
    });
    expect(response.statusCode).toBe(401);
  });

  it('asks for the account when the same email and password exist in two accounts', async () => {
    const email = `shared-${Date.now()}@example.test`;
    const first = await buildUser(context.db, { email });
    const second = await buildUser(context.db, { email });
    const ambiguous = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: testPassword },
    });
    expect(ambiguous.statusCode).toBe(400);
    expect(ambiguous.json().error.code).toBe('auth.account_required');
    const account = await context.db
      .selectFrom('accounts')
      .select('slug')
      .where('account_id', '=', second.accountId)
      .executeTakeFirstOrThrow();
    const chosen = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: testPassword, account: account.slug },
    });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json().user.id).toBe(second.id);
    expect(chosen.json().user.id).not.toBe(first.id);
  });

  it('rate-limits sign-in attempts per email and IP with a 429 that says how long to wait', async () => {
    const limited = await buildTestApp(context, { loginAttemptsPerMinute: 3 });
    const user = await buildUser(context.db);
    const attempt = (email: string) =>
      limited.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'wrong password' } });
    for (let i = 0; i < 3; i++) expect((await attempt(user.email)).statusCode).toBe(401);
    const blocked = await attempt(user.email);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('auth.too_many_attempts');
    expect(blocked.json().error.message).toMatch(/Wait \d+ seconds/);
    // Someone else signing in from the same address is not locked out.
    expect((await attempt('someone-else@example.test')).statusCode).toBe(401);
    await limited.close();
  });

  it('expires an idle session with a clear code, and slides the expiry while it is used', async () => {
    const clock = fixedClock('2026-01-01T09:00:00.000Z');
    const clockApp = await buildTestApp(context, { clock, sessionIdleDays: 1 });
    const user = await buildUser(context.db);
    const login = await clockApp.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: testPassword },
    });
    const cookie = cookieFrom(login);
    clock.advance(20 * 3600 * 1000);
    expect((await clockApp.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(
      200,
    );
    clock.advance(20 * 3600 * 1000);
    expect((await clockApp.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(
      200,
    );
    clock.advance(25 * 3600 * 1000);
    const expired = await clockApp.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error).toEqual({
      code: 'auth.session_expired',
      message: 'Your session has expired. Sign in again to continue.',
    });
    await clockApp.close();
  });

  it('refuses a cookie-authenticated write without the CSRF header, and accepts it with the header', async () => {
    const user = await buildUser(context.db);
    const headers = await buildSessionHeaders(context.db, user);
    const withoutHeader = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { cookie: headers.cookie },
      payload: { name: 'Zapier' },
    });
    expect(withoutHeader.statusCode).toBe(403);
    expect(withoutHeader.json().error.code).toBe('auth.csrf_missing');
    const wrongHeader = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { cookie: headers.cookie, 'x-csrf-token': 'guessed' },
      payload: { name: 'Zapier' },
    });
    expect(wrongHeader.statusCode).toBe(403);
    const withHeader = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers,
      payload: { name: 'Zapier' },
    });
    expect(withHeader.statusCode).toBe(201);
  });

  it('signs out: the session stops working', async () => {
    const user = await buildUser(context.db);
    const headers = await buildSessionHeaders(context.db, user);
    const logout = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(logout.statusCode).toBe(204);
    expect(String([logout.headers['set-cookie']].flat()[0])).toMatch(/rapport_session=;/);
    const after = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('auth.unauthenticated');
  });

  it('API tokens: created once, used as Bearer without CSRF, listed without the secret, revoked', async () => {
    const user = await buildUser(context.db, { role: 'admin' });
    const headers = await buildSessionHeaders(context.db, user);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers,
      payload: { name: 'CRM sync' },
    });
    const { token, apiToken } = created.json();
    expect(token).toMatch(/^rpt_/);
    const stored = await context.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', apiToken.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    const teams = await app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: bearer,
      payload: { name: `Billing ${Date.now()}` },
    });
    expect(teams.statusCode).toBe(201);
    const list = await app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: bearer });
    expect(list.json().apiTokens).toEqual([expect.objectContaining({ id: apiToken.id, name: 'CRM sync' })]);
    expect(list.body).not.toContain(token);

    const revoked = await app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${apiToken.id}`, headers });
    expect(revoked.statusCode).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('auth.invalid_token');
  });

  it('never writes passwords, cookies, tokens or the Authorization header to the log', async () => {
    const logs = captureLogs();
    const loggedApp = await buildTestApp(context, { logger: logs.logger });
    const user = await buildUser(context.db);
    const login = await loggedApp.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: testPassword },
    });
    const cookieValue = cookieFrom(login).split('=')[1] ?? 'missing';
    await loggedApp.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieFrom(login) } });
    await loggedApp.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: 'Bearer rpt_secret-looking-value' },
    });
    await loggedApp.inject({ method: 'GET', url: '/api/v1/users?token=leaky-query-token' });
    await loggedApp.close();
    const all = logs.lines.join('\n');
    expect(logs.lines.length).toBeGreaterThan(4);
    expect(all).not.toContain(testPassword);
    expect(all).not.toContain(cookieValue);
    expect(all).not.toContain('rpt_secret-looking-value');
    expect(all).not.toContain('leaky-query-token');
    expect(all).toContain('[redacted]');
  });
});

describe('errors from unknown faults', () => {
  eachEngine('unknown errors', (context) => {
    it('answer 500 with a generic body and the request id, and log the cause', async () => {
      const logs = captureLogs();
      const account = await buildAccount(context.db);
      const broken = await buildTestApp(
        { ...context, db: context.db },
        {
          logger: logs.logger,
          clock: {
            now: () => {
              throw new Error('clock exploded');
            },
          },
        },
      );
      const user = await buildUser(context.db, { accountId: account.id });
      const response = await broken.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: testPassword },
      });
      expect(response.statusCode).toBe(500);
      expect(response.json().error.code).toBe('internal');
      expect(response.json().error.message).toContain(String(response.headers['x-request-id']));
      expect(response.body).not.toContain('clock exploded');
      expect(logs.lines.join('\n')).toContain('clock exploded');
      await broken.close();
    });
  });
});
