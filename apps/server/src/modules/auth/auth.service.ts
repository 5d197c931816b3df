import type { Me, Role } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import { addMs, type Clock } from '../../platform/clock.ts';
import { hashSecret, newId, newSecret } from '../../platform/ids.ts';
import { decoyPasswordHash, type PasswordHasher } from '../../platform/passwords.ts';
import type { Database } from '../../storage/database.ts';
import { findAccount } from '../accounts/accounts.repository.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import { findSignInCandidates, findUser, findUserRow, updateUserRow } from '../users/users.repository.ts';
import { authErrors } from './auth.errors.ts';
import {
  deleteSession,
  findApiTokenWithUser,
  findSessionWithUser,
  insertApiToken,
  insertSession,
  listApiTokens,
  markApiTokenUsed,
  revokeApiToken,
  touchSession,
} from './auth.repository.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
// Sliding expiry is written at most this often, so reading pages does not write on every request.
const TOUCH_EVERY_MS = 5 * 60 * 1000;
const API_TOKEN_PREFIX = 'rpt_';

/** Who is making a request, resolved from a session cookie or an API token. */
export interface Caller {
  accountId: string;
  userId: string;
  role: Role;
  /** 'channel': a channel bringing a customer's message in (the chat widget), acting for no person. */
  via: 'session' | 'api_token' | 'channel';
  sessionId?: string;
  csrfToken?: string;
}

export interface AuthDeps {
  db: Kysely<Database>;
  clock: Clock;
  passwords: PasswordHasher;
  sessionIdleDays: number;
}

export interface StartedSession {
  /** The cookie value; only its hash is stored. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
}

export async function startSession(
  deps: Pick<AuthDeps, 'db' | 'clock' | 'sessionIdleDays'>,
  input: { accountId: string; userId: string; ip?: string | null; userAgent?: string | null },
): Promise<StartedSession> {
  const now = deps.clock.now().toISOString();
  const sessionToken = newSecret();
  const csrfToken = newSecret();
  const expiresAt = addMs(now, deps.sessionIdleDays * DAY_MS);
  await insertSession(deps.db, {
    id: hashSecret(sessionToken),
    account_id: input.accountId,
    user_id: input.userId,
    csrf_token: csrfToken,
    ip: input.ip ?? null,
    user_agent: input.userAgent?.slice(0, 300) ?? null,
    created_at: now,
    last_seen_at: now,
    expires_at: expiresAt,
  });
  return { sessionToken, csrfToken, expiresAt };
}

/**
 * Checks an email and password and opens a session. Every failure gives the same answer and
 * takes about as long, so the endpoint does not reveal which emails have accounts.
 */
export async function signIn(
  deps: AuthDeps,
  input: {
    email: string;
    password: string;
    account?: string | undefined;
    ip?: string | null;
    userAgent?: string | null;
  },
): Promise<{ session: StartedSession; me: Me }> {
  const candidates = await findSignInCandidates(deps.db, { email: input.email, accountSlug: input.account });
  const active = candidates.filter((user) => user.deactivated_at === null && user.password_hash !== null);
  if (active.length === 0) {
    await deps.passwords.verify(await decoyPasswordHash(deps.passwords), input.password);
    throw authErrors.invalidCredentials();
  }
  const matching = [];
  for (const user of active) {
    if (await deps.passwords.verify(user.password_hash ?? '', input.password)) matching.push(user);
  }
  const now = deps.clock.now().toISOString();
  if (matching.length === 0) {
    for (const user of active) {
      await insertAuditEntry(deps.db, {
        accountId: user.account_id,
        actorUserId: user.id,
        action: 'auth.sign_in_failed',
        subjectType: 'user',
        subjectId: user.id,
        ip: input.ip ?? null,
        at: now,
      });
    }
    throw authErrors.invalidCredentials();
  }
  if (matching.length > 1) throw authErrors.accountRequired();
  const user = matching[0];
  if (!user) throw authErrors.invalidCredentials();
  const session = await deps.db.transaction().execute(async (trx) => {
    const started = await startSession(
      { ...deps, db: trx },
      {
        accountId: user.account_id,
        userId: user.id,
        ip: input.ip ?? null,
        userAgent: input.userAgent ?? null,
      },
    );
    await updateUserRow(trx, {
      accountId: user.account_id,
      userId: user.id,
      changes: { last_sign_in_at: now },
      at: now,
    });
    await insertAuditEntry(trx, {
      accountId: user.account_id,
      actorUserId: user.id,
      action: 'auth.signed_in',
      subjectType: 'user',
      subjectId: user.id,
      ip: input.ip ?? null,
      at: now,
    });
    return started;
  });
  const me = await getMe(deps, { accountId: user.account_id, userId: user.id, csrfToken: session.csrfToken });
  return { session, me };
}

export async function signOut(deps: Pick<AuthDeps, 'db'>, caller: Caller): Promise<void> {
  if (caller.sessionId) await deleteSession(deps.db, { accountId: caller.accountId, sessionId: caller.sessionId });
}

export type SessionCheck = { caller: Caller } | { problem: 'expired' | 'unknown' };

/** Resolves a session cookie, sliding its expiry forward when it is used. */
export async function checkSession(
  deps: Pick<AuthDeps, 'db' | 'clock' | 'sessionIdleDays'>,
  input: { sessionToken: string },
): Promise<SessionCheck> {
  const row = await findSessionWithUser(deps.db, { sessionId: hashSecret(input.sessionToken) });
  if (!row || row.deactivated_at !== null) return { problem: 'unknown' };
  const now = deps.clock.now();
  if (new Date(row.expires_at) <= now) {
    await deleteSession(deps.db, { accountId: row.account_id, sessionId: row.session_id });
    return { problem: 'expired' };
  }
  if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
    await touchSession(deps.db, {
      accountId: row.account_id,
      sessionId: row.session_id,
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + deps.sessionIdleDays * DAY_MS).toISOString(),
    });
  }
  return {
    caller: {
      accountId: row.account_id,
      userId: row.user_id,
      role: row.role,
      via: 'session',
      sessionId: row.session_id,
      csrfToken: row.csrf_token,
    },
  };
}

