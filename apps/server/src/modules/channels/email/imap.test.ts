import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/kit/app.ts';
import { buildDesk, buildSessionHeaders } from '../../../../test/kit/build.ts';
import { hasDovecot, startDovecot } from '../../../../test/kit/dovecot.ts';
import { eachEngine } from '../../../../test/kit/each-engine.ts';
import { freePort, startMailChannel } from '../../../../test/kit/mail.ts';
import { findChannel, type LoadedChannel } from '../channels.repository.ts';
import { pollMailbox } from './imap.service.ts';

// Says plainly why it skips without dovecot, and fails in CI.
hasDovecot();

const user = 'desk';
const password = 'imap-test-password';

function mail(n: number) {
  return [
    `From: Customer ${n} <customer${n}@customer.example.test>`,
    'To: desk@fictional-co.example.test',
    `Subject: Question number ${n}`,
    `Message-ID: <imap-${n}-${process.pid}@customer.example.test>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `This is question ${n}.`,
    '',
  ].join('\r\n');
}

eachEngine('IMAP polling against a real dovecot', (context) => {
  let dovecot: Awaited<ReturnType<typeof startDovecot>> | undefined;
  let port = 0;
  let app: TestApp;
  beforeAll(async () => {
    if (!hasDovecot()) return;
    port = await freePort();
    dovecot = await startDovecot({ port, user, password });
    app = await buildTestApp(context);
  });
  afterAll(async () => {
    await app?.close();
    await dovecot?.stop();
  });

  async function append(messages: string[]) {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    for (const raw of messages) await client.append('INBOX', raw);
    await client.logout();
  }

  async function seenCount() {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    const seen = (await client.search({ seen: true }, { uid: true })) || [];
    lock.release();
    await client.logout();
    return seen.length;
  }

  it.skipIf(!hasDovecot())(
    'imports each message exactly once, marks it seen, and resumes after a restart',
    async () => {
      const desk = await buildDesk(context.db);
      const headers = await buildSessionHeaders(context.db, desk.admin);
      const saved = await app.inject({
        method: 'PUT',
        url: `/api/v1/inboxes/${desk.inbox.id}/channels`,
        headers,
        payload: {
          kind: 'email',
          settings: {
            addresses: [`desk-${desk.account.id.slice(-8)}@fictional-co.example.test`],
            imap: { host: '127.0.0.1', port, secure: false, user, password, mailbox: 'INBOX' },
          },
        },
      });
      expect(saved.statusCode).toBe(200);
      expect(JSON.stringify(saved.json())).not.toContain(password);
      const channelId = saved.json().channel.id as string;
      const load = async () =>
        (await findChannel(context.db, { accountId: desk.account.id, channelId })) as LoadedChannel<'email'>;

      await append([mail(1), mail(2)]);
      const first = await startMailChannel(context, app);
      expect(await pollMailbox(first.ingestDeps, await load())).toMatchObject({ imported: 2, duplicates: 0 });
      expect(await pollMailbox(first.ingestDeps, await load())).toMatchObject({ imported: 0, duplicates: 0 });
      expect(await seenCount()).toBe(2);
      await first.close();

      // "Restart": new mail arrives while Rapport is down; a fresh channel picks up from the stored UID.
      await append([mail(3), mail(4), mail(5)]);
      const second = await startMailChannel(context, app);
      expect(await pollMailbox(second.ingestDeps, await load())).toMatchObject({ imported: 3, lastUid: 5 });

      // A crash after storing but before recording the UID re-reads those messages and stores none twice.
      await context.db
        .updateTable('imap_mailbox_state')
        .set({ last_uid: 3 })
        .where('channel_id', '=', channelId)
        .execute();
      expect(await pollMailbox(second.ingestDeps, await load())).toMatchObject({
        imported: 0,
        duplicates: 2,
        lastUid: 5,
      });
      await second.close();

      const stored = await context.db
        .selectFrom('messages')
        .select('body')
        .where('account_id', '=', desk.account.id)
        .where('direction', '=', 'inbound')
        .execute();
      expect(stored.map((m) => m.body).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `This is question ${n}.`));
      const conversations = await context.db
        .selectFrom('conversations')
        .select('subject')
        .where('account_id', '=', desk.account.id)
        .execute();
      expect(conversations).toHaveLength(5);
    },
  );
});
