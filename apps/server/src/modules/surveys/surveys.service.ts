import { randomBytes } from 'node:crypto';
import {
  type FollowUpSettings,
  isPoorScore,
  type PublicSurvey,
  type RecoveryTask,
  type SurveyAnswerBody,
} from '@rapport/contracts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { defineJob, type JobQueue } from '../../jobs/queue.ts';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import { type RecordEvent, withEvents } from '../../platform/events/with-events.ts';
import { newId } from '../../platform/ids.ts';
import type { Database, Executor } from '../../storage/database.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { Caller } from '../auth/auth.service.ts';
import { findConversationRow } from '../conversations/conversations.repository.ts';
import { appendSystemMessage, getVisibleConversationRow } from '../conversations/conversations.service.ts';
import type { ConversationRow } from '../conversations/conversations.tables.ts';
import { findCustomerRow } from '../customers/customers.repository.ts';
import { findInbox } from '../inboxes/inboxes.repository.ts';
import { surveyErrors } from './surveys.errors.ts';
import {
  closeRecoveryTaskRow,
  findCheckInRow,
  findFollowUpSettings,
  findRecoveryTaskRow,
  findSurveyRowById,
  finishCheckIn,
  insertOrFindSurvey,
  insertRecoveryTask,
  listCheckIns,
  listRecoveryTasks,
  listSurveys,
  saveFollowUpSettings,
  updateSurveyAnswer,
} from './surveys.repository.ts';
import {
  canStillChange,
  checkInBody,
  readSurveyToken,
  reanswerWindowMs,
  signSurveyToken,
  surveyBody,
} from './surveys.rules.ts';
import type { SurveyRow } from './surveys.tables.ts';

export interface SurveysDeps {
  db: Kysely<Database>;
  clock: Clock;
  events: Pick<EventBus, 'publish'>;
  jobs: JobQueue;
  /** Where customers open survey links: `<publicUrl>/survey/<token>`. */
  publicUrl: string;
  surveys: { secret?: string | undefined; validDays: number };
}

export const defaultSurveyOptions = { validDays: 14 } as const;

const secretCache = new WeakMap<object, Promise<string>>();

/**
 * The key survey links are signed with: the configured one, or one generated once and kept in
 * the database so every instance and every restart signs alike.
 */
export function surveySecret(deps: Pick<SurveysDeps, 'db' | 'clock' | 'surveys'>): Promise<string> {
  if (deps.surveys.secret) return Promise.resolve(deps.surveys.secret);
  let cached = secretCache.get(deps.db);
  if (!cached) {
    cached = (async () => {
      // Unscoped on purpose: a server secret belongs to no account.
      await deps.db
        .insertInto('server_secrets')
        .values({
          name: 'survey_links',
          value: randomBytes(32).toString('base64url'),
          created_at: deps.clock.now().toISOString(),
        })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .execute();
      const row = await deps.db
        .selectFrom('server_secrets')
        .select('value')
        .where('name', '=', 'survey_links')
        .executeTakeFirstOrThrow();
      return row.value;
    })();
    cached.catch(() => secretCache.delete(deps.db));
    secretCache.set(deps.db, cached);
  }
  return cached;
}

export function surveyLink(deps: Pick<SurveysDeps, 'publicUrl'>, secret: string, survey: SurveyRow): string {
  const token = signSurveyToken(secret, { surveyId: survey.id, expiresAt: survey.expires_at });
  return `${deps.publicUrl.replace(/\/$/, '')}/survey/${token}`;
}

// ---------------------------------------------------------------------------------------------
// Follow-up settings per inbox.

export async function getFollowUpSettings(
  deps: Pick<SurveysDeps, 'db'>,
  caller: Caller,
  input: { inboxId: string },
): Promise<{ followUp: FollowUpSettings }> {
  if (!(await findInbox(deps.db, { accountId: caller.accountId, inboxId: input.inboxId })))
    throw surveyErrors.inboxNotFound();
  return { followUp: await findFollowUpSettings(deps.db, { accountId: caller.accountId, inboxId: input.inboxId }) };
}

