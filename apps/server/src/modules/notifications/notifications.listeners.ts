import type { Kysely } from 'kysely';
import type { DurableListener } from '../../platform/events/dispatcher.ts';
import type { DomainEvent } from '../../platform/events/events.ts';
import type { Database } from '../../storage/database.ts';
import { insertNotifications } from './notifications.repository.ts';

type Payload = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

async function conversationLabel(
  db: Kysely<Database>,
  accountId: string,
  conversationId: string | null,
): Promise<string> {
  if (!conversationId) return 'a conversation';
  const row = await db
    .selectFrom('conversations')
    .select(['number', 'subject'])
    .where('account_id', '=', accountId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  return row ? `conversation ${row.number} (“${row.subject}”)` : 'a conversation';
}

async function userName(db: Kysely<Database>, accountId: string, userId: string | null): Promise<string> {
  if (!userId) return 'Someone';
  const row = await db
    .selectFrom('users')
    .select('name')
    .where('account_id', '=', accountId)
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.name ?? 'Someone';
}

async function teamMembers(db: Kysely<Database>, accountId: string, teamId: string | null): Promise<string[]> {
  if (!teamId) return [];
  const rows = await db
    .selectFrom('team_members')
    .select('user_id')
    .where('account_id', '=', accountId)
    .where('team_id', '=', teamId)
    .execute();
  return rows.map((row) => row.user_id);
}

/** Who hears about what: the people a change concerns, told in a sentence. */
export function notificationsListener(deps: { db: Kysely<Database> }): DurableListener {
  const handled = new Set([
    'handoff.requested',
    'handoff.reminded',
    'handoff.accepted',
    'handoff.declined',
    'conversation.resolved',
    'quote.lapsing',
  ]);
  return {
    name: 'notifications',
    handles: (name) => handled.has(name),
    async handle(event: DomainEvent) {
      const p = event.payload as Payload;
      const conversationId = str(p.conversationId);
      const label = await conversationLabel(deps.db, event.accountId, conversationId);
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
      switch (event.name) {
        case 'handoff.requested': {
          const receivers = str(p.toUserId)
            ? [str(p.toUserId) as string]
            : await teamMembers(deps.db, event.accountId, str(p.toTeamId));
          const from = await userName(deps.db, event.accountId, str(p.fromUserId));
          await notify(
            receivers.filter((id) => id !== p.fromUserId),
            `${from} asks you to take ${label}.`,
          );
          break;
        }
        case 'handoff.reminded': {
          const userIds = Array.isArray(p.userIds)
            ? p.userIds.filter((id): id is string => typeof id === 'string')
            : [];
          const body =
            p.who === 'sender'
              ? `Nobody has accepted your handoff of ${label} yet. You are still its owner.`
              : `A handoff of ${label} is still waiting for your answer.`;
          await notify(userIds, body);
          break;
        }
        case 'handoff.accepted': {
          const by = await userName(deps.db, event.accountId, str(p.toUserId));
          await notify(
            [str(p.fromUserId)].filter((id): id is string => !!id),
            `${by} accepted your handoff of ${label}.`,
          );
          break;
        }
        case 'handoff.declined': {
          const by = await userName(deps.db, event.accountId, str(p.declinedBy));
          await notify(
            [str(p.fromUserId)].filter((id): id is string => !!id),
            `${by} declined your handoff of ${label}: ${str(p.reason) ?? ''}`,
          );
          break;
        }
        case 'quote.lapsing': {
          // The owner if someone has it; otherwise everyone on the team that owns it.
          const owner = str(p.ownerUserId);
          const userIds = owner ? [owner] : await teamMembers(deps.db, event.accountId, str(p.teamId));
          const quoted = Math.round(Number(p.quotedWaitMs) / 60_000);
          await notify(
            userIds,
            `Nobody has answered ${label} yet and its reply estimate (${quoted} min) is about to lapse. The customer was given an honest update with a new estimate.`,
          );
          break;
        }
        case 'conversation.resolved': {
          const raisedBy = str(p.raisedByUserId);
          if (raisedBy) await notify([raisedBy], `The case you raised, ${label}, was resolved.`);
          break;
        }
      }
    },
  };
}
