import type { InvitationSummary, Me, Role, User } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import { addMs, type Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import { withEvents } from '../../platform/events/with-events.ts';
import { hashSecret, newId, newSecret } from '../../platform/ids.ts';
import type { PasswordHasher } from '../../platform/passwords.ts';
import type { Database } from '../../storage/database.ts';
import { findAccount } from '../accounts/accounts.repository.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import { deleteUserSessions, revokeUserApiTokens } from '../auth/auth.repository.ts';
import { type Caller, getMe, type StartedSession, startSession } from '../auth/auth.service.ts';
import { assignWaitingConversations, releaseOwnedConversations } from '../conversations/assignment.service.ts';
import { userErrors } from './users.errors.ts';
import {
  countActiveAdmins,
  findInvitation,
  findInvitationByTokenHash,
  findUserByEmail,
  findUserRow,
  insertInvitation,
  insertUser,
  listOpenInvitations,
  listUsers,
  markInvitationAccepted,
  revokeInvitations,
  toUser,
  updateUserRow,
} from './users.repository.ts';

const INVITATION_DAYS = 7;
const SETUP_LINK_HOURS = 24;

export interface UsersDeps {
  db: Kysely<Database>;
  events: Pick<EventBus, 'publish'>;
  clock: Clock;
  passwords: PasswordHasher;
  publicUrl: string;
  sessionIdleDays: number;
}

/** The browser reads the token from the fragment, which never reaches a server or its logs. */
export function invitationLink(publicUrl: string, token: string, isSetup: boolean): string {
  return `${publicUrl.replace(/\/$/, '')}/${isSetup ? 'setup' : 'invite'}#token=${token}`;
}

/** Invites a person by email; the link is shown to the admin to pass on. */
export async function inviteUser(
  deps: Pick<UsersDeps, 'db' | 'clock' | 'publicUrl'>,
  caller: Caller,
  input: { email: string; role: Role },
) {
  if (await findUserByEmail(deps.db, { accountId: caller.accountId, email: input.email })) {
    throw userErrors.emailTaken(input.email);
  }
  const now = deps.clock.now().toISOString();
  const token = newSecret();
  const { invitation } = await deps.db.transaction().execute(async (trx) => {
    const created = await insertInvitation(trx, {
      id: newId(),
      account_id: caller.accountId,
      token_hash: hashSecret(token),
      email: input.email.toLowerCase(),
      role: input.role,
      invited_by: caller.userId,
      created_at: now,
      expires_at: addMs(now, INVITATION_DAYS * 24 * 3600 * 1000),
      accepted_at: null,
      revoked_at: null,
      accepted_user_id: null,
    });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'user.invited',
      subjectType: 'invitation',
      subjectId: created.invitation.id,
      data: { email: input.email, role: input.role },
      at: now,
    });
    return created;
  });
  return { invitation, link: invitationLink(deps.publicUrl, token, false) };
}

/**
 * A fresh one-time link for the account's first admin. Older setup links stop working, so only
 * the newest one printed is live.
 */
export async function createSetupLink(
  deps: Pick<UsersDeps, 'db' | 'clock' | 'publicUrl'>,
  input: { accountId: string },
): Promise<{ link: string; expiresAt: string }> {
  const now = deps.clock.now().toISOString();
  const token = newSecret();
  const expiresAt = addMs(now, SETUP_LINK_HOURS * 3600 * 1000);
  await deps.db.transaction().execute(async (trx) => {
    await revokeInvitations(trx, { accountId: input.accountId, at: now, setupOnly: true });
    await insertInvitation(trx, {
      id: newId(),
      account_id: input.accountId,
      token_hash: hashSecret(token),
      email: null,
      role: 'admin',
      invited_by: null,
      created_at: now,
      expires_at: expiresAt,
      accepted_at: null,
      revoked_at: null,
      accepted_user_id: null,
    });
  });
  return { link: invitationLink(deps.publicUrl, token, true), expiresAt };
}

