import type { Commitment } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { defineJob, type JobQueue } from '../../jobs/queue.ts';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import { withEvents } from '../../platform/events/with-events.ts';
import { newId } from '../../platform/ids.ts';
import type { Database, Executor } from '../../storage/database.ts';
import type { Caller } from '../auth/auth.service.ts';
import { canActAsOwner, isWorker } from '../conversations/conversations.policy.ts';
import { isActive } from '../conversations/conversations.rules.ts';
import { getVisibleConversationRow } from '../conversations/conversations.service.ts';
import { findCustomerRow } from '../customers/customers.repository.ts';
import { commitmentErrors } from './commitments.errors.ts';
import {
  closeCommitment,
  findCommitmentRow,
  insertCommitment,
  listCommitments,
  markReminderSent,
} from './commitments.repository.ts';
import type { CommitmentRow } from './commitments.tables.ts';

export interface CommitmentsDeps {
  db: Kysely<Database>;
  clock: Clock;
  events: Pick<EventBus, 'publish'>;
  jobs: JobQueue;
  /** Minutes before the due time at which the owner is reminded (default 120 and 15). */
  reminderMinutes: readonly number[];
}

export const defaultReminderMinutes = [120, 15] as const;

async function getOne(db: Executor, accountId: string, commitmentId: string): Promise<Commitment> {
  const [commitment] = await listCommitments(db, { accountId, commitmentIds: [commitmentId] });
  if (!commitment) throw commitmentErrors.notFound();
  return commitment;
}

/** The commitment, if the caller may see its conversation. */
async function getVisibleCommitmentRow(db: Executor, caller: Caller, commitmentId: string): Promise<CommitmentRow> {
  const row = await findCommitmentRow(db, { accountId: caller.accountId, commitmentId });
  if (!row) throw commitmentErrors.notFound();
  await getVisibleConversationRow(db, caller, row.conversation_id).catch(() => {
    throw commitmentErrors.notFound();
  });
  return row;
}

function canChange(caller: Caller, row: CommitmentRow, conversationOwner: string | null): boolean {
  return (
    caller.role === 'admin' ||
    row.owner_user_id === caller.userId ||
    canActAsOwner(caller, { owner_user_id: conversationOwner })
  );
}

/**
 * Records a promise made to the customer on a conversation, owned by the conversation's owner
 * (or the caller when nobody owns it yet). Reminders and the breach are scheduled by the listener.
 */
export async function createCommitment(
  deps: CommitmentsDeps,
  caller: Caller,
  input: { conversationId: string; what: string; dueAt: string; source: 'manual' | 'coach' },
): Promise<{ commitment: Commitment }> {
  const at = deps.clock.now().toISOString();
  const dueAt = new Date(input.dueAt).toISOString();
  if (dueAt <= at) throw commitmentErrors.dueInPast();
  const id = newId();
  await withEvents(deps, async (trx, record) => {
    const conversation = await getVisibleConversationRow(trx, caller, input.conversationId);
    if (!isWorker(caller)) throw commitmentErrors.notYours();
    if (!isActive(conversation.status)) throw commitmentErrors.inactiveConversation();
    const owner = conversation.owner_user_id ?? caller.userId;
    await insertCommitment(trx, {
      id,
      account_id: caller.accountId,
      conversation_id: conversation.id,
      customer_id: conversation.customer_id,
      owner_user_id: owner,
      created_by_user_id: caller.userId,
      what: input.what,
      due_at: dueAt,
      status: 'open',
      source: input.source,
      replaces_id: null,
      renegotiation_message_id: null,
      closed_at: null,
      created_at: at,
    });
    await record({
      accountId: caller.accountId,
      name: 'commitment.created',
      payload: {
        commitmentId: id,
        conversationId: conversation.id,
        customerId: conversation.customer_id,
        ownerUserId: owner,
        dueAt,
        raisedByUserId: conversation.raised_by_user_id,
      },
      at,
    });
  });
  return { commitment: await getOne(deps.db, caller.accountId, id) };
}

