import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, captureLogs } from '../../../test/kit/app.ts';
import { buildSessionHeaders, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { startHttpReceiver } from '../../../test/kit/http-receiver.ts';
import { createTestJobQueue } from '../../../test/kit/job-queue.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { RapportApp } from '../../transport/http/build-app.ts';
import { webhooksJobs } from './webhooks.jobs.ts';

eachEngine('webhook endpoints over HTTP', (context) => {
  const clock = fixedClock(new Date());
  const logs = captureLogs();
  let app: RapportApp;
  let queue: JobQueue;
  beforeAll(async () => {
    ({ queue } = await createTestJobQueue(context, { clock, logger: logs.logger }));
    queue.register(webhooksJobs({ db: context.db, clock, logger: logs.logger }));
    app = await buildTestApp(context, { jobs: queue, clock, logger: logs.logger });
  });
  afterAll(async () => {
    await app.close();
    await queue.stop();
  });

  it('lets an admin register, change, test and delete an endpoint, showing the secret once', async () => {
    const admin = await buildUser(context.db, { role: 'admin' });
    const headers = await buildSessionHeaders(context.db, admin);
    const receiver = await startHttpReceiver();
    try {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers,
        payload: { url: receiver.url, eventTypes: ['conversation.*', 'survey.answered'], description: ' CRM sync ' },
      });
      expect(created.statusCode).toBe(201);
      const { webhook, secret } = created.json();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
      expect(webhook).toMatchObject({
        url: receiver.url,
        description: 'CRM sync',
        eventTypes: ['conversation.*', 'survey.answered'],
        enabled: true,
      });

      const listed = await app.inject({ method: 'GET', url: '/api/v1/webhooks', headers });
      expect(listed.json().webhooks).toEqual([webhook]);
      expect(listed.body).not.toContain(secret);

      const disabled = await app.inject({
        method: 'PATCH',
        url: `/api/v1/webhooks/${webhook.id}`,
        headers,
        payload: { enabled: false },
      });
      expect(disabled.json().webhook.enabled).toBe(false);
      const refused = await app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/test`, headers });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('webhook.disabled');

      const enabled = await app.inject({
        method: 'PATCH',
        url: `/api/v1/webhooks/${webhook.id}`,
        headers,
        payload: { enabled: true, eventTypes: ['*'] },
      });
      expect(enabled.json().webhook).toMatchObject({ enabled: true, eventTypes: ['*'], description: 'CRM sync' });

      const tested = await app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/test`, headers });
      expect(tested.statusCode).toBe(202);
      expect(tested.json().delivery).toMatchObject({ eventType: 'webhook.test', status: 'pending', attempts: [] });
      await queue.drain();

      expect(receiver.received).toHaveLength(1);
      const [request] = receiver.received;
      if (!request) throw new Error('nothing received');
      const [t, v1] = String(request.headers['rapport-signature'])
        .split(',')
        .map((part) => part.split('=')[1]);
      expect(createHmac('sha256', secret).update(`${t}.${request.body}`).digest('hex')).toBe(v1);
      expect(JSON.parse(request.body)).toMatchObject({
        type: 'webhook.test',
        accountId: admin.accountId,
        data: { webhookId: webhook.id },
      });

      const deliveries = await app.inject({ method: 'GET', url: `/api/v1/webhooks/${webhook.id}/deliveries`, headers });
      expect(deliveries.statusCode).toBe(200);
      expect(deliveries.json().deliveries).toEqual([
        expect.objectContaining({
          id: tested.json().delivery.id,
          status: 'delivered',
          attempts: [expect.objectContaining({ attempt: 1, statusCode: 200 })],
        }),
      ]);

      const deleted = await app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${webhook.id}`, headers });
      expect(deleted.statusCode).toBe(204);
      const gone = await app.inject({ method: 'GET', url: `/api/v1/webhooks/${webhook.id}/deliveries`, headers });
      expect(gone.statusCode).toBe(404);
      expect(gone.json().error.code).toBe('webhook.not_found');

      const actions = await context.db
        .selectFrom('audit_log')
        .select('action')
        .where('account_id', '=', admin.accountId)
        .where('subject_id', '=', webhook.id)
        .orderBy('id')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'webhook.created',
        'webhook.updated',
        'webhook.updated',
        'webhook.deleted',
      ]);
      expect(logs.lines.length).toBeGreaterThan(0);
      expect(logs.lines.join('\n')).not.toContain(secret);
    } finally {
      await receiver.close();
    }
  });

  it('refuses an endpoint URL that is not http(s), and event types that are not names or families', async () => {
    const admin = await buildUser(context.db, { role: 'admin' });
    const headers = await buildSessionHeaders(context.db, admin);
    const create = (payload: object) => app.inject({ method: 'POST', url: '/api/v1/webhooks', headers, payload });

    for (const url of ['ftp://files.example.test/in', 'javascript:alert(1)', 'hooks.example.test']) {
      const response = await create({ url, eventTypes: ['*'] });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error).toMatchObject({
        code: 'webhook.invalid_url',
        details: { fields: { url: expect.any(String) } },
      });
    }
    const badTypes = await create({ url: 'https://hooks.example.test/in', eventTypes: ['Conversation Created'] });
    expect(badTypes.statusCode).toBe(400);
    expect(badTypes.json().error.code).toBe('request.invalid');
    const noTypes = await create({ url: 'https://hooks.example.test/in', eventTypes: [] });
    expect(noTypes.statusCode).toBe(400);

    const { webhook } = (await create({ url: 'https://hooks.example.test/in', eventTypes: ['*'] })).json();
    const badUpdate = await app.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${webhook.id}`,
      headers,
      payload: { url: 'file:///etc/passwd' },
    });
    expect(badUpdate.statusCode).toBe(400);
    expect(badUpdate.json().error.code).toBe('webhook.invalid_url');
    const empty = await app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers, payload: {} });
    expect(empty.statusCode).toBe(400);
  });

  it('lists deliveries newest first, a page at a time', async () => {
    const admin = await buildUser(context.db, { role: 'admin' });
    const headers = await buildSessionHeaders(context.db, admin);
    const { webhook } = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers,
        payload: { url: 'https://hooks.example.test/in', eventTypes: ['*'] },
      })
    ).json();
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) {
      const tested = await app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/test`, headers });
      sent.push(tested.json().delivery.id);
    }
    const first = await app.inject({
      method: 'GET',
      url: `/api/v1/webhooks/${webhook.id}/deliveries?limit=2`,
      headers,
    });
    expect(first.json().deliveries.map((d: { id: string }) => d.id)).toEqual([sent[2], sent[1]]);
    const next = first.json().nextBefore;
    expect(next).toBe(sent[1]);
    const second = await app.inject({
      method: 'GET',
      url: `/api/v1/webhooks/${webhook.id}/deliveries?limit=2&before=${next}`,
      headers,
    });
    expect(second.json()).toEqual({ deliveries: [expect.objectContaining({ id: sent[0] })], nextBefore: null });
    // These deliveries go nowhere; delete the endpoint so their queued jobs find nothing to send.
    await app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${webhook.id}`, headers });
  });

  it('answers 403 to every role but admin', async () => {
    const admin = await buildUser(context.db, { role: 'admin' });
    const adminHeaders = await buildSessionHeaders(context.db, admin);
    const { webhook } = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: adminHeaders,
        payload: { url: 'https://hooks.example.test/in', eventTypes: ['*'] },
      })
    ).json();
    const routes = [
      { method: 'GET', url: '/api/v1/webhooks' },
      { method: 'POST', url: '/api/v1/webhooks', payload: { url: 'https://x.example.test/', eventTypes: ['*'] } },
      { method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, payload: { enabled: false } },
      { method: 'DELETE', url: `/api/v1/webhooks/${webhook.id}` },
      { method: 'GET', url: `/api/v1/webhooks/${webhook.id}/deliveries` },
      { method: 'POST', url: `/api/v1/webhooks/${webhook.id}/test` },
    ] as const;
    for (const role of ['agent', 'advocate', 'analyst'] as const) {
      const user = await buildUser(context.db, { accountId: admin.accountId, role });
      const headers = await buildSessionHeaders(context.db, user);
      for (const route of routes) {
        const response = await app.inject({ ...route, headers });
        expect(response.statusCode, `${role} ${route.method} ${route.url}`).toBe(403);
        expect(response.json().error.code).toBe('auth.forbidden');
      }
    }
    const still = await app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: adminHeaders });
    expect(still.json().webhooks).toEqual([expect.objectContaining({ id: webhook.id, enabled: true })]);
  });
});
