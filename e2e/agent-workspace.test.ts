import type { Page, WebSocketRoute } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { settledViolations } from './kit/accessibility.ts';
import { artifactsDir, browserAvailable, screenshot } from './kit/browser.ts';
import { customerWrites } from './kit/desk.ts';
import { withDesk } from './kit/journey.ts';

const wait = { timeout: 15_000 };

describe.runIf(browserAvailable())('journey: a customer writes in and an agent answers them, live', () => {
  const journey = withDesk([{ name: 'Sam Rivera', email: 'sam@example.test' }]);
  beforeAll(async () => {
    await journey.desk.admin.api.post('/saved-replies', {
      title: 'Looking into it',
      body: 'Hi {{customer.firstName}}, thanks for telling us. I am {{agent.firstName}} and I am on conversation {{conversation.number}} now; I will write again within the hour.',
    });
  });

  it('shows the message arriving live, replies with a filled saved reply and resolves it by keyboard', {
    timeout: 120_000,
  }, async () => {
    const sam = journey.desk.agents[0];
    if (!sam) throw new Error('no agent');

    // The live socket goes through this route, so the journey can cut it and check nothing is missed.
    let cutOff = false;
    const sockets: WebSocketRoute[] = [];
    const { context, page, consoleErrors } = await journey.signIn(sam, {
      beforeSignIn: (context) =>
        context.routeWebSocket(/\/api\/v1\/live/, (ws) => {
          if (cutOff) {
            ws.close({ code: 1006, reason: 'network down' });
            return;
          }
          ws.connectToServer();
          sockets.push(ws);
        }),
    });
    await expect.poll(() => page.url()).toContain('/inbox/mine');
    await expect.poll(() => page.getByRole('heading', { name: 'Inbox: Mine' }).isVisible(), wait).toBe(true);

    // New agents start offline; going online is what brings work.
    await page.getByRole('button', { name: /Availability: Offline/ }).click();
    await page.getByRole('menuitem', { name: /Online/ }).click();
    await expect.poll(() => page.getByRole('button', { name: /Availability: Online/ }).isVisible(), wait).toBe(true);

    const conversation = await customerWrites(journey.desk, {
      email: 'maya@example.test',
      name: 'Maya Lopez',
      subject: 'My parcel never arrived',
      body: 'Hello, I ordered a lamp two weeks ago and it still has not arrived. Can you help?',
    });
    const row = page.locator(`[data-row-link][data-id="${conversation.id}"]`);
    await expect.poll(() => row.isVisible(), wait).toBe(true);
    await expect.poll(() => row.textContent()).toContain('Maya Lopez');
    await expect.poll(() => page.getByRole('link', { name: /^Mine\s+1 conversation$/ }).isVisible(), wait).toBe(true);
    await screenshot(page, 'workspace-01-inbox');

    // j moves to the first row, Enter opens it.
    await page.locator('body').press('j');
    await expect.poll(() => row.evaluate((node) => node === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('heading', { name: /My parcel never arrived/, level: 2 }).isVisible(), wait)
      .toBe(true);
    await expect
      .poll(() => page.getByRole('complementary').getByText('maya@example.test').isVisible(), wait)
      .toBe(true);
    await expect.poll(() => page.getByText('Hello, I ordered a lamp').isVisible()).toBe(true);
    await screenshot(page, 'workspace-02-conversation-with-profile');

    // r starts a reply; a saved reply fills in the customer's and the agent's first names.
    await page.locator('body').press('r');
    const reply = page.getByRole('textbox', { name: 'Reply to Maya Lopez' });
    await expect.poll(() => reply.evaluate((node) => node === document.activeElement)).toBe(true);
    await page.getByRole('button', { name: 'Saved replies' }).click();
    await page.getByRole('option', { name: /Looking into it/ }).click();
    await expect
      .poll(() => reply.inputValue())
      .toBe(
        `Hi Maya, thanks for telling us. I am Sam and I am on conversation ${conversation.number} now; I will write again within the hour.`,
      );
    await screenshot(page, 'workspace-03-saved-reply-filled');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => reply.inputValue(), wait).toBe('');
    await expect
      .poll(() => page.getByRole('log').getByText('Hi Maya, thanks for telling us.').isVisible(), wait)
      .toBe(true);

    // e resolves it (focus is back on the page, not in the text box).
    await reply.press('Escape');
    await page.keyboard.press('e');
    await expect
      .poll(() => page.getByText(`Conversation ${conversation.number} resolved.`).isVisible(), wait)
      .toBe(true);
    await expect
      .poll(() => page.locator('[data-testid="owner"]').locator('xpath=..').getByText('Resolved').isVisible(), wait)
      .toBe(true);
    const { messages } = await sam.api.get<{ messages: { direction: string; body: string }[] }>(
      `/conversations/${conversation.id}/messages`,
    );
    expect(messages.map((message) => message.direction)).toEqual(['inbound', 'outbound']);
    expect(messages[1]?.body).toContain('Hi Maya');

    // The connection drops; a message sent meanwhile shows once it is back, with nothing missed.
    cutOff = true;
    for (const socket of sockets) await socket.close({ code: 1006, reason: 'network down' });
    await expect
      .poll(() => page.getByText('Connection lost — reconnecting… Nothing will be missed.').isVisible(), wait)
      .toBe(true);
    await screenshot(page, 'workspace-04-connection-lost');
    await journey.desk.integration.post(`/conversations/${conversation.id}/messages`, {
      direction: 'inbound',
      body: 'Thank you! One more thing: can it come on a Saturday?',
    });
    await page.waitForTimeout(1_500);
    expect(await page.getByText('can it come on a Saturday?').count()).toBe(0);
    cutOff = false;
    await expect
      .poll(() => page.getByText('Connected again — you are up to date.').isVisible(), { timeout: 40_000 })
      .toBe(true);
    await expect.poll(() => page.getByText('can it come on a Saturday?').isVisible(), wait).toBe(true);
    // The customer's new message reopened the conversation.
    await expect
      .poll(
        () => page.locator('[data-testid="owner"]').locator('xpath=..').getByText('Open', { exact: true }).isVisible(),
        wait,
      )
      .toBe(true);

    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('passes the accessibility check on the main pages, in light and dark, and reads well on a phone', {
    timeout: 120_000,
  }, async () => {
    const sam = journey.desk.agents[0];
    if (!sam) throw new Error('no agent');
    const extra = await customerWrites(journey.desk, {
      email: 'noah@example.test',
      name: 'Noah Kim',
      subject: 'Invoice shows the wrong address',
      body: 'My invoice has my old address on it. Could you send a corrected one?',
    });
    await journey.desk.admin.api.post(`/conversations/${extra.id}/messages`, {
      direction: 'note',
      body: 'Checked billing: the address changed last week, the invoice was made before.',
    });

    const { context, page, consoleErrors } = await journey.signIn(journey.desk.admin);
    const check = async (name: string, target: Page = page) => {
      expect({ page: name, violations: await settledViolations(target) }).toEqual({
        page: name,
        violations: [],
      });
    };

    await page.goto(`${journey.server.url}/inbox/all/${extra.id}`);
    await expect.poll(() => page.getByText('Checked billing').isVisible(), wait).toBe(true);
    await expect
      .poll(() => page.getByRole('complementary').getByText('noah@example.test').isVisible(), wait)
      .toBe(true);
    await check('conversation');

    // An admin moves ownership directly, with a reason that stays in the timeline.
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Reassign…' }).click();
    const reassign = page.getByRole('dialog', { name: `Reassign conversation ${extra.number}` });
    await reassign.getByRole('combobox', { name: 'New owner' }).click();
    await page.getByRole('option', { name: /Ana Admin/ }).click();
    await reassign.getByRole('textbox', { name: 'Reason' }).fill('Sam is at capacity this afternoon.');
    await check('reassign dialog');
    await reassign.getByRole('button', { name: 'Reassign' }).click();
    await expect.poll(() => page.getByTestId('owner').textContent(), wait).toBe('Owner: you');
    await expect
      .poll(() => page.getByText('Ana Admin reassigned it from Sam Rivera to Ana Admin').isVisible(), wait)
      .toBe(true);

    await expect.poll(() => reassign.count(), wait).toBe(0);
    await page.locator('body').press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible(), wait).toBe(true);
    // Dialogs fade in; contrast is measured once they are fully shown.
    await page.waitForTimeout(400);
    await check('shortcuts');
    await screenshot(page, 'workspace-05-shortcuts');
    await page.keyboard.press('Escape');

    // Dark theme, same page.
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Dark theme' }).click();
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await page.waitForTimeout(300);
    await check('conversation, dark');
    await screenshot(page, 'workspace-06-conversation-dark');

    for (const path of ['/settings/users', '/settings/saved-replies', '/settings/webhooks', '/settings/inboxes']) {
      await page.goto(`${journey.server.url}${path}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).isVisible(), wait).toBe(true);
      await page.waitForTimeout(300);
      await check(`${path}, dark`);
    }
    await screenshot(page, 'workspace-07-settings-dark');
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Light theme' }).click();

    await page.goto(`${journey.server.url}/settings/saved-replies`);
    await expect
      .poll(() => page.getByRole('cell', { name: 'Looking into it', exact: true }).isVisible(), wait)
      .toBe(true);
    await check('saved replies');
    await screenshot(page, 'workspace-08-saved-replies');

    await page.goto(`${journey.server.url}/settings/webhooks`);
    await page.getByRole('button', { name: 'New webhook' }).click();
    await page.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/hooks');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Copy secret' }).isVisible(), wait).toBe(true);
    await page.waitForTimeout(400);
    await check('webhook secret');
    await screenshot(page, 'workspace-09-webhook-secret');
    await page.getByRole('button', { name: 'Done' }).click();

    await page.goto(`${journey.server.url}/settings/users`);
    await expect.poll(() => page.getByLabel('Capacity of Sam Rivera').isVisible(), wait).toBe(true);
    await page.getByLabel('Capacity of Sam Rivera').fill('5');
    await page.getByLabel('Capacity of Sam Rivera').press('Enter');
    await expect
      .poll(() => page.getByText('Sam Rivera can now be given up to 5 open conversations.').isVisible(), wait)
      .toBe(true);
    await check('users');
    await screenshot(page, 'workspace-10-users-capacity');

    // A phone: reading and replying.
    const { context: phone, page: mobile } = await journey.signIn(sam, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await mobile.goto(`${journey.server.url}/inbox/all/${extra.id}`);
    await expect.poll(() => mobile.getByText('Checked billing').isVisible(), wait).toBe(true);
    await expect
      .poll(() => mobile.getByRole('textbox', { name: /Reply to Noah Kim|Internal note/ }).isVisible())
      .toBe(true);
    await check('phone', mobile);
    await mobile.screenshot({ path: `${artifactsDir}/workspace-11-phone.png` });
    await mobile.getByRole('button', { name: 'Back to All conversations' }).click();
    await expect
      .poll(() => mobile.getByRole('heading', { name: 'Inbox: All conversations' }).isVisible(), wait)
      .toBe(true);
    await phone.close();

    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
