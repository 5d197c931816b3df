import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { fixedClock } from '../../platform/clock.ts';
import { cleanFileName, contentDisposition, inlineImageType, refusalFor } from './attachments.rules.ts';
import { UNSENT_UPLOAD_LIFETIME_MS } from './attachments.service.ts';

// The smallest valid PNG: 1×1, transparent.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** A real multipart body, built the way a browser's FormData is sent. */
async function multipart(file: { name: string; type: string; bytes: Buffer }, field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const request = new Request('http://upload.example.test', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') ?? '',
  };
}

describe('attachment rules', () => {
  it('keeps only the base name, without control characters', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\fern\\receipt.pdf')).toBe('receipt.pdf');
    expect(cleanFileName('bad\u0000name\n.txt')).toBe('badname.txt');
    expect(cleanFileName('..')).toBe('attachment');
    expect(cleanFileName(undefined)).toBe('attachment');
  });

  it('refuses programs by extension or declared type, and says what to do instead', () => {
    expect(refusalFor('setup.EXE', 'application/octet-stream')).toMatch(/zip it or share a link/);
    expect(refusalFor('notes', 'application/x-msdownload')).toBeDefined();
    expect(refusalFor('receipt.pdf', 'application/pdf')).toBeUndefined();
  });

  it('recognises images by their bytes, not their names', () => {
    expect(inlineImageType(png)).toBe('image/png');
    expect(inlineImageType(Buffer.from('<html><script>alert(1)</script>'))).toBeUndefined();
  });

  it('puts names with any characters safely into Content-Disposition', () => {
    expect(contentDisposition('attachment', 'Fäktura "2026".pdf')).toBe(
      `attachment; filename="F_ktura _2026_.pdf"; filename*=UTF-8''F%C3%A4ktura%20%222026%22.pdf`,
    );
  });
});

