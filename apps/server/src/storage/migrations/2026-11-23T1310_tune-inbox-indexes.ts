import type { Kysely } from 'kysely';

/**
 * Found with the bench at 1,000,000 conversations (bench/results/latest.md, EXPLAIN QUERY PLAN).
 *
 * Every inbox list is `where account_id = ? [and one filter] order by last_message_at desc, id desc
 * limit n`. Before this, only single-status lists had an index in that order: "all conversations"
 * and the tag filter sorted the whole account (0.5–0.9 s), the team view its team (50 ms). An index
 * led by (account_id, last_message_at) fixes those — and then tempts the planner into walking the
 * whole account newest-first for every other filter, which is fast when matches are dense and takes
 * 1–2 s when they are few (a new agent's "mine", an empty inbox, an advocate with no cases). So
 * each filter the inbox offers gets its own (account_id, filter, last_message_at, id) index: the
 * walk stays inside the filter and stops after one page. The existing (…, status, last_message_at)
 * indexes stay for the assignment counts, which read them without touching the table.
 *
 * Hydrating a page reads its tags `where account_id = ? and conversation_id in (…) order by tag`.
 * The (account_id, tag) index satisfies that ORDER BY, so SQLite scanned every tag of the account
 * (0.8 s) instead of looking up the page's conversations by primary key. Leading with the tag keeps
 * the index for "conversations with this tag" and takes it out of that race.
 *
 * These plans also need planner statistics on SQLite, which storage/connect.ts keeps up to date.
 */
// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const recent = (name: string, filter: string[]) =>
    db.schema
      .createIndex(name)
      .on('conversations')
      .columns(['account_id', ...filter, 'last_message_at', 'id'])
      .execute();
  await recent('conversations_recent', []);
  await recent('conversations_owner_recent', ['owner_user_id']);
  await recent('conversations_team_recent', ['owner_team_id']);
  await recent('conversations_inbox_recent', ['inbox_id']);
  // Supersedes (account_id, raised_by_user_id): same prefix, now also in list order.
  await db.schema.dropIndex('conversations_raised_by').execute();
  await recent('conversations_raised_by_recent', ['raised_by_user_id']);

  await db.schema.dropIndex('conversation_tags_tag').execute();
  await db.schema
    .createIndex('conversation_tags_by_tag')
    .on('conversation_tags')
    .columns(['tag', 'account_id', 'conversation_id'])
    .execute();
}
