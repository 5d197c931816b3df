import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { buildConversation, buildCustomer } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { type TextIndexedTable, textMatchQueries } from '../../storage/dialect.ts';
import { findConversationHits, findCustomerHits } from './search.repository.ts';
import { type ParsedSearch, parseSearchQuery } from './search.rules.ts';

const parsed = (text: string): ParsedSearch => {
  const query = parseSearchQuery(text);
  if (!query) throw new Error(`nothing to search in ${text}`);
  return query;
};

eachEngine('search indexes', (context) => {
  const conversationsFor = async (accountId: string, text: string) => {
    const hits = await findConversationHits(context.db, { accountId, query: parsed(text), subjects: 10, messages: 10 });
    return [
      ...new Set(
        [...hits.numbered, ...hits.subjects, ...hits.messages].map((hit) => (typeof hit === 'string' ? hit : hit.id)),
      ),
    ];
  };
  const customersFor = async (accountId: string, text: string) => {
    const hits = await findCustomerHits(context.db, { accountId, query: parsed(text), limit: 10 });
    return [...new Set([...hits.names, ...hits.identities].map((hit) => hit.id))];
  };

  it('follows a message whose text is changed or removed', async () => {
    const conversation = await buildConversation(context.db);
    const { accountId } = conversation;
    const message = await context.db
      .selectFrom('messages')
      .select('id')
      .where('account_id', '=', accountId)
      .where('conversation_id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    const rewrite = (body: string) =>
      context.db.updateTable('messages').set({ body }).where('id', '=', message.id).execute();
    await rewrite('Now about a harpsichord');
    expect(await conversationsFor(accountId, 'harpsichord')).toEqual([conversation.id]);
    await rewrite('Now about a clavichord');
    expect(await conversationsFor(accountId, 'clavichord')).toEqual([conversation.id]);
    expect(await conversationsFor(accountId, 'harpsichord')).toEqual([]);

    await context.db.deleteFrom('messages').where('id', '=', message.id).execute();
    expect(await conversationsFor(accountId, 'clavichord')).toEqual([]);
  });

  it('follows a customer’s new name and identities', async () => {
    const customer = await buildCustomer(context.db, { name: 'Uma Vance', email: 'uma@example.test' });
    const { accountId } = await context.db
      .selectFrom('customers')
      .select('account_id as accountId')
      .where('id', '=', customer.id)
      .executeTakeFirstOrThrow();
    await context.db.updateTable('customers').set({ name: 'Uma Whitlock' }).where('id', '=', customer.id).execute();
    expect(await customersFor(accountId, 'whitlock')).toEqual([customer.id]);
    expect(await customersFor(accountId, 'vance')).toEqual([]);

    await context.db
      .updateTable('customer_identities')
      .set({ value: 'uma.w@example.test' })
      .where('customer_id', '=', customer.id)
      .execute();
    expect(await customersFor(accountId, 'uma.w@')).toEqual([customer.id]);
    await context.db.deleteFrom('customer_identities').where('customer_id', '=', customer.id).execute();
    expect(await customersFor(accountId, 'example.test')).toEqual([]);
  });

  it('never fails on whatever a person types', async () => {
    const conversation = await buildConversation(context.db);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 60 }), async (text) => {
        const query = parseSearchQuery(text);
        if (!query) return;
        const { accountId } = conversation;
        await findConversationHits(context.db, { accountId, query, subjects: 5, messages: 5 });
        await findCustomerHits(context.db, { accountId, query, limit: 5 });
      }),
      { numRuns: 150 },
    );
  });

  it('answers from the full-text indexes, newest first without sorting the matches', async () => {
    const tables: TextIndexedTable[] = ['messages', 'conversations', 'customers', 'customer_identities'];
    for (const table of tables) {
      for (const text of ['parcel refu', 'th']) {
        const queries = textMatchQueries(context.db, {
          table,
          alias: 't',
          query: parsed(text),
          select: sql`t.id`,
          // On PostgreSQL, the match alone, to see that the GIN index can serve it.
          where: context.engine === 'sqlite' ? sql<boolean>`t.account_id = ${'a'}` : sql<boolean>`true`,
          limit: 10,
        });
        const label = `${table} ${text}`;
        if (context.engine === 'sqlite') {
          const { rows } = await sql<{ detail: string }>`explain query plan ${queries.newest}`.execute(context.db);
          const plan = rows.map((row) => row.detail).join('\n');
          expect(plan, label).toMatch(new RegExp(`SCAN ${table}_fts VIRTUAL TABLE INDEX`));
          expect(plan, label).not.toContain('TEMP B-TREE');
        } else {
          // The rare-word query goes through the GIN index (tiny test tables would be read whole,
          // so forbid that).
          const plan = await context.db.transaction().execute(async (trx) => {
            await sql`set local enable_seqscan = off`.execute(trx);
            const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${queries.all}`.execute(trx);
            return rows.map((row) => row['QUERY PLAN']).join('\n');
          });
          expect(plan, label).toContain(`Bitmap Index Scan on ${table}_search`);
        }
      }
    }
  });
});
