import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, screenshot } from './kit/browser.ts';
import { customerWrites, type Desk, setUpDesk, signIn, watchConsole } from './kit/desk.ts';
import { type RunningServer, startServer } from './kit/server.ts';

const wait = { timeout: 15_000 };

describe.runIf(browserAvailable())('journey: two agents in one conversation see each other', () => {
  let server: RunningServer;
  let browser: Browser;
  let desk: Desk;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    desk = await setUpDesk(server, [
      { name: 'Sam Rivera', email: 'sam@example.test' },
      { name: 'Jo Park', email: 'jo@example.test' },
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows who else is viewing and who is typing, and when they leave', { timeout: 120_000 }, async () => {
    const [sam, jo] = desk.agents;
    if (!sam || !jo) throw new Error('two agents expected');
    const conversation = await customerWrites(desk, {
      email: 'ines@example.test',
      name: 'Inês Duarte',
      subject: 'Change my delivery address',
      body: 'Can you send my order to my office instead? It is Rua Augusta 12.',
    });

    const samContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const joContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const samPage = await signIn(samContext, server.url, sam);
    const joPage = await signIn(joContext, server.url, jo);
    const samErrors = watchConsole(samPage);
    const joErrors = watchConsole(joPage);
    const address = `${server.url}/inbox/all/${conversation.id}`;
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
