import type { Handoff } from '@rapport/contracts';
import { z } from 'zod';
import { defineJob } from '../../jobs/queue.ts';
import { withEvents } from '../../platform/events/with-events.ts';
import { newId } from '../../platform/ids.ts';
import type { Executor } from '../../storage/database.ts';
import type { Caller } from '../auth/auth.service.ts';
import { findInbox } from '../inboxes/inboxes.repository.ts';
import { changeOwner, teamIdsOf } from './assignment.service.ts';
import { conversationErrors, handoffErrors } from './conversations.errors.ts';
import { findConversationRow, insertMessage, updateConversationRow } from './conversations.repository.ts';
import { isActive, renderHandoffMessage } from './conversations.rules.ts';
import { type ConversationsDeps, getVisibleConversationRow } from './conversations.service.ts';
import type { HandoffRow } from './conversations.tables.ts';
import {
  answerHandoff,
  findHandoffRow,
  findPendingHandoff,
  insertHandoff,
  listHandoffs,
  markHandoffReminded,
} from './handoffs.repository.ts';

// An unanswered handoff first nudges its receiver, then tells the sender, who is still accountable.
export const REMIND_RECEIVER_AFTER_MS = 15 * 60 * 1000;
export const REMIND_SENDER_AFTER_MS = 60 * 60 * 1000;

async function getHandoff(db: Executor, caller: Caller, handoffId: string): Promise<Handoff> {
  const [handoff] = await listHandoffs(db, { accountId: caller.accountId, handoffIds: [handoffId] });
  if (!handoff) throw handoffErrors.notFound();
  return handoff;
}

async function isReceiver(db: Executor, caller: Caller, handoff: HandoffRow): Promise<boolean> {
  if (handoff.to_user_id) return handoff.to_user_id === caller.userId;
  if (!handoff.to_team_id) return false;
  return (await teamIdsOf(db, { accountId: caller.accountId, userId: caller.userId })).includes(handoff.to_team_id);
}

/** The handoff, if the caller may see its conversation. */
async function getVisibleHandoffRow(db: Executor, caller: Caller, handoffId: string): Promise<HandoffRow> {
  const handoff = await findHandoffRow(db, { accountId: caller.accountId, handoffId });
  if (!handoff) throw handoffErrors.notFound();
  await getVisibleConversationRow(db, caller, handoff.conversation_id).catch(() => {
    throw handoffErrors.notFound();
  });
  return handoff;
}

/**
 * The owner asks someone (a person or a team) to take the conversation, with a note giving the
 * context. The owner stays owner, and accountable, until the receiver accepts.
 */
export async function requestHandoff(
  deps: ConversationsDeps,
  caller: Caller,
  input: { conversationId: string; toUserId?: string | undefined; toTeamId?: string | undefined; note: string },
): Promise<{ handoff: Handoff }> {
  const at = deps.clock.now().toISOString();
  const handoffId = newId();
  await withEvents(deps, async (trx, record) => {
    const conversation = await getVisibleConversationRow(trx, caller, input.conversationId);
    if (conversation.owner_user_id !== caller.userId) throw conversationErrors.notOwner();
    if (!isActive(conversation.status)) throw handoffErrors.inactiveConversation();
    if (await findPendingHandoff(trx, { accountId: caller.accountId, conversationId: conversation.id }))
      throw handoffErrors.alreadyPending();
    if (input.toUserId === caller.userId) throw handoffErrors.toSelf();
    if (input.toUserId) {
      const user = await trx
        .selectFrom('users')
        .select('id')
        .where('account_id', '=', caller.accountId)
        .where('id', '=', input.toUserId)
        .where('deactivated_at', 'is', null)
        .where('role', 'in', ['agent', 'admin'])
        .executeTakeFirst();
      if (!user) throw handoffErrors.targetNotFound();
    }
    if (input.toTeamId) {
      const team = await trx
        .selectFrom('teams')
        .select('id')
        .where('account_id', '=', caller.accountId)
        .where('id', '=', input.toTeamId)
        .executeTakeFirst();
      if (!team) throw handoffErrors.targetNotFound();
    }
    await insertHandoff(trx, {
      id: handoffId,
      account_id: caller.accountId,
      conversation_id: conversation.id,
      from_user_id: caller.userId,
      to_user_id: input.toUserId ?? null,
      to_team_id: input.toTeamId ?? null,
      note: input.note,
      status: 'pending',
      decline_reason: null,
      answered_by_user_id: null,
      created_at: at,
      answered_at: null,
      receiver_reminded_at: null,
      sender_reminded_at: null,
    });
    await record({
      accountId: caller.accountId,
      name: 'handoff.requested',
      payload: {
        handoffId,
        conversationId: conversation.id,
        fromUserId: caller.userId,
        toUserId: input.toUserId ?? null,
        toTeamId: input.toTeamId ?? null,
        raisedByUserId: conversation.raised_by_user_id,
      },
      at,
    });
  });
  const atMs = Date.parse(at);
  await deps.jobs.enqueue(
    remindHandoffJob,
    { handoffId, accountId: caller.accountId, who: 'receiver' },
    {
      accountId: caller.accountId,
      runAt: new Date(atMs + REMIND_RECEIVER_AFTER_MS),
      dedupeKey: `handoff-remind:${handoffId}:receiver`,
    },
  );
  await deps.jobs.enqueue(
    remindHandoffJob,
    { handoffId, accountId: caller.accountId, who: 'sender' },
    {
      accountId: caller.accountId,
      runAt: new Date(atMs + REMIND_SENDER_AFTER_MS),
      dedupeKey: `handoff-remind:${handoffId}:sender`,
    },
  );
  return { handoff: await getHandoff(deps.db, caller, handoffId) };
}

