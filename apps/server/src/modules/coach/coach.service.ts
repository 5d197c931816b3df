import {
  type AccountPhrase,
  type ConversationMessage,
  conversationFrustration,
  type Finding,
  type ReviewContext,
  review,
} from '@rapport/coach';
import type {
  CoachDismissalBody,
  CoachPhrase,
  CoachReviewBody,
  ConversationFrustration,
  coachDismissalReasons,
  coachPhraseCategories,
} from '@rapport/contracts';
import { coachDismissalReasons as dismissalReasons } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { Database } from '../../storage/database.ts';
import { toCount } from '../../storage/dialect.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { Caller } from '../auth/auth.service.ts';
import { getVisibleConversationRow } from '../conversations/conversations.service.ts';
import { coachErrors } from './coach.errors.ts';
import {
  countDismissals,
  findCustomerContext,
  findInboxTimeZone,
  findPhraseRow,
  insertDismissalRow,
  insertPhraseRow,
  listPhraseRows,
  recentConversationMessages,
} from './coach.repository.ts';
import type { CoachPhraseRow } from './coach.tables.ts';

export interface CoachDeps {
  db: Kysely<Database>;
  clock: Clock;
}

type PhraseCategory = (typeof coachPhraseCategories)[number];
type DismissalReason = (typeof coachDismissalReasons)[number];

/** How much of the conversation a review or a frustration reading looks at. */
const RECENT_MESSAGES = 40;
const RECENT_CUSTOMER_MESSAGES = 5;
const EARLIER_REPLIES = 10;

function toPhrase(row: CoachPhraseRow): CoachPhrase {
  return {
    id: row.id,
    phrase: row.phrase,
    category: row.category as PhraseCategory,
    reason: row.reason,
    rewrite: row.rewrite,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toAccountPhrase(row: CoachPhraseRow): AccountPhrase {
  return {
    id: row.id,
    phrase: row.phrase,
    category: row.category as PhraseCategory,
    reason: row.reason,
    rewrite: row.rewrite,
  };
}

function toConversationMessages(
  rows: { direction: string; body: string; created_at: string }[],
): ConversationMessage[] {
  return rows.map((row) => ({
    direction: row.direction as ConversationMessage['direction'],
    body: row.body,
    at: row.created_at,
  }));
}

/**
 * Reviews a draft with the account's phrases. With a conversation, its customer's name and time
 * zone (else the inbox's), their recent messages and the replies already sent become the context.
 */
export async function reviewDraft(
  deps: CoachDeps,
  caller: Caller,
  input: CoachReviewBody,
): Promise<{ findings: Finding[] }> {
  const context: ReviewContext = {
    now: deps.clock.now(),
    accountPhrases: (await listPhraseRows(deps.db, { accountId: caller.accountId })).map(toAccountPhrase),
  };
  if (input.conversationId) {
    const conversation = await getVisibleConversationRow(deps.db, caller, input.conversationId);
    const [customer, inboxZone, messages] = await Promise.all([
      findCustomerContext(deps.db, { accountId: caller.accountId, customerId: conversation.customer_id }),
      findInboxTimeZone(deps.db, { accountId: caller.accountId, inboxId: conversation.inbox_id }),
      recentConversationMessages(deps.db, {
        accountId: caller.accountId,
        conversationId: conversation.id,
        limit: RECENT_MESSAGES,
      }),
    ]);
    context.customerName = customer?.name ?? null;
    const timeZone = customer?.time_zone ?? inboxZone;
    if (timeZone) context.timeZone = timeZone;
    context.recentCustomerMessages = messages
      .filter((m) => m.direction === 'inbound')
      .slice(-RECENT_CUSTOMER_MESSAGES)
      .map((m) => m.body);
    context.previousAgentReplies = messages
      .filter((m) => m.direction === 'outbound')
      .slice(-EARLIER_REPLIES)
      .map((m) => m.body);
  }
  if (input.customerName !== undefined) context.customerName = input.customerName;
  if (input.timeZone !== undefined) context.timeZone = input.timeZone;
  if (input.savedReplyEditedShare !== undefined) {
    context.fromSavedReply = { editedShare: input.savedReplyEditedShare };
  }
  return { findings: review(input.draft, context) };
}

/** How frustrated the customer of a conversation seems now; for the people serving them only. */
export async function readConversationFrustration(
  deps: CoachDeps,
  caller: Caller,
  input: { conversationId: string },
): Promise<{ frustration: ConversationFrustration }> {
  const conversation = await getVisibleConversationRow(deps.db, caller, input.conversationId);
  const messages = await recentConversationMessages(deps.db, {
    accountId: caller.accountId,
    conversationId: conversation.id,
    limit: RECENT_MESSAGES,
  });
  return { frustration: conversationFrustration(toConversationMessages(messages), deps.clock.now()) };
}

export async function listCoachPhrases(deps: Pick<CoachDeps, 'db'>, caller: Caller) {
  const rows = await listPhraseRows(deps.db, { accountId: caller.accountId });
  return { phrases: rows.map(toPhrase) };
}

type PhraseInput = { phrase: string; category: PhraseCategory; reason: string; rewrite: string };

function sameWords(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/\s+/g, ' ')
      .trim();
  return norm(a) === norm(b);
}

export async function createCoachPhrase(deps: CoachDeps, caller: Caller, input: PhraseInput) {
  const at = deps.clock.now().toISOString();
  const row: CoachPhraseRow = {
    id: newId(),
    account_id: caller.accountId,
    phrase: input.phrase,
    category: input.category,
    reason: input.reason,
    rewrite: input.rewrite,
    created_by: caller.userId,
    created_at: at,
    updated_at: at,
  };
  await deps.db.transaction().execute(async (trx) => {
    const existing = await listPhraseRows(trx, { accountId: caller.accountId });
    if (existing.some((other) => sameWords(other.phrase, input.phrase))) throw coachErrors.phraseExists(input.phrase);
    await insertPhraseRow(trx, row);
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'coach_phrase.created',
      subjectType: 'coach_phrase',
      subjectId: row.id,
      data: { phrase: input.phrase, category: input.category },
      at,
    });
  });
  return { phrase: toPhrase(row) };
}

