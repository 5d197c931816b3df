import { type BusinessHours, defaultBusinessHours, type Inbox } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { Database, Executor } from '../../storage/database.ts';
import { writeJson } from '../../storage/dialect.ts';
import { findAccount } from '../accounts/accounts.repository.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { Caller } from '../auth/auth.service.ts';
import { findTeam } from '../teams/teams.repository.ts';
import { inboxErrors } from './inboxes.errors.ts';
import { findInbox, findInboxByName, insertInbox, listInboxes, updateInboxRow } from './inboxes.repository.ts';
import { findOverlappingDay, hasAnyOpening } from './inboxes.rules.ts';

export interface InboxesDeps {
  db: Kysely<Database>;
  clock: Clock;
}

interface InboxFields {
  name?: string | undefined;
  teamId?: string | null | undefined;
  timeZone?: string | undefined;
  businessHours?: BusinessHours | undefined;
  handoffMessageTemplate?: string | null | undefined;
}

async function checkFields(db: Executor, accountId: string, fields: InboxFields, currentName?: string): Promise<void> {
  if (fields.businessHours) {
    if (!hasAnyOpening(fields.businessHours)) throw inboxErrors.neverOpen();
    const overlap = findOverlappingDay(fields.businessHours);
    if (overlap) throw inboxErrors.overlappingHours(overlap);
  }
  if (fields.teamId && !(await findTeam(db, { accountId, teamId: fields.teamId }))) throw inboxErrors.teamNotFound();
  if (fields.name !== undefined && fields.name.toLowerCase() !== currentName?.toLowerCase()) {
    if (await findInboxByName(db, { accountId, name: fields.name })) throw inboxErrors.nameTaken(fields.name);
  }
}

export async function listAccountInboxes(deps: Pick<InboxesDeps, 'db'>, caller: Caller) {
  return listInboxes(deps.db, { accountId: caller.accountId });
}

export async function getInbox(
  deps: Pick<InboxesDeps, 'db'>,
  caller: Caller,
  input: { inboxId: string },
): Promise<{ inbox: Inbox }> {
  const found = await findInbox(deps.db, { accountId: caller.accountId, inboxId: input.inboxId });
  if (!found) throw inboxErrors.notFound();
  return found;
}

/** A new inbox opens in the account's time zone with weekday office hours unless told otherwise. */
export async function createInbox(
  deps: InboxesDeps,
  caller: Caller,
  input: InboxFields & { name: string },
): Promise<{ inbox: Inbox }> {
  const now = deps.clock.now().toISOString();
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    await checkFields(trx, caller.accountId, input);
    const account = await findAccount(trx, { accountId: caller.accountId });
    const businessHours = input.businessHours ?? defaultBusinessHours;
    const timeZone = input.timeZone ?? account?.account.timeZone ?? 'UTC';
    await insertInbox(trx, {
      id,
      account_id: caller.accountId,
      name: input.name,
      team_id: input.teamId ?? null,
      time_zone: timeZone,
      business_hours: writeJson(businessHours),
      handoff_message_template: input.handoffMessageTemplate ?? null,
      created_at: now,
      updated_at: now,
    });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'inbox.created',
      subjectType: 'inbox',
      subjectId: id,
      data: { name: input.name, teamId: input.teamId ?? null, timeZone, businessHours },
      at: now,
    });
  });
  return getInbox(deps, caller, { inboxId: id });
}

export async function updateInbox(
  deps: InboxesDeps,
  caller: Caller,
  input: InboxFields & { inboxId: string },
): Promise<{ inbox: Inbox }> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const { inbox } = await getInbox({ db: trx }, caller, input);
    await checkFields(trx, caller.accountId, input, inbox.name);
    const changes = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.teamId !== undefined ? { team_id: input.teamId } : {}),
      ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
      ...(input.businessHours !== undefined ? { business_hours: writeJson(input.businessHours) } : {}),
      ...(input.handoffMessageTemplate !== undefined ? { handoff_message_template: input.handoffMessageTemplate } : {}),
    };
    await updateInboxRow(trx, { accountId: caller.accountId, inboxId: input.inboxId, changes, at: now });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'inbox.updated',
      subjectType: 'inbox',
      subjectId: input.inboxId,
      data: {
        before: {
          name: inbox.name,
          teamId: inbox.teamId,
          timeZone: inbox.timeZone,
          businessHours: inbox.businessHours,
        },
        after: { name: input.name, teamId: input.teamId, timeZone: input.timeZone, businessHours: input.businessHours },
      },
      at: now,
    });
  });
  return getInbox(deps, caller, input);
}