/**
 * The receiver takes the conversation with its whole context. The customer is told, in their
 * channel, who has them now and that they will not need to repeat themselves.
 */
export async function acceptHandoff(
  deps: ConversationsDeps,
  caller: Caller,
  input: { handoffId: string },
): Promise<{ handoff: Handoff }> {
  const at = deps.clock.now().toISOString();
  await withEvents(deps, async (trx, record) => {
    const handoff = await getVisibleHandoffRow(trx, caller, input.handoffId);
    if (handoff.status !== 'pending') throw handoffErrors.notPending(handoff.status);
    if (!(await isReceiver(trx, caller, handoff))) throw handoffErrors.notReceiver();
    const conversation = await findConversationRow(trx, {
      accountId: caller.accountId,
      conversationId: handoff.conversation_id,
    });
    if (!conversation) throw conversationErrors.notFound();
    if (
      !(await answerHandoff(trx, {
        accountId: caller.accountId,
        handoffId: handoff.id,
        status: 'accepted',
        answeredByUserId: caller.userId,
        at,
      }))
    ) {
      throw handoffErrors.notPending('answered');
    }
    await changeOwner(trx, record, {
      conversation,
      toUserId: caller.userId,
      toTeamId: handoff.to_team_id ?? conversation.owner_team_id,
      kind: 'handoff_accepted',
      actorUserId: caller.userId,
      reason: handoff.note,
      at,
    });
    const [receiver, customer, inbox] = await Promise.all([
      trx
        .selectFrom('users')
        .select('name')
        .where('account_id', '=', caller.accountId)
        .where('id', '=', caller.userId)
        .executeTakeFirst(),
      trx
        .selectFrom('customers')
        .select('name')
        .where('account_id', '=', caller.accountId)
        .where('id', '=', conversation.customer_id)
        .executeTakeFirst(),
      findInbox(trx, { accountId: caller.accountId, inboxId: conversation.inbox_id }),
    ]);
    const body = renderHandoffMessage(inbox?.inbox.handoffMessageTemplate ?? null, {
      customerName: customer?.name ?? null,
      ownerName: receiver?.name ?? 'A colleague',
    });
    const { messageId } = await insertMessage(trx, {
      id: newId(),
      account_id: caller.accountId,
      conversation_id: conversation.id,
      direction: 'outbound',
      author_type: 'system',
      author_user_id: null,
      author_customer_id: null,
      channel: conversation.channel,
      body,
      external_id: null,
      attachments: [],
      created_at: at,
    });
    await updateConversationRow(trx, {
      accountId: caller.accountId,
      conversationId: conversation.id,
      changes: { last_message_at: at, updated_at: at },
    });
    const payload = {
      handoffId: handoff.id,
      conversationId: conversation.id,
      fromUserId: handoff.from_user_id,
      toUserId: caller.userId,
      raisedByUserId: conversation.raised_by_user_id,
    };
    await record({ accountId: caller.accountId, name: 'handoff.accepted', payload, at });
    await record({
      accountId: caller.accountId,
      name: 'message.created',
      payload: {
        conversationId: conversation.id,
        messageId,
        direction: 'outbound',
        raisedByUserId: conversation.raised_by_user_id,
      },
      at,
    });
  });
  return { handoff: await getHandoff(deps.db, caller, input.handoffId) };
}