export async function updateCoachPhrase(
  deps: CoachDeps,
  caller: Caller,
  input: { id: string } & { [K in keyof PhraseInput]?: PhraseInput[K] | undefined },
) {
  const at = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const row = await findPhraseRow(trx, { accountId: caller.accountId, id: input.id });
    if (!row) throw coachErrors.phraseNotFound();
    if (input.phrase !== undefined) {
      const phrase = input.phrase;
      const existing = await listPhraseRows(trx, { accountId: caller.accountId });
      if (existing.some((other) => other.id !== row.id && sameWords(other.phrase, phrase))) {
        throw coachErrors.phraseExists(phrase);
      }
    }
    const changes = {
      ...(input.phrase !== undefined ? { phrase: input.phrase } : {}),
      ...(input.category !== undefined ? { category: input.category } : {}),
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
      ...(input.rewrite !== undefined ? { rewrite: input.rewrite } : {}),
      updated_at: at,
    };
    await trx
      .updateTable('coach_phrases')
      .set(changes)
      .where('account_id', '=', caller.accountId)
      .where('id', '=', row.id)
      .execute();
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'coach_phrase.updated',
      subjectType: 'coach_phrase',
      subjectId: row.id,
      data: { phrase: input.phrase ?? row.phrase },
      at,
    });
    return { phrase: toPhrase({ ...row, ...changes }) };
  });
}

export async function deleteCoachPhrase(deps: CoachDeps, caller: Caller, input: { id: string }) {
  const at = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const row = await findPhraseRow(trx, { accountId: caller.accountId, id: input.id });
    if (!row) throw coachErrors.phraseNotFound();
    await trx.deleteFrom('coach_phrases').where('account_id', '=', caller.accountId).where('id', '=', row.id).execute();
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'coach_phrase.deleted',
      subjectType: 'coach_phrase',
      subjectId: row.id,
      data: { phrase: row.phrase },
      at,
    });
  });
}

/** Records that an agent set a finding aside and why. The user is kept for audit, never ranked. */
export async function recordDismissal(deps: CoachDeps, caller: Caller, input: CoachDismissalBody) {
  if (input.conversationId) await getVisibleConversationRow(deps.db, caller, input.conversationId);
  const row = {
    id: newId(),
    account_id: caller.accountId,
    rule_id: input.ruleId,
    reason: input.reason,
    note: input.note ?? null,
    conversation_id: input.conversationId ?? null,
    user_id: caller.userId,
    created_at: deps.clock.now().toISOString(),
  };
  await insertDismissalRow(deps.db, row);
  return {
    dismissal: {
      id: row.id,
      ruleId: row.rule_id,
      reason: input.reason,
      conversationId: row.conversation_id,
      createdAt: row.created_at,
    },
  };
}

/** Dismissals per rule, most dismissed first: where the rules need work. */
export async function summariseDismissals(deps: Pick<CoachDeps, 'db'>, caller: Caller) {
  const counts = await countDismissals(deps.db, { accountId: caller.accountId });
  const byRule = new Map<string, { ruleId: string; total: number; reasons: Record<DismissalReason, number> }>();
  for (const row of counts) {
    const entry = byRule.get(row.rule_id) ?? {
      ruleId: row.rule_id,
      total: 0,
      reasons: Object.fromEntries(dismissalReasons.map((r) => [r, 0])) as Record<DismissalReason, number>,
    };
    const count = toCount(row.count);
    entry.total += count;
    if ((dismissalReasons as readonly string[]).includes(row.reason))
      entry.reasons[row.reason as DismissalReason] += count;
    byRule.set(row.rule_id, entry);
  }
  return { rules: [...byRule.values()].sort((a, b) => b.total - a.total || a.ruleId.localeCompare(b.ruleId)) };
}
