import type { AuditEntry } from '@rapport/contracts';
import { newId } from '../../platform/ids.ts';
import type { Executor } from '../../storage/database.ts';
import { readJson, writeJson } from '../../storage/dialect.ts';

export interface AuditRecord {
  accountId: string;
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  data?: Record<string, unknown>;
  ip?: string | null;
  at: string;
}

/** Writes one audit row; callers pass their transaction so the row commits with the change. */
export async function insertAuditEntry(db: Executor, record: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      account_id: record.accountId,
      actor_user_id: record.actorUserId,
      action: record.action,
      subject_type: record.subjectType,
      subject_id: record.subjectId,
      data: writeJson(record.data ?? {}),
      ip: record.ip ?? null,
      created_at: record.at,
    })
    .execute();
}

/** Newest first, keyset-paged on the time-ordered id. */
export async function listAuditEntries(
  db: Executor,
  input: { accountId: string; before?: string | undefined; limit: number; action?: string | undefined },
): Promise<{ entries: AuditEntry[]; nextBefore: string | null }> {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('users', (join) =>
      join.onRef('users.id', '=', 'audit_log.actor_user_id').onRef('users.account_id', '=', 'audit_log.account_id'),
    )
    .select([
      'audit_log.id',
      'audit_log.actor_user_id',
      'users.name as actor_name',
      'audit_log.action',
      'audit_log.subject_type',
      'audit_log.subject_id',
      'audit_log.data',
      'audit_log.ip',
      'audit_log.created_at',
    ])
    .where('audit_log.account_id', '=', input.accountId)
    .orderBy('audit_log.id', 'desc')
    .limit(input.limit + 1);
  if (input.before) query = query.where('audit_log.id', '<', input.before);
  if (input.action) query = query.where('audit_log.action', '=', input.action);
  const rows = await query.execute();
  const page = rows.slice(0, input.limit);
  return {
    entries: page.map((row) => ({
      id: row.id,
      actor: row.actor_user_id ? { id: row.actor_user_id, name: row.actor_name ?? 'Former user' } : null,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      data: readJson<Record<string, unknown>>(row.data, {}),
      ip: row.ip,
      createdAt: row.created_at,
    })),
    nextBefore: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
