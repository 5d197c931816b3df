import { describe, expect, it } from 'vitest';
import { settledViolations } from './kit/accessibility.ts';
import { browserAvailable, screenshot } from './kit/browser.ts';
import { customerWrites } from './kit/desk.ts';
import { withDesk } from './kit/journey.ts';

const wait = { timeout: 15_000 };

describe.runIf(browserAvailable())('journey: a warm handoff from one agent to another, live on both screens', () => {
  const journey = withDesk([
    { name: 'Sam Rivera', email: 'sam@example.test' },
    { name: 'Jo Park', email: 'jo@example.test' },
  ]);

  it('Sam hands off with a note, Jo accepts it with the note in view, and Sam sees Jo as the owner', {
    timeout: 120_000,
  }, async () => {
    const [sam, jo] = journey.desk.agents;
    if (!sam || !jo) throw new Error('two agents expected');
    // Only Sam is online when the customer writes, so Sam owns it; Jo comes online after.
    await sam.api.put('/users/me/availability', { availability: 'online' });
    const conversation = await customerWrites(journey.desk, {
      email: 'lee@example.test',
      name: 'Lee Chen',
      subject: 'Refund for a double charge',
      body: 'I was charged twice for order 5521. Please refund one of them.',
    });
    await jo.api.put('/users/me/availability', { availability: 'online' });

    const { context: samContext, page: samPage, consoleErrors: samErrors } = await journey.signIn(sam);
    const { context: joContext, page: joPage, consoleErrors: joErrors } = await journey.signIn(jo);

    await samPage.goto(`${journey.server.url}/inbox/mine/${conversation.id}`);
    await expect.poll(() => samPage.getByText('I was charged twice').isVisible(), wait).toBe(true);
    await expect
      .poll(() => joPage.getByRole('link', { name: /^Handoffs for me\s+0 conversations$/ }).isVisible(), wait)
      .toBe(true);

    // The handoff dialog: a person, and a context note that is required.
    await samPage.getByRole('button', { name: 'Hand off' }).click();
    const dialog = samPage.getByRole('dialog', { name: `Hand off conversation ${conversation.number}` });
    await expect.poll(() => dialog.isVisible(), wait).toBe(true);
    await dialog.getByRole('button', { name: 'Request handoff' }).click();
    await expect.poll(() => dialog.getByText('Choose who should take it').isVisible()).toBe(true);
    await expect.poll(() => dialog.getByText(/Write what they need to know/).isVisible()).toBe(true);
    await dialog.getByRole('combobox', { name: 'Person' }).click();
    await samPage.getByRole('option', { name: /Jo Park/ }).click();
    await dialog
      .getByRole('textbox', { name: 'Context note' })
      .fill('Billing confirmed the double charge. Jo has refund rights above 100 EUR; Lee expects it this week.');
    await samPage.waitForTimeout(400);
    await screenshot(samPage, 'handoff-01-dialog');
    expect(await settledViolations(samPage)).toEqual([]);
    await dialog.getByRole('button', { name: 'Request handoff' }).click();
    await expect
      .poll(() => samPage.getByText('Waiting for Jo Park to accept. You stay the owner until then.').isVisible(), wait)
      .toBe(true);
    await expect.poll(() => samPage.getByTestId('owner').textContent()).toBe('Owner: you');

    // Jo sees it arrive without reloading: the count, the view, the notification.
    const handoffsLink = joPage.getByRole('link', { name: /^Handoffs for me\s+1 conversation$/ });
    await expect.poll(() => handoffsLink.isVisible(), wait).toBe(true);
    await expect
      .poll(() => joPage.getByRole('button', { name: 'Notifications, 1 unread' }).isVisible(), wait)
      .toBe(true);
    await handoffsLink.click();
    const row = joPage.locator(`[data-row-link][data-id="${conversation.id}"]`);
    await expect.poll(() => row.isVisible(), wait).toBe(true);
    await row.click();
    await expect
      .poll(() => joPage.getByText('Sam Rivera asks you to take this conversation').isVisible(), wait)
      .toBe(true);
    await expect
      .poll(() =>
        joPage
          .getByText(/Billing confirmed the double charge/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    await screenshot(joPage, 'handoff-02-incoming');
    expect(await settledViolations(joPage)).toEqual([]);
    await joPage.getByRole('button', { name: 'Accept handoff' }).click();
    await expect.poll(() => joPage.getByTestId('owner').textContent(), wait).toBe('Owner: you');
    await expect
      .poll(
        () => joPage.getByText(`You now own conversation ${conversation.number}.`, { exact: false }).isVisible(),
        wait,
      )
      .toBe(true);

    // Sam's screen follows: the new owner, the accepted handoff in the timeline, the customer told.
    await expect.poll(() => samPage.getByTestId('owner').textContent(), wait).toBe('Owner: Jo Park');
    await expect
      .poll(() => samPage.getByText('Jo Park accepted the handoff from Sam Rivera and now owns it').isVisible(), wait)
      .toBe(true);
    await expect
      .poll(() => samPage.getByText(/Jo Park is now looking after your conversation/).isVisible(), wait)
      .toBe(true);
    await expect
      .poll(() => samPage.getByRole('button', { name: 'Notifications, 1 unread' }).isVisible(), wait)
      .toBe(true);
    await expect
      .poll(() => samPage.getByRole('link', { name: /^Mine\s+0 conversations$/ }).isVisible(), wait)
      .toBe(true);
    await screenshot(samPage, 'handoff-03-sender-sees-new-owner');

    await samPage.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    await expect.poll(() => samPage.getByText(/Jo Park accepted your handoff/).isVisible(), wait).toBe(true);
    await samPage.waitForTimeout(300);
    expect(await settledViolations(samPage)).toEqual([]);

    const { conversation: after } = await sam.api.get<{ conversation: { owner: { name: string } | null } }>(
      `/conversations/${conversation.id}`,
    );
    expect(after.owner?.name).toBe('Jo Park');
    expect(samErrors).toEqual([]);
    expect(joErrors).toEqual([]);
    await samContext.close();
    await joContext.close();
  });
});
