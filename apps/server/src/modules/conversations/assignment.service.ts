import type { Availability, OwnershipChangeKind } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import { appError } from '../../platform/app-error.ts';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import { type RecordEvent, withEvents } from '../../platform/events/with-events.ts';
import { newId } from '../../platform/ids.ts';
import type { Database, Executor } from '../../storage/database.ts';
import { forUpdate, toCount } from '../../storage/dialect.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import { carryOpenCommitments } from '../commitments/commitments.repository.ts';
import { conversationErrors } from './conversations.errors.ts';
import { insertOwnershipEvent, updateConversationIfVersion } from './conversations.repository.ts';
import { type AssignmentCandidate, activeStatuses, pickAssignee, unownedMsAt } from './conversations.rules.ts';
import type { ConversationRow } from './conversations.tables.ts';

export interface AssignmentDeps {
  db: Kysely<Database>;
  clock: Clock;
  events: Pick<EventBus, 'publish'>;
}

async function openCounts(db: Executor, accountId: string, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('conversations')
    .select(['owner_user_id', (eb) => eb.fn.countAll().as('open')])
    .where('account_id', '=', accountId)
    .where('owner_user_id', 'in', userIds)
    .where('status', 'in', activeStatuses)
    .groupBy('owner_user_id')
    .execute();
  return new Map(rows.map((row) => [row.owner_user_id ?? '', toCount(row.open)]));
}

/** Online, active agents and admins of a team, with their current load. */
export async function listTeamCandidates(
  db: Executor,
  input: { accountId: string; teamId: string },
): Promise<AssignmentCandidate[]> {
  const members = await db
    .selectFrom('team_members')
    .innerJoin('users', (join) =>
      join.onRef('users.id', '=', 'team_members.user_id').onRef('users.account_id', '=', 'team_members.account_id'),
    )
    .select(['users.id', 'users.capacity', 'users.last_assigned_at'])
    .where('team_members.account_id', '=', input.accountId)
    .where('team_members.team_id', '=', input.teamId)
    .where('users.deactivated_at', 'is', null)
    .where('users.availability', '=', 'online')
    .where('users.role', 'in', ['agent', 'admin'])
    .execute();
  const counts = await openCounts(
    db,
    input.accountId,
    members.map((m) => m.id),
  );
  return members.map((m) => ({
    userId: m.id,
    capacity: Number(m.capacity),
    lastAssignedAt: m.last_assigned_at,
    openConversations: counts.get(m.id) ?? 0,
  }));
}

async function candidateForUser(
  db: Executor,
  input: { accountId: string; userId: string },
): Promise<AssignmentCandidate | undefined> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'capacity', 'last_assigned_at'])
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.userId)
    .where('deactivated_at', 'is', null)
    .where('availability', '=', 'online')
    .where('role', 'in', ['agent', 'admin'])
    .executeTakeFirst();
  if (!user) return undefined;
  const counts = await openCounts(db, input.accountId, [user.id]);
  return {
    userId: user.id,
    capacity: Number(user.capacity),
    lastAssignedAt: user.last_assigned_at,
    openConversations: counts.get(user.id) ?? 0,
  };
}

