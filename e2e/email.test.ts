import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, screenshot } from './kit/browser.ts';
import { withDesk } from './kit/journey.ts';
import { sendMailTo, startCustomerMailbox } from './kit/mail.ts';

const wait = { timeout: 20_000 };

describe.runIf(browserAvailable())('journey: a customer emails, an agent answers by email, the thread holds', () => {
  let mailbox: Awaited<ReturnType<typeof startCustomerMailbox>>;
  // Registered before the desk so it closes after Rapport stops (after-hooks run in reverse), once nothing holds it.
  beforeAll(async () => {
    mailbox = await startCustomerMailbox();
  });
  afterAll(async () => {
    await mailbox?.close();
  });
  const journey = withDesk([{ name: 'Sam Rivera', email: 'sam@example.test' }]);

  it('shows the email with its quoted history folded and remote images blocked, and threads the reply', {
    timeout: 120_000,
  }, async () => {
    const sam = journey.desk.agents[0];
    if (!sam) throw new Error('no agent');

    // The admin points the inbox at email in Settings.
    const { context: adminContext, page: adminPage } = await journey.signIn(journey.desk.admin);
    await adminPage.goto(`${journey.server.url}/settings/inboxes`);
    await adminPage.getByRole('button', { name: 'Email settings of Support' }).click();
    const dialog = adminPage.getByRole('dialog', { name: 'Email for Support' });
    await dialog.getByLabel('Addresses').fill('help@example.test');
    await dialog.getByLabel('Addresses').press('Enter');
    await dialog.getByLabel('Sender name').fill('Fictional Lamps');
    await dialog.getByRole('checkbox', { name: "Send through this inbox's own mail server" }).check();
    await dialog.getByLabel('SMTP host').fill('127.0.0.1');
    await dialog.getByLabel('Port', { exact: true }).fill(String(mailbox.port));
    await screenshot(adminPage, 'email-00-inbox-email-settings');
    await dialog.getByRole('button', { name: 'Save email settings' }).click();
    await expect.poll(() => adminPage.getByText('Email for Support saved.').isVisible(), wait).toBe(true);
    await adminContext.close();

    const sent = await sendMailTo(journey.server.smtpPort, {
      from: 'Nina Fictional <nina@example.test>',
      to: 'help@example.test',
      subject: 'Lamp flickers',
      text: 'Hello, my new desk lamp flickers when dimmed.\n\nOn Mon, 2 Nov 2026, Fictional Lamps wrote:\n> Thanks for your order 1042.\n> Your lamp ships today.',
      html: '<p>Hello, my new desk lamp <b>flickers</b> when dimmed.</p><img src="https://tracker.example.test/open.png" alt="tracker"><blockquote>Thanks for your order 1042.<br>Your lamp ships today.</blockquote>',
    });

    // The mail became a conversation (Rapport answered 250 only after storing it).
    const found = await sam.api.get<{ conversations: { id: string; subject: string }[] }>('/conversations?view=all');
    const conversation = found.conversations.find((item) => item.subject === 'Lamp flickers');
    expect(conversation).toBeDefined();
    if (!conversation) return;
    await sam.api.post(`/conversations/${conversation.id}/claim`, {});

    const { context, page, consoleErrors } = await journey.signIn(sam);
    await page.goto(`${journey.server.url}/inbox/mine/${conversation.id}`);
    const log = page.getByRole('log');
    await expect.poll(() => log.getByText('my new desk lamp flickers when dimmed').isVisible(), wait).toBe(true);
    // The quoted history is kept but folded away.
    expect(await log.getByText('Your lamp ships today.').isVisible()).toBe(false);
    await log.getByRole('button', { name: 'Show quoted text' }).click();
    await expect
      .poll(
        () =>
          log
            .getByText(/Your lamp ships today\./)
            .first()
            .isVisible(),
        wait,
      )
      .toBe(true);

    // The formatted email runs in a frame that blocks remote images until the agent asks for them.
    await log.getByRole('button', { name: 'Show formatted email' }).click();
    await expect.poll(() => log.getByText(/Remote images are blocked/).isVisible(), wait).toBe(true);
    const frame = page.frameLocator('iframe[title="Formatted email"]');
    await expect.poll(() => frame.locator('b', { hasText: 'flickers' }).isVisible(), wait).toBe(true);
    expect(await frame.locator('img[alt="tracker"]').getAttribute('src')).toBeNull();
    await screenshot(page, 'email-01-formatted-with-quoted-text');
    await log.getByRole('button', { name: 'Load images' }).click();
    await expect
      .poll(() => frame.locator('img[alt="tracker"]').getAttribute('src'), wait)
      .toBe('https://tracker.example.test/open.png');

    // The reply goes out by email, threaded, and the timeline says it was sent.
    const reply = page.getByRole('textbox', { name: 'Reply to Nina Fictional' });
    await reply.fill('Hi Nina, that lamp needs a trailing-edge dimmer. A replacement is on its way today.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => mailbox.received.length, wait).toBe(1);
    const answer = mailbox.received[0];
    expect(answer?.inReplyTo).toBe(sent.messageId);
    expect(answer?.subject).toBe('Re: Lamp flickers');
    expect(answer?.from?.text).toContain('Sam Rivera');
    expect(answer?.text).toContain('trailing-edge dimmer');
    const replyTo = answer?.replyTo?.value[0]?.address ?? '';
    expect(replyTo).toMatch(/^help\+[\w-]+@example\.test$|^reply\+[\w-]+@/);
    await expect.poll(() => log.locator('[data-delivery="sent"]').count(), wait).toBe(1);

    // Her answer to that email lands in the same conversation, live.
    await sendMailTo(journey.server.smtpPort, {
      from: 'Nina Fictional <nina@example.test>',
      to: replyTo,
      subject: 'Re: Lamp flickers',
      inReplyTo: answer?.messageId,
      references: [sent.messageId, answer?.messageId ?? ''],
      text: 'Thank you, that was quick!',
    });
    await expect.poll(() => log.getByText('Thank you, that was quick!').isVisible(), wait).toBe(true);
    await screenshot(page, 'email-02-threaded-reply');

    // The remote image the agent allowed cannot load here (no outside network); nothing else may fail.
    expect(
      consoleErrors.filter(
        (error) => !error.includes('ERR_NAME_NOT_RESOLVED') && !error.includes('tracker.example.test'),
      ),
    ).toEqual([]);
    await context.close();
  });
});