eachEngine('attachments', (context) => {
  const clock = fixedClock('2026-06-01T09:00:00.000Z');
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp(context, { clock });
  });
  afterAll(async () => {
    await app.close();
  });

  async function deskWithConversation() {
    const desk = await buildDesk(context.db);
    const agent = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id });
    const headers = await buildSessionHeaders(context.db, agent);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers,
      payload: {
        inboxId: desk.inbox.id,
        customer: { identity: { kind: 'email', value: 'fern@example.test' }, name: 'Fern Fictional' },
        message: { body: 'My parcel arrived broken, photo attached.' },
      },
    });
    expect(created.statusCode).toBe(201);
    return { desk, agent, headers, conversationId: created.json().conversation.id as string };
  }

  async function upload(headers: Record<string, string>, file: { name: string; type: string; bytes: Buffer }) {
    const body = await multipart(file);
    return app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { ...headers, 'content-type': body.contentType },
      payload: body.payload,
    });
  }

  it('uploads a file, sends it with a reply and serves the same bytes to a teammate', async () => {
    const { desk, headers, conversationId } = await deskWithConversation();
    const uploaded = await upload(headers, { name: 'label.png', type: 'image/png', bytes: png });
    expect(uploaded.statusCode).toBe(201);
    const attachment = uploaded.json().attachment;
    expect(attachment).toMatchObject({ name: 'label.png', contentType: 'image/png', size: png.length, inline: true });

    const sent = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers,
      payload: { direction: 'outbound', body: 'Here is the return label.', attachmentIds: [attachment.id] },
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json().message.attachments).toEqual([attachment]);
    const timeline = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers,
    });
    expect(timeline.json().messages.at(-1).attachments).toEqual([attachment]);

    const teammate = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id });
    const download = await app.inject({
      method: 'GET',
      url: attachment.url,
      headers: await buildSessionHeaders(context.db, teammate),
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(png)).toBe(true);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toMatch(/^inline; filename="label.png"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toContain('sandbox');

    // Sending the same upload again is refused: it belongs to the first message.
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers,
      payload: { direction: 'outbound', body: 'Once more', attachmentIds: [attachment.id] },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('attachment.unavailable');
  });

  it('serves a page pretending to be an image as a download that cannot run', async () => {
    const { headers } = await deskWithConversation();
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const disguised = (await upload(headers, { name: 'cat.png', type: 'image/png', bytes: html })).json().attachment;
    expect(disguised).toMatchObject({ contentType: 'application/octet-stream', inline: false });
    const page = (await upload(headers, { name: 'page.html', type: 'text/html', bytes: html })).json().attachment;
    const download = await app.inject({ method: 'GET', url: page.url, headers });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });

  it('refuses programs, oversized and empty files, and malformed uploads with a message to act on', async () => {
    const { headers } = await deskWithConversation();
    const before = await context.db.selectFrom('attachments').select('id').execute();

    const program = await upload(headers, { name: 'invoice.exe', type: 'application/octet-stream', bytes: png });
    expect(program.statusCode).toBe(400);
    expect(program.json().error.message).toMatch(/Program files \(\.exe\) can't be attached/);

    const big = await upload(headers, {
      name: 'video.mp4',
      type: 'video/mp4',
      bytes: Buffer.alloc(2 * 1024 * 1024 + 10, 1),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'attachment.too_large' });
    expect(big.json().error.message).toMatch(/larger than 2 MB/);

    const empty = await upload(headers, { name: 'empty.txt', type: 'text/plain', bytes: Buffer.alloc(0) });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('attachment.empty');

    const json = await app.inject({ method: 'POST', url: '/api/v1/attachments', headers, payload: { file: 'x' } });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.message).toMatch(/multipart\/form-data/);

    const wrongField = await multipart({ name: 'a.txt', type: 'text/plain', bytes: Buffer.from('hi') }, 'other');
    const noFile = await app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { ...headers, 'content-type': wrongField.contentType },
      payload: wrongField.payload,
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.message).toBe('Add the file in a field named "file".');

    // Nothing of the refused uploads is kept: no row, no half-written bytes.
    const after = await context.db.selectFrom('attachments').select('id').execute();
    expect(after.length).toBe(before.length);
    expect(await readdir(path.join(app.machinery.blobsRoot, '.incoming'))).toEqual([]);
  });

  it("keeps an unsent upload private to its uploader and never sends another person's file", async () => {
    const { desk, headers, conversationId } = await deskWithConversation();
    const mine = (await upload(headers, { name: 'draft.txt', type: 'text/plain', bytes: Buffer.from('draft') })).json()
      .attachment;
    const teammate = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id });
    const teammateHeaders = await buildSessionHeaders(context.db, teammate);
    expect((await app.inject({ method: 'GET', url: mine.url, headers: teammateHeaders })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: mine.url, headers })).statusCode).toBe(200);

    await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/claim`,
      headers: teammateHeaders,
    });
    const messagesBefore = await context.db.selectFrom('messages').select('id').execute();
    const stolen = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers: teammateHeaders,
      payload: { direction: 'note', body: 'Sending their file', attachmentIds: [mine.id] },
    });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error.code).toBe('attachment.unavailable');
    // The refused message was not stored either.
    expect((await context.db.selectFrom('messages').select('id').execute()).length).toBe(messagesBefore.length);
  });

  it('lets an advocate open files only in the cases they can see', async () => {
    const { desk, headers, conversationId } = await deskWithConversation();
    const file = (await upload(headers, { name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('notes') })).json()
      .attachment;
    await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers,
      payload: { direction: 'note', body: '', attachmentIds: [file.id] },
    });
    const advocate = await buildUser(context.db, { accountId: desk.account.id, role: 'advocate' });
    const response = await app.inject({
      method: 'GET',
      url: file.url,
      headers: await buildSessionHeaders(context.db, advocate),
    });
    expect(response.statusCode).toBe(404);
  });

  it('asks for words or a file: an empty message without attachments is refused', async () => {
    const { headers, conversationId } = await deskWithConversation();
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers,
      payload: { direction: 'outbound', body: '   ' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/write something or attach a file/);
  });

  it('discards uploads never sent after a day, and keeps the sent ones', async () => {
    const { headers, conversationId } = await deskWithConversation();
    const unsent = (await upload(headers, { name: 'a.txt', type: 'text/plain', bytes: Buffer.from('a') })).json()
      .attachment;
    const sent = (await upload(headers, { name: 'b.txt', type: 'text/plain', bytes: Buffer.from('b') })).json()
      .attachment;
    await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers,
      payload: { direction: 'outbound', body: 'File attached', attachmentIds: [sent.id] },
    });
    await app.machinery.jobs.drain();
    expect((await app.inject({ method: 'GET', url: unsent.url, headers })).statusCode).toBe(200);

    clock.advance(UNSENT_UPLOAD_LIFETIME_MS + 1000);
    await app.machinery.jobs.drain();
    await app.machinery.jobs.drain();
    expect((await app.inject({ method: 'GET', url: unsent.url, headers })).statusCode).toBe(404);
    const kept = await app.inject({ method: 'GET', url: sent.url, headers });
    expect(kept.statusCode).toBe(200);
    expect(kept.body).toBe('b');
  });
});
