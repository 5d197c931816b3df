import type { AuthorityLimit, ExceptionStatus, ExceptionType, GoodwillException } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import { withEvents } from '../../platform/events/with-events.ts';
import { newId } from '../../platform/ids.ts';
import type { Database, Executor } from '../../storage/database.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { Caller } from '../auth/auth.service.ts';
import { canActAsOwner } from '../conversations/conversations.policy.ts';
import { getVisibleConversationRow } from '../conversations/conversations.service.ts';
import { findCustomerRow } from '../customers/customers.repository.ts';
import { exceptionErrors } from './exceptions.errors.ts';
import {
  findExceptionRow,
  insertException,
  listAuthorityLimits,
  listExceptions,
  moveException,
  replaceAuthorityLimits,
  reportExceptions,
} from './exceptions.repository.ts';
import { isWithinAuthority, policyKey } from './exceptions.rules.ts';

export interface ExceptionsDeps {
  db: Kysely<Database>;
  clock: Clock;
  events: Pick<EventBus, 'publish'>;
}

async function getOne(db: Executor, accountId: string, exceptionId: string): Promise<GoodwillException> {
  const [found] = await listExceptions(db, { accountId, exceptionIds: [exceptionId] });
  if (!found) throw exceptionErrors.notFound();
  return found;
}

export async function getAuthorityLimits(deps: Pick<ExceptionsDeps, 'db'>, caller: Caller) {
  return { limits: await listAuthorityLimits(deps.db, { accountId: caller.accountId }) };
}

/** Admins set each role's limit per type and currency; the whole table is replaced, and audited. */
export async function setAuthorityLimits(
  deps: Pick<ExceptionsDeps, 'db' | 'clock'>,
  caller: Caller,
  input: { limits: AuthorityLimit[] },
) {
  const at = deps.clock.now().toISOString();
  // One limit per role, type and currency: the last one given wins.
  const unique = new Map(input.limits.map((limit) => [`${limit.role}:${limit.type}:${limit.currency}`, limit]));
  await deps.db.transaction().execute(async (trx) => {
    await replaceAuthorityLimits(trx, { accountId: caller.accountId, limits: [...unique.values()], at });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'exceptions.authority_limits_changed',
      subjectType: 'account',
      subjectId: caller.accountId,
      data: { limits: [...unique.values()] },
      at,
    });
  });
  return getAuthorityLimits(deps, caller);
}

/**
 * Records a goodwill exception on a conversation. Within the recorder's authority it is granted at
 * once; above it, it waits for an admin's approval and comes back to the recorder to deliver.
 */
export async function recordException(
  deps: ExceptionsDeps,
  caller: Caller,
  input: {
    conversationId: string;
    type: ExceptionType;
    value: { amountMinor: number; currency: string };
    policy: string;
    reason: string;
  },
): Promise<{ exception: GoodwillException }> {
  const at = deps.clock.now().toISOString();
  const id = newId();
  await withEvents(deps, async (trx, record) => {
    const conversation = await getVisibleConversationRow(trx, caller, input.conversationId);
    if (conversation.status === 'closed') throw exceptionErrors.inactiveConversation();
    const limits = await listAuthorityLimits(trx, { accountId: caller.accountId });
    const granted = isWithinAuthority(limits, {
      role: caller.role,
      type: input.type,
      amountMinor: input.value.amountMinor,
      currency: input.value.currency,
    });
    const status: ExceptionStatus = granted ? 'granted' : 'pending_approval';
    await insertException(trx, {
      id,
      account_id: caller.accountId,
      conversation_id: conversation.id,
      customer_id: conversation.customer_id,
      type: input.type,
      amount_minor: input.value.amountMinor,
      currency: input.value.currency,
      policy: input.policy,
      policy_key: policyKey(input.policy),
      reason: input.reason,
      status,
      requested_by_user_id: caller.userId,
      decided_by_user_id: granted ? caller.userId : null,
      decision_note: null,
      decided_at: granted ? at : null,
      delivered_at: null,
      created_at: at,
    });
    await record({
      accountId: caller.accountId,
      name: granted ? 'exception.granted' : 'exception.approval_requested',
      payload: {
        exceptionId: id,
        conversationId: conversation.id,
        requestedBy: caller.userId,
        type: input.type,
        amountMinor: input.value.amountMinor,
        currency: input.value.currency,
        raisedByUserId: conversation.raised_by_user_id,
      },
      at,
    });
  });
  return { exception: await getOne(deps.db, caller.accountId, id) };
}