export async function setFollowUpSettings(
  deps: Pick<SurveysDeps, 'db' | 'clock'>,
  caller: Caller,
  input: FollowUpSettings,
): Promise<{ followUp: FollowUpSettings }> {
  const at = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await findInbox(trx, { accountId: caller.accountId, inboxId: input.inboxId })))
      throw surveyErrors.inboxNotFound();
    await saveFollowUpSettings(trx, { accountId: caller.accountId, settings: input, at });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'inbox.follow_up_changed',
      subjectType: 'inbox',
      subjectId: input.inboxId,
      data: { checkInDays: input.checkInDays, surveyTiming: input.surveyTiming },
      at,
    });
  });
  return getFollowUpSettings(deps, caller, { inboxId: input.inboxId });
}

// ---------------------------------------------------------------------------------------------
// Check-ins and surveys after a resolution (run by jobs).

/** The conversation is still in the resolution this follow-up is about, and the customer has not written since. */
function followUpStillFits(conversation: ConversationRow | undefined, resolvedAt: string): string | null {
  if (!conversation) return 'the conversation is gone';
  if (conversation.last_inbound_at && conversation.last_inbound_at > resolvedAt) return 'the customer wrote again';
  if (conversation.status !== 'resolved') return `the conversation is ${conversation.status.replaceAll('_', ' ')}`;
  if (conversation.resolved_at !== resolvedAt) return 'the conversation was resolved again since';
  return null;
}

async function createSurvey(
  deps: Pick<SurveysDeps, 'surveys' | 'publicUrl'>,
  trx: Executor,
  input: {
    conversation: ConversationRow;
    resolvedAt: string;
    sentWith: 'check_in' | 'resolution';
    at: string;
    secret: string;
  },
): Promise<{ survey: SurveyRow; link: string }> {
  const expiresAt = new Date(Date.parse(input.at) + deps.surveys.validDays * 24 * 60 * 60 * 1000);
  // Whole seconds, as the token carries them.
  expiresAt.setUTCMilliseconds(0);
  const survey = await insertOrFindSurvey(trx, {
    id: newId(),
    account_id: input.conversation.account_id,
    conversation_id: input.conversation.id,
    customer_id: input.conversation.customer_id,
    resolved_at: input.resolvedAt,
    sent_with: input.sentWith,
    csat: null,
    effort: null,
    comment: null,
    first_answered_at: null,
    answered_at: null,
    expires_at: expiresAt.toISOString(),
    expired_at: null,
    created_at: input.at,
  });
  return { survey, link: surveyLink(deps, input.secret, survey) };
}

async function customerNameOf(db: Executor, conversation: ConversationRow): Promise<string | null> {
  const customer = await findCustomerRow(db, {
    accountId: conversation.account_id,
    customerId: conversation.customer_id,
  });
  return customer?.name ?? null;
}

export const checkInJob = defineJob({
  name: 'surveys.check_in',
  payload: z.object({ accountId: z.string(), checkInId: z.string() }),
  handler: async () => {
    throw new Error('surveys.check_in needs surveyJobs(deps)');
  },
});

export const sendSurveyJob = defineJob({
  name: 'surveys.send_at_resolution',
  payload: z.object({ accountId: z.string(), conversationId: z.string(), resolvedAt: z.string() }),
  handler: async () => {
    throw new Error('surveys.send_at_resolution needs surveyJobs(deps)');
  },
});

export const expireSurveyJob = defineJob({
  name: 'surveys.expire',
  payload: z.object({ accountId: z.string(), surveyId: z.string() }),
  handler: async () => {
    throw new Error('surveys.expire needs surveyJobs(deps)');
  },
});

async function scheduleExpiry(deps: Pick<SurveysDeps, 'jobs'>, survey: SurveyRow) {
  await deps.jobs.enqueue(
    expireSurveyJob,
    { accountId: survey.account_id, surveyId: survey.id },
    { accountId: survey.account_id, runAt: survey.expires_at, dedupeKey: `survey-expire:${survey.id}` },
  );
}

