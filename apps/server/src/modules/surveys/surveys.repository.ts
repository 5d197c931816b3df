import { defaultFollowUp, type FollowUpSettings, type RecoveryTask, type Survey } from '@rapport/contracts';
import type { Executor } from '../../storage/database.ts';
import type { CheckInRow, CheckInTable, RecoveryTaskTable, SurveyRow, SurveyTable } from './surveys.tables.ts';

export async function findFollowUpSettings(
  db: Executor,
  input: { accountId: string; inboxId: string },
): Promise<FollowUpSettings> {
  const row = await db
    .selectFrom('inbox_follow_up')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('inbox_id', '=', input.inboxId)
    .executeTakeFirst();
  return row
    ? { inboxId: row.inbox_id, checkInDays: Number(row.check_in_days), surveyTiming: row.survey_timing }
    : { inboxId: input.inboxId, ...defaultFollowUp };
}

export async function saveFollowUpSettings(
  db: Executor,
  input: { accountId: string; settings: FollowUpSettings; at: string },
): Promise<void> {
  const { settings } = input;
  await db
    .insertInto('inbox_follow_up')
    .values({
      inbox_id: settings.inboxId,
      account_id: input.accountId,
      check_in_days: settings.checkInDays,
      survey_timing: settings.surveyTiming,
      updated_at: input.at,
    })
    .onConflict((conflict) =>
      conflict.column('inbox_id').doUpdateSet({
        check_in_days: settings.checkInDays,
        survey_timing: settings.surveyTiming,
        updated_at: input.at,
      }),
    )
    .execute();
}

