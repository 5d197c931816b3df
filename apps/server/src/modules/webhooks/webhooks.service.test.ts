import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { captureLogs } from '../../../test/kit/app.ts';
import { buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { startHttpReceiver } from '../../../test/kit/http-receiver.ts';
import { createTestJobQueue } from '../../../test/kit/job-queue.ts';
import { fixedClock } from '../../platform/clock.ts';
import { createEventDispatcher } from '../../platform/events/dispatcher.ts';
import { recordEvent } from '../../platform/events/events.ts';
import { createLogger, type Logger } from '../../platform/logger.ts';
import type { Caller } from '../auth/auth.service.ts';
import { webhooksJobs } from './webhooks.jobs.ts';
import { webhooksListener } from './webhooks.listeners.ts';
import { createWebhook, listWebhookDeliveries, updateWebhook, type WebhooksDeps } from './webhooks.service.ts';

/** What a customer's receiver does with a delivery: recompute the signature and compare. */
function verifyLikeACustomer(request: { headers: Record<string, unknown>; body: string }, secret: string) {
  const header = String(request.headers['rapport-signature']);
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('='))) as { t: string; v1: string };
  const expected = createHmac('sha256', secret).update(`${parts.t}.${request.body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return {
    valid: given.length === expected.length && timingSafeEqual(given, expected),
    ageSeconds: Date.now() / 1000 - Number(parts.t),
  };
}

eachEngine('webhook deliveries', (context) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(options: { logger?: Logger; deliveryTimeoutMs?: number } = {}) {
    const clock = fixedClock(new Date());
    const logger = options.logger ?? createLogger('silent');
    const { queue, advance } = await createTestJobQueue(context, { clock, logger });
    cleanups.push(() => queue.stop());
    const deps: WebhooksDeps = {
      db: context.db,
      clock,
      logger,
      jobs: queue,
      ...(options.deliveryTimeoutMs ? { deliveryTimeoutMs: options.deliveryTimeoutMs } : {}),
    };
    queue.register(webhooksJobs(deps));
    const dispatcher = createEventDispatcher({ db: context.db, clock, logger, listeners: [webhooksListener(deps)] });
    const admin = await buildUser(context.db, { role: 'admin' });
    const caller: Caller = { accountId: admin.accountId, userId: admin.id, role: 'admin', via: 'session' };
    const receive = async (answer?: (index: number) => number | 'hang') => {
      const receiver = await startHttpReceiver(answer);
      cleanups.push(() => receiver.close());
      return receiver;
    };
    const emit = async (name: string, payload: Record<string, unknown>, accountId = caller.accountId) => {
      const event = await recordEvent(context.db, { accountId, name, payload, at: clock.now().toISOString() });
      await dispatcher.dispatchPending();
      return event;
    };
    return { clock, queue, advance, deps, dispatcher, caller, receive, emit };
  }

  it('POSTs a signed delivery that the receiver verifies with the secret it was shown once', async () => {
    const { queue, deps, caller, receive, emit } = await setup();
    const receiver = await receive();
    const { webhook, secret } = await createWebhook(deps, caller, {
      url: receiver.url,
      eventTypes: ['conversation.*'],
      description: 'CRM sync',
    });
    expect(secret).toMatch(/^whsec_/);

    const event = await emit('conversation.created', { conversationId: 'conv-1', subject: 'Où est ma commande ?' });
    await queue.drain();

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    if (!request) throw new Error('nothing received');
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hooks/rapport');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['rapport-event']).toBe('conversation.created');
    const check = verifyLikeACustomer(request, secret);
    expect(check.valid).toBe(true);
    expect(Math.abs(check.ageSeconds)).toBeLessThan(300);
    expect(verifyLikeACustomer(request, 'whsec_someone-else').valid).toBe(false);
    expect(JSON.parse(request.body)).toEqual({
      id: event.id,
      type: 'conversation.created',
      occurredAt: event.at,
      accountId: caller.accountId,
      data: { conversationId: 'conv-1', subject: 'Où est ma commande ?' },
    });

    const { deliveries } = await listWebhookDeliveries(deps, caller, { webhookId: webhook.id, limit: 10 });
    expect(deliveries).toEqual([
      expect.objectContaining({
        id: request.headers['rapport-delivery'],
        eventId: event.id,
        eventType: 'conversation.created',
        status: 'delivered',
        deliveredAt: expect.any(String),
        attempts: [expect.objectContaining({ attempt: 1, statusCode: 200, error: null })],
      }),
    ]);
  });

  it('retries an endpoint that answers 500 twice, and records the three attempts', async () => {
    const { queue, advance, deps, caller, receive, emit } = await setup();
    const receiver = await receive((index) => (index < 2 ? 500 : 200));
    const { webhook, secret } = await createWebhook(deps, caller, {
      url: receiver.url,
      eventTypes: ['*'],
      description: '',
    });
    await emit('handoff.accepted', { handoffId: 'h-1' });

    await queue.drain();
    await queue.drain();
    expect(receiver.received).toHaveLength(1);
    await advance(60 * 60_000);
    await queue.drain();
    await advance(60 * 60_000);
    await queue.drain();

    expect(receiver.received).toHaveLength(3);
    // Every retry carries the same delivery id and body, signed afresh.
    expect(new Set(receiver.received.map((r) => r.headers['rapport-delivery'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(receiver.received.every((r) => verifyLikeACustomer(r, secret).valid)).toBe(true);
    const { deliveries } = await listWebhookDeliveries(deps, caller, { webhookId: webhook.id, limit: 10 });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.status).toBe('delivered');
    expect(deliveries[0]?.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
  });

  it('gives a delivery up after its last attempt', async () => {
    const { queue, advance, deps, caller, receive, emit } = await setup();
    const receiver = await receive(() => 503);
    const { webhook } = await createWebhook(deps, caller, { url: receiver.url, eventTypes: ['*'], description: '' });
    await emit('customer.merged', { customerId: 'c-1' });

    for (let round = 0; round < 12; round++) {
      await queue.drain();
      await advance(24 * 60 * 60_000);
    }

    expect(receiver.received).toHaveLength(9);
    const { deliveries } = await listWebhookDeliveries(deps, caller, { webhookId: webhook.id, limit: 10 });
    expect(deliveries[0]).toMatchObject({ status: 'failed', failedAt: expect.any(String), deliveredAt: null });
    expect(deliveries[0]?.attempts).toHaveLength(9);
    expect(deliveries[0]?.attempts.every((a) => a.statusCode === 503)).toBe(true);
  });

  it('counts an endpoint that does not answer in time as a failed attempt', async () => {
    const { queue, deps, caller, receive, emit } = await setup({ deliveryTimeoutMs: 200 });
    const receiver = await receive(() => 'hang');
    const { webhook } = await createWebhook(deps, caller, { url: receiver.url, eventTypes: ['*'], description: '' });
    await emit('conversation.resolved', { conversationId: 'conv-2' });
    await queue.drain();

    const { deliveries } = await listWebhookDeliveries(deps, caller, { webhookId: webhook.id, limit: 10 });
    expect(deliveries[0]).toMatchObject({ status: 'pending' });
    expect(deliveries[0]?.attempts).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: null, error: 'No answer within 0.2 s.' }),
    ]);
    expect(deliveries[0]?.attempts[0]?.durationMs).toBeGreaterThanOrEqual(150);
    // Nothing else waits on this delivery once the test ends.
    await updateWebhook(deps, caller, { webhookId: webhook.id, enabled: false });
  });

  it('sends nothing to endpoints that are not subscribed to the event, disabled, or of another account', async () => {
    const { queue, deps, caller, receive, emit } = await setup();
    const receiver = await receive();
    const make = (path: string, eventTypes: string[], who: Caller = caller) =>
      createWebhook(deps, who, { url: `${receiver.url}/${path}`, eventTypes, description: path });
    await make('exact', ['conversation.created']);
    await make('family', ['conversation.*']);
    await make('customers', ['customer.*']);
    await make('other-exact', ['conversation.resolved']);
    const { webhook: disabled } = await make('disabled', ['*']);
    await updateWebhook(deps, caller, { webhookId: disabled.id, enabled: false });
    const stranger = await buildUser(context.db, { role: 'admin' });
    await make('stranger', ['*'], {
      accountId: stranger.accountId,
      userId: stranger.id,
      role: 'admin',
      via: 'session',
    });

    await emit('conversation.created', { conversationId: 'conv-3' });
    await queue.drain();

    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/hooks/rapport/exact', '/hooks/rapport/family']);
  });

  it('makes one delivery when the dispatcher hands it the same event twice', async () => {
    const { queue, deps, caller, receive, emit, dispatcher } = await setup();
    const receiver = await receive();
    const { webhook } = await createWebhook(deps, caller, { url: receiver.url, eventTypes: ['*'], description: '' });
    const event = await emit('conversation.created', { conversationId: 'conv-4' });
    // As after a crash between dispatch and acknowledgement: the event is handed out again.
    await context.db.updateTable('events').set({ dispatched_at: null }).where('id', '=', event.id).execute();
    expect(await dispatcher.dispatchPending()).toBeGreaterThanOrEqual(1);
    await queue.drain();
    await context.db.updateTable('events').set({ dispatched_at: null }).where('id', '=', event.id).execute();
    await dispatcher.dispatchPending();
    await queue.drain();

    expect(receiver.received).toHaveLength(1);
    const { deliveries } = await listWebhookDeliveries(deps, caller, { webhookId: webhook.id, limit: 10 });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.attempts).toHaveLength(1);
  });

  it('never writes the signing secret to the logs or the audit log', async () => {
    const { lines, logger } = captureLogs();
    const { queue, advance, deps, caller, receive, emit } = await setup({ logger });
    const receiver = await receive(() => 500);
    const { secret } = await createWebhook(deps, caller, { url: receiver.url, eventTypes: ['*'], description: '' });
    await emit('conversation.created', { conversationId: 'conv-5' });
    for (let round = 0; round < 10; round++) {
      await queue.drain();
      await advance(24 * 60 * 60_000);
    }

    expect(lines.some((line) => line.includes('webhook delivery given up'))).toBe(true);
    expect(lines.join('\n')).not.toContain(secret);
    expect(lines.join('\n')).not.toContain(receiver.url);
    const audit = await context.db
      .selectFrom('audit_log')
      .select('data')
      .where('account_id', '=', caller.accountId)
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });
});
