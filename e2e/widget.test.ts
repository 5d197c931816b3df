import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledViolations } from './kit/accessibility.ts';
import { browserAvailable, screenshot } from './kit/browser.ts';
import { watchConsole } from './kit/desk.ts';
import { withDesk } from './kit/journey.ts';

const wait = { timeout: 15_000 };
// A 1×1 PNG: a fictional photo of a lamp.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const alwaysOpen = { opens: '00:00', closes: '24:00' };

/** A fictional shop on another origin (localhost, its own port) that pastes the widget snippet. */
async function startShop(rapportUrl: string, inboxId: string): Promise<{ url: string; close(): Promise<void> }> {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fictional Lamps</title></head>
<body style="font-family:system-ui;margin:0;padding:2rem 3rem;background:#faf7f2;color:#222">
<header><h1>Fictional Lamps</h1><p>Hand-made lamps for imaginary rooms.</p></header>
<main><h2>Our bestseller</h2><p>The Moonbeam desk lamp: warm light, brass finish, ships in two days.</p>
<button type="button">Add to basket</button></main>
<script src="${rapportUrl}/widget.js" data-inbox="${inboxId}" async></script>
</body></html>`;
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.runIf(browserAvailable())('journey: a customer chats from a website without registering', () => {
  const journey = withDesk([{ name: 'Sam Rivera', email: 'sam@example.test' }]);
  let shop: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    // The team answers around the clock here, so the quote counts from now whatever the hour.
    await journey.desk.admin.api.patch(`/inboxes/${journey.desk.inboxId}`, {
      businessHours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [alwaysOpen]]),
      ),
    });
    shop = await startShop(journey.server.url, journey.desk.inboxId);
  });
  afterAll(async () => {
    await shop?.close();
  });

  const chatFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Chat with the support team"]');

  it('asks without signing up, sees a quote, gets the answer live, and a message sent offline arrives once', {
    timeout: 180_000,
  }, async () => {
    const sam = journey.desk.agents[0];
    if (!sam) throw new Error('no agent');
    const customer = await journey.browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'en-US' });
    const shopPage = await customer.newPage();
    const shopErrors = watchConsole(shopPage);
    await shopPage.goto(shop.url);
    const launcher = shopPage.getByRole('button', { name: 'Open chat' });
    await expect.poll(() => launcher.isVisible(), wait).toBe(true);
    await screenshot(shopPage, 'widget-01-shop-with-launcher');
    await launcher.click();
    const chat = chatFrame(shopPage);
    await expect.poll(() => chat.getByText('Ask us anything: no sign-up needed').isVisible(), wait).toBe(true);
    await expect.poll(() => chat.getByText(/a person usually replies within 1 hour/).isVisible(), wait).toBe(true);
    await expect.poll(() => chat.getByRole('button', { name: 'Talk to a person' }).isVisible()).toBe(true);
    await screenshot(shopPage, 'widget-02-open-before-writing');

    // Only a message: no name, no email, no account. Markup is shown as typed, never run.
    const box = chat.getByRole('textbox', { name: 'Your message' });
    await box.fill('Hi! My Moonbeam lamp flickers <b>a lot</b> <img src=x onerror="window.hacked=1">. Can you help?');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => chat.getByText(/A person will reply by \d\d:\d\d \(within 1 hour\)\./).isVisible(), wait)
      .toBe(true);
    await expect.poll(() => chat.getByText('<b>a lot</b>', { exact: false }).isVisible(), wait).toBe(true);
    await expect.poll(() => chat.getByText('Sent', { exact: true }).isVisible(), wait).toBe(true);
    await expect.poll(() => chat.getByText('Leave your email and we’ll reply there if you go.').isVisible()).toBe(true);
    const frameHandle = shopPage.frames().find((frame) => frame.url().includes('/widget/frame.html'));
    expect(await frameHandle?.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    await screenshot(shopPage, 'widget-03-quote-after-first-message');

    // The agent answers in the agent app.
    const { conversations } = await journey.desk.admin.api.get<{ conversations: { id: string; channel: string }[] }>(
      '/conversations?channel=chat',
    );
    const conversation = conversations[0];
    if (!conversation) throw new Error('the chat did not open a conversation');
    const {
      context: agentContext,
      page: agentPage,
      consoleErrors: agentErrors,
    } = await journey.signIn(sam, { viewport: { width: 1280, height: 760 } });
    await agentPage.goto(`${journey.server.url}/inbox/all/${conversation.id}`);
    await expect
      .poll(() => agentPage.getByRole('log').getByText('My Moonbeam lamp flickers').isVisible(), wait)
      .toBe(true);
    const reply = agentPage.getByRole('textbox', { name: /^Reply to / });
    await reply.fill(
      'Hello! Sam here. That sounds like a loose bulb: turn it a quarter clockwise and tell me if it stops.',
    );
    await agentPage.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => reply.inputValue(), wait).toBe('');

    // The customer sees it live, with who wrote it; the quote was kept, so it goes away.
    await expect.poll(() => chat.getByText('That sounds like a loose bulb').isVisible(), wait).toBe(true);
    await expect.poll(() => chat.getByText('Sam', { exact: true }).isVisible()).toBe(true);
    await expect.poll(() => chat.getByText(/A person will reply by/).count(), wait).toBe(0);
    await screenshot(shopPage, 'widget-04-answer-arrived-live');
    await screenshot(agentPage, 'widget-05-agent-sees-chat');

    // A photo of the lamp: uploaded, sent with a few words, shown to both sides.
    await chat
      .locator('input[type="file"]')
      .setInputFiles({ name: 'moonbeam.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => chat.getByRole('button', { name: 'Remove moonbeam.png' }).isVisible(), wait).toBe(true);
    await box.fill('Here is a photo of it.');
    await box.press('Enter');
    await expect.poll(() => chat.getByRole('img', { name: 'moonbeam.png' }).isVisible(), wait).toBe(true);
    await expect
      .poll(() => agentPage.getByRole('log').getByText('Here is a photo of it.').isVisible(), wait)
      .toBe(true);
    await expect
      .poll(() => agentPage.getByRole('log').getByRole('img', { name: 'moonbeam.png' }).isVisible(), wait)
      .toBe(true);

    // Offline: the message waits in the browser, then arrives exactly once.
    await customer.setOffline(true);
    await expect.poll(() => chat.getByText(/You’re offline/).isVisible(), wait).toBe(true);
    await box.fill('Turned it, still flickering. Sent from the train.');
    await box.press('Enter');
    await expect
      .poll(() => chat.getByText('Waiting for a connection; it will be sent once').isVisible(), wait)
      .toBe(true);
    await screenshot(shopPage, 'widget-06-offline-queued');
    await shopPage.waitForTimeout(6_000);
    await customer.setOffline(false);
    await expect.poll(() => chat.getByText('Waiting for a connection').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => agentPage.getByRole('log').getByText('Sent from the train').isVisible(), wait).toBe(true);
    const { messages } = await sam.api.get<{ messages: { body: string; direction: string }[] }>(
      `/conversations/${conversation.id}/messages`,
    );
    expect(messages.filter((m) => m.body.includes('Sent from the train'))).toHaveLength(1);
    expect(await chat.getByText('Sent from the train').count()).toBe(1);
    await screenshot(shopPage, 'widget-07-back-online-sent-once');

    // Closed widget: a new answer shows as an unread badge on the launcher.
    await chat.getByRole('button', { name: 'Close chat' }).click();
    await expect
      .poll(() => shopPage.getByRole('button', { name: 'Open chat' }).getAttribute('aria-expanded'))
      .toBe('false');
    await reply.fill('Then it is the switch. I am sending you a new one today, no need to return the old one.');
    await agentPage.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => shopPage.locator('[data-rapport-widget] .badge').textContent(), wait).toBe('1');
    await screenshot(shopPage, 'widget-08-unread-badge');
    await shopPage.getByRole('button', { name: 'Open chat' }).click();
    await expect.poll(() => chat.getByText('I am sending you a new one today').isVisible(), wait).toBe(true);
    await expect.poll(() => shopPage.locator('[data-rapport-widget] .badge').isHidden(), wait).toBe(true);

    // A returning visitor (same browser, new page) sees their history.
    const again = await customer.newPage();
    await again.goto(shop.url);
    await again.getByRole('button', { name: 'Open chat' }).click();
    await expect.poll(() => chatFrame(again).getByText('That sounds like a loose bulb').isVisible(), wait).toBe(true);
    await screenshot(again, 'widget-10-returning-visitor');

    expect(shopErrors).toEqual([]);
    expect(agentErrors).toEqual([]);
    await agentContext.close();
    await customer.close();
  });

  it('speaks German to a German browser, and the chat passes the accessibility check', {
    timeout: 120_000,
  }, async () => {
    // bypassCSP lets the accessibility checker's script into the frame page, whose policy forbids inline scripts.
    const context = await journey.browser.newContext({
      viewport: { width: 420, height: 760 },
      locale: 'de-DE',
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto(shop.url);
    await page.getByRole('button', { name: 'Chat öffnen' }).click();
    const chat = page.frameLocator('iframe[title="Chat mit dem Support-Team"]');
    await expect
      .poll(() => chat.getByText('Fragen Sie uns – ohne Anmeldung, nur eine Nachricht.').isVisible(), wait)
      .toBe(true);
    await expect.poll(() => chat.getByRole('button', { name: 'Mit einem Menschen sprechen' }).isVisible()).toBe(true);
    await screenshot(page, 'widget-09-german-phone');

    const framePage = await context.newPage();
    await framePage.goto(`${journey.server.url}/widget/frame.html?inbox=${journey.desk.inboxId}`);
    await expect.poll(() => framePage.getByRole('textbox', { name: 'Ihre Nachricht' }).isVisible(), wait).toBe(true);
    expect(await settledViolations(framePage)).toEqual([]);
    expect(await settledViolations(page)).toEqual([]);
    await context.close();
  });
});