/** Inserts the check-in of one resolution; false when it exists already (a re-dispatched event). */
export async function insertCheckIn(db: Executor, row: CheckInTable): Promise<boolean> {
  const result = await db
    .insertInto('check_ins')
    .values(row)
    .onConflict((conflict) => conflict.columns(['conversation_id', 'resolved_at']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findCheckInRow(
  db: Executor,
  input: { accountId: string; checkInId?: string; conversationId?: string; resolvedAt?: string },
): Promise<CheckInRow | undefined> {
  let query = db.selectFrom('check_ins').selectAll().where('account_id', '=', input.accountId);
  if (input.checkInId) query = query.where('id', '=', input.checkInId);
  if (input.conversationId) query = query.where('conversation_id', '=', input.conversationId);
  if (input.resolvedAt) query = query.where('resolved_at', '=', input.resolvedAt);
  return query.executeTakeFirst();
}

/** Moves a scheduled check-in to sent or skipped; false when another run got there first. */
export async function finishCheckIn(
  db: Executor,
  input: {
    accountId: string;
    checkInId: string;
    status: 'sent' | 'skipped';
    messageId?: string;
    skippedReason?: string;
    at: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('check_ins')
    .set({
      status: input.status,
      message_id: input.messageId ?? null,
      skipped_reason: input.skippedReason ?? null,
      done_at: input.at,
    })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.checkInId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listCheckIns(db: Executor, input: { accountId: string; conversationId: string }) {
  const rows = await db
    .selectFrom('check_ins')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('conversation_id', '=', input.conversationId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    dueAt: row.due_at,
    status: row.status,
    skippedReason: row.skipped_reason,
    messageId: row.message_id,
  }));
}

/** Inserts the survey of one resolution, or returns the one already there. */
export async function insertOrFindSurvey(db: Executor, row: SurveyTable): Promise<SurveyRow> {
  await db
    .insertInto('surveys')
    .values(row)
    .onConflict((conflict) => conflict.columns(['conversation_id', 'resolved_at']).doNothing())
    .execute();
  const found = await db
    .selectFrom('surveys')
    .selectAll()
    .where('account_id', '=', row.account_id)
    .where('conversation_id', '=', row.conversation_id)
    .where('resolved_at', '=', row.resolved_at)
    .executeTakeFirstOrThrow();
  return found;
}

/** By id alone: the id comes out of a token whose signature was checked, and names its account. */
export async function findSurveyRowById(db: Executor, input: { surveyId: string }): Promise<SurveyRow | undefined> {
  return db.selectFrom('surveys').selectAll().where('id', '=', input.surveyId).executeTakeFirst();
}

export async function updateSurveyAnswer(
  db: Executor,
  input: {
    accountId: string;
    surveyId: string;
    csat: number;
    effort: number | null;
    comment: string | null;
    firstAnsweredAt: string;
    at: string;
  },
): Promise<void> {
  await db
    .updateTable('surveys')
    .set({
      csat: input.csat,
      effort: input.effort,
      comment: input.comment,
      first_answered_at: input.firstAnsweredAt,
      answered_at: input.at,
    })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.surveyId)
    .execute();
}

export function toSurvey(row: SurveyRow): Survey {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    customerId: row.customer_id,
    sentWith: row.sent_with,
    csat: row.csat === null ? null : Number(row.csat),
    effort: row.effort === null ? null : Number(row.effort),
    comment: row.comment,
    answeredAt: row.answered_at,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}

export async function listSurveys(
  db: Executor,
  input: { accountId: string; conversationId?: string; customerId?: string },
): Promise<Survey[]> {
  let query = db.selectFrom('surveys').selectAll().where('account_id', '=', input.accountId);
  if (input.conversationId) query = query.where('conversation_id', '=', input.conversationId);
  if (input.customerId) query = query.where('customer_id', '=', input.customerId);
  return (await query.orderBy('id', 'desc').limit(100).execute()).map(toSurvey);
}

/** One recovery task per survey; false when the survey has one already. */
export async function insertRecoveryTask(db: Executor, row: RecoveryTaskTable): Promise<boolean> {
  const result = await db
    .insertInto('recovery_tasks')
    .values(row)
    .onConflict((conflict) => conflict.column('survey_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findRecoveryTaskRow(db: Executor, input: { accountId: string; taskId: string }) {
  return db
    .selectFrom('recovery_tasks')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.taskId)
    .executeTakeFirst();
}

export async function closeRecoveryTaskRow(
  db: Executor,
  input: { accountId: string; taskId: string; note: string; userId: string; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('recovery_tasks')
    .set({ status: 'closed', resolution_note: input.note, closed_by_user_id: input.userId, closed_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.taskId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listRecoveryTasks(
  db: Executor,
  input: { accountId: string; taskIds?: string[]; status?: 'open' | 'closed'; assigneeUserId?: string },
): Promise<RecoveryTask[]> {
  let query = db
    .selectFrom('recovery_tasks as t')
    .innerJoin('surveys as s', 's.id', 't.survey_id')
    .innerJoin('conversations as v', 'v.id', 't.conversation_id')
    .innerJoin('customers as c', 'c.id', 'v.customer_id')
    .leftJoin('users as a', 'a.id', 't.assignee_user_id')
    .leftJoin('users as b', 'b.id', 't.closed_by_user_id')
    .select([
      't.id',
      't.conversation_id',
      't.survey_id',
      't.assignee_user_id',
      't.status',
      't.resolution_note',
      't.closed_by_user_id',
      't.closed_at',
      't.created_at',
      's.csat',
      's.effort',
      's.comment',
      'v.number',
      'v.subject',
      'c.id as customer_id',
      'c.name as customer_name',
      'a.name as assignee_name',
      'b.name as closed_by_name',
    ])
    .where('t.account_id', '=', input.accountId);
  if (input.taskIds) query = query.where('t.id', 'in', input.taskIds);
  if (input.status) query = query.where('t.status', '=', input.status);
  if (input.assigneeUserId) query = query.where('t.assignee_user_id', '=', input.assigneeUserId);
  const rows = await query.orderBy('t.id', 'desc').limit(200).execute();
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    conversationNumber: Number(row.number),
    subject: row.subject,
    customer: { id: row.customer_id, name: row.customer_name },
    surveyId: row.survey_id,
    csat: row.csat === null ? null : Number(row.csat),
    effort: row.effort === null ? null : Number(row.effort),
    comment: row.comment,
    assignee: row.assignee_user_id ? { id: row.assignee_user_id, name: row.assignee_name ?? '' } : null,
    status: row.status,
    resolutionNote: row.resolution_note,
    closedBy: row.closed_by_user_id ? { id: row.closed_by_user_id, name: row.closed_by_name ?? '' } : null,
    closedAt: row.closed_at,
    createdAt: row.created_at,
  }));
}
