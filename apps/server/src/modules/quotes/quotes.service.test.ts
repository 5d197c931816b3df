import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestMachinery } from '../../../test/kit/app.ts';
import { buildConversation } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { fixedClock } from '../../platform/clock.ts';
import { historyQuotes } from './quotes.service.ts';

eachEngine('quotes for other channels', (context) => {
  // Monday 2 March 2026, 10:00 in Paris: the test inboxes are open.
  const clock = fixedClock('2026-03-02T09:00:00.000Z');
  let machinery: ReturnType<typeof buildTestMachinery>;
  beforeAll(() => {
    machinery = buildTestMachinery(context, { clock });
  });
  afterAll(async () => {
    await machinery.bus.close();
  });

  it('stores the quote of an email acknowledgement on its conversation, once, and watches its lapse', async () => {
    const conversation = await buildConversation(context.db);
    const provider = historyQuotes({ db: context.db, clock, events: machinery.events, jobs: machinery.jobs });
    const input = {
      accountId: conversation.accountId,
      inboxId: conversation.inboxId,
      channel: 'email',
      at: clock.now(),
      conversationId: conversation.id,
    };
    const first = await provider.quoteFor(input);
    expect(first.sentence).toBe('A person will answer you by today at 11:00 (Europe/Paris time).');
    clock.advance(5 * 60_000);
    const again = await provider.quoteFor({ ...input, at: clock.now() });
    expect(again.sentence).toBe(first.sentence);
    const rows = await context.db
      .selectFrom('quotes')
      .select(['channel', 'due_at', 'lapse_at'])
      .where('conversation_id', '=', conversation.id)
      .execute();
    expect(rows).toEqual([
      { channel: 'email', due_at: '2026-03-02T10:00:00.000Z', lapse_at: '2026-03-02T09:48:00.000Z' },
    ]);
    // The lapse check runs at 80% of the quote and tells the customer in their channel.
    clock.set('2026-03-02T09:49:00.000Z');
    await machinery.jobs.drain();
    const update = await context.db
      .selectFrom('messages')
      .select(['body', 'channel', 'direction'])
      .where('conversation_id', '=', conversation.id)
      .where('author_type', '=', 'system')
      .execute();
    expect(update).toHaveLength(1);
    expect(update[0]).toMatchObject({ channel: 'email', direction: 'outbound' });
    expect(update[0]?.body).toMatch(/^An honest update: we said a person would reply by 11:00/);
  });
});
