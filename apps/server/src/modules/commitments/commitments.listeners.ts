import type { Kysely } from 'kysely';
import type { JobQueue } from '../../jobs/queue.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DurableListener } from '../../platform/events/dispatcher.ts';
import type { DomainEvent } from '../../platform/events/events.ts';
import type { Database } from '../../storage/database.ts';
import { insertNotifications } from '../notifications/notifications.repository.ts';
import { breachCommitmentJob, remindCommitmentJob } from './commitments.service.ts';

type Payload = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function minutesText(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}

async function teamMemberIds(db: Kysely<Database>, accountId: string, teamId: string | null): Promise<string[]> {
  if (!teamId) return [];
  const rows = await db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select('team_members.user_id')
    .where('team_members.account_id', '=', accountId)
    .where('team_members.team_id', '=', teamId)
    .where('users.deactivated_at', 'is', null)
    .execute();
  return rows.map((row) => row.user_id);
}

/**
 * Schedules each new commitment's reminders and breach on the durable queue (dedupe keys make a
 * re-dispatched event harmless) and tells owners and teams when a promise needs them.
 */
export function commitmentsListener(deps: {
  db: Kysely<Database>;
  jobs: JobQueue;
  clock: Clock;
  reminderMinutes: readonly number[];
}): DurableListener {
  const handled = new Set(['commitment.created', 'commitment.reminder_due', 'commitment.broken']);
  return {
    name: 'commitments',
    handles: (name) => handled.has(name),
    async handle(event: DomainEvent) {
      const p = event.payload as Payload;
      const commitmentId = str(p.commitmentId) ?? '';
      const conversationId = str(p.conversationId);
      if (event.name === 'commitment.created') {
        const dueMs = Date.parse(str(p.dueAt) ?? '');
        const now = deps.clock.now().getTime();
        for (const minutes of deps.reminderMinutes) {
          const runAt = dueMs - minutes * 60_000;
          // A promise made 30 minutes before its due time gets the 15-minute reminder only.
          if (runAt <= now) continue;
          await deps.jobs.enqueue(
            remindCommitmentJob,
            { accountId: event.accountId, commitmentId, minutesBefore: minutes },
            {
              accountId: event.accountId,
              runAt: new Date(runAt),
              dedupeKey: `commitment-remind:${commitmentId}:${minutes}`,
            },
          );
        }
        await deps.jobs.enqueue(
          breachCommitmentJob,
          { accountId: event.accountId, commitmentId },
          { accountId: event.accountId, runAt: new Date(dueMs), dedupeKey: `commitment-breach:${commitmentId}` },
        );
        return;
      }
      const commitment = await deps.db
        .selectFrom('commitments')
        .innerJoin('conversations', 'conversations.id', 'commitments.conversation_id')
        .select(['commitments.what', 'conversations.number'])
        .where('commitments.account_id', '=', event.accountId)
        .where('commitments.id', '=', commitmentId)
        .executeTakeFirst();
      if (!commitment) return;
      const label = `“${commitment.what}” (conversation ${commitment.number})`;
      const owner = str(p.ownerUserId);
      const team = await teamMemberIds(deps.db, event.accountId, str(p.teamId));
      const notify = (userIds: string[], body: string) =>
        insertNotifications(deps.db, {
          accountId: event.accountId,
          userIds,
          kind: event.name,
          conversationId,
          body,
          sourceEventId: event.id,
          at: event.at,
        });
      if (event.name === 'commitment.reminder_due') {
        const minutes = Number(p.minutesBefore ?? 0);
        await notify(
          owner ? [owner] : team,
          `Your promise ${label} falls due in ${minutesText(minutes)}. Keep it now, or tell the customer before it lapses.`,
        );
      } else {
        await notify(
          owner ? [owner] : [],
          `Your promise ${label} was not kept by its due time. Tell the customer what happens now.`,
        );
        await notify(
          team.filter((id) => id !== owner),
          `A promise to a customer was broken: ${label}. Its owner has been told.`,
        );
      }
    },
  };
}