async function getUsableInvitation(deps: Pick<UsersDeps, 'db' | 'clock'>, token: string) {
  const invitation = await findInvitationByTokenHash(deps.db, { tokenHash: hashSecret(token) });
  if (!invitation || invitation.accepted_at !== null || invitation.revoked_at !== null)
    throw userErrors.invitationInvalid();
  if (new Date(invitation.expires_at) <= deps.clock.now()) throw userErrors.invitationExpired();
  return invitation;
}

export async function lookUpInvitation(
  deps: Pick<UsersDeps, 'db' | 'clock'>,
  input: { token: string },
): Promise<InvitationSummary> {
  const invitation = await getUsableInvitation(deps, input.token);
  const account = await findAccount(deps.db, { accountId: invitation.account_id });
  return {
    accountName: account?.account.name ?? '',
    role: invitation.role,
    email: invitation.email,
    isSetup: invitation.email === null,
    expiresAt: invitation.expires_at,
  };
}

/** Turns an invitation (or the setup link) into a user with a password, and signs them in. */
export async function acceptInvitation(
  deps: UsersDeps,
  input: {
    token: string;
    name: string;
    email?: string | undefined;
    password: string;
    ip?: string | null;
    userAgent?: string | null;
  },
): Promise<{ session: StartedSession; me: Me }> {
  const invitation = await getUsableInvitation(deps, input.token);
  const email = invitation.email ?? input.email;
  if (!email) throw userErrors.invitationEmailRequired();
  const accountId = invitation.account_id;
  if (await findUserByEmail(deps.db, { accountId, email })) throw userErrors.emailTaken(email);
  const passwordHash = await deps.passwords.hash(input.password);
  const now = deps.clock.now().toISOString();
  const userId = newId();
  const session = await deps.db.transaction().execute(async (trx) => {
    await insertUser(trx, {
      id: userId,
      accountId,
      email,
      name: input.name,
      role: invitation.role,
      passwordHash,
      at: now,
    });
    if (!(await markInvitationAccepted(trx, { accountId, invitationId: invitation.id, userId, at: now }))) {
      throw userErrors.invitationInvalid();
    }
    await insertAuditEntry(trx, {
      accountId,
      actorUserId: userId,
      action: invitation.email === null ? 'account.set_up' : 'user.joined',
      subjectType: 'user',
      subjectId: userId,
      data: { role: invitation.role, email },
      ip: input.ip ?? null,
      at: now,
    });
    return startSession(
      { ...deps, db: trx },
      { accountId, userId, ip: input.ip ?? null, userAgent: input.userAgent ?? null },
    );
  });
  const me = await getMe(deps, { accountId, userId, csrfToken: session.csrfToken });
  return { session, me };
}

export async function listAccountUsers(
  deps: Pick<UsersDeps, 'db'>,
  caller: Caller,
  input: { includeInactive: boolean },
) {
  return listUsers(deps.db, { accountId: caller.accountId, includeInactive: input.includeInactive });
}

export async function getUser(
  deps: Pick<UsersDeps, 'db'>,
  caller: Caller,
  input: { userId: string },
): Promise<{ user: User }> {
  const row = await findUserRow(deps.db, { accountId: caller.accountId, userId: input.userId });
  if (!row) throw userErrors.notFound();
  return { user: toUser(row) };
}

/** Changes a user's name, role or time zone; a role change is audited with before and after. */
export async function updateUser(
  deps: Pick<UsersDeps, 'db' | 'clock'>,
  caller: Caller,
  input: { userId: string; name?: string | undefined; role?: Role | undefined; timeZone?: string | null | undefined },
): Promise<{ user: User }> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const row = await findUserRow(trx, { accountId: caller.accountId, userId: input.userId });
    if (!row) throw userErrors.notFound();
    const roleChanges = input.role !== undefined && input.role !== row.role;
    if (roleChanges && row.role === 'admin' && row.deactivated_at === null) {
      if ((await countActiveAdmins(trx, { accountId: caller.accountId })) <= 1) throw userErrors.lastAdmin();
    }
    const changes = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
    };
    await updateUserRow(trx, { accountId: caller.accountId, userId: input.userId, changes, at: now });
    if (roleChanges) {
      await insertAuditEntry(trx, {
        accountId: caller.accountId,
        actorUserId: caller.userId,
        action: 'user.role_changed',
        subjectType: 'user',
        subjectId: input.userId,
        data: { from: row.role, to: input.role },
        at: now,
      });
    }
    if (input.name !== undefined || input.timeZone !== undefined) {
      await insertAuditEntry(trx, {
        accountId: caller.accountId,
        actorUserId: caller.userId,
        action: 'user.updated',
        subjectType: 'user',
        subjectId: input.userId,
        data: { name: input.name, timeZone: input.timeZone },
        at: now,
      });
    }
    const updated = await findUserRow(trx, { accountId: caller.accountId, userId: input.userId });
    if (!updated) throw userErrors.notFound();
    return { user: toUser(updated) };
  });
}