export async function checkApiToken(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  input: { token: string },
): Promise<Caller | undefined> {
  if (!input.token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const row = await findApiTokenWithUser(deps.db, { tokenHash: hashSecret(input.token) });
  if (!row || row.revoked_at !== null || row.deactivated_at !== null) return undefined;
  const now = deps.clock.now();
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > TOUCH_EVERY_MS) {
    await markApiTokenUsed(deps.db, { accountId: row.account_id, tokenId: row.token_id, at: now.toISOString() });
  }
  return { accountId: row.account_id, userId: row.user_id, role: row.role, via: 'api_token' };
}

export async function getMe(
  deps: Pick<AuthDeps, 'db'>,
  input: { accountId: string; userId: string; csrfToken: string | null },
): Promise<Me> {
  const [found, account] = await Promise.all([
    findUser(deps.db, { accountId: input.accountId, userId: input.userId }),
    findAccount(deps.db, { accountId: input.accountId }),
  ]);
  if (!found || !account) throw authErrors.unauthenticated();
  return { user: found.user, account: account.account, csrfToken: input.csrfToken };
}

/** Creates an API token for a user; the token is shown once and stored only as its hash. */
export async function createApiToken(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  input: { accountId: string; userId: string; name: string; actorUserId: string | null },
) {
  const user = await findUserRow(deps.db, { accountId: input.accountId, userId: input.userId });
  if (!user || user.deactivated_at !== null) throw authErrors.unauthenticated();
  const token = newSecret(API_TOKEN_PREFIX);
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const { apiToken } = await insertApiToken(trx, {
      id: newId(),
      account_id: input.accountId,
      user_id: input.userId,
      name: input.name,
      token_hash: hashSecret(token),
      token_prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    });
    await insertAuditEntry(trx, {
      accountId: input.accountId,
      actorUserId: input.actorUserId,
      action: 'api_token.created',
      subjectType: 'api_token',
      subjectId: apiToken.id,
      data: { name: input.name, userId: input.userId },
      at: now,
    });
    return { apiToken, token };
  });
}

export async function listMyApiTokens(deps: Pick<AuthDeps, 'db'>, caller: Caller) {
  return listApiTokens(deps.db, { accountId: caller.accountId, userId: caller.userId });
}

export async function revokeMyApiToken(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  caller: Caller,
  input: { tokenId: string },
) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const revoked = await revokeApiToken(trx, {
      accountId: caller.accountId,
      userId: caller.userId,
      tokenId: input.tokenId,
      at: now,
    });
    if (!revoked) throw authErrors.apiTokenNotFound();
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'api_token.revoked',
      subjectType: 'api_token',
      subjectId: input.tokenId,
      at: now,
    });
  });
}
