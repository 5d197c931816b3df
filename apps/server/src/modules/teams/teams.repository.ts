import type { Team } from '@rapport/contracts';
import type { Executor } from '../../storage/database.ts';
import type { TeamRow } from './teams.tables.ts';

async function attachMembers(db: Executor, accountId: string, rows: TeamRow[]): Promise<Team[]> {
  if (rows.length === 0) return [];
  const members = await db
    .selectFrom('team_members')
    .innerJoin('users', (join) =>
      join.onRef('users.id', '=', 'team_members.user_id').onRef('users.account_id', '=', 'team_members.account_id'),
    )
    .select(['team_members.team_id', 'team_members.user_id', 'team_members.is_lead', 'users.name'])
    .where('team_members.account_id', '=', accountId)
    .where(
      'team_members.team_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('users.name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
    members: members
      .filter((member) => member.team_id === row.id)
      .map((member) => ({ userId: member.user_id, name: member.name, isLead: member.is_lead === 1 })),
  }));
}

export async function listTeams(db: Executor, input: { accountId: string }): Promise<{ teams: Team[] }> {
  const rows = await db
    .selectFrom('teams')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .orderBy('name')
    .execute();
  return { teams: await attachMembers(db, input.accountId, rows) };
}

export async function findTeam(
  db: Executor,
  input: { accountId: string; teamId: string },
): Promise<{ team: Team } | undefined> {
  const row = await db
    .selectFrom('teams')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.teamId)
    .executeTakeFirst();
  if (!row) return undefined;
  const [team] = await attachMembers(db, input.accountId, [row]);
  return team ? { team } : undefined;
}

export async function findTeamByName(
  db: Executor,
  input: { accountId: string; name: string },
): Promise<TeamRow | undefined> {
  return db
    .selectFrom('teams')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', input.name.toLowerCase()))
    .executeTakeFirst();
}

export async function insertTeam(db: Executor, row: TeamRow): Promise<void> {
  await db.insertInto('teams').values(row).execute();
}

export async function updateTeamRow(
  db: Executor,
  input: { accountId: string; teamId: string; changes: Partial<Pick<TeamRow, 'name' | 'description'>>; at: string },
): Promise<void> {
  await db
    .updateTable('teams')
    .set({ ...input.changes, updated_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.teamId)
    .execute();
}

export async function deleteTeamRow(db: Executor, input: { accountId: string; teamId: string }): Promise<void> {
  await db
    .deleteFrom('team_members')
    .where('account_id', '=', input.accountId)
    .where('team_id', '=', input.teamId)
    .execute();
  await db
    .updateTable('inboxes')
    .set({ team_id: null })
    .where('account_id', '=', input.accountId)
    .where('team_id', '=', input.teamId)
    .execute();
  await db.deleteFrom('teams').where('account_id', '=', input.accountId).where('id', '=', input.teamId).execute();
}

export async function replaceTeamMembers(
  db: Executor,
  input: { accountId: string; teamId: string; members: { userId: string; isLead: boolean }[]; at: string },
): Promise<void> {
  await db
    .deleteFrom('team_members')
    .where('account_id', '=', input.accountId)
    .where('team_id', '=', input.teamId)
    .execute();
  if (input.members.length === 0) return;
  await db
    .insertInto('team_members')
    .values(
      input.members.map((member) => ({
        account_id: input.accountId,
        team_id: input.teamId,
        user_id: member.userId,
        is_lead: member.isLead ? 1 : 0,
        created_at: input.at,
      })),
    )
    .execute();
}
