import { describe, expect, it } from 'vitest';
import { settledViolations } from './kit/accessibility.ts';
import { browserAvailable, screenshot } from './kit/browser.ts';
import { customerWrites, watchConsole } from './kit/desk.ts';
import { withDesk } from './kit/journey.ts';

const wait = { timeout: 15_000 };

type Message = { authorType: string; body: string };
type FollowUp = { surveys: { csat: number | null }[] };

describe.runIf(browserAvailable())(
  'journey: a customer answers a survey on a phone; recovery appears live for the owner',
  () => {
    const journey = withDesk([{ name: 'Mia Santos', email: 'mia@example.test' }]);

    it('Mia makes a promise, resolves the case; the customer answers 1 of 5 from the emailed link; the recovery task reaches Mia without a reload', {
      timeout: 150_000,
    }, async () => {
      const [mia] = journey.desk.agents;
      if (!mia) throw new Error('an agent expected');
      // The survey goes out at resolution here, so the journey need not wait three days for the check-in.
      await journey.desk.admin.api.put(`/inboxes/${journey.desk.inboxId}/follow-up`, {
        checkInDays: 3,
        surveyTiming: 'at_resolution',
      });
      await mia.api.put('/users/me/availability', { availability: 'online' });
      const conversation = await customerWrites(journey.desk, {
        email: 'noor.fictional@example.test',
        name: 'Noor Fictional',
        subject: 'Blender arrived cracked',
        body: 'The blender I ordered arrived with a cracked jug. Can you send a new one?',
      });

      const {
        context: miaContext,
        page: miaPage,
        consoleErrors: miaErrors,
      } = await journey.signIn(mia, { beforeSignIn: (context) => context.setDefaultTimeout(20_000) });

      // A promise, recorded by hand from the conversation.
      await miaPage.goto(`${journey.server.url}/inbox/mine/${conversation.id}`);
      await expect.poll(() => miaPage.getByText('arrived with a cracked jug').isVisible(), wait).toBe(true);
      await miaPage.getByRole('button', { name: 'Add a promise' }).click();
      const promiseDialog = miaPage.getByRole('dialog', { name: 'Add a promise to the customer' });
      await promiseDialog.getByRole('textbox', { name: 'What you promised' }).fill('Ship a replacement jug');
      await miaPage.waitForTimeout(300);
      await screenshot(miaPage, 'follow-through-01-promise-dialog');
      await promiseDialog.getByRole('button', { name: 'Record promise' }).click();
      await expect
        .poll(() => miaPage.getByTestId('commitment').first().textContent(), wait)
        .toMatch(/Ship a replacement jug\s*Open/);
      await expect.poll(() => miaPage.getByRole('link', { name: /^Promises due/ }).textContent(), wait).toMatch(/1/);
      await miaPage.waitForTimeout(300);
      await screenshot(miaPage, 'follow-through-02-conversation-with-promise');
      await miaPage.getByRole('button', { name: 'Kept' }).click();
      await expect.poll(() => miaPage.getByTestId('commitment').first().textContent(), wait).toMatch(/Kept/);

      // Resolved: the survey goes to the customer as an outbound message with its links.
      await mia.api.post(`/conversations/${conversation.id}/status`, { status: 'resolved' });
      let link = '';
      await expect
        .poll(async () => {
          const { messages } = await mia.api.get<{ messages: Message[] }>(`/conversations/${conversation.id}/messages`);
          link = messages.find((m) => m.authorType === 'system')?.body.match(/1 – very unhappy: (\S+)/)?.[1] ?? '';
          return link;
        }, wait)
        .toMatch(/\/survey\/\S+\?score=1$/);

      await miaPage.goto(`${journey.server.url}/recovery`);
      await expect.poll(() => miaPage.getByText('Nothing to recover').isVisible(), wait).toBe(true);

      // The customer, on a phone, follows the one-click link for "1" from the email.
      const phone = await journey.browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      phone.setDefaultTimeout(20_000);
      const customerPage = await phone.newPage();
      const customerErrors = watchConsole(customerPage);
      await customerPage.goto(link);
      await expect
        .poll(() => customerPage.getByRole('heading', { name: 'How did we do?' }).isVisible(), wait)
        .toBe(true);
      await expect.poll(() => customerPage.getByText('You chose: Very unhappy.').isVisible(), wait).toBe(true);
      // Opening the link (as a mail scanner would) answered nothing.
      const before = await mia.api.get<FollowUp>(`/conversations/${conversation.id}/follow-up`);
      expect(before.surveys.map((s) => s.csat)).toEqual([null]);
      await screenshot(customerPage, 'follow-through-03-survey-on-phone');
      expect(await settledViolations(customerPage)).toEqual([]);

      await customerPage.getByText('6', { exact: true }).click();
      await customerPage
        .getByRole('textbox', { name: /Anything you want to tell us/ })
        .fill('It took four emails before anyone answered, and the new jug is still not here.');
      await customerPage.getByRole('button', { name: 'Send my answer' }).click();
      await expect.poll(() => customerPage.getByText(/Your answer is saved/).isVisible(), wait).toBe(true);
      await expect
        .poll(() => customerPage.getByText(/The person who helped you will get in touch/).isVisible(), wait)
        .toBe(true);
      await screenshot(customerPage, 'follow-through-04-survey-thanks');
      expect(await settledViolations(customerPage)).toEqual([]);

      // Mia's screen: the task arrives live, with the comment, and the navigation counts it.
      const task = miaPage.getByTestId('recovery-task');
      await expect.poll(() => task.count(), wait).toBe(1);
      await expect.poll(() => task.getByText(/It took four emails/).isVisible(), wait).toBe(true);
      await expect.poll(() => task.getByText('Satisfaction 1/5 · Very unhappy').isVisible(), wait).toBe(true);
      await expect.poll(() => task.getByText('Effort 6/7').isVisible(), wait).toBe(true);
      await expect
        .poll(() => miaPage.getByRole('button', { name: /Notifications, \d+ unread/ }).isVisible(), wait)
        .toBe(true);
      await miaPage.waitForTimeout(300);
      await screenshot(miaPage, 'follow-through-05-recovery-live');
      expect(await settledViolations(miaPage)).toEqual([]);

      // Closing it asks what was done.
      await task.getByRole('button', { name: 'Close with a note…' }).click();
      await task
        .getByRole('textbox', { name: /What did you do for the customer/ })
        .fill('Called Noor, sent the jug by express and refunded the shipping.');
      await task.getByRole('button', { name: 'Close task' }).click();
      await expect.poll(() => miaPage.getByText('Nothing to recover').isVisible(), wait).toBe(true);

      expect(miaErrors).toEqual([]);
      expect(customerErrors).toEqual([]);
      await phone.close();
      await miaContext.close();
    });
  },
);
