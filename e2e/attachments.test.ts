import { describe, expect, it } from 'vitest';
import { browserAvailable, screenshot } from './kit/browser.ts';
import { customerWrites } from './kit/desk.ts';
import { withDesk } from './kit/journey.ts';

const wait = { timeout: 15_000 };

// A 2×2 red PNG, small enough to read, real enough for the browser to decode.
const photo = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

describe.runIf(browserAvailable())('journey: an agent sends files with a reply', () => {
  const journey = withDesk([{ name: 'Sam Rivera', email: 'sam@example.test' }]);

  it('attaches a photo and a document, is told why a program is refused, and the customer timeline shows them', {
    timeout: 120_000,
  }, async () => {
    const sam = journey.desk.agents[0];
    if (!sam) throw new Error('no agent');
    const conversation = await customerWrites(journey.desk, {
      email: 'noor@example.test',
      name: 'Noor Fictional',
      subject: 'Which cable do I need?',
      body: 'Could you send me a picture of the right cable and the manual?',
    });
    await sam.api.post(`/conversations/${conversation.id}/claim`, {});

    const { context, page, consoleErrors } = await journey.signIn(sam);
    await page.goto(`${journey.server.url}/inbox/mine/${conversation.id}`);
    const reply = page.getByRole('textbox', { name: 'Reply to Noor Fictional' });
    await expect.poll(() => reply.isVisible(), wait).toBe(true);
    await reply.fill('Here is the cable (the grey one) and the manual.');

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles([
      { name: 'cable.png', mimeType: 'image/png', buffer: photo },
      { name: 'manual.txt', mimeType: 'text/plain', buffer: Buffer.from('Plug the grey cable into port 2.') },
      { name: 'driver.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ not really a program') },
    ]);
    const tray = page.getByRole('list', { name: 'Files to send' });
    await expect.poll(() => tray.getByText('cable.png').isVisible(), wait).toBe(true);
    await expect
      .poll(() => tray.getByRole('alert').textContent(), wait)
      .toContain("Program files (.exe) can't be attached");
    await page.mouse.move(0, 0);
    await screenshot(page, 'attachments-01-composer-with-files');

    // The refused file is removed by hand; the send goes out with the two accepted files.
    await page.getByRole('button', { name: 'Remove driver.exe' }).click();
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => reply.inputValue(), wait).toBe('');
    await expect.poll(() => tray.count(), wait).toBe(0);

    const log = page.getByRole('log');
    const preview = log.getByRole('img', { name: 'cable.png' });
    await expect.poll(() => preview.isVisible(), wait).toBe(true);
    // The preview really loaded through the authenticated download route.
    await expect.poll(() => preview.evaluate((node: HTMLImageElement) => node.naturalWidth), wait).toBe(2);
    await expect.poll(() => log.getByRole('link', { name: 'manual.txt' }).isVisible(), wait).toBe(true);
    await screenshot(page, 'attachments-02-timeline');

    const { messages } = await sam.api.get<{
      messages: { direction: string; attachments: { name: string; url: string }[] }[];
    }>(`/conversations/${conversation.id}/messages`);
    const sent = messages.at(-1);
    expect(sent?.direction).toBe('outbound');
    expect(sent?.attachments.map((attachment) => attachment.name)).toEqual(['cable.png', 'manual.txt']);
    const manual = await page.request.get(`${journey.server.url}${sent?.attachments[1]?.url}`);
    expect(manual.status()).toBe(200);
    expect(await manual.text()).toBe('Plug the grey cable into port 2.');

    // The refused upload's 400 is the only error the browser reports.
    expect(consoleErrors.filter((error) => !error.includes('status of 400'))).toEqual([]);
    await context.close();
  });
});
