import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, captureLogs, type TestApp } from '../../../../test/kit/app.ts';
import { buildDesk, buildSessionHeaders } from '../../../../test/kit/build.ts';
import { eachEngine } from '../../../../test/kit/each-engine.ts';
import { startMailChannel } from '../../../../test/kit/mail.ts';
import { findChannel, type LoadedChannel } from '../channels.repository.ts';
import { loadMailCorpus } from './email.corpus.ts';
import { ingestEmail } from './email.service.ts';

eachEngine('robustness: real-world and malformed mail through ingestion', (context) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp(context);
  });
  afterAll(async () => {
    await app.close();
  });

  it('stores or refuses every message with a reason, and never crashes', { timeout: 240_000 }, async () => {
    const desk = await buildDesk(context.db);
    const headers = await buildSessionHeaders(context.db, desk.admin);
    const saved = await app.inject({
      method: 'PUT',
      url: `/api/v1/inboxes/${desk.inbox.id}/channels`,
      headers,
      payload: {
        kind: 'email',
        settings: { addresses: [`corpus-${desk.account.id.slice(-8)}@fictional-co.example.test`] },
      },
    });
    const channel = (await findChannel(context.db, {
      accountId: desk.account.id,
      channelId: saved.json().channel.id,
    })) as LoadedChannel<'email'>;
    const { logger } = captureLogs();
    const mail = await startMailChannel(context, app, { logger, senderLimitPerHour: 100_000 });
    const corpus = loadMailCorpus({ every: context.engine === 'sqlite' ? 12 : 30 });
    const counts = { stored: 0, duplicate: 0, bounce: 0, refused: 0 };
    const reasons = new Map<string, number>();
    for (const item of corpus) {
      const outcome = await ingestEmail(mail.ingestDeps, { raw: item.raw, recipients: [], route: { channel } });
      if (item.name === 'fixture/unusable-sender.eml')
        expect(outcome).toMatchObject({
          outcome: 'refused',
          code: 'no_sender',
          reason: expect.stringMatching(/mailbox/),
        });
      if (outcome.outcome === 'refused') {
        counts.refused += 1;
        expect(outcome.reason.length).toBeGreaterThan(0);
        reasons.set(outcome.code, (reasons.get(outcome.code) ?? 0) + 1);
      } else if (outcome.outcome === 'stored') counts[outcome.duplicate ? 'duplicate' : 'stored'] += 1;
      else counts.bounce += 1;
    }
    await mail.close();
    expect(counts.stored + counts.duplicate + counts.bounce + counts.refused).toBe(corpus.length);
    expect(counts.stored).toBeGreaterThan(corpus.length * 0.8);
    // The malformed fixtures: no sender is refused; the rest are stored as far as they can be read.
    expect(reasons.get('no_sender') ?? 0).toBeGreaterThanOrEqual(1);
    const nul = await context.db
      .selectFrom('email_messages')
      .select(['html'])
      .where('account_id', '=', desk.account.id)
      .where('from_address', '=', 'nul@customer.example.test')
      .executeTakeFirst();
    expect(nul?.html).not.toMatch(/<script|onerror/);
    console.info(`mail corpus [${context.engine}]: ${corpus.length} messages`, counts, Object.fromEntries(reasons));
  });
});
