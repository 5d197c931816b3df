import { describe, expect, it } from 'vitest';
import { settledViolations } from './kit/accessibility.ts';
import { browserAvailable, screenshot } from './kit/browser.ts';
import { withDesk } from './kit/journey.ts';

const wait = { timeout: 15_000 };

describe.runIf(browserAvailable())('journey: an advocate raises a case and follows it to its end', () => {
  const journey = withDesk([
    { name: 'Sam Rivera', email: 'sam@example.test' },
    { name: 'Ada Lovelace', email: 'ada@example.test', role: 'advocate' },
  ]);

  it('raises a case for a customer, sees who owns it, and hears when it is resolved', {
    timeout: 120_000,
  }, async () => {
    const [sam, ada] = journey.desk.agents;
    if (!sam || !ada) throw new Error('an agent and an advocate expected');
    await sam.api.put('/users/me/availability', { availability: 'online' });

    const { context, page, consoleErrors: errors } = await journey.signIn(ada);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Cases I raised', level: 1 }).isVisible(), wait)
      .toBe(true);
    expect(await settledViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Raise a case' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Raise a case for a customer' });
    await dialog.getByLabel('Customer’s email').fill('olga@example.test');
    await dialog.getByLabel('Customer’s name (if you know it)').fill('Olga Petrova');
    await dialog.getByLabel('Subject').fill('Coffee machine leaks again after repair');
    await dialog
      .getByRole('textbox', { name: 'What happened' })
      .fill('Olga called the office: the machine repaired last month leaks again. She would like a replacement.');
    await page.waitForTimeout(300);
    expect(await settledViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Raise case' }).click();

    await expect.poll(() => page.getByText('Sam Rivera is looking after it.').first().isVisible(), wait).toBe(true);
    await expect.poll(() => page.getByText(/She would like a replacement/).isVisible(), wait).toBe(true);
    await screenshot(page, 'advocate-01-case-raised');
    expect(await settledViolations(page)).toEqual([]);

    // The owner answers and resolves it; the advocate's page follows without a reload.
    const { conversations } = await sam.api.get<{ conversations: { id: string; subject: string }[] }>(
      '/conversations?view=mine',
    );
    const raised = conversations.find((item) => item.subject === 'Coffee machine leaks again after repair');
    if (!raised) throw new Error('the raised case should be Sam’s');
    await sam.api.post(`/conversations/${raised.id}/messages`, {
      direction: 'outbound',
      body: 'Hi Olga, a replacement machine is on its way and will arrive on Thursday.',
    });
    await sam.api.post(`/conversations/${raised.id}/status`, { status: 'resolved' });

    await expect
      .poll(
        () =>
          page
            .getByText(/Resolved on .* by Sam Rivera\./)
            .first()
            .isVisible(),
        wait,
      )
      .toBe(true);
    await expect
      .poll(() => page.getByText('a replacement machine is on its way', { exact: false }).isVisible(), wait)
      .toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Notifications, 1 unread' }).isVisible(), wait).toBe(true);
    await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    await expect
      .poll(() => page.getByText(/The case you raised, conversation \d+ .* was resolved/).isVisible(), wait)
      .toBe(true);
    await screenshot(page, 'advocate-02-case-resolved');
    expect(await settledViolations(page)).toEqual([]);

    // Advocates work no queue: the inbox sends them back to their cases.
    await page.goto(`${journey.server.url}/inbox/mine`);
    await expect.poll(() => page.url(), wait).toContain('/cases');
    expect(errors).toEqual([]);
    await context.close();
  });
});
