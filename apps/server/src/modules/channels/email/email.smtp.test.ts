import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders } from '../../../../test/kit/build.ts';
import { eachEngine } from '../../../../test/kit/each-engine.ts';
import { sendMail, startMailCatcher, startMailChannel } from '../../../../test/kit/mail.ts';

eachEngine('email over real SMTP on loopback', (context) => {
  let app: TestApp;
  let channel: Awaited<ReturnType<typeof startMailChannel>>;
  let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
  beforeAll(async () => {
    app = await buildTestApp(context);
    channel = await startMailChannel(context, app);
    catcher = await startMailCatcher();
  });
  afterAll(async () => {
    await channel.close();
    await catcher.close();
    await app.close();
  });

  /** Runs the outbox: committed events to the delivery listener, then the deliver jobs. */
  async function runOutbox() {
    await app.machinery.dispatcher.dispatchPending();
    await channel.jobs.drain();
  }

  async function setUpDesk(options: { acknowledgement?: boolean } = {}) {
    const desk = await buildDesk(context.db);
    const agent = await buildAgent(context.db, {
      accountId: desk.account.id,
      teamId: desk.team.id,
      name: 'Olive Agent',
    });
    const adminHeaders = await buildSessionHeaders(context.db, desk.admin);
    const agentHeaders = await buildSessionHeaders(context.db, agent);
    const address = `help-${desk.account.id.slice(-8)}@fictional-co.example.test`;
    const saved = await app.inject({
      method: 'PUT',
      url: `/api/v1/inboxes/${desk.inbox.id}/channels`,
      headers: adminHeaders,
      payload: {
        kind: 'email',
        settings: {
          addresses: [address],
          acknowledgement: options.acknowledgement ?? false,
          smtp: {
            host: '127.0.0.1',
            port: catcher.port,
            secure: false,
            user: 'rapport',
            password: 'smtp-secret-value',
          },
        },
      },
    });
    expect(saved.statusCode).toBe(200);
    expect(JSON.stringify(saved.json())).not.toContain('smtp-secret-value');
    expect(saved.json().channel.secretsSet).toEqual(['smtpPassword']);
    return { desk, agent, adminHeaders, agentHeaders, address };
  }

  async function conversationsOf(headers: Record<string, string>) {
    const response = await app.inject({ method: 'GET', url: '/api/v1/conversations?limit=50', headers });
    return response.json().conversations as {
      id: string;
      subject: string;
      number: number;
      owner: { name: string } | null;
    }[];
  }

  async function messagesOf(headers: Record<string, string>, conversationId: string) {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers,
    });
    expect(response.statusCode).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: message JSON read in assertions
    return response.json().messages as any[];
  }

  it('a customer mails the inbox, the agent answers by email, and the customer reply joins the conversation', async () => {
    const { agentHeaders, address } = await setUpDesk({ acknowledgement: true });
    const before = catcher.received.length;
    const first = await sendMail(channel.port, {
      from: 'Fern Fictional <fern@customer.example.test>',
      to: address,
      subject: 'My kettle stopped working',
      text: 'Hello,\nmy kettle stopped working after a week.\n\nOn Mon, 2 Mar 2026, Shop wrote:\n> Thanks for your order\n> Order 1042',
      html: '<p>Hello,<br>my kettle stopped working <img src="https://tracker.example.test/pixel.gif"><script>alert(1)</script></p><p onclick="x()">Thanks</p>',
    });
    expect(first.accepted).toEqual([address]);

    const [conversation] = (await conversationsOf(agentHeaders)).filter(
      (c) => c.subject === 'My kettle stopped working',
    );
    expect(conversation).toBeDefined();
    if (!conversation) return;
    const [inbound] = await messagesOf(agentHeaders, conversation.id);
    expect(inbound.direction).toBe('inbound');
    expect(inbound.channel).toBe('email');
    expect(inbound.body).toBe('Hello,\nmy kettle stopped working after a week.');
    expect(inbound.email.quoted).toContain('> Order 1042');
    expect(inbound.email.html).not.toContain('<script');
    expect(inbound.email.html).not.toContain('onclick');
    expect(inbound.email.html).toContain('data-remote-src="https://tracker.example.test/pixel.gif"');
    expect(inbound.email.html).not.toMatch(/\ssrc="https:/);
    expect(inbound.email.remoteImages).toBe(true);

    // The acknowledgement goes out once, marked automatic, with the inbox's honest wording.
    await runOutbox();
    const ack = catcher.received.slice(before).find((m) => m.parsed.headers.get('auto-submitted') === 'auto-replied');
    expect(ack?.parsed.text).toContain(`conversation ${conversation.number}`);
    expect(ack?.parsed.text).not.toMatch(/important to us/i);
    expect(ack?.to).toEqual(['fern@customer.example.test']);

    // The agent replies through the API; the outbox sends it with the threading headers.
    const reply = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: agentHeaders,
      payload: { direction: 'outbound', body: 'Sorry about that, Fern. A replacement is on its way.' },
    });
    expect(reply.statusCode).toBe(201);
    await runOutbox();
    const sent = catcher.received.at(-1);
    expect(sent?.parsed.text?.trim()).toBe('Sorry about that, Fern. A replacement is on its way.');
    expect(sent?.parsed.html).toContain('A replacement is on its way.');
    expect(sent?.parsed.from?.value[0]).toMatchObject({ address, name: expect.stringContaining('Olive Agent') });
    expect(sent?.parsed.subject).toBe('Re: My kettle stopped working');
    expect(sent?.parsed.inReplyTo).toBe(`<${first.messageId.replace(/[<>]/g, '')}>`);
    const replyTo = sent?.parsed.replyTo?.value[0]?.address ?? '';
    expect(replyTo).toMatch(/^reply\+[a-f0-9]{24}@fictional-co\.example\.test$/);
    const messages = await messagesOf(agentHeaders, conversation.id);
    const agentMessage = messages.find((m) => m.body.startsWith('Sorry about that'));
    expect(agentMessage.delivery).toMatchObject({ state: 'sent', channel: 'email', attempts: 1 });

    // The customer answers the reply: Reply-To token and In-Reply-To both lead back.
    await sendMail(channel.port, {
      from: 'fern@customer.example.test',
      to: replyTo,
      subject: 'Re: My kettle stopped working',
      inReplyTo: sent?.parsed.messageId,
      references: [sent?.parsed.messageId ?? ''],
      text: 'Thank you, it arrived!\n\n-- \nFern',
    });
    const after = await messagesOf(agentHeaders, conversation.id);
    expect(after.at(-1)).toMatchObject({ direction: 'inbound', body: 'Thank you, it arrived!' });
    expect(after.at(-1).email.quoted).toBe('-- \nFern');
    expect((await conversationsOf(agentHeaders)).filter((c) => c.subject === 'My kettle stopped working')).toHaveLength(
      1,
    );

    // A reply to the inbox address threads by In-Reply-To alone; a redelivery is stored once.
    const byReference = {
      from: 'fern@customer.example.test',
      to: address,
      subject: 'a new subject line',
      inReplyTo: sent?.parsed.messageId,
      messageId: '<redelivered-1@customer.example.test>',
      text: 'One more thing.',
    };
    await sendMail(channel.port, byReference);
    await sendMail(channel.port, byReference);
    const last = await messagesOf(agentHeaders, conversation.id);
    expect(last.filter((m) => m.body === 'One more thing.')).toHaveLength(1);
  });

  it('refuses unknown recipients at RCPT time and mail over the size limit with a clear SMTP error', async () => {
    const { address } = await setUpDesk();
    await expect(
      sendMail(channel.port, { from: 'someone@customer.example.test', to: 'nobody@nowhere.example.test', text: 'hi' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      sendMail(channel.port, {
        from: 'someone@customer.example.test',
        to: address,
        text: 'x'.repeat(1024 * 1024 + 10),
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
  });

  it('threads by subject and sender only when one conversation fits, and never acknowledges an auto-reply', async () => {
    const { agentHeaders, address } = await setUpDesk({ acknowledgement: true });
    const before = catcher.received.length;
    await sendMail(channel.port, {
      from: 'oak@customer.example.test',
      to: address,
      subject: 'Automatic reply: out of office',
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'I am away until Monday.',
    });
    await sendMail(channel.port, {
      from: 'oak@customer.example.test',
      to: address,
      subject: 'Invoice 7 is wrong',
      text: 'The total is off.',
    });
    await sendMail(channel.port, {
      from: 'oak@customer.example.test',
      to: address,
      subject: 'RE: Invoice 7 is wrong',
      text: 'Any news?',
    });
    await runOutbox();
    const mine = (await conversationsOf(agentHeaders)).filter((c) => /Invoice 7|out of office/.test(c.subject));
    expect(mine.map((c) => c.subject).sort()).toEqual(['Automatic reply: out of office', 'Invoice 7 is wrong']);
    const invoice = mine.find((c) => c.subject === 'Invoice 7 is wrong');
    const messages = await messagesOf(agentHeaders, invoice?.id ?? '');
    expect(messages.filter((m) => m.direction === 'inbound').map((m) => m.body)).toEqual([
      'The total is off.',
      'Any news?',
    ]);
    // One acknowledgement: for the invoice, none for the auto-reply.
    const acks = catcher.received
      .slice(before)
      .filter((m) => m.parsed.headers.get('auto-submitted') === 'auto-replied');
    expect(acks).toHaveLength(1);
  });

  it('a bounce marks the reply not delivered and tells the owner', async () => {
    const { agentHeaders, agent, address } = await setUpDesk();
    await sendMail(channel.port, {
      from: 'gone@customer.example.test',
      to: address,
      subject: 'Where is my order',
      text: 'Hi',
    });
    const [conversation] = (await conversationsOf(agentHeaders)).filter((c) => c.subject === 'Where is my order');
    await app.inject({ method: 'POST', url: `/api/v1/conversations/${conversation?.id}/claim`, headers: agentHeaders });
    await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation?.id}/messages`,
      headers: agentHeaders,
      payload: { direction: 'outbound', body: 'It ships tomorrow.' },
    });
    await runOutbox();
    const sent = catcher.received.at(-1);
    const dsn = [
      'From: MAILER-DAEMON@mx.customer.example.test',
      `To: ${address}`,
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.customer.example.test',
      '',
      'Final-Recipient: rfc822; gone@customer.example.test',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 mailbox unavailable',
      '--b1',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${sent?.parsed.messageId}`,
      'Subject: Re: Where is my order',
      '--b1--',
      '',
    ].join('\r\n');
    await sendMail(channel.port, { envelope: { from: '', to: address }, raw: dsn });
    const messages = await messagesOf(agentHeaders, conversation?.id ?? '');
    expect(messages.find((m) => m.body === 'It ships tomorrow.').delivery).toMatchObject({
      state: 'failed',
      reason: expect.stringContaining('550 5.1.1 mailbox unavailable'),
    });
    // The bounce itself is not a customer message and got no answer.
    expect(messages.filter((m) => m.direction === 'inbound')).toHaveLength(1);
    const notifications = await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: agentHeaders });
    expect(JSON.stringify(notifications.json())).toContain('was not delivered');
    expect(agent.id).toBeTruthy();
  });
});
