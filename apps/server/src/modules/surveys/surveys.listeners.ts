import type { Kysely } from 'kysely';
import type { JobQueue } from '../../jobs/queue.ts';
import type { DurableListener } from '../../platform/events/dispatcher.ts';
import type { DomainEvent } from '../../platform/events/events.ts';
import { newId } from '../../platform/ids.ts';
import type { Database } from '../../storage/database.ts';
import { findConversationRow } from '../conversations/conversations.repository.ts';
import { insertNotifications } from '../notifications/notifications.repository.ts';
import { findCheckInRow, findFollowUpSettings, insertCheckIn } from './surveys.repository.ts';
import { checkInDueAt } from './surveys.rules.ts';
import { checkInJob, sendSurveyJob } from './surveys.service.ts';

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * After a resolution: schedules the check-in (N days later, in the inbox's daytime) and, when the
 * inbox asks for it, the survey right away. A re-dispatched event finds its check-in and its
 * jobs already there. A poor score's recovery task is announced to whoever must act on it.
 */
export function surveysListener(deps: { db: Kysely<Database>; jobs: JobQueue }): DurableListener {
  const handled = new Set(['conversation.resolved', 'recovery_task.opened']);
  return {
    name: 'surveys',
    handles: (name) => handled.has(name),
    async handle(event: DomainEvent) {
      const p = event.payload as Record<string, unknown>;
      const conversationId = str(p.conversationId) ?? '';
      if (event.name === 'recovery_task.opened') {
        const conversation = await findConversationRow(deps.db, { accountId: event.accountId, conversationId });
        const assignee = str(p.assigneeUserId);
        await insertNotifications(deps.db, {
          accountId: event.accountId,
          userIds: assignee ? [assignee] : [],
          kind: event.name,
          conversationId,
          body: `A customer answered the survey on conversation ${conversation?.number ?? ''} with a poor score. Reach out and put it right; the recovery task has their comment.`,
          sourceEventId: event.id,
          at: event.at,
        });
        return;
      }
      const conversation = await findConversationRow(deps.db, { accountId: event.accountId, conversationId });
      if (!conversation) return;
      const resolvedAt = event.at;
      const settings = await findFollowUpSettings(deps.db, {
        accountId: event.accountId,
        inboxId: conversation.inbox_id,
      });
      if (settings.surveyTiming === 'at_resolution') {
        await deps.jobs.enqueue(
          sendSurveyJob,
          { accountId: event.accountId, conversationId, resolvedAt },
          { accountId: event.accountId, dedupeKey: `survey-at-resolution:${conversationId}:${resolvedAt}` },
        );
      }
      if (settings.checkInDays === 0) return;
      const inbox = await deps.db
        .selectFrom('inboxes')
        .innerJoin('accounts', 'accounts.account_id', 'inboxes.account_id')
        .select(['inboxes.time_zone', 'accounts.time_zone as account_time_zone'])
        .where('inboxes.account_id', '=', event.accountId)
        .where('inboxes.id', '=', conversation.inbox_id)
        .executeTakeFirst();
      const dueAt = checkInDueAt(
        resolvedAt,
        settings.checkInDays,
        inbox?.time_zone || inbox?.account_time_zone || 'UTC',
      );
      await insertCheckIn(deps.db, {
        id: newId(),
        account_id: event.accountId,
        conversation_id: conversationId,
        resolved_at: resolvedAt,
        due_at: dueAt,
        status: 'scheduled',
        skipped_reason: null,
        message_id: null,
        created_at: event.at,
        done_at: null,
      });
      const checkIn = await findCheckInRow(deps.db, { accountId: event.accountId, conversationId, resolvedAt });
      if (checkIn?.status !== 'scheduled') return;
      await deps.jobs.enqueue(
        checkInJob,
        { accountId: event.accountId, checkInId: checkIn.id },
        { accountId: event.accountId, runAt: checkIn.due_at, dedupeKey: `check-in:${checkIn.id}` },
      );
    },
  };
}
