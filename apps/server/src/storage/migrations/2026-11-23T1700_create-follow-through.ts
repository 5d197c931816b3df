import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);

  // Promises made to customers. A renegotiation ends one commitment and opens its successor.
  await db.schema
    .createTable('commitments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('owner_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_by_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('due_at', timestamp, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('replaces_id', 'text', (c) => c.references('commitments.id'))
    .addColumn('renegotiation_message_id', 'text', (c) => c.references('messages.id'))
    .addColumn('closed_at', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('commitments_conversation')
    .on('commitments')
    .columns(['account_id', 'conversation_id'])
    .execute();
  await db.schema
    .createIndex('commitments_open_due')
    .on('commitments')
    .columns(['account_id', 'status', 'due_at'])
    .execute();
  await db.schema
    .createIndex('commitments_customer')
    .on('commitments')
    .columns(['account_id', 'customer_id'])
    .execute();
  // One row per reminder sent, so a reminder job that runs twice reminds once.
  await db.schema
    .createTable('commitment_reminders')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('commitment_id', 'text', (c) => c.notNull().references('commitments.id'))
    .addColumn('minutes_before', 'integer', (c) => c.notNull())
    .addColumn('sent_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('commitment_reminders_pk', ['commitment_id', 'minutes_before'])
    .execute();

  // Follow-up per inbox; an inbox without a row uses the defaults (3 days, survey with the check-in).
  await db.schema
    .createTable('inbox_follow_up')
    .addColumn('inbox_id', 'text', (c) => c.primaryKey().references('inboxes.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('check_in_days', 'integer', (c) => c.notNull())
    .addColumn('survey_timing', 'text', (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();

  // One check-in per resolution of a conversation.
  await db.schema
    .createTable('check_ins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('resolved_at', timestamp, (c) => c.notNull())
    .addColumn('due_at', timestamp, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('skipped_reason', 'text')
    .addColumn('message_id', 'text', (c) => c.references('messages.id'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('done_at', timestamp)
    .addUniqueConstraint('check_ins_resolution', ['conversation_id', 'resolved_at'])
    .execute();

  await db.schema
    .createTable('surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    // The resolution it asks about: one survey per resolution.
    .addColumn('resolved_at', timestamp, (c) => c.notNull())
    .addColumn('sent_with', 'text', (c) => c.notNull())
    .addColumn('csat', 'integer')
    .addColumn('effort', 'integer')
    .addColumn('comment', 'text')
    .addColumn('first_answered_at', timestamp)
    .addColumn('answered_at', timestamp)
    .addColumn('expires_at', timestamp, (c) => c.notNull())
    .addColumn('expired_at', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addUniqueConstraint('surveys_resolution', ['conversation_id', 'resolved_at'])
    .execute();
  await db.schema.createIndex('surveys_customer').on('surveys').columns(['account_id', 'customer_id']).execute();

  await db.schema
    .createTable('recovery_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('survey_id', 'text', (c) => c.notNull().unique().references('surveys.id'))
    .addColumn('assignee_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolution_note', 'text')
    .addColumn('closed_by_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('closed_at', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('recovery_tasks_status')
    .on('recovery_tasks')
    .columns(['account_id', 'status', 'assignee_user_id'])
    .execute();

  // A secret the server keeps for itself when none is configured (survey links are signed with it).
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('authority_limits')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('max_amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('authority_limits_pk', ['account_id', 'role', 'type', 'currency'])
    .execute();

  await db.schema
    .createTable('goodwill_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    // Lower-cased, single-spaced policy text: what the report groups by.
    .addColumn('policy_key', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('decided_by_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('decision_note', 'text')
    .addColumn('decided_at', timestamp)
    .addColumn('delivered_at', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('goodwill_exceptions_conversation')
    .on('goodwill_exceptions')
    .columns(['account_id', 'conversation_id'])
    .execute();
  await db.schema
    .createIndex('goodwill_exceptions_status')
    .on('goodwill_exceptions')
    .columns(['account_id', 'status'])
    .execute();
  await db.schema
    .createIndex('goodwill_exceptions_customer')
    .on('goodwill_exceptions')
    .columns(['account_id', 'customer_id'])
    .execute();
}
