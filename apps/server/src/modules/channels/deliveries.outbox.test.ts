import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { createTestJobQueue, type TestJobQueue } from '../../../test/kit/job-queue.ts';
import { freePort, sendMail, startMailCatcher, startMailChannel } from '../../../test/kit/mail.ts';
import { fixedClock } from '../../platform/clock.ts';
import { createLogger } from '../../platform/logger.ts';

eachEngine('the outbox of replies on the durable job queue', (context) => {
  const clock = fixedClock(new Date());
  let app: TestApp;
  let queue: TestJobQueue;
  let channel: Awaited<ReturnType<typeof startMailChannel>>;
  beforeAll(async () => {
    const logger = createLogger('silent');
    app = await buildTestApp(context, { clock });
    queue = await createTestJobQueue(context, { clock, logger });
    channel = await startMailChannel(context, app, { jobs: queue.queue, clock });
  });
  afterAll(async () => {
    await channel.close();
    await queue.queue.stop();
    await app.close();
  });

  it('with the mail server down replies stay queued; when it is back each is delivered exactly once', async () => {
    const desk = await buildDesk(context.db);
    const agent = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id });
    const headers = await buildSessionHeaders(context.db, agent);
    const adminHeaders = await buildSessionHeaders(context.db, desk.admin);
    const port = await freePort();
    const address = `orders-${desk.account.id.slice(-8)}@fictional-co.example.test`;
    await app.inject({
      method: 'PUT',
      url: `/api/v1/inboxes/${desk.inbox.id}/channels`,
      headers: adminHeaders,
      payload: { kind: 'email', settings: { addresses: [address], smtp: { host: '127.0.0.1', port } } },
    });
    await sendMail(channel.port, {
      from: 'pine@customer.example.test',
      to: address,
      subject: 'Lost parcel',
      text: 'Where is it?',
    });
    const list = await app.inject({ method: 'GET', url: '/api/v1/conversations', headers });
    const conversation = list.json().conversations.find((c: { subject: string }) => c.subject === 'Lost parcel');

    const bodies = ['First answer.', 'Second answer.', 'Third answer.'];
    for (const body of bodies) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/messages`,
        headers,
        payload: { direction: 'outbound', body },
      });
      expect(response.statusCode).toBe(201);
    }
    await app.machinery.dispatcher.dispatchPending();
    await queue.queue.drain();
    const messages = async () =>
      (await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.id}/messages`, headers }))
        .json()
        .messages.filter((m: { direction: string }) => m.direction === 'outbound');
    for (const message of await messages()) {
      expect(message.delivery).toMatchObject({ state: 'queued', attempts: 1 });
      expect(message.delivery.reason).toMatch(/ECONNREFUSED|could not hand it/);
    }

    // The server comes back on the same port; the retries (after their backoff) deliver.
    const catcher = await startMailCatcher({ port });
    try {
      await queue.advance(60_000);
      await queue.queue.drain();
      await queue.advance(10 * 60_000);
      await queue.queue.drain();
      const delivered = catcher.received.map((m) => m.parsed.text?.trim());
      expect(delivered.sort()).toEqual([...bodies].sort());
      expect(new Set(catcher.received.map((m) => m.parsed.messageId)).size).toBe(3);
      for (const message of await messages())
        expect(message.delivery).toMatchObject({ state: 'sent', reason: null, attempts: 2 });
      // Re-dispatching the same events changes nothing.
      await context.db
        .updateTable('events')
        .set({ dispatched_at: null })
        .where('account_id', '=', desk.account.id)
        .execute();
      await app.machinery.dispatcher.dispatchPending();
      await queue.advance(60 * 60_000);
      await queue.queue.drain();
      expect(catcher.received).toHaveLength(3);
    } finally {
      await catcher.close();
    }
  });
});
