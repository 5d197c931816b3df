import { type Account, defaultBusinessHours, type Role, type User } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { PasswordHasher } from '../../platform/passwords.ts';
import type { Database } from '../../storage/database.ts';
import { writeJson } from '../../storage/dialect.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import { insertInbox } from '../inboxes/inboxes.repository.ts';
import { insertTeam } from '../teams/teams.repository.ts';
import { userErrors } from '../users/users.errors.ts';
import { countActiveAdmins, findUserByEmail, insertUser, revokeInvitations } from '../users/users.repository.ts';
import { createSetupLink } from '../users/users.service.ts';
import { findFirstAccount, insertAccount } from './accounts.repository.ts';

export interface AccountsDeps {
  db: Kysely<Database>;
  clock: Clock;
  passwords: PasswordHasher;
  publicUrl: string;
}

function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * The installation's account, created on first start with a "Support" team and inbox so a new
 * admin lands somewhere usable rather than in an empty shell.
 */
export async function ensureAccount(
  deps: Pick<AccountsDeps, 'db' | 'clock'>,
): Promise<{ account: Account; created: boolean }> {
  const existing = await findFirstAccount(deps.db);
  if (existing) return { ...existing, created: false };
  const now = deps.clock.now().toISOString();
  const accountId = newId();
  const timeZone = machineTimeZone();
  return deps.db.transaction().execute(async (trx) => {
    const { account } = await insertAccount(trx, { accountId, name: 'Rapport', slug: 'default', timeZone, at: now });
    const teamId = newId();
    await insertTeam(trx, {
      id: teamId,
      account_id: accountId,
      name: 'Support',
      description: 'The first team',
      created_at: now,
      updated_at: now,
    });
    await insertInbox(trx, {
      id: newId(),
      account_id: accountId,
      name: 'Support',
      team_id: teamId,
      time_zone: timeZone,
      business_hours: writeJson(defaultBusinessHours),
      created_at: now,
      updated_at: now,
    });
    await insertAuditEntry(trx, {
      accountId,
      actorUserId: null,
      action: 'account.created',
      subjectType: 'account',
      subjectId: accountId,
      at: now,
    });
    return { account, created: true };
  });
}

/** While an account has no active admin, start-up prints a fresh one-time setup link. */
export async function prepareFirstStart(
  deps: Pick<AccountsDeps, 'db' | 'clock' | 'publicUrl'>,
): Promise<{ account: Account; setupLink?: { link: string; expiresAt: string } }> {
  const { account } = await ensureAccount(deps);
  if ((await countActiveAdmins(deps.db, { accountId: account.id })) > 0) return { account };
  return { account, setupLink: await createSetupLink(deps, { accountId: account.id }) };
}

/** The non-interactive twin of the setup page, for `rapport admin create`. */
export async function createAdmin(
  deps: AccountsDeps,
  input: { email: string; name: string; password: string; role?: Role },
): Promise<{ account: Account; user: User }> {
  const { account } = await ensureAccount(deps);
  if (await findUserByEmail(deps.db, { accountId: account.id, email: input.email }))
    throw userErrors.emailTaken(input.email);
  const passwordHash = await deps.passwords.hash(input.password);
  const now = deps.clock.now().toISOString();
  const { user } = await deps.db.transaction().execute(async (trx) => {
    const created = await insertUser(trx, {
      id: newId(),
      accountId: account.id,
      email: input.email,
      name: input.name,
      role: input.role ?? 'admin',
      passwordHash,
      at: now,
    });
    await revokeInvitations(trx, { accountId: account.id, at: now, setupOnly: true });
    await insertAuditEntry(trx, {
      accountId: account.id,
      actorUserId: null,
      action: 'user.created_from_cli',
      subjectType: 'user',
      subjectId: created.user.id,
      data: { email: input.email, role: created.user.role },
      at: now,
    });
    return created;
  });
  return { account, user };
}
