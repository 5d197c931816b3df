import type { SavedReply } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import { appError } from '../../platform/app-error.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { Database, Executor } from '../../storage/database.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { Caller } from '../auth/auth.service.ts';
import type { SavedReplyRow } from './saved-replies.tables.ts';

export interface SavedRepliesDeps {
  db: Kysely<Database>;
  clock: Clock;
}

const notFound = () =>
  appError('not_found', 'saved_reply.not_found', 'There is no saved reply with this id in your account.');

function toSavedReply(row: SavedReplyRow): SavedReply {
  return { id: row.id, title: row.title, body: row.body, createdAt: row.created_at, updatedAt: row.updated_at };
}

async function findRow(db: Executor, accountId: string, id: string) {
  return db
    .selectFrom('saved_replies')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listSavedReplies(
  deps: Pick<SavedRepliesDeps, 'db'>,
  caller: Caller,
): Promise<{ savedReplies: SavedReply[] }> {
  const rows = await deps.db
    .selectFrom('saved_replies')
    .selectAll()
    .where('account_id', '=', caller.accountId)
    .orderBy('title')
    .execute();
  return { savedReplies: rows.map(toSavedReply) };
}

export async function createSavedReply(deps: SavedRepliesDeps, caller: Caller, input: { title: string; body: string }) {
  const at = deps.clock.now().toISOString();
  const row: SavedReplyRow = {
    id: newId(),
    account_id: caller.accountId,
    title: input.title,
    body: input.body,
    created_by: caller.userId,
    created_at: at,
    updated_at: at,
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('saved_replies').values(row).execute();
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'saved_reply.created',
      subjectType: 'saved_reply',
      subjectId: row.id,
      data: { title: input.title },
      at,
    });
  });
  return { savedReply: toSavedReply(row) };
}

export async function updateSavedReply(
  deps: SavedRepliesDeps,
  caller: Caller,
  input: { id: string; title?: string | undefined; body?: string | undefined },
) {
  const at = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const row = await findRow(trx, caller.accountId, input.id);
    if (!row) throw notFound();
    const changes = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      updated_at: at,
    };
    await trx
      .updateTable('saved_replies')
      .set(changes)
      .where('account_id', '=', caller.accountId)
      .where('id', '=', input.id)
      .execute();
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'saved_reply.updated',
      subjectType: 'saved_reply',
      subjectId: row.id,
      data: { title: input.title ?? row.title },
      at,
    });
    return { savedReply: toSavedReply({ ...row, ...changes }) };
  });
}

export async function deleteSavedReply(deps: SavedRepliesDeps, caller: Caller, input: { id: string }) {
  const at = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const row = await findRow(trx, caller.accountId, input.id);
    if (!row) throw notFound();
    await trx
      .deleteFrom('saved_replies')
      .where('account_id', '=', caller.accountId)
      .where('id', '=', input.id)
      .execute();
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'saved_reply.deleted',
      subjectType: 'saved_reply',
      subjectId: row.id,
      data: { title: row.title },
      at,
    });
  });
}
