import type { ApiToken } from '@rapport/contracts';
import type { Executor } from '../../storage/database.ts';
import type { ApiTokenRow, SessionRow } from './auth.tables.ts';

export async function insertSession(db: Executor, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** Unscoped on purpose: the session cookie is what tells us the account. */
export async function findSessionWithUser(db: Executor, input: { sessionId: string }) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', (join) =>
      join.onRef('users.id', '=', 'sessions.user_id').onRef('users.account_id', '=', 'sessions.account_id'),
    )
    .select([
      'sessions.id as session_id',
      'sessions.account_id',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.role',
      'users.deactivated_at',
    ])
    .where('sessions.id', '=', input.sessionId)
    .executeTakeFirst();
}

export async function touchSession(
  db: Executor,
  input: { accountId: string; sessionId: string; lastSeenAt: string; expiresAt: string },
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: input.lastSeenAt, expires_at: input.expiresAt })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.sessionId)
    .execute();
}

export async function deleteSession(db: Executor, input: { accountId: string; sessionId: string }): Promise<void> {
  await db.deleteFrom('sessions').where('account_id', '=', input.accountId).where('id', '=', input.sessionId).execute();
}

export async function deleteUserSessions(db: Executor, input: { accountId: string; userId: string }): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('account_id', '=', input.accountId)
    .where('user_id', '=', input.userId)
    .execute();
}

function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

export async function insertApiToken(db: Executor, row: ApiTokenRow): Promise<{ apiToken: ApiToken }> {
  await db.insertInto('api_tokens').values(row).execute();
  return { apiToken: toApiToken(row) };
}

/** Unscoped on purpose: the bearer token is what tells us the account. */
export async function findApiTokenWithUser(db: Executor, input: { tokenHash: string }) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', (join) =>
      join.onRef('users.id', '=', 'api_tokens.user_id').onRef('users.account_id', '=', 'api_tokens.account_id'),
    )
    .select([
      'api_tokens.id as token_id',
      'api_tokens.account_id',
      'api_tokens.user_id',
      'api_tokens.revoked_at',
      'api_tokens.last_used_at',
      'users.role',
      'users.deactivated_at',
    ])
    .where('api_tokens.token_hash', '=', input.tokenHash)
    .executeTakeFirst();
}

export async function markApiTokenUsed(
  db: Executor,
  input: { accountId: string; tokenId: string; at: string },
): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.tokenId)
    .execute();
}

export async function listApiTokens(
  db: Executor,
  input: { accountId: string; userId: string },
): Promise<{ apiTokens: ApiToken[] }> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('user_id', '=', input.userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  return { apiTokens: rows.map(toApiToken) };
}

export async function revokeApiToken(
  db: Executor,
  input: { accountId: string; userId: string; tokenId: string; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('user_id', '=', input.userId)
    .where('id', '=', input.tokenId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeUserApiTokens(
  db: Executor,
  input: { accountId: string; userId: string; at: string },
): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('user_id', '=', input.userId)
    .where('revoked_at', 'is', null)
    .execute();
}