/** The promise was kept before it fell due. */
export async function keepCommitment(
  deps: CommitmentsDeps,
  caller: Caller,
  input: { commitmentId: string },
): Promise<{ commitment: Commitment }> {
  const at = deps.clock.now().toISOString();
  await withEvents(deps, async (trx, record) => {
    const row = await getVisibleCommitmentRow(trx, caller, input.commitmentId);
    const conversation = await getVisibleConversationRow(trx, caller, row.conversation_id);
    if (!canChange(caller, row, conversation.owner_user_id)) throw commitmentErrors.notYours();
    if (row.status !== 'open') throw commitmentErrors.notOpen(row.status);
    if (at > row.due_at) throw commitmentErrors.pastDue(row.due_at);
    if (!(await closeCommitment(trx, { accountId: caller.accountId, commitmentId: row.id, status: 'kept', at })))
      throw commitmentErrors.notOpen('closed');
    await record({
      accountId: caller.accountId,
      name: 'commitment.kept',
      payload: {
        commitmentId: row.id,
        conversationId: row.conversation_id,
        ownerUserId: row.owner_user_id,
        raisedByUserId: conversation.raised_by_user_id,
      },
      at,
    });
  });
  return { commitment: await getOne(deps.db, caller.accountId, input.commitmentId) };
}

/**
 * A new due time, agreed with the customer in a reply: this commitment ends renegotiated and a
 * successor carries the new time (and its own reminders).
 */
export async function renegotiateCommitment(
  deps: CommitmentsDeps,
  caller: Caller,
  input: { commitmentId: string; dueAt: string; messageId: string },
): Promise<{ commitment: Commitment; replaced: Commitment }> {
  const at = deps.clock.now().toISOString();
  const dueAt = new Date(input.dueAt).toISOString();
  if (dueAt <= at) throw commitmentErrors.dueInPast();
  const successorId = newId();
  await withEvents(deps, async (trx, record) => {
    const row = await getVisibleCommitmentRow(trx, caller, input.commitmentId);
    const conversation = await getVisibleConversationRow(trx, caller, row.conversation_id);
    if (!canChange(caller, row, conversation.owner_user_id)) throw commitmentErrors.notYours();
    if (row.status !== 'open') throw commitmentErrors.notOpen(row.status);
    if (at > row.due_at) throw commitmentErrors.pastDue(row.due_at);
    const message = await trx
      .selectFrom('messages')
      .select('id')
      .where('account_id', '=', caller.accountId)
      .where('conversation_id', '=', row.conversation_id)
      .where('id', '=', input.messageId)
      .where('direction', '=', 'outbound')
      .executeTakeFirst();
    if (!message) throw commitmentErrors.messageNotFound();
    if (
      !(await closeCommitment(trx, {
        accountId: caller.accountId,
        commitmentId: row.id,
        status: 'renegotiated',
        at,
        messageId: message.id,
      }))
    )
      throw commitmentErrors.notOpen('closed');
    await insertCommitment(trx, {
      ...row,
      id: successorId,
      due_at: dueAt,
      status: 'open',
      replaces_id: row.id,
      renegotiation_message_id: null,
      created_by_user_id: caller.userId,
      closed_at: null,
      created_at: at,
    });
    const common = { conversationId: row.conversation_id, raisedByUserId: conversation.raised_by_user_id };
    await record({
      accountId: caller.accountId,
      name: 'commitment.renegotiated',
      payload: { ...common, commitmentId: row.id, newCommitmentId: successorId, dueAt, messageId: message.id },
      at,
    });
    await record({
      accountId: caller.accountId,
      name: 'commitment.created',
      payload: {
        ...common,
        commitmentId: successorId,
        customerId: row.customer_id,
        ownerUserId: row.owner_user_id,
        dueAt,
      },
      at,
    });
  });
  return {
    commitment: await getOne(deps.db, caller.accountId, successorId),
    replaced: await getOne(deps.db, caller.accountId, input.commitmentId),
  };
}

export async function getConversationCommitments(
  deps: Pick<CommitmentsDeps, 'db'>,
  caller: Caller,
  input: { conversationId: string },
) {
  const conversation = await getVisibleConversationRow(deps.db, caller, input.conversationId);
  return {
    commitments: await listCommitments(deps.db, { accountId: caller.accountId, conversationId: conversation.id }),
  };
}