/** The receiver says no, with a reason the sender sees; ownership does not move. */
export async function declineHandoff(
  deps: ConversationsDeps,
  caller: Caller,
  input: { handoffId: string; reason: string },
): Promise<{ handoff: Handoff }> {
  const at = deps.clock.now().toISOString();
  await withEvents(deps, async (trx, record) => {
    const handoff = await getVisibleHandoffRow(trx, caller, input.handoffId);
    if (handoff.status !== 'pending') throw handoffErrors.notPending(handoff.status);
    if (!(await isReceiver(trx, caller, handoff))) throw handoffErrors.notReceiver();
    if (
      !(await answerHandoff(trx, {
        accountId: caller.accountId,
        handoffId: handoff.id,
        status: 'declined',
        answeredByUserId: caller.userId,
        declineReason: input.reason,
        at,
      }))
    ) {
      throw handoffErrors.notPending('answered');
    }
    await record({
      accountId: caller.accountId,
      name: 'handoff.declined',
      payload: {
        handoffId: handoff.id,
        conversationId: handoff.conversation_id,
        fromUserId: handoff.from_user_id,
        declinedBy: caller.userId,
        reason: input.reason,
      },
      at,
    });
  });
  return { handoff: await getHandoff(deps.db, caller, input.handoffId) };
}

export async function cancelHandoff(
  deps: ConversationsDeps,
  caller: Caller,
  input: { handoffId: string },
): Promise<{ handoff: Handoff }> {
  const at = deps.clock.now().toISOString();
  await withEvents(deps, async (trx, record) => {
    const handoff = await getVisibleHandoffRow(trx, caller, input.handoffId);
    if (handoff.status !== 'pending') throw handoffErrors.notPending(handoff.status);
    if (handoff.from_user_id !== caller.userId && caller.role !== 'admin') throw handoffErrors.notSender();
    await answerHandoff(trx, {
      accountId: caller.accountId,
      handoffId: handoff.id,
      status: 'cancelled',
      answeredByUserId: caller.userId,
      at,
    });
    await record({
      accountId: caller.accountId,
      name: 'handoff.cancelled',
      payload: { handoffId: handoff.id, conversationId: handoff.conversation_id, fromUserId: handoff.from_user_id },
      at,
    });
  });
  return { handoff: await getHandoff(deps.db, caller, input.handoffId) };
}

export async function getConversationHandoffs(
  deps: Pick<ConversationsDeps, 'db'>,
  caller: Caller,
  input: { conversationId: string },
) {
  const conversation = await getVisibleConversationRow(deps.db, caller, input.conversationId);
  return { handoffs: await listHandoffs(deps.db, { accountId: caller.accountId, conversationId: conversation.id }) };
}

export const remindHandoffJob = defineJob({
  name: 'handoffs.remind',
  payload: z.object({ accountId: z.string(), handoffId: z.string(), who: z.enum(['receiver', 'sender']) }),
  // The handler is bound to its dependencies by handoffJobs(); this default is never run.
  handler: async () => {
    throw new Error('handoffs.remind needs handoffJobs(deps)');
  },
});

/** Job definitions of handoffs, bound to their dependencies. */
export function handoffJobs(deps: Pick<ConversationsDeps, 'db' | 'clock' | 'events'>) {
  return [
    {
      ...remindHandoffJob,
      async handler(payload: z.infer<typeof remindHandoffJob.payload>) {
        const at = deps.clock.now().toISOString();
        await withEvents(deps, async (trx, record) => {
          const handoff = await findHandoffRow(trx, { accountId: payload.accountId, handoffId: payload.handoffId });
          // Answered meanwhile, or already reminded (a job run twice): nothing to say.
          if (handoff?.status !== 'pending') return;
          if ((payload.who === 'receiver' ? handoff.receiver_reminded_at : handoff.sender_reminded_at) !== null) return;
          await markHandoffReminded(trx, { accountId: payload.accountId, handoffId: handoff.id, who: payload.who, at });
          const userIds =
            payload.who === 'sender'
              ? [handoff.from_user_id]
              : handoff.to_user_id
                ? [handoff.to_user_id]
                : (
                    await trx
                      .selectFrom('team_members')
                      .select('user_id')
                      .where('account_id', '=', payload.accountId)
                      .where('team_id', '=', handoff.to_team_id ?? '')
                      .execute()
                  ).map((row) => row.user_id);
          await record({
            accountId: payload.accountId,
            name: 'handoff.reminded',
            payload: { handoffId: handoff.id, conversationId: handoff.conversation_id, who: payload.who, userIds },
            at,
          });
        });
      },
    },
  ];
}
