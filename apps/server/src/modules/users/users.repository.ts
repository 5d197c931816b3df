import type { Invitation, Role, User } from '@rapport/contracts';
import type { Executor } from '../../storage/database.ts';
import { toCount } from '../../storage/dialect.ts';
import type { InvitationRow, UserRow } from './users.tables.ts';

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    accountId: row.account_id,
    email: row.email,
    name: row.name,
    role: row.role,
    timeZone: row.time_zone,
    active: row.deactivated_at === null,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
    availability: row.availability,
    capacity: row.capacity,
  };
}

export function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertUser(
  db: Executor,
  input: {
    id: string;
    accountId: string;
    email: string;
    name: string;
    role: Role;
    passwordHash: string | null;
    at: string;
  },
): Promise<{ user: User }> {
  const row: UserRow = {
    id: input.id,
    account_id: input.accountId,
    email: input.email.toLowerCase(),
    name: input.name,
    role: input.role,
    password_hash: input.passwordHash,
    time_zone: null,
    deactivated_at: null,
    last_sign_in_at: null,
    created_at: input.at,
    updated_at: input.at,
    availability: 'offline',
    capacity: 8,
    last_assigned_at: null,
  };
  await db.insertInto('users').values(row).execute();
  return { user: toUser(row) };
}

export async function findUserRow(
  db: Executor,
  input: { accountId: string; userId: string },
): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.userId)
    .executeTakeFirst();
}

export async function findUser(
  db: Executor,
  input: { accountId: string; userId: string },
): Promise<{ user: User } | undefined> {
  const row = await findUserRow(db, input);
  return row ? { user: toUser(row) } : undefined;
}

export async function findUserByEmail(
  db: Executor,
  input: { accountId: string; email: string },
): Promise<{ user: User } | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase()))
    .executeTakeFirst();
  return row ? { user: toUser(row) } : undefined;
}

/**
 * Unscoped on purpose: at sign-in the caller has no account yet; the email (and, if it is
 * ambiguous, the account slug given with it) is what finds one.
 */
export async function findSignInCandidates(
  db: Executor,
  input: { email: string; accountSlug?: string | undefined },
): Promise<UserRow[]> {
  let query = db
    .selectFrom('users')
    .innerJoin('accounts', 'accounts.account_id', 'users.account_id')
    .selectAll('users')
    .where((eb) => eb(eb.fn('lower', ['users.email']), '=', input.email.toLowerCase()));
  if (input.accountSlug) query = query.where('accounts.slug', '=', input.accountSlug);
  return query.execute();
}

export async function listUsers(
  db: Executor,
  input: { accountId: string; includeInactive: boolean },
): Promise<{ users: User[] }> {
  let query = db
    .selectFrom('users')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .orderBy('name')
    .orderBy('id');
  if (!input.includeInactive) query = query.where('deactivated_at', 'is', null);
  const rows = await query.execute();
  return { users: rows.map(toUser) };
}

export async function updateUserRow(
  db: Executor,
  input: {
    accountId: string;
    userId: string;
    changes: Partial<
      Pick<
        UserRow,
        | 'name'
        | 'role'
        | 'time_zone'
        | 'deactivated_at'
        | 'last_sign_in_at'
        | 'password_hash'
        | 'availability'
        | 'capacity'
      >
    >;
    at: string;
  },
): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...input.changes, updated_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.userId)
    .execute();
}

export async function countActiveAdmins(db: Executor, input: { accountId: string }): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('account_id', '=', input.accountId)
    .where('role', '=', 'admin')
    .where('deactivated_at', 'is', null)
    .executeTakeFirstOrThrow();
  return toCount(row.count);
}

export async function insertInvitation(db: Executor, row: InvitationRow): Promise<{ invitation: Invitation }> {
  await db.insertInto('invitations').values(row).execute();
  return { invitation: toInvitation(row) };
}

/** Unscoped on purpose: the token is the only thing the invited person holds. */
export async function findInvitationByTokenHash(
  db: Executor,
  input: { tokenHash: string },
): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').selectAll().where('token_hash', '=', input.tokenHash).executeTakeFirst();
}

export async function findInvitation(
  db: Executor,
  input: { accountId: string; invitationId: string },
): Promise<InvitationRow | undefined> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.invitationId)
    .executeTakeFirst();
}

export async function listOpenInvitations(
  db: Executor,
  input: { accountId: string; now: string },
): Promise<{ invitations: Invitation[] }> {
  const rows = await db
    .selectFrom('invitations')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', input.now)
    .where('email', 'is not', null)
    .orderBy('created_at', 'desc')
    .execute();
  return { invitations: rows.map(toInvitation) };
}

/** Marks the invitation used only if nobody used it first; returns false when it lost that race. */
export async function markInvitationAccepted(
  db: Executor,
  input: { accountId: string; invitationId: string; userId: string; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ accepted_at: input.at, accepted_user_id: input.userId })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.invitationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeInvitations(
  db: Executor,
  input: { accountId: string; at: string; setupOnly?: boolean; invitationId?: string },
): Promise<void> {
  let query = db
    .updateTable('invitations')
    .set({ revoked_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null);
  if (input.setupOnly) query = query.where('email', 'is', null);
  if (input.invitationId) query = query.where('id', '=', input.invitationId);
  await query.execute();
}
