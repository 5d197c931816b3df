import { describe, expect, it } from 'vitest';
import { browserAvailable, screenshot, seriousAccessibilityViolations } from './kit/browser.ts';
import { withRapport } from './kit/journey.ts';

describe.runIf(browserAvailable())('journey: the first admin sets up Rapport, signs out and signs back in', () => {
  const journey = withRapport();

  it('follows the printed setup link to a working inbox', async () => {
    expect(journey.server.setupLink, journey.server.output()).toBeDefined();
    const context = await journey.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    await page.goto(journey.server.setupLink ?? '');
    await page.getByLabel('Name', { exact: true }).fill('Ana Admin');
    await page.getByLabel('Email', { exact: true }).fill('ana@example.test');
    await page.getByLabel('Password', { exact: true }).fill('a long admin password');
    await page.getByLabel('Confirm password').fill('a long admin password');
    await screenshot(page, '01-setup');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Inbox' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, '02-inbox');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The setup link is used up.
    const reuse = await context.newPage();
    await reuse.goto(journey.server.setupLink ?? '');
    await expect
      .poll(
        () =>
          reuse
            .getByText(/not valid|expired/i)
            .first()
            .isVisible(),
        { timeout: 10_000 },
      )
      .toBe(true);
    await reuse.close();

    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Email').fill('ana@example.test');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByText('That email and password do not match').isVisible(), { timeout: 10_000 })
      .toBe(true);
    await screenshot(page, '03-login-wrong-password');

    await page.getByLabel('Password').fill('a long admin password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Inbox' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, '04-signed-in-again');

    // The admin pages show the account as it is.
    await page.goto(`${journey.server.url}/settings/users`);
    await expect.poll(() => page.getByText('ana@example.test').first().isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, '05-settings-users');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(consoleErrors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});
