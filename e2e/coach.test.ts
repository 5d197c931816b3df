import { beforeAll, describe, expect, it } from 'vitest';
import { settledViolations } from './kit/accessibility.ts';
import { browserAvailable, screenshot } from './kit/browser.ts';
import { customerWrites } from './kit/desk.ts';
import { withDesk } from './kit/journey.ts';

const wait = { timeout: 15_000 };

describe.runIf(browserAvailable())('journey: the reply coach catches a blaming sentence before it is sent', () => {
  const journey = withDesk([{ name: 'Sam Rivera', email: 'sam@example.test' }]);
  beforeAll(async () => {
    await journey.desk.admin.api.post('/coach/phrases', {
      phrase: "That's not possible",
      category: 'dismissing',
      reason: 'Say what is possible instead; customers remember the door that stayed shut.',
      rewrite: 'Here is what I can do',
    });
  });

  it('underlines as the agent types, explains on hover, rewrites in one click, records a dismissal and sends', {
    timeout: 120_000,
  }, async () => {
    const sam = journey.desk.agents[0];
    if (!sam) throw new Error('no agent');
    const { context, page, consoleErrors } = await journey.signIn(sam, { viewport: { width: 1280, height: 800 } });
    await expect.poll(() => page.getByRole('heading', { name: 'Inbox: Mine' }).isVisible(), wait).toBe(true);
    await page.getByRole('button', { name: /Availability: Offline/ }).click();
    await page.getByRole('menuitem', { name: /Online/ }).click();

    const conversation = await customerWrites(journey.desk, {
      email: 'maya@example.test',
      name: 'Maya Lopez',
      subject: 'Lamp never arrived',
      body: 'I have emailed three times and nobody answers. Still no lamp and no refund!!',
    });
    await page.goto(`${journey.server.url}/inbox/mine/${conversation.id}`);
    await expect.poll(() => page.getByText('I have emailed three times').isVisible(), wait).toBe(true);

    // The cue beside the conversation: calm words for the agent, never sent to the customer.
    const cue = page.getByRole('status').filter({ hasText: 'Customer seems frustrated' });
    await expect.poll(() => cue.isVisible(), wait).toBe(true);
    expect(await cue.textContent()).toMatch(/repeat contact|no answer/);

    const reply = page.getByRole('textbox', { name: 'Reply to Maya Lopez' });
    await reply.click();
    const typed = "Hi Maya, I checked your order. That's not our fault. I will send a new lamp today.";
    // Typed key by key, as a person would: nothing is dropped while the coach reviews.
    await reply.pressSequentially(typed, { delay: 15 });
    expect(await reply.inputValue()).toBe(typed);

    const coach = page.getByRole('region', { name: 'Reply coach' });
    const blame = page.locator('mark[data-index]', { hasText: "That's not our fault" });
    await expect.poll(() => blame.count(), wait).toBe(1);
    await expect.poll(() => coach.getByText(/Saying it isn't your fault/).isVisible(), wait).toBe(true);
    // The promise is read with its due time, and tracked with one click beside the conversation.
    await expect.poll(() => coach.getByText(/^Due .*read from “today”/).isVisible(), wait).toBe(true);
    await coach.getByRole('button', { name: 'Track this promise' }).click();
    await expect
      .poll(() => page.getByTestId('commitment').first().textContent(), wait)
      .toMatch(/send a new lamp today.*Open/);

    // Hovering the underlined words shows why.
    const box = await blame.boundingBox();
    if (!box) throw new Error('the underline has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tip = page.getByRole('tooltip');
    await expect.poll(() => tip.textContent(), wait).toMatch(/^Saying it isn't your fault/);
    await screenshot(page, 'coach-01-finding-with-reason');
    expect(await settledViolations(page)).toEqual([]);

    await coach.getByRole('button', { name: /^Use “I'm sorry this happened/ }).click();
    const rewritten =
      "Hi Maya, I checked your order. I'm sorry this happened, and I'm putting it right now. I will send a new lamp today.";
    await expect.poll(() => reply.inputValue(), wait).toBe(rewritten);
    await expect.poll(() => blame.count(), wait).toBe(0);

    // A stock apology, set aside with a reason: counted for the rule, not for Sam.
    await reply.press('End');
    await reply.pressSequentially(' Sorry for any inconvenience.', { delay: 10 });
    await expect.poll(() => coach.getByText(/A stock apology sounds like a form letter/).isVisible(), wait).toBe(true);
    await coach.getByRole('button', { name: /^Dismiss: A stock apology/ }).click();
    await page.getByRole('menuitem', { name: 'The wording fits this customer' }).click();
    await expect.poll(() => coach.getByText(/A stock apology/).count(), wait).toBe(0);
    await expect
      .poll(
        async () =>
          (
            await journey.desk.admin.api.get<{ rules: { ruleId: string; total: number }[] }>(
              '/coach/dismissals/summary',
            )
          ).rules,
      )
      .toEqual([
        { ruleId: 'apology.stock', total: 1, reasons: { misread: 0, 'quoting-customer': 0, 'fits-here': 1, other: 0 } },
      ]);
    await screenshot(page, 'coach-02-after-rewrite');

    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => reply.inputValue(), wait).toBe('');
    const sent = `${rewritten} Sorry for any inconvenience.`;
    await expect.poll(() => page.getByRole('log').getByText("I'm sorry this happened").isVisible(), wait).toBe(true);
    const { messages } = await sam.api.get<{ messages: { direction: string; body: string }[] }>(
      `/conversations/${conversation.id}/messages`,
    );
    expect(messages.at(-1)).toMatchObject({ direction: 'outbound', body: sent });
    // Their last words are still upset, so the cue stays until they write calmly again.
    expect(await cue.isVisible()).toBe(true);

    // The account's own phrase is checked in the browser too.
    await reply.click();
    await reply.pressSequentially('Hi Maya, that is, sadly, not possible.', { delay: 10 });
    await expect.poll(() => coach.getByText(/Say what is possible instead/).isVisible(), wait).toBe(true);
    await screenshot(page, 'coach-03-account-phrase');

    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
