import { randomBytes } from 'node:crypto';
import { type BusinessHours, defaultBusinessHours, type Role } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import { insertAccount } from '../../src/modules/accounts/accounts.repository.ts';
import { startSession } from '../../src/modules/auth/auth.service.ts';
import { insertInbox } from '../../src/modules/inboxes/inboxes.repository.ts';
import { insertTeam, replaceTeamMembers } from '../../src/modules/teams/teams.repository.ts';
import { insertUser } from '../../src/modules/users/users.repository.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import { argon2Hasher } from '../../src/platform/passwords.ts';
import type { Database } from '../../src/storage/database.ts';
import { writeJson } from '../../src/storage/dialect.ts';

export const testPassword = 'correct horse battery staple';
let testPasswordHash: Promise<string> | undefined;
const now = () => new Date().toISOString();
const unique = () => randomBytes(4).toString('hex');

export async function buildAccount(
  db: Kysely<Database>,
  overrides: { name?: string; slug?: string; timeZone?: string } = {},
) {
  const suffix = unique();
  const { account } = await insertAccount(db, {
    accountId: newId(),
    name: overrides.name ?? `Fictional Co ${suffix}`,
    slug: overrides.slug ?? `fictional-${suffix}`,
    timeZone: overrides.timeZone ?? 'Europe/Paris',
    at: now(),
  });
  return account;
}

/** A user with the shared test password; creates an account when none is given. */
export async function buildUser(
  db: Kysely<Database>,
  overrides: { accountId?: string; role?: Role; email?: string; name?: string; deactivated?: boolean } = {},
) {
  const accountId = overrides.accountId ?? (await buildAccount(db)).id;
  testPasswordHash ??= argon2Hasher.hash(testPassword);
  const suffix = unique();
  const { user } = await insertUser(db, {
    id: newId(),
    accountId,
    email: overrides.email ?? `agent-${suffix}@example.test`,
    name: overrides.name ?? `Test Person ${suffix}`,
    role: overrides.role ?? 'agent',
    passwordHash: await testPasswordHash,
    at: now(),
  });
  if (overrides.deactivated) {
    await db.updateTable('users').set({ deactivated_at: now() }).where('id', '=', user.id).execute();
    return { ...user, active: false };
  }
  return user;
}

export async function buildTeam(
  db: Kysely<Database>,
  overrides: { accountId?: string; name?: string; memberIds?: string[] } = {},
) {
  const accountId = overrides.accountId ?? (await buildAccount(db)).id;
  const id = newId();
  await insertTeam(db, {
    id,
    account_id: accountId,
    name: overrides.name ?? `Team ${unique()}`,
    description: '',
    created_at: now(),
    updated_at: now(),
  });
  if (overrides.memberIds?.length) {
    await replaceTeamMembers(db, {
      accountId,
      teamId: id,
      members: overrides.memberIds.map((userId) => ({ userId, isLead: false })),
      at: now(),
    });
  }
  return { id, accountId };
}

export async function buildInbox(
  db: Kysely<Database>,
  overrides: {
    accountId?: string;
    name?: string;
    teamId?: string | null;
    timeZone?: string;
    businessHours?: BusinessHours;
  } = {},
) {
  const accountId = overrides.accountId ?? (await buildAccount(db)).id;
  const id = newId();
  await insertInbox(db, {
    id,
    account_id: accountId,
    name: overrides.name ?? `Inbox ${unique()}`,
    team_id: overrides.teamId ?? null,
    time_zone: overrides.timeZone ?? 'Europe/Paris',
    business_hours: writeJson(overrides.businessHours ?? defaultBusinessHours),
    created_at: now(),
    updated_at: now(),
  });
  return { id, accountId };
}

/** Headers that make a request as this user through a real session (cookie + CSRF header). */
export async function buildSessionHeaders(db: Kysely<Database>, user: { accountId: string; id: string }) {
  const session = await startSession(
    { db, clock: systemClock, sessionIdleDays: 14 },
    { accountId: user.accountId, userId: user.id },
  );
  return { cookie: `rapport_session=${session.sessionToken}`, 'x-csrf-token': session.csrfToken };
}
