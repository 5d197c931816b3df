import { randomBytes } from 'node:crypto';
import { type BusinessHours, defaultBusinessHours, type Role } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import { createMemoryQueue } from '../../src/jobs/memory-queue.ts';
import { insertAccount } from '../../src/modules/accounts/accounts.repository.ts';
import { startSession } from '../../src/modules/auth/auth.service.ts';
import { createConversation } from '../../src/modules/conversations/conversations.service.ts';
import { requestHandoff } from '../../src/modules/conversations/handoffs.service.ts';
import { createCustomer } from '../../src/modules/customers/customers.service.ts';
import { insertInbox } from '../../src/modules/inboxes/inboxes.repository.ts';
import { insertTeam, replaceTeamMembers } from '../../src/modules/teams/teams.repository.ts';
import { insertUser } from '../../src/modules/users/users.repository.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { createLocalEventBus } from '../../src/platform/events/event-bus.ts';
import { newId } from '../../src/platform/ids.ts';
import { createLogger } from '../../src/platform/logger.ts';
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

/** A user ready to take work: online, with the given capacity, in the given team. */
export async function buildAgent(
  db: Kysely<Database>,
  input: {
    accountId: string;
    teamId?: string;
    name?: string;
    capacity?: number;
    availability?: 'online' | 'away' | 'offline';
    role?: Role;
  },
) {
  const user = await buildUser(db, {
    accountId: input.accountId,
    role: input.role ?? 'agent',
    ...(input.name ? { name: input.name } : {}),
  });
  await db
    .updateTable('users')
    .set({ availability: input.availability ?? 'online', capacity: input.capacity ?? 8 })
    .where('id', '=', user.id)
    .execute();
  if (input.teamId) {
    await db
      .insertInto('team_members')
      .values({ account_id: input.accountId, team_id: input.teamId, user_id: user.id, is_lead: 0, created_at: now() })
      .execute();
  }
  return user;
}

/** An account with a team and an inbox served by it, and an admin. */
export async function buildDesk(db: Kysely<Database>) {
  const account = await buildAccount(db);
  const team = await buildTeam(db, { accountId: account.id, name: 'Support' });
  const inbox = await buildInbox(db, { accountId: account.id, teamId: team.id, name: 'Support' });
  const admin = await buildUser(db, { accountId: account.id, role: 'admin', name: 'Ada Admin' });
  return { account, team, inbox, admin };
}

function factoryDeps(db: Kysely<Database>) {
  const logger = createLogger('silent');
  return {
    db,
    clock: systemClock,
    events: createLocalEventBus(logger),
    jobs: createMemoryQueue({ clock: systemClock, logger }),
  };
}

function actingAs(user: { accountId: string; id: string; role: Role }) {
  return { accountId: user.accountId, userId: user.id, role: user.role, via: 'session' as const };
}

export async function buildCustomer(
  db: Kysely<Database>,
  overrides: { accountId?: string; email?: string; name?: string } = {},
) {
  const accountId = overrides.accountId ?? (await buildAccount(db)).id;
  const admin = await buildUser(db, { accountId, role: 'admin' });
  const { customer } = await createCustomer(factoryDeps(db), actingAs(admin), {
    name: overrides.name ?? 'Fictional Customer',
    identities: [{ kind: 'email', value: overrides.email ?? `customer-${unique()}@example.test` }],
  });
  return customer;
}

/** A conversation in a fresh desk of the account (or a new account), raised through the real service. */
export async function buildConversation(
  db: Kysely<Database>,
  overrides: {
    accountId?: string;
    owner?: { id: string } | null;
    raisedBy?: { accountId: string; id: string; role: Role };
  } = {},
) {
  const accountId = overrides.accountId ?? (await buildAccount(db)).id;
  const team = await buildTeam(db, { accountId });
  const inbox = await buildInbox(db, { accountId, teamId: team.id });
  const caller = overrides.raisedBy ?? (await buildUser(db, { accountId, role: 'admin' }));
  const { conversation } = await createConversation(factoryDeps(db), actingAs(caller), {
    inboxId: inbox.id,
    customer: { identity: { kind: 'email', value: `conversation-${unique()}@example.test` } },
    channel: 'email',
    message: { body: 'A question from a fictional customer' },
  });
  if (overrides.owner) {
    await db
      .updateTable('conversations')
      .set({ owner_user_id: overrides.owner.id, unowned_since: null })
      .where('id', '=', conversation.id)
      .execute();
  }
  return { ...conversation, accountId, teamId: team.id, inboxId: inbox.id };
}

/** A pending handoff of a conversation owned by a new agent, to another new agent. */
export async function buildHandoff(db: Kysely<Database>, overrides: { accountId?: string } = {}) {
  const accountId = overrides.accountId ?? (await buildAccount(db)).id;
  const from = await buildUser(db, { accountId, role: 'agent' });
  const to = await buildUser(db, { accountId, role: 'agent' });
  const conversation = await buildConversation(db, { accountId, owner: from });
  const { handoff } = await requestHandoff(factoryDeps(db), actingAs({ ...from, role: 'agent' }), {
    conversationId: conversation.id,
    toUserId: to.id,
    note: 'Context for the receiver',
  });
  return { handoff, from, to, conversation };
}
