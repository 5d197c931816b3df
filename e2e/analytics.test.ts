import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserAvailable, screenshot } from './kit/browser.ts';
import { withDesk } from './kit/journey.ts';

const wait = { timeout: 20_000 };

interface Report {
  totals: { conversations_created: { value: number }; resolution_time: { count: number } };
  contactReasons: { reason: string | null; count: number }[];
}

describe.runIf(browserAvailable())('journey: an admin reads the analytics dashboard', () => {
  const journey = withDesk([{ name: 'Sam Rivera', email: 'sam@example.test' }]);

  it('shows the numbers, follows a filter, and exports what the table shows', { timeout: 150_000 }, async () => {
    const [sam] = journey.desk.agents;
    if (!sam) throw new Error('an agent expected');
    await sam.api.put('/users/me/availability', { availability: 'online' });

    // Four email conversations and two chats, with reasons; Sam answers and resolves three.
    const reasons = ['billing', 'billing', 'delivery', 'account access', 'billing', null];
    const made: string[] = [];
    for (const [i, reason] of reasons.entries()) {
      const channel = i >= 4 ? 'chat' : 'email';
      const { conversation } = await journey.desk.integration.post<{ conversation: { id: string } }>('/conversations', {
        inboxId: journey.desk.inboxId,
        customer: { identity: { kind: 'email', value: `customer${i}@example.test` }, name: `Fictional Customer ${i}` },
        subject: `Question ${i}`,
        channel,
        message: { body: `Hello, this is fictional question number ${i}.` },
      });
      made.push(conversation.id);
      if (reason) await sam.api.patch(`/conversations/${conversation.id}`, { contactReason: reason });
    }
    for (const id of made.slice(0, 3)) {
      await sam.api.post(`/conversations/${id}/messages`, { direction: 'outbound', body: 'Thanks, sorted for you.' });
      await sam.api.post(`/conversations/${id}/status`, { status: 'resolved' });
    }

    // The listener and the rollup job catch up within seconds.
    const from = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await expect
      .poll(async () => {
        const report = await journey.desk.admin.api.get<Report>(`/analytics/report?from=${from}&to=${to}`);
        return [report.totals.conversations_created.value, report.totals.resolution_time.count];
      }, wait)
      .toEqual([6, 3]);

    const { page, consoleErrors: errors } = await journey.signIn(journey.desk.admin, {
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    await page.getByRole('link', { name: 'Analytics' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Analytics', level: 1 }).isVisible(), wait).toBe(true);
    const conversationsCard = page.locator('[data-metric="conversations_created"]');
    await expect.poll(() => conversationsCard.innerText(), wait).toContain('6');
    await expect.poll(() => page.locator('[data-chart^="trend-"] .recharts-line').count(), wait).toBeGreaterThan(0);
    await screenshot(page, 'analytics-01-dashboard');

    // Filter to chat: two conversations, one reason (billing) and one without.
    await page.getByRole('combobox', { name: 'Channel' }).click();
    await page.getByRole('option', { name: 'Chat' }).click();
    await expect.poll(() => conversationsCard.innerText(), wait).toMatch(/^Conversations\s*2\b/);
    const reasonsCard = page.locator('[data-chart^="contact-reasons-"]');
    await reasonsCard.getByText('Table', { exact: true }).click();
    const tableRows = async () =>
      reasonsCard
        .locator('tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) => Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent ?? '')),
        );
    await expect.poll(tableRows, wait).toEqual([
      ['billing', '1'],
      ['No reason given', '1'],
    ]);
    await screenshot(page, 'analytics-02-chat-filter-table');

    // The CSV is the table.
    const downloading = page.waitForEvent('download');
    await reasonsCard.getByRole('button', { name: 'Download Top contact reasons as CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^contact-reasons-.*\.csv$/);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    const lines = csv.split('\r\n').map((line) => line.split(','));
    expect(lines[0]).toEqual(['Contact reason', 'Conversations']);
    expect(lines.slice(1)).toEqual(await tableRows());

    // Back to every channel: the reasons follow.
    await page.getByRole('combobox', { name: 'Channel' }).click();
    await page.getByRole('option', { name: 'Chat' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => conversationsCard.innerText(), wait).toMatch(/^Conversations\s*6\b/);
    await reasonsCard.getByText('Chart', { exact: true }).click();
    await page.locator('[data-chart="workload"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'analytics-03-reasons-and-workload');
    expect(errors).toEqual([]);
  });

  it('a survey answer shows up in satisfaction by channel, and on the agent’s own quality page', {
    timeout: 150_000,
  }, async () => {
    const [sam] = journey.desk.agents;
    if (!sam) throw new Error('an agent expected');
    await journey.desk.admin.api.put(`/inboxes/${journey.desk.inboxId}/follow-up`, {
      checkInDays: 0,
      surveyTiming: 'at_resolution',
    });
    const { conversation } = await journey.desk.integration.post<{ conversation: { id: string } }>('/conversations', {
      inboxId: journey.desk.inboxId,
      customer: { identity: { kind: 'email', value: 'surveyed@example.test' }, name: 'Fictional Surveyed Customer' },
      subject: 'A parcel that never came',
      channel: 'chat',
      message: { body: 'Where is my fictional parcel?' },
    });
    await sam.api.post(`/conversations/${conversation.id}/claim`, {}).catch(() => undefined);
    await sam.api.post(`/conversations/${conversation.id}/messages`, {
      direction: 'outbound',
      body: 'Sent again today.',
    });
    await sam.api.post(`/conversations/${conversation.id}/status`, { status: 'resolved' });
    const surveyToken = async () => {
      const { messages } = await sam.api.get<{ messages: { body: string }[] }>(
        `/conversations/${conversation.id}/messages`,
      );
      return messages.map((m) => m.body.match(/\/survey\/([^\s?]+)/)?.[1]).find(Boolean) ?? null;
    };
    // The survey goes out with the resolution, through the job queue.
    await expect.poll(surveyToken, wait).not.toBeNull();
    const token = (await surveyToken()) as string;
    const answered = await fetch(`${journey.server.url}/api/v1/public/surveys/${token}/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ csat: 4, effort: 2 }),
    });
    expect(answered.status).toBe(200);

    const { page, consoleErrors: errors } = await journey.signIn(journey.desk.admin, {
      viewport: { width: 1440, height: 1100 },
    });
    await page.getByRole('link', { name: 'Analytics' }).click();
    const csatCard = page.locator('[data-metric="csat"]');
    await expect.poll(() => csatCard.innerText(), wait).toMatch(/Satisfaction \(CSAT\)\s*4\.0/);
    const satisfaction = page.locator('[data-chart^="satisfaction-by-channel-"]');
    await satisfaction.scrollIntoViewIfNeeded();
    await expect.poll(() => satisfaction.locator('.recharts-bar-rectangle').count(), wait).toBeGreaterThan(0);
    await screenshot(page, 'analytics-04-satisfaction-by-channel');
    await satisfaction.getByText('Table', { exact: true }).click();
    await expect
      .poll(
        () =>
          satisfaction
            .locator('tbody tr')
            .evaluateAll((rows) =>
              rows.map((row) => Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent ?? '')),
            ),
        wait,
      )
      .toEqual([['Chat', '4', '100', '1', '2', '100', '1']]);
    await screenshot(page, 'analytics-05-satisfaction-table');
    expect(errors).toEqual([]);

    // Sam sees his own quality, and only his.
    const { page: samPage, consoleErrors: samErrors } = await journey.signIn(sam, {
      viewport: { width: 1280, height: 900 },
    });
    await samPage.getByRole('link', { name: 'My quality' }).click();
    await expect
      .poll(() => samPage.locator('[data-metric="csat"]').innerText(), wait)
      .toMatch(/4\.0 of 5[\s\S]*100% satisfied/);
    await expect.poll(() => samPage.getByRole('link', { name: 'Analytics' }).count(), wait).toBe(0);
    await screenshot(samPage, 'analytics-06-my-quality');
    expect(samErrors).toEqual([]);
  });

  it('a chat quote kept shows up in quote calibration, with a table and a CSV that match', {
    timeout: 150_000,
  }, async () => {
    const [sam] = journey.desk.agents;
    if (!sam) throw new Error('an agent expected');
    // Open around the clock, so the quote counts from now whatever the hour.
    const alwaysOpen = { opens: '00:00', closes: '24:00' };
    await journey.desk.admin.api.patch(`/inboxes/${journey.desk.inboxId}`, {
      businessHours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [alwaysOpen]]),
      ),
    });
    // A visitor writes from the chat widget (quoted at once) and Sam answers straight away.
    const sent = await fetch(`${journey.server.url}/api/v1/widget/inboxes/${journey.desk.inboxId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-rapport-visitor': 'quoted-visitor-fictional-0123456789abcdef' },
      body: JSON.stringify({ clientId: 'quoted-message-1', body: 'Is my fictional order on its way?' }),
    });
    expect(sent.status, await sent.clone().text()).toBe(201);
    const conversationId = ((await sent.json()) as { conversation: { id: string } }).conversation.id;
    await sam.api.post(`/conversations/${conversationId}/claim`, {}).catch(() => undefined);
    await sam.api.post(`/conversations/${conversationId}/messages`, {
      direction: 'outbound',
      body: 'It is, arriving tomorrow.',
    });

    const from = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await expect
      .poll(async () => {
        const report = await journey.desk.admin.api.get<{
          totals: { quotes_kept: { count: number; value: number | null } };
        }>(`/analytics/report?from=${from}&to=${to}`);
        return report.totals.quotes_kept;
      }, wait)
      .toMatchObject({ count: 1, value: 1 });

    const { page, consoleErrors: errors } = await journey.signIn(journey.desk.admin, {
      viewport: { width: 1440, height: 1100 },
      acceptDownloads: true,
    });
    await page.getByRole('link', { name: 'Analytics' }).click();
    await expect
      .poll(() => page.locator('[data-metric="quotes_kept"]').innerText(), wait)
      .toMatch(/Quotes kept\s*100%[\s\S]*of 1 answered quote/);
    const calibration = page.locator('[data-chart^="quote-calibration-"]');
    await calibration.scrollIntoViewIfNeeded();
    await expect.poll(() => calibration.locator('.recharts-bar-rectangle').count(), wait).toBeGreaterThan(0);
    await screenshot(page, 'analytics-07-quote-calibration');
    await calibration.getByText('Table', { exact: true }).click();
    const tableRows = async () =>
      calibration
        .locator('tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) => Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent ?? '')),
        );
    // Quoted 60 minutes (the default before there is history), answered within the minute, kept.
    await expect
      .poll(async () => (await tableRows()).map((row) => row.slice(1)), wait)
      .toEqual([['60', '0', '60', '0', '1', '100']]);
    const downloading = page.waitForEvent('download');
    await calibration.getByRole('button', { name: 'Download Quote calibration as CSV' }).click();
    const csv = readFileSync((await (await downloading).path()) as string, 'utf8');
    const lines = csv.split('\r\n').map((line) => line.split(','));
    expect(lines[0]).toEqual([
      'Day',
      'Quoted median (min)',
      'Actual median (min)',
      'Quoted 90th percentile (min)',
      'Actual 90th percentile (min)',
      'Answered quotes',
      'Kept (%)',
    ]);
    expect(lines.slice(1)).toEqual(await tableRows());
    await screenshot(page, 'analytics-08-quote-calibration-table');
    expect(errors).toEqual([]);
  });
});