async function decide(
  deps: ExceptionsDeps,
  caller: Caller,
  input: { exceptionId: string; approve: boolean; note?: string | undefined },
): Promise<{ exception: GoodwillException }> {
  const at = deps.clock.now().toISOString();
  await withEvents(deps, async (trx, record) => {
    const row = await findExceptionRow(trx, { accountId: caller.accountId, exceptionId: input.exceptionId });
    if (!row) throw exceptionErrors.notFound();
    if (row.status !== 'pending_approval') throw exceptionErrors.notPending(row.status);
    const moved = await moveException(trx, {
      accountId: caller.accountId,
      exceptionId: row.id,
      from: ['pending_approval'],
      changes: {
        status: input.approve ? 'approved' : 'rejected',
        decided_by_user_id: caller.userId,
        decision_note: input.note?.length ? input.note : null,
        decided_at: at,
      },
    });
    if (!moved) throw exceptionErrors.notPending('decided');
    await record({
      accountId: caller.accountId,
      name: input.approve ? 'exception.approved' : 'exception.rejected',
      payload: {
        exceptionId: row.id,
        conversationId: row.conversation_id,
        requestedBy: row.requested_by_user_id,
        decidedBy: caller.userId,
        note: input.note ?? null,
      },
      at,
    });
  });
  return { exception: await getOne(deps.db, caller.accountId, input.exceptionId) };
}

/** An admin approves; the exception goes back to the agent, who tells the customer. */
export const approveException = (
  deps: ExceptionsDeps,
  caller: Caller,
  input: { exceptionId: string; note?: string | undefined },
) => decide(deps, caller, { ...input, approve: true });

export const rejectException = (deps: ExceptionsDeps, caller: Caller, input: { exceptionId: string; note: string }) =>
  decide(deps, caller, { ...input, approve: false });

/** The agent has given the customer what was granted or approved. */
export async function deliverException(
  deps: ExceptionsDeps,
  caller: Caller,
  input: { exceptionId: string },
): Promise<{ exception: GoodwillException }> {
  const at = deps.clock.now().toISOString();
  await withEvents(deps, async (trx, record) => {
    const row = await findExceptionRow(trx, { accountId: caller.accountId, exceptionId: input.exceptionId });
    if (!row) throw exceptionErrors.notFound();
    const conversation = await getVisibleConversationRow(trx, caller, row.conversation_id).catch(() => {
      throw exceptionErrors.notFound();
    });
    if (row.requested_by_user_id !== caller.userId && !canActAsOwner(caller, conversation))
      throw exceptionErrors.notRequester();
    if (row.status !== 'granted' && row.status !== 'approved') throw exceptionErrors.notDeliverable(row.status);
    const moved = await moveException(trx, {
      accountId: caller.accountId,
      exceptionId: row.id,
      from: ['granted', 'approved'],
      changes: { status: 'delivered', delivered_at: at },
    });
    if (!moved) throw exceptionErrors.notDeliverable('delivered');
    await record({
      accountId: caller.accountId,
      name: 'exception.delivered',
      payload: {
        exceptionId: row.id,
        conversationId: row.conversation_id,
        deliveredBy: caller.userId,
        raisedByUserId: conversation.raised_by_user_id,
      },
      at,
    });
  });
  return { exception: await getOne(deps.db, caller.accountId, input.exceptionId) };
}

export async function getConversationExceptions(
  deps: Pick<ExceptionsDeps, 'db'>,
  caller: Caller,
  input: { conversationId: string },
) {
  const conversation = await getVisibleConversationRow(deps.db, caller, input.conversationId);
  return {
    exceptions: await listExceptions(deps.db, { accountId: caller.accountId, conversationId: conversation.id }),
  };
}

export async function getCustomerExceptions(
  deps: Pick<ExceptionsDeps, 'db'>,
  caller: Caller,
  input: { customerId: string },
) {
  const customer = await findCustomerRow(deps.db, { accountId: caller.accountId, customerId: input.customerId });
  if (!customer) throw exceptionErrors.customerNotFound();
  return { exceptions: await listExceptions(deps.db, { accountId: caller.accountId, customerId: customer.id }) };
}

export async function findExceptions(
  deps: Pick<ExceptionsDeps, 'db'>,
  caller: Caller,
  query: { status?: ExceptionStatus | undefined },
) {
  return {
    exceptions: await listExceptions(deps.db, {
      accountId: caller.accountId,
      ...(query.status ? { status: query.status } : {}),
    }),
  };
}

export async function getExceptionReport(deps: Pick<ExceptionsDeps, 'db'>, caller: Caller) {
  return { report: await reportExceptions(deps.db, { accountId: caller.accountId }) };
}
