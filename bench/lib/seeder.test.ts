import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { insertMessage } from '../../apps/server/src/modules/conversations/conversations.repository.ts';
import { searchDesk } from '../../apps/server/src/modules/search/search.service.ts';
import { eachEngine } from '../../apps/server/test/kit/each-engine.ts';
import { seedBench } from './seeder.ts';

const text = {
  inbound: ['My parcel never arrived, where is it?', 'The invoice charged me twice for one order'],
  outbound: ['Sorry about that, I have checked with the courier', 'I have refunded the second charge'],
  source: 'test',
};

eachEngine('bench seeder', (context) => {
  it('leaves search indexing as the migrations made it: seeded rows found, new rows indexed as they arrive', async () => {
    const summary = await seedBench(context.storage, { conversations: 120, text, log: () => {} });
    expect(summary.conversations).toBe(120);

    const admin = await context.db
      .selectFrom('users')
      .innerJoin('accounts', 'accounts.account_id', 'users.account_id')
      .select(['users.id', 'users.account_id'])
      .where('users.role', '=', 'admin')
      .where('accounts.name', '=', 'Bench Co')
      .executeTakeFirstOrThrow();
    const caller = { accountId: admin.account_id, userId: admin.id, role: 'admin' as const, via: 'session' as const };
    const deps = { db: context.db };

    // Seeded message text and subjects are found through the indexes built after the load.
    const seeded = await searchDesk(deps, caller, { q: 'courier', limit: 5 });
    expect(seeded.conversations.length).toBeGreaterThan(0);
    const customers = await searchDesk(deps, caller, { q: 'example', limit: 5 });
    expect(customers.customers.length).toBeGreaterThan(0);

    // Per-row indexing is back: a message written by the app afterwards is found at once.
    const conversation = seeded.conversations[0];
    if (!conversation) throw new Error('no conversation found');
    await insertMessage(context.db, {
      id: '01972a6d-0000-7000-8000-00000000f00d',
      account_id: caller.accountId,
      conversation_id: conversation.id,
      direction: 'note',
      author_type: 'user',
      author_user_id: caller.userId,
      author_customer_id: null,
      channel: conversation.channel,
      body: 'Zanzibarite widget escalation',
      external_id: null,
      attachments: [],
      created_at: new Date().toISOString(),
    });
    const fresh = await searchDesk(deps, caller, { q: 'zanzibarite', limit: 5 });
    expect(fresh.conversations.map((found) => found.id)).toEqual([conversation.id]);

    if (context.engine === 'sqlite') {
      const { rows } = await sql<{ name: string }>`
        select name from sqlite_master where type = 'trigger' and name like '%fts_after_insert'`.execute(context.db);
      expect(rows.map((row) => row.name).sort()).toEqual([
        'conversations_fts_after_insert',
        'customer_identities_fts_after_insert',
        'customers_fts_after_insert',
        'messages_fts_after_insert',
      ]);
    } else {
      const { rows } = await sql<{ name: string }>`
        select indexname as name from pg_indexes
        where schemaname = current_schema() and indexname like '%search'`.execute(context.db);
      expect(rows.map((row) => row.name).sort()).toEqual([
        'conversations_search',
        'customer_identities_search',
        'customers_search',
        'messages_search',
      ]);
    }
  });
});