/** Job definitions of check-ins and surveys, bound to their dependencies. */
export function surveyJobs(deps: SurveysDeps) {
  return [
    {
      ...checkInJob,
      async handler(payload: z.infer<typeof checkInJob.payload>) {
        const at = deps.clock.now().toISOString();
        // Read before the transaction: on SQLite a second connection's write would wait on it forever.
        const secret = await surveySecret(deps);
        const sent = await withEvents(deps, async (trx, record) => {
          const checkIn = await findCheckInRow(trx, payload);
          // Sent or skipped already: a second run changes nothing.
          if (checkIn?.status !== 'scheduled') return undefined;
          const conversation = await findConversationRow(trx, {
            accountId: payload.accountId,
            conversationId: checkIn.conversation_id,
          });
          const skip = followUpStillFits(conversation, checkIn.resolved_at);
          if (skip || !conversation) {
            await finishCheckIn(trx, { ...payload, status: 'skipped', skippedReason: skip ?? 'gone', at });
            await record({
              accountId: payload.accountId,
              name: 'check_in.skipped',
              payload: { checkInId: checkIn.id, conversationId: checkIn.conversation_id, reason: skip },
              at,
            });
            return undefined;
          }
          const settings = await findFollowUpSettings(trx, {
            accountId: payload.accountId,
            inboxId: conversation.inbox_id,
          });
          const withSurvey =
            settings.surveyTiming === 'with_check_in'
              ? await createSurvey(deps, trx, {
                  conversation,
                  resolvedAt: checkIn.resolved_at,
                  sentWith: 'check_in',
                  at,
                  secret,
                })
              : undefined;
          const body = checkInBody({
            customerName: await customerNameOf(trx, conversation),
            subject: conversation.subject,
            ...(withSurvey ? { surveyLink: withSurvey.link } : {}),
          });
          const { messageId } = await appendSystemMessage(trx, record, { conversation, body, at });
          if (!(await finishCheckIn(trx, { ...payload, status: 'sent', messageId, at })))
            throw new Error('check-in finished by another run');
          await record({
            accountId: payload.accountId,
            name: 'check_in.sent',
            payload: {
              checkInId: checkIn.id,
              conversationId: conversation.id,
              messageId,
              surveyId: withSurvey?.survey.id ?? null,
              raisedByUserId: conversation.raised_by_user_id,
            },
            at,
          });
          return withSurvey?.survey;
        });
        if (sent) await scheduleExpiry(deps, sent);
      },
    },
    {
      ...sendSurveyJob,
      async handler(payload: z.infer<typeof sendSurveyJob.payload>) {
        const at = deps.clock.now().toISOString();
        const secret = await surveySecret(deps);
        const sent = await withEvents(deps, async (trx, record) => {
          const conversation = await findConversationRow(trx, payload);
          if (followUpStillFits(conversation, payload.resolvedAt) || !conversation) return undefined;
          const existing = await trx
            .selectFrom('surveys')
            .select('id')
            .where('account_id', '=', payload.accountId)
            .where('conversation_id', '=', conversation.id)
            .where('resolved_at', '=', payload.resolvedAt)
            .executeTakeFirst();
          if (existing) return undefined;
          const { survey, link } = await createSurvey(deps, trx, {
            conversation,
            resolvedAt: payload.resolvedAt,
            sentWith: 'resolution',
            at,
            secret,
          });
          const body = surveyBody({ customerName: await customerNameOf(trx, conversation), surveyLink: link });
          const { messageId } = await appendSystemMessage(trx, record, { conversation, body, at });
          await record({
            accountId: payload.accountId,
            name: 'survey.sent',
            payload: {
              surveyId: survey.id,
              conversationId: conversation.id,
              messageId,
              raisedByUserId: conversation.raised_by_user_id,
            },
            at,
          });
          return survey;
        });
        if (sent) await scheduleExpiry(deps, sent);
      },
    },
    {
      ...expireSurveyJob,
      async handler(payload: z.infer<typeof expireSurveyJob.payload>) {
        const at = deps.clock.now().toISOString();
        await withEvents(deps, async (trx, record) => {
          const result = await trx
            .updateTable('surveys')
            .set({ expired_at: at })
            .where('account_id', '=', payload.accountId)
            .where('id', '=', payload.surveyId)
            .where('expired_at', 'is', null)
            .where('expires_at', '<=', at)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) !== 1) return;
          const survey = await findSurveyRowById(trx, payload);
          await record({
            accountId: payload.accountId,
            name: 'survey.expired',
            payload: {
              surveyId: payload.surveyId,
              conversationId: survey?.conversation_id ?? null,
              answered: survey?.answered_at != null,
            },
            at,
          });
        });
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// The customer's side: the public survey page, by token.

async function surveyByToken(db: Executor, secret: string, token: string) {
  const read = readSurveyToken(secret, token);
  if (!read) throw surveyErrors.invalidLink();
  const survey = await findSurveyRowById(db, { surveyId: read.surveyId });
  if (!survey) throw surveyErrors.invalidLink();
  return survey;
}

async function toPublicSurvey(db: Executor, survey: SurveyRow): Promise<PublicSurvey> {
  const row = await db
    .selectFrom('conversations as v')
    .innerJoin('accounts as a', 'a.account_id', 'v.account_id')
    .innerJoin('customers as c', 'c.id', 'v.customer_id')
    .select(['v.subject', 'a.name as account_name', 'c.name as customer_name'])
    .where('v.account_id', '=', survey.account_id)
    .where('v.id', '=', survey.conversation_id)
    .executeTakeFirstOrThrow();
  return {
    accountName: row.account_name,
    subject: row.subject,
    customerName: row.customer_name,
    expiresAt: survey.expires_at,
    answer:
      survey.csat === null
        ? null
        : {
            csat: Number(survey.csat),
            effort: survey.effort === null ? null : Number(survey.effort),
            comment: survey.comment,
          },
    changeableUntil: survey.first_answered_at
      ? new Date(Date.parse(survey.first_answered_at) + reanswerWindowMs).toISOString()
      : null,
  };
}

export async function getPublicSurvey(
  deps: Pick<SurveysDeps, 'db' | 'clock' | 'surveys'>,
  input: { token: string },
): Promise<{ survey: PublicSurvey }> {
  const survey = await surveyByToken(deps.db, await surveySecret(deps), input.token);
  if (deps.clock.now().toISOString() > survey.expires_at) throw surveyErrors.expired(survey.expires_at);
  return { survey: await toPublicSurvey(deps.db, survey) };
}

/** Who recovers a poor score: the owner, else a lead of the conversation's team, else the longest-serving admin. */
async function recoveryAssignee(trx: Executor, conversation: ConversationRow): Promise<string | null> {
  if (conversation.owner_user_id) {
    const owner = await trx
      .selectFrom('users')
      .select('id')
      .where('account_id', '=', conversation.account_id)
      .where('id', '=', conversation.owner_user_id)
      .where('deactivated_at', 'is', null)
      .executeTakeFirst();
    if (owner) return owner.id;
  }
  if (conversation.owner_team_id) {
    const lead = await trx
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .select('users.id')
      .where('team_members.account_id', '=', conversation.account_id)
      .where('team_members.team_id', '=', conversation.owner_team_id)
      .where('team_members.is_lead', '=', 1)
      .where('users.deactivated_at', 'is', null)
      .orderBy('users.created_at')
      .executeTakeFirst();
    if (lead) return lead.id;
  }
  const admin = await trx
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', conversation.account_id)
    .where('role', '=', 'admin')
    .where('deactivated_at', 'is', null)
    .orderBy('created_at')
    .executeTakeFirst();
  return admin?.id ?? null;
}

async function openRecoveryTask(trx: Executor, record: RecordEvent, survey: SurveyRow, at: string): Promise<void> {
  const conversation = await findConversationRow(trx, {
    accountId: survey.account_id,
    conversationId: survey.conversation_id,
  });
  if (!conversation) return;
  const assignee = await recoveryAssignee(trx, conversation);
  const taskId = newId();
  const inserted = await insertRecoveryTask(trx, {
    id: taskId,
    account_id: survey.account_id,
    conversation_id: survey.conversation_id,
    survey_id: survey.id,
    assignee_user_id: assignee,
    status: 'open',
    resolution_note: null,
    closed_by_user_id: null,
    closed_at: null,
    created_at: at,
  });
  if (!inserted) return;
  await record({
    accountId: survey.account_id,
    name: 'recovery_task.opened',
    payload: {
      taskId,
      conversationId: conversation.id,
      assigneeUserId: assignee,
      raisedByUserId: conversation.raised_by_user_id,
    },
    at,
  });
}

/**
 * Stores the customer's answer; it is committed before the caller hears "thank you". A second
 * answer within 24 hours of the first replaces it, later ones are refused. A poor score opens a
 * recovery task (once per survey).
 */
export async function answerSurvey(
  deps: Pick<SurveysDeps, 'db' | 'clock' | 'surveys' | 'events'>,
  input: { token: string; answer: SurveyAnswerBody },
): Promise<{ survey: PublicSurvey; changed: boolean }> {
  const at = deps.clock.now().toISOString();
  const secret = await surveySecret(deps);
  return withEvents(deps, async (trx, record) => {
    const survey = await surveyByToken(trx, secret, input.token);
    if (at > survey.expires_at) throw surveyErrors.expired(survey.expires_at);
    if (!canStillChange(survey.first_answered_at, at)) throw surveyErrors.alreadyAnswered();
    const answer = {
      csat: input.answer.csat,
      effort: input.answer.effort ?? null,
      comment: input.answer.comment?.length ? input.answer.comment : null,
    };
    await updateSurveyAnswer(trx, {
      accountId: survey.account_id,
      surveyId: survey.id,
      ...answer,
      firstAnsweredAt: survey.first_answered_at ?? at,
      at,
    });
    const conversation = await findConversationRow(trx, {
      accountId: survey.account_id,
      conversationId: survey.conversation_id,
    });
    await record({
      accountId: survey.account_id,
      name: 'survey.answered',
      payload: {
        surveyId: survey.id,
        conversationId: survey.conversation_id,
        ...answer,
        changed: survey.first_answered_at !== null,
        raisedByUserId: conversation?.raised_by_user_id ?? null,
      },
      at,
    });
    if (isPoorScore(answer)) await openRecoveryTask(trx, record, survey, at);
    const fresh = (await findSurveyRowById(trx, { surveyId: survey.id })) ?? survey;
    return { survey: await toPublicSurvey(trx, fresh), changed: survey.first_answered_at !== null };
  });
}

// ---------------------------------------------------------------------------------------------
// The desk's side: surveys and check-ins of a conversation, a customer's satisfaction, recovery.

export async function getConversationFollowUp(
  deps: Pick<SurveysDeps, 'db'>,
  caller: Caller,
  input: { conversationId: string },
) {
  const conversation = await getVisibleConversationRow(deps.db, caller, input.conversationId);
  const [surveys, checkIns] = await Promise.all([
    listSurveys(deps.db, { accountId: caller.accountId, conversationId: conversation.id }),
    listCheckIns(deps.db, { accountId: caller.accountId, conversationId: conversation.id }),
  ]);
  return { surveys, checkIns };
}

export async function getCustomerSurveys(deps: Pick<SurveysDeps, 'db'>, caller: Caller, input: { customerId: string }) {
  const customer = await findCustomerRow(deps.db, { accountId: caller.accountId, customerId: input.customerId });
  if (!customer) throw surveyErrors.customerNotFound();
  return { surveys: await listSurveys(deps.db, { accountId: caller.accountId, customerId: customer.id }) };
}

export async function getRecoveryTasks(
  deps: Pick<SurveysDeps, 'db'>,
  caller: Caller,
  query: { status?: 'open' | 'closed' | undefined; mine: 'true' | 'false' },
): Promise<{ recoveryTasks: RecoveryTask[] }> {
  return {
    recoveryTasks: await listRecoveryTasks(deps.db, {
      accountId: caller.accountId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.mine === 'true' ? { assigneeUserId: caller.userId } : {}),
    }),
  };
}

/** Closing a recovery task says what was done for the customer; the assignee or an admin. */
export async function closeRecoveryTask(
  deps: Pick<SurveysDeps, 'db' | 'clock' | 'events'>,
  caller: Caller,
  input: { taskId: string; note: string },
): Promise<{ recoveryTask: RecoveryTask }> {
  const at = deps.clock.now().toISOString();
  await withEvents(deps, async (trx, record) => {
    const task = await findRecoveryTaskRow(trx, { accountId: caller.accountId, taskId: input.taskId });
    if (!task) throw surveyErrors.recoveryTaskNotFound();
    if (task.status !== 'open') throw surveyErrors.recoveryTaskClosed();
    if (!(await closeRecoveryTaskRow(trx, { ...input, accountId: caller.accountId, userId: caller.userId, at })))
      throw surveyErrors.recoveryTaskClosed();
    await record({
      accountId: caller.accountId,
      name: 'recovery_task.closed',
      payload: { taskId: task.id, conversationId: task.conversation_id, closedBy: caller.userId },
      at,
    });
  });
  const [recoveryTask] = await listRecoveryTasks(deps.db, { accountId: caller.accountId, taskIds: [input.taskId] });
  if (!recoveryTask) throw surveyErrors.recoveryTaskNotFound();
  return { recoveryTask };
}
