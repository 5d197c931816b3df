import { describe, expect, it } from 'vitest';
import { browserAvailable, screenshot } from './kit/browser.ts';
import { customerWrites } from './kit/desk.ts';
import { withDesk } from './kit/journey.ts';

const wait = { timeout: 15_000 };

describe.runIf(browserAvailable())('journey: two agents in one conversation see each other', () => {
  const journey = withDesk([
    { name: 'Sam Rivera', email: 'sam@example.test' },
    { name: 'Jo Park', email: 'jo@example.test' },
  ]);

  it('shows who else is viewing and who is typing, and when they leave', { timeout: 120_000 }, async () => {
    const [sam, jo] = journey.desk.agents;
    if (!sam || !jo) throw new Error('two agents expected');
    const conversation = await customerWrites(journey.desk, {
      email: 'ines@example.test',
      name: 'Inês Duarte',
      subject: 'Change my delivery address',
      body: 'Can you send my order to my office instead? It is Rua Augusta 12.',
    });

    const { context: samContext, page: samPage, consoleErrors: samErrors } = await journey.signIn(sam);
    const { context: joContext, page: joPage, consoleErrors: joErrors } = await journey.signIn(jo);
    const address = `${journey.server.url}/inbox/all/${conversation.id}`;
    await samPage.goto(address);
    await joPage.goto(address);
    await expect.poll(() => samPage.getByText('Rua Augusta 12').isVisible(), wait).toBe(true);
    await expect.poll(() => joPage.getByText('Rua Augusta 12').isVisible(), wait).toBe(true);

    // What the presence line says, without the avatars' initials.
    const samSees = {
      textContent: () =>
        samPage
          .getByTestId('presence-text')
          .textContent()
          .catch(() => ''),
    };
    const joSees = {
      textContent: () =>
        joPage
          .getByTestId('presence-text')
          .textContent()
          .catch(() => ''),
    };
    await expect.poll(() => samSees.textContent(), wait).toBe('Jo Park is also viewing');
    await expect.poll(() => joSees.textContent(), wait).toBe('Sam Rivera is also viewing');

    // Nobody owns it yet, so both may answer: this is where seeing each other type matters.
    const samBox = samPage.getByRole('textbox', { name: 'Reply to Inês Duarte' });
    await samBox.click();
    await samBox.pressSequentially('Hi Inês, I can change that for you', { delay: 20 });
    await expect.poll(() => joSees.textContent(), wait).toBe('Sam Rivera is typing');
    await screenshot(joPage, 'collision-01-colleague-typing');

    const joBox = joPage.getByRole('textbox', { name: 'Reply to Inês Duarte' });
    await joBox.click();
    await joBox.pressSequentially('Hello', { delay: 20 });
    await expect.poll(() => samSees.textContent(), wait).toBe('Jo Park is typing');

    // Jo sees Sam is on it and steps back: clears the draft and leaves the conversation.
    await joBox.fill('');
    await expect.poll(() => samSees.textContent(), wait).toBe('Jo Park is also viewing');
    await joPage.getByRole('link', { name: /^Mine\s+\d+ conversations?$/ }).click();
    await expect.poll(() => samPage.getByTestId('presence').textContent(), wait).toBe('');
    await expect.poll(() => samBox.inputValue()).toBe('Hi Inês, I can change that for you');

    // Sam takes it: claimed, it is Sam's to see through, and the draft is still there.
    await samPage.getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => samPage.getByTestId('owner').textContent(), wait).toBe('Owner: you');
    await expect.poll(() => samPage.getByText('Sam Rivera claimed it').isVisible(), wait).toBe(true);
    await expect.poll(() => samBox.inputValue()).toBe('Hi Inês, I can change that for you');

    expect(samErrors).toEqual([]);
    expect(joErrors).toEqual([]);
    await samContext.close();
    await joContext.close();
  });
});