/** The owner of the customer's latest other conversation, for "returning customers go to their previous owner". */
async function previousOwnerOf(
  db: Executor,
  input: { accountId: string; customerId: string; excludeConversationId: string },
) {
  const row = await db
    .selectFrom('conversations')
    .select('owner_user_id')
    .where('account_id', '=', input.accountId)
    .where('customer_id', '=', input.customerId)
    .where('id', '!=', input.excludeConversationId)
    .where('owner_user_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.owner_user_id ?? null;
}

/**
 * The one way ownership changes. Checks the version in the same UPDATE (two claims at once: one
 * wins), closes or opens the unowned-time stretch, writes the ownership event and the domain event.
 */
export async function changeOwner(
  trx: Executor,
  record: RecordEvent,
  input: {
    conversation: ConversationRow;
    toUserId: string | null;
    toTeamId?: string | null;
    kind: OwnershipChangeKind;
    actorUserId: string | null;
    reason?: string | null;
    at: string;
    /** What to throw when the version moved on; claims say who owns it now. */
    onConflict?: () => Error;
  },
): Promise<void> {
  const { conversation, at } = input;
  const toTeamId = input.toTeamId === undefined ? conversation.owner_team_id : input.toTeamId;
  const becomesOwned = input.toUserId !== null;
  const unownedMs = becomesOwned
    ? unownedMsAt({ unownedMs: Number(conversation.unowned_ms), unownedSince: conversation.unowned_since }, at)
    : Number(conversation.unowned_ms);
  const updated = await updateConversationIfVersion(trx, {
    accountId: conversation.account_id,
    conversationId: conversation.id,
    expectedVersion: Number(conversation.version),
    changes: {
      owner_user_id: input.toUserId,
      owner_team_id: toTeamId,
      unowned_since: becomesOwned ? null : (conversation.unowned_since ?? at),
      unowned_ms: unownedMs,
      updated_at: at,
    },
  });
  if (!updated) throw (input.onConflict ?? conversationErrors.changed)();
  // Promises follow the owner: whoever now has the customer keeps what was promised.
  await carryOpenCommitments(trx, {
    accountId: conversation.account_id,
    conversationId: conversation.id,
    toUserId: input.toUserId,
  });
  if (input.toUserId && input.kind === 'assigned') {
    await trx
      .updateTable('users')
      .set({ last_assigned_at: at })
      .where('account_id', '=', conversation.account_id)
      .where('id', '=', input.toUserId)
      .execute();
  }
  await insertOwnershipEvent(trx, {
    id: newId(),
    account_id: conversation.account_id,
    conversation_id: conversation.id,
    kind: input.kind,
    from_user_id: conversation.owner_user_id,
    to_user_id: input.toUserId,
    to_team_id: toTeamId,
    actor_user_id: input.actorUserId,
    reason: input.reason ?? null,
    created_at: at,
  });
  await record({
    accountId: conversation.account_id,
    name: 'conversation.owner_changed',
    payload: {
      conversationId: conversation.id,
      kind: input.kind,
      fromUserId: conversation.owner_user_id,
      toUserId: input.toUserId,
      toTeamId,
      raisedByUserId: conversation.raised_by_user_id,
    },
    at,
  });
}

/**
 * Gives a team-owned conversation to someone who can take it now, if anyone can; otherwise it
 * waits with its team. Returns who got it.
 */
export async function autoAssign(
  trx: Executor,
  record: RecordEvent,
  input: { conversation: ConversationRow; at: string; preferPreviousOwner: boolean },
): Promise<string | undefined> {
  const { conversation } = input;
  if (!conversation.owner_team_id || conversation.owner_user_id) return undefined;
  const candidates = await listTeamCandidates(trx, {
    accountId: conversation.account_id,
    teamId: conversation.owner_team_id,
  });
  let preferred: string | null = null;
  if (input.preferPreviousOwner) {
    preferred = await previousOwnerOf(trx, {
      accountId: conversation.account_id,
      customerId: conversation.customer_id,
      excludeConversationId: conversation.id,
    });
    if (preferred && !candidates.some((c) => c.userId === preferred)) {
      const outsider = await candidateForUser(trx, { accountId: conversation.account_id, userId: preferred });
      if (outsider) candidates.push(outsider);
    }
  }
  const chosen = pickAssignee(candidates, preferred);
  if (!chosen) return undefined;
  // Two assignments racing on PostgreSQL must not both fill the last slot: lock the person, recount.
  await forUpdate(
    trx.selectFrom('users').select('id').where('account_id', '=', conversation.account_id).where('id', '=', chosen),
    trx,
  ).execute();
  const fresh = await candidateForUser(trx, { accountId: conversation.account_id, userId: chosen });
  if (!fresh || fresh.openConversations >= fresh.capacity) return undefined;
  await changeOwner(trx, record, { conversation, toUserId: chosen, kind: 'assigned', actorUserId: null, at: input.at });
  return chosen;
}

/**
 * Assigns conversations waiting with their team, oldest first, while anyone has room. Run when
 * someone comes online, gets more capacity, joins a team, or finishes a conversation.
 */
export async function assignWaitingConversations(
  deps: AssignmentDeps,
  input: { accountId: string; teamIds?: string[] },
): Promise<{ assigned: number }> {
  let assigned = 0;
  for (let guard = 0; guard < 500; guard++) {
    let query = deps.db
      .selectFrom('conversations')
      .selectAll()
      .where('account_id', '=', input.accountId)
      .where('owner_user_id', 'is', null)
      .where('owner_team_id', 'is not', null)
      .where('status', 'in', activeStatuses)
      .orderBy('created_at')
      .limit(50);
    if (input.teamIds) {
      if (input.teamIds.length === 0) return { assigned };
      query = query.where('owner_team_id', 'in', input.teamIds);
    }
    const waiting = await query.execute();
    let progressed = false;
    for (const conversation of waiting) {
      const at = deps.clock.now().toISOString();
      const chosen = await withEvents(deps, async (trx, record) => {
        try {
          return await autoAssign(trx, record, { conversation, at, preferPreviousOwner: true });
        } catch (error) {
          // Claimed or changed meanwhile: nothing to do for this one.
          if (error instanceof Error && 'code' in error && error.code === 'conversation.changed') return undefined;
          throw error;
        }
      });
      if (chosen) {
        assigned++;
        progressed = true;
      }
    }
    if (!progressed || waiting.length < 50) return { assigned };
  }
  return { assigned };
}

/** Teams a user belongs to. */
export async function teamIdsOf(db: Executor, input: { accountId: string; userId: string }): Promise<string[]> {
  const rows = await db
    .selectFrom('team_members')
    .select('team_id')
    .where('account_id', '=', input.accountId)
    .where('user_id', '=', input.userId)
    .execute();
  return rows.map((row) => row.team_id);
}

/** An agent says whether they can take new work; coming online picks up what waits for their teams. */
export async function setAvailability(
  deps: AssignmentDeps,
  caller: { accountId: string; userId: string },
  input: { availability: Availability },
): Promise<{ availability: Availability; assigned: number }> {
  const at = deps.clock.now().toISOString();
  await withEvents(deps, async (trx, record) => {
    await trx
      .updateTable('users')
      .set({ availability: input.availability, updated_at: at })
      .where('account_id', '=', caller.accountId)
      .where('id', '=', caller.userId)
      .execute();
    await record({
      accountId: caller.accountId,
      name: 'user.availability_changed',
      payload: { userId: caller.userId, availability: input.availability },
      at,
    });
  });
  if (input.availability !== 'online') return { availability: input.availability, assigned: 0 };
  const { assigned } = await assignWaitingConversations(deps, {
    accountId: caller.accountId,
    teamIds: await teamIdsOf(deps.db, { accountId: caller.accountId, userId: caller.userId }),
  });
  return { availability: input.availability, assigned };
}

/** An admin sets how many open conversations auto-assignment may give a person. */
export async function setCapacity(
  deps: AssignmentDeps,
  caller: { accountId: string; userId: string },
  input: { userId: string; capacity: number },
): Promise<{ capacity: number }> {
  const at = deps.clock.now().toISOString();
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'capacity'])
    .where('account_id', '=', caller.accountId)
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (!user) throw appError('not_found', 'user.not_found', 'There is no user with this id in your account.');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ capacity: input.capacity, updated_at: at })
      .where('account_id', '=', caller.accountId)
      .where('id', '=', input.userId)
      .execute();
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'user.capacity_changed',
      subjectType: 'user',
      subjectId: input.userId,
      data: { from: Number(user.capacity), to: input.capacity },
      at,
    });
  });
  if (input.capacity > Number(user.capacity)) {
    await assignWaitingConversations(deps, {
      accountId: caller.accountId,
      teamIds: await teamIdsOf(deps.db, { accountId: caller.accountId, userId: input.userId }),
    });
  }
  return { capacity: input.capacity };
}

/**
 * When someone leaves (deactivation), nobody may be left owning nothing: their open
 * conversations go back to their teams' queues, with the reason recorded, and handoffs to or
 * from them are cancelled. Callers run assignWaitingConversations after commit.
 */
export async function releaseOwnedConversations(
  trx: Executor,
  record: RecordEvent,
  input: { accountId: string; userId: string; actorUserId: string; reason: string; at: string },
): Promise<{ released: number; teamIds: string[] }> {
  const owned = await trx
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('owner_user_id', '=', input.userId)
    .where('status', 'in', activeStatuses)
    .execute();
  await trx
    .updateTable('handoffs')
    .set({ status: 'cancelled', answered_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('from_user_id', '=', input.userId), eb('to_user_id', '=', input.userId)]))
    .execute();
  for (const conversation of owned) {
    await changeOwner(trx, record, {
      conversation,
      toUserId: null,
      kind: 'queued',
      actorUserId: input.actorUserId,
      reason: input.reason,
      at: input.at,
    });
  }
  const teamIds = [...new Set(owned.map((c) => c.owner_team_id).filter((id): id is string => !!id))];
  return { released: owned.length, teamIds };
}