export async function getCustomerCommitments(
  deps: Pick<CommitmentsDeps, 'db'>,
  caller: Caller,
  input: { customerId: string },
) {
  const customer = await findCustomerRow(deps.db, { accountId: caller.accountId, customerId: input.customerId });
  if (!customer) throw commitmentErrors.customerNotFound();
  return { commitments: await listCommitments(deps.db, { accountId: caller.accountId, customerId: customer.id }) };
}

/** Promises across conversations: "Promises due" is the caller's open ones, soonest first. */
export async function findCommitments(
  deps: Pick<CommitmentsDeps, 'db'>,
  caller: Caller,
  query: {
    status?: Commitment['status'] | undefined;
    ownerId?: string | undefined;
    dueBefore?: string | undefined;
    limit: number;
  },
) {
  const ownerUserId =
    query.ownerId === 'me' || (query.ownerId && caller.role !== 'admin') ? caller.userId : query.ownerId;
  return {
    commitments: await listCommitments(deps.db, {
      accountId: caller.accountId,
      ...(ownerUserId ? { ownerUserId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.dueBefore ? { dueBefore: new Date(query.dueBefore).toISOString() } : {}),
      limit: query.limit,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Jobs: reminders before the due time and the breach at it. Handlers re-read the commitment,
// so a job for a commitment already kept, renegotiated or broken does nothing.

export const remindCommitmentJob = defineJob({
  name: 'commitments.remind',
  payload: z.object({ accountId: z.string(), commitmentId: z.string(), minutesBefore: z.number().int() }),
  handler: async () => {
    throw new Error('commitments.remind needs commitmentJobs(deps)');
  },
});

export const breachCommitmentJob = defineJob({
  name: 'commitments.breach',
  payload: z.object({ accountId: z.string(), commitmentId: z.string() }),
  handler: async () => {
    throw new Error('commitments.breach needs commitmentJobs(deps)');
  },
});

async function raisedByOf(db: Executor, accountId: string, conversationId: string) {
  const row = await db
    .selectFrom('conversations')
    .select(['raised_by_user_id', 'owner_team_id'])
    .where('account_id', '=', accountId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  return { raisedByUserId: row?.raised_by_user_id ?? null, teamId: row?.owner_team_id ?? null };
}

/** Job definitions of commitments, bound to their dependencies. */
export function commitmentJobs(deps: Pick<CommitmentsDeps, 'db' | 'clock' | 'events'>) {
  return [
    {
      ...remindCommitmentJob,
      async handler(payload: z.infer<typeof remindCommitmentJob.payload>) {
        const at = deps.clock.now().toISOString();
        await withEvents(deps, async (trx, record) => {
          const row = await findCommitmentRow(trx, payload);
          // Kept, renegotiated or broken meanwhile, or the reminder comes too late to help.
          if (row?.status !== 'open' || at >= row.due_at) return;
          if (!(await markReminderSent(trx, { ...payload, at }))) return;
          const { raisedByUserId, teamId } = await raisedByOf(trx, payload.accountId, row.conversation_id);
          await record({
            accountId: payload.accountId,
            name: 'commitment.reminder_due',
            payload: {
              commitmentId: row.id,
              conversationId: row.conversation_id,
              ownerUserId: row.owner_user_id,
              teamId,
              dueAt: row.due_at,
              minutesBefore: payload.minutesBefore,
              raisedByUserId,
            },
            at,
          });
        });
      },
    },
    {
      ...breachCommitmentJob,
      async handler(payload: z.infer<typeof breachCommitmentJob.payload>) {
        const at = deps.clock.now().toISOString();
        await withEvents(deps, async (trx, record) => {
          const row = await findCommitmentRow(trx, payload);
          if (row?.status !== 'open' || at < row.due_at) return;
          // Broken as of the due time, whenever the job got to run.
          if (
            !(await closeCommitment(trx, {
              accountId: payload.accountId,
              commitmentId: row.id,
              status: 'broken',
              at: row.due_at,
            }))
          )
            return;
          const { raisedByUserId, teamId } = await raisedByOf(trx, payload.accountId, row.conversation_id);
          await record({
            accountId: payload.accountId,
            name: 'commitment.broken',
            payload: {
              commitmentId: row.id,
              conversationId: row.conversation_id,
              ownerUserId: row.owner_user_id,
              teamId,
              dueAt: row.due_at,
              raisedByUserId,
            },
            at,
          });
        });
      },
    },
  ];
}
