import type { Kysely, Transaction } from 'kysely';
import type { AccountTable } from '../modules/accounts/accounts.tables.ts';
import type { AuditLogTable } from '../modules/audit/audit.tables.ts';
import type { ApiTokenTable, SessionTable } from '../modules/auth/auth.tables.ts';
import type { InboxTable } from '../modules/inboxes/inboxes.tables.ts';
import type { TeamMemberTable, TeamTable } from '../modules/teams/teams.tables.ts';
import type { InvitationTable, UserTable } from '../modules/users/users.tables.ts';
import type { EventTable } from '../platform/events/events.tables.ts';

/** The whole schema, composed from each module's tables file. */
export interface Database {
  accounts: AccountTable;
  users: UserTable;
  invitations: InvitationTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  inboxes: InboxTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  events: EventTable;
}

/** What repository functions run on: the database or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;
