import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders } from '../../../../test/kit/build.ts';
import { eachEngine } from '../../../../test/kit/each-engine.ts';
import { startHttpReceiver } from '../../../../test/kit/http-receiver.ts';
import { createLogger } from '../../../platform/logger.ts';
import { deliveriesJobs, deliveriesListener } from '../deliveries.service.ts';
import { hmacHex, signApiBody } from './messaging.rules.ts';
import { messagingDrivers } from './messaging.service.ts';

// Recorded in the shapes the providers document (Telegram Bot API Update; WhatsApp Cloud API webhook).
const telegramUpdate = (messageId: number, text: string) => ({
  update_id: 900_000 + messageId,
  message: {
    message_id: messageId,
    from: { id: 5550001, is_bot: false, first_name: 'Hazel', last_name: 'Example', language_code: 'en' },
    chat: { id: 5550001, first_name: 'Hazel', last_name: 'Example', type: 'private' },
    date: 1767225600,
    text,
  },
});
const whatsappWebhook = (id: string, body: string) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
            contacts: [{ profile: { name: 'Ivy Example' }, wa_id: '15550001234' }],
            messages: [{ from: '15550001234', id, timestamp: '1767225600', type: 'text', text: { body } }],
          },
        },
      ],
    },
  ],
});

eachEngine('messaging channels: API, Telegram and WhatsApp webhooks', (context) => {
  let app: TestApp;
  let provider: Awaited<ReturnType<typeof startHttpReceiver>>;
  beforeAll(async () => {
    app = await buildTestApp(context);
    provider = await startHttpReceiver();
    const base = new URL(provider.url).origin;
    app.machinery.jobs.register(
      deliveriesJobs({
        db: context.db,
        clock: app.machinery.clock,
        logger: createLogger('silent'),
        jobs: app.machinery.jobs,
        events: app.machinery.events,
        blobs: app.machinery.blobs,
        drivers: messagingDrivers({ telegramApiUrl: `${base}/telegram`, whatsappApiUrl: `${base}/whatsapp/v21.0` }),
      }),
    );
    app.machinery.dispatcher.addListener(
      deliveriesListener({ db: context.db, clock: app.machinery.clock, jobs: app.machinery.jobs }),
    );
  });
  afterAll(async () => {
    await provider.close();
    await app.close();
  });

  async function desk() {
    const d = await buildDesk(context.db);
    const agent = await buildAgent(context.db, { accountId: d.account.id, teamId: d.team.id });
    return {
      ...d,
      agent,
      admin: await buildSessionHeaders(context.db, d.admin),
      agentHeaders: await buildSessionHeaders(context.db, agent),
    };
  }

  async function setUp(d: Awaited<ReturnType<typeof desk>>, payload: unknown) {
    const response = await app.inject({
      method: 'PUT',
      url: `/api/v1/inboxes/${d.inbox.id}/channels`,
      headers: d.admin,
      payload: payload as object,
    });
    expect(response.statusCode).toBe(200);
    return response.json().channel as { id: string; webhookPath: string; secretsSet: string[] };
  }

  const post = (url: string, body: unknown, headers: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(body),
    });

  async function replyAndDeliver(d: Awaited<ReturnType<typeof desk>>, body: string) {
    const list = await app.inject({ method: 'GET', url: '/api/v1/conversations', headers: d.agentHeaders });
    const conversation = list.json().conversations[0];
    const sent = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: d.agentHeaders,
      payload: { direction: 'outbound', body },
    });
    expect(sent.statusCode).toBe(201);
    await app.machinery.dispatcher.dispatchPending();
    await app.machinery.jobs.drain();
    const messages = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: d.agentHeaders,
    });
    return {
      conversation,
      messages: messages.json().messages as { body: string; direction: string; delivery?: { state: string } }[],
    };
  }

  const inboundCount = async (accountId: string) =>
    (
      await context.db
        .selectFrom('messages')
        .select('id')
        .where('account_id', '=', accountId)
        .where('direction', '=', 'inbound')
        .execute()
    ).length;

  it('API channel: checks the HMAC signature, stores a message once, and POSTs replies signed to the outbound URL', async () => {
    const d = await desk();
    const secret = 'api-channel-secret-0123456789';
    const channel = await setUp(d, { kind: 'api', settings: { outboundUrl: provider.url, secret } });
    expect(channel.secretsSet).toEqual(['secret']);
    const body = {
      id: 'ext-1',
      from: { id: 'cust-42', name: 'Juniper Example', email: 'juniper@customer.example.test' },
      text: 'Can I change my plan?',
    };
    const raw = JSON.stringify(body);
    const bad = await post(channel.webhookPath, body, {
      'rapport-signature': signApiBody('wrong-secret-wrong-secret', raw, Date.now()),
    });
    expect(bad.statusCode).toBe(401);
    expect(await inboundCount(d.account.id)).toBe(0);
    const good = await post(channel.webhookPath, body, { 'rapport-signature': signApiBody(secret, raw, Date.now()) });
    expect(good.json()).toEqual({ stored: 1, duplicates: 0 });
    const again = await post(channel.webhookPath, body, { 'rapport-signature': signApiBody(secret, raw, Date.now()) });
    expect(again.json()).toEqual({ stored: 0, duplicates: 1 });
    expect(await inboundCount(d.account.id)).toBe(1);
    const missing = await post(
      channel.webhookPath,
      { id: 'x' },
      { 'rapport-signature': signApiBody(secret, '{"id":"x"}', Date.now()) },
    );
    expect(missing.statusCode).toBe(400);

    const before = provider.received.length;
    const { messages } = await replyAndDeliver(d, 'Yes, from next month.');
    const request = provider.received.slice(before)[0];
    expect(request?.path).toBe('/hooks/rapport');
    const [, t, v1] = /t=(\d+),v1=([a-f0-9]+)/.exec(String(request?.headers['rapport-signature'])) ?? [];
    expect(v1).toBe(hmacHex(secret, `${t}.${request?.body}`));
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
      conversationKey: 'cust-42',
      text: 'Yes, from next month.',
    });
    expect(messages.find((m) => m.body === 'Yes, from next month.')?.delivery?.state).toBe('sent');
  });

  it('Telegram: refuses a wrong secret token, maps an update to a message once, and replies with sendMessage', async () => {
    const d = await desk();
    const channel = await setUp(d, {
      kind: 'telegram',
      settings: { botToken: '123456:TEST-telegram-token', webhookSecret: 'telegram-webhook-secret-1' },
    });
    const update = telegramUpdate(77, 'Is the shop open on Sunday?');
    expect((await post(channel.webhookPath, update, { 'x-telegram-bot-api-secret-token': 'nope' })).statusCode).toBe(
      401,
    );
    expect(await inboundCount(d.account.id)).toBe(0);
    const headers = { 'x-telegram-bot-api-secret-token': 'telegram-webhook-secret-1' };
    expect((await post(channel.webhookPath, update, headers)).json()).toEqual({ stored: 1, duplicates: 0 });
    expect((await post(channel.webhookPath, update, headers)).json()).toEqual({ stored: 0, duplicates: 1 });
    expect((await post(channel.webhookPath, telegramUpdate(78, 'And on holidays?'), headers)).json()).toEqual({
      stored: 1,
      duplicates: 0,
    });
    const customers = await app.inject({ method: 'GET', url: '/api/v1/conversations', headers: d.agentHeaders });
    expect(customers.json().conversations).toHaveLength(1);
    expect(customers.json().conversations[0]).toMatchObject({ channel: 'social', customer: { name: 'Hazel Example' } });

    const before = provider.received.length;
    await replyAndDeliver(d, 'Yes, 10:00 to 16:00.');
    const call = provider.received.slice(before)[0];
    expect(call?.path).toBe('/telegram/bot123456:TEST-telegram-token/sendMessage');
    expect(JSON.parse(call?.body ?? '{}')).toEqual({ chat_id: '5550001', text: 'Yes, 10:00 to 16:00.' });
  });

  it('WhatsApp Cloud: verifies the subscription, checks X-Hub-Signature-256, and replies through /messages', async () => {
    const d = await desk();
    const appSecret = 'whatsapp-app-secret';
    const channel = await setUp(d, {
      kind: 'whatsapp',
      settings: {
        phoneNumberId: '106540352242922',
        accessToken: 'EAAG-test-access-token',
        appSecret,
        verifyToken: 'verify-me-please',
      },
    });
    const verify = await app.inject({
      method: 'GET',
      url: `${channel.webhookPath}?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444`,
    });
    expect(verify.statusCode).toBe(200);
    expect(verify.body).toBe('1158201444');
    const wrongVerify = await app.inject({
      method: 'GET',
      url: `${channel.webhookPath}?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`,
    });
    expect(wrongVerify.statusCode).toBe(401);

    const payload = whatsappWebhook('wamid.HBgLMTU1NTAwMDEyMzQVAgASGBQzQTdGMDY1', 'My order arrived damaged');
    const raw = JSON.stringify(payload);
    expect(
      (await post(channel.webhookPath, payload, { 'x-hub-signature-256': `sha256=${hmacHex('other', raw)}` }))
        .statusCode,
    ).toBe(401);
    expect(await inboundCount(d.account.id)).toBe(0);
    const signature = { 'x-hub-signature-256': `sha256=${hmacHex(appSecret, raw)}` };
    expect((await post(channel.webhookPath, payload, signature)).json()).toEqual({ stored: 1, duplicates: 0 });
    expect((await post(channel.webhookPath, payload, signature)).json()).toEqual({ stored: 0, duplicates: 1 });

    const before = provider.received.length;
    await replyAndDeliver(d, 'Sorry, Ivy. A replacement ships today.');
    const call = provider.received.slice(before)[0];
    expect(call?.path).toBe('/whatsapp/v21.0/106540352242922/messages');
    expect(call?.headers.authorization).toBe('Bearer EAAG-test-access-token');
    expect(JSON.parse(call?.body ?? '{}')).toMatchObject({
      messaging_product: 'whatsapp',
      to: '15550001234',
      type: 'text',
      text: { body: 'Sorry, Ivy. A replacement ships today.' },
    });
  });
});
