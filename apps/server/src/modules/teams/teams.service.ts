import type { Team } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { Database } from '../../storage/database.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { Caller } from '../auth/auth.service.ts';
import { teamErrors } from './teams.errors.ts';
import {
  deleteTeamRow,
  findTeam,
  findTeamByName,
  insertTeam,
  listTeams,
  replaceTeamMembers,
  updateTeamRow,
} from './teams.repository.ts';

export interface TeamsDeps {
  db: Kysely<Database>;
  clock: Clock;
}

export async function listAccountTeams(deps: Pick<TeamsDeps, 'db'>, caller: Caller) {
  return listTeams(deps.db, { accountId: caller.accountId });
}

export async function getTeam(
  deps: Pick<TeamsDeps, 'db'>,
  caller: Caller,
  input: { teamId: string },
): Promise<{ team: Team }> {
  const found = await findTeam(deps.db, { accountId: caller.accountId, teamId: input.teamId });
  if (!found) throw teamErrors.notFound();
  return found;
}

export async function createTeam(
  deps: TeamsDeps,
  caller: Caller,
  input: { name: string; description: string },
): Promise<{ team: Team }> {
  const now = deps.clock.now().toISOString();
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    if (await findTeamByName(trx, { accountId: caller.accountId, name: input.name }))
      throw teamErrors.nameTaken(input.name);
    await insertTeam(trx, {
      id,
      account_id: caller.accountId,
      name: input.name,
      description: input.description,
      created_at: now,
      updated_at: now,
    });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'team.created',
      subjectType: 'team',
      subjectId: id,
      data: { name: input.name },
      at: now,
    });
  });
  return getTeam(deps, caller, { teamId: id });
}

export async function updateTeam(
  deps: TeamsDeps,
  caller: Caller,
  input: { teamId: string; name?: string | undefined; description?: string | undefined },
): Promise<{ team: Team }> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const { team } = await getTeam({ db: trx }, caller, input);
    if (input.name !== undefined && input.name.toLowerCase() !== team.name.toLowerCase()) {
      if (await findTeamByName(trx, { accountId: caller.accountId, name: input.name }))
        throw teamErrors.nameTaken(input.name);
    }
    const changes = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    };
    await updateTeamRow(trx, { accountId: caller.accountId, teamId: input.teamId, changes, at: now });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'team.updated',
      subjectType: 'team',
      subjectId: input.teamId,
      data: { before: { name: team.name, description: team.description }, after: changes },
      at: now,
    });
  });
  return getTeam(deps, caller, input);
}

export async function deleteTeam(deps: TeamsDeps, caller: Caller, input: { teamId: string }): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const { team } = await getTeam({ db: trx }, caller, input);
    // Conversations keep the team they were owned by in their history, so such a team stays.
    const used = await trx
      .selectFrom('conversations')
      .select('id')
      .where('account_id', '=', caller.accountId)
      .where('owner_team_id', '=', input.teamId)
      .executeTakeFirst();
    if (used) throw teamErrors.hasConversations(team.name);
    await deleteTeamRow(trx, { accountId: caller.accountId, teamId: input.teamId });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'team.deleted',
      subjectType: 'team',
      subjectId: input.teamId,
      data: { name: team.name },
      at: now,
    });
  });
}

/** Replaces the whole member list; members must be active users of the same account. */
export async function setTeamMembers(
  deps: TeamsDeps,
  caller: Caller,
  input: { teamId: string; members: { userId: string; isLead: boolean }[] },
): Promise<{ team: Team }> {
  const now = deps.clock.now().toISOString();
  const unique = [...new Map(input.members.map((member) => [member.userId, member])).values()];
  await deps.db.transaction().execute(async (trx) => {
    const { team } = await getTeam({ db: trx }, caller, input);
    const ids = unique.map((member) => member.userId);
    const known =
      ids.length === 0
        ? []
        : await trx
            .selectFrom('users')
            .select('id')
            .where('account_id', '=', caller.accountId)
            .where('deactivated_at', 'is', null)
            .where('id', 'in', ids)
            .execute();
    const unknown = ids.filter((id) => !known.some((row) => row.id === id));
    if (unknown.length > 0) throw teamErrors.unknownMembers(unknown);
    await replaceTeamMembers(trx, { accountId: caller.accountId, teamId: input.teamId, members: unique, at: now });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'team.members_changed',
      subjectType: 'team',
      subjectId: input.teamId,
      data: { before: team.members.map((m) => m.userId), after: ids },
      at: now,
    });
  });
  return getTeam(deps, caller, input);
}