/** Deactivation signs the user out everywhere and revokes their API tokens; history keeps their name. */
export async function deactivateUser(
  deps: Pick<UsersDeps, 'db' | 'clock' | 'events'>,
  caller: Caller,
  input: { userId: string },
): Promise<{ user: User }> {
  if (input.userId === caller.userId) throw userErrors.cannotDeactivateSelf();
  const now = deps.clock.now().toISOString();
  const { user, teamIds } = await withEvents(deps, async (trx, record) => {
    const row = await findUserRow(trx, { accountId: caller.accountId, userId: input.userId });
    if (!row) throw userErrors.notFound();
    if (row.deactivated_at !== null) return { user: toUser(row), teamIds: [] as string[] };
    if (row.role === 'admin' && (await countActiveAdmins(trx, { accountId: caller.accountId })) <= 1) {
      throw userErrors.lastAdmin();
    }
    await updateUserRow(trx, {
      accountId: caller.accountId,
      userId: input.userId,
      changes: { deactivated_at: now, availability: 'offline' },
      at: now,
    });
    await deleteUserSessions(trx, { accountId: caller.accountId, userId: input.userId });
    await revokeUserApiTokens(trx, { accountId: caller.accountId, userId: input.userId, at: now });
    const released = await releaseOwnedConversations(trx, record, {
      accountId: caller.accountId,
      userId: input.userId,
      actorUserId: caller.userId,
      reason: `${row.name} was deactivated`,
      at: now,
    });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'user.deactivated',
      subjectType: 'user',
      subjectId: input.userId,
      data: { conversationsReleased: released.released },
      at: now,
    });
    return { user: toUser({ ...row, deactivated_at: now, availability: 'offline' }), teamIds: released.teamIds };
  });
  if (teamIds.length > 0) await assignWaitingConversations(deps, { accountId: caller.accountId, teamIds });
  return { user };
}

export async function reactivateUser(
  deps: Pick<UsersDeps, 'db' | 'clock'>,
  caller: Caller,
  input: { userId: string },
): Promise<{ user: User }> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const row = await findUserRow(trx, { accountId: caller.accountId, userId: input.userId });
    if (!row) throw userErrors.notFound();
    if (row.deactivated_at !== null) {
      await updateUserRow(trx, {
        accountId: caller.accountId,
        userId: input.userId,
        changes: { deactivated_at: null },
        at: now,
      });
      await insertAuditEntry(trx, {
        accountId: caller.accountId,
        actorUserId: caller.userId,
        action: 'user.reactivated',
        subjectType: 'user',
        subjectId: input.userId,
        at: now,
      });
    }
    return { user: toUser({ ...row, deactivated_at: null }) };
  });
}

export async function listInvitations(deps: Pick<UsersDeps, 'db' | 'clock'>, caller: Caller) {
  return listOpenInvitations(deps.db, { accountId: caller.accountId, now: deps.clock.now().toISOString() });
}

export async function revokeInvitation(
  deps: Pick<UsersDeps, 'db' | 'clock'>,
  caller: Caller,
  input: { invitationId: string },
) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const invitation = await findInvitation(trx, { accountId: caller.accountId, invitationId: input.invitationId });
    if (!invitation || invitation.email === null) throw userErrors.invitationNotFound();
    await revokeInvitations(trx, { accountId: caller.accountId, at: now, invitationId: input.invitationId });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'user.invitation_revoked',
      subjectType: 'invitation',
      subjectId: input.invitationId,
      data: { email: invitation.email },
      at: now,
    });
  });
}
