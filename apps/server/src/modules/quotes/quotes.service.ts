import type { Channel, ConversationQuote, ConversationStatus, WidgetKeptRate, WidgetQuote } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { defineJob, type JobQueue } from '../../jobs/queue.ts';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import { withEvents } from '../../platform/events/with-events.ts';
import { newId } from '../../platform/ids.ts';
import type { Database, Executor } from '../../storage/database.ts';
import type { Caller } from '../auth/auth.service.ts';
import type { QuoteProvider } from '../channels/acknowledgement.rules.ts';
import {
  findConversationRow,
  insertMessage,
  updateConversationRow,
} from '../conversations/conversations.repository.ts';
import { isActive } from '../conversations/conversations.rules.ts';
import { getVisibleConversationRow } from '../conversations/conversations.service.ts';
import { findInbox } from '../inboxes/inboxes.repository.ts';
import { businessMsBetween } from '../inboxes/inboxes.rules.ts';
import {
  countQuoteOutcomes,
  findQuoteOfConversation,
  insertQuote,
  listResponseHistory,
  markLapseNotified,
  settleQuote,
} from './quotes.repository.ts';
import {
  customerLanguage,
  historyFrom,
  isQuoteKept,
  lapseUpdateMessage,
  type Quote,
  type QuoteSample,
  quoteResponse,
  quoteSentence,
  reviseQuote,
} from './quotes.rules.ts';
import type { QuoteRow } from './quotes.tables.ts';

export interface QuotesDeps {
  db: Kysely<Database>;
  clock: Clock;
  events: Pick<EventBus, 'publish'>;
  jobs: JobQueue;
}

const DAY = 24 * 60 * 60_000;
// Four weeks cover every hour of the week four times; older history says less about today's team.
export const HISTORY_DAYS = 28;
const HISTORY_LIMIT = 2000;
// Below this many settled quotes, a kept rate would be noise rather than information.
export const KEPT_RATE_MIN_QUOTES = 5;

interface InboxHours {
  id: string;
  timeZone: string;
  businessHours: Parameters<typeof quoteResponse>[0]['businessHours'];
}

async function getInboxHours(db: Executor, accountId: string, inboxId: string): Promise<InboxHours> {
  const found = await findInbox(db, { accountId, inboxId });
  if (!found) throw new Error(`inbox ${inboxId} not found`);
  return found.inbox;
}

/** The waits of an inbox's recent conversations on one channel, in open time (see historyFrom). */
export async function loadQuoteHistory(
  db: Executor,
  input: { accountId: string; inbox: InboxHours; channel: Channel; at: number },
): Promise<QuoteSample[]> {
  const rows = await listResponseHistory(db, {
    accountId: input.accountId,
    inboxId: input.inbox.id,
    channel: input.channel,
    since: new Date(input.at - HISTORY_DAYS * DAY).toISOString(),
    limit: HISTORY_LIMIT,
  });
  return historyFrom(
    rows.map((row) => ({
      arrivedAt: Date.parse(row.created_at),
      answeredAt: row.first_human_response_at ? Date.parse(row.first_human_response_at) : null,
      waiting: isActive(row.status as ConversationStatus),
    })),
    { at: input.at, businessHours: input.inbox.businessHours, timeZone: input.inbox.timeZone },
  );
}

/** What a customer writing to this inbox now would be quoted (nothing is stored). */
export async function previewQuote(
  deps: Pick<QuotesDeps, 'db' | 'clock'>,
  input: { accountId: string; inboxId: string; channel: Channel },
): Promise<Quote> {
  const at = deps.clock.now().getTime();
  const inbox = await getInboxHours(deps.db, input.accountId, input.inboxId);
  const history = await loadQuoteHistory(deps.db, { accountId: input.accountId, inbox, channel: input.channel, at });
  return quoteResponse({ history, at, businessHours: inbox.businessHours, timeZone: inbox.timeZone });
}

export function toWidgetQuote(source: QuoteRow | Quote): WidgetQuote {
  if ('conversation_id' in source) {
    return {
      waitMs: Number(source.wait_ms),
      dueAt: source.due_at,
      backAt: source.back_at,
      basis: source.basis,
      revisedDueAt: source.revised_due_at,
      answered: source.first_response_at !== null,
    };
  }
  return {
    waitMs: source.waitMs,
    dueAt: new Date(source.dueAt).toISOString(),
    backAt: source.backAt === null ? null : new Date(source.backAt).toISOString(),
    basis: source.basis,
    revisedDueAt: null,
    answered: false,
  };
}

export const quoteLapseJob = defineJob({
  name: 'quotes.check_lapse',
  payload: z.object({ accountId: z.string(), conversationId: z.string() }),
  // The handler is bound to its dependencies by quotesJobs(); this default is never run.
  handler: async () => {
    throw new Error('quotes.check_lapse needs quotesJobs(deps)');
  },
});

/**
 * Quotes a conversation at its first customer message and stores the quote on it, then schedules
 * the lapse check. A conversation keeps its first quote: calling again returns it.
 */
export async function issueQuote(
  deps: QuotesDeps,
  input: { accountId: string; conversationId: string },
): Promise<{ quote: QuoteRow }> {
  const existing = await findQuoteOfConversation(deps.db, input);
  if (existing) return { quote: existing };
  const conversation = await findConversationRow(deps.db, input);
  if (!conversation) throw new Error(`conversation ${input.conversationId} not found`);
  const at = deps.clock.now().getTime();
  const inbox = await getInboxHours(deps.db, input.accountId, conversation.inbox_id);
  const history = await loadQuoteHistory(deps.db, {
    accountId: input.accountId,
    inbox,
    channel: conversation.channel,
    at,
  });
  const quote = quoteResponse({ history, at, businessHours: inbox.businessHours, timeZone: inbox.timeZone });
  const iso = (ms: number) => new Date(ms).toISOString();
  const row: QuoteRow = {
    id: newId(),
    account_id: input.accountId,
    conversation_id: conversation.id,
    inbox_id: conversation.inbox_id,
    channel: conversation.channel,
    basis: quote.basis,
    sample_size: quote.sampleSize,
    wait_ms: quote.waitMs,
    quoted_at: iso(at),
    back_at: quote.backAt === null ? null : iso(quote.backAt),
    due_at: iso(quote.dueAt),
    lapse_at: iso(quote.lapseAt),
    first_response_at: null,
    kept: null,
    lapse_notified_at: null,
    revised_wait_ms: null,
    revised_due_at: null,
  };
  await withEvents(deps, async (trx, record) => {
    await insertQuote(trx, row);
    const stored = await findQuoteOfConversation(trx, input);
    if (stored?.id !== row.id) return;
    await record({
      accountId: input.accountId,
      name: 'quote.issued',
      payload: { conversationId: conversation.id, quoteId: row.id, dueAt: row.due_at, raisedByUserId: null },
      at: row.quoted_at,
    });
  });
  const stored = await findQuoteOfConversation(deps.db, input);
  if (!stored) throw new Error('quote not stored');
  if (stored.id === row.id) {
    await deps.jobs.enqueue(
      quoteLapseJob,
      { accountId: input.accountId, conversationId: conversation.id },
      { accountId: input.accountId, runAt: stored.lapse_at, dedupeKey: `quote-lapse:${stored.id}` },
    );
  }
  return { quote: stored };
}

/**
 * Records whether the first human response came within the quote; called when a person answers.
 * Safe to call again: a settled quote stays as it was.
 */
export async function recordFirstResponse(
  deps: Pick<QuotesDeps, 'db' | 'events'>,
  input: { accountId: string; conversationId: string },
): Promise<void> {
  await withEvents(deps, async (trx, record) => {
    const conversation = await findConversationRow(trx, input);
    if (!conversation?.first_human_response_at) return;
    const quote = await findQuoteOfConversation(trx, input);
    if (!quote || quote.first_response_at) return;
    const kept = isQuoteKept({ dueAt: Date.parse(quote.due_at) }, Date.parse(conversation.first_human_response_at));
    if (
      !(await settleQuote(trx, {
        accountId: input.accountId,
        quoteId: quote.id,
        firstResponseAt: conversation.first_human_response_at,
        kept,
      }))
    )
      return;
    await record({
      accountId: input.accountId,
      name: 'quote.settled',
      payload: { conversationId: conversation.id, quoteId: quote.id, kept, raisedByUserId: null },
      at: conversation.first_human_response_at,
    });
  });
}

/** How many of this inbox's quotes of the last seven days were kept (null while too few to say). */
export async function quoteKeptRate(
  deps: Pick<QuotesDeps, 'db' | 'clock'>,
  input: { accountId: string; inboxId: string },
): Promise<WidgetKeptRate | null> {
  const now = deps.clock.now().getTime();
  const outcomes = await countQuoteOutcomes(deps.db, {
    accountId: input.accountId,
    inboxId: input.inboxId,
    since: new Date(now - 7 * DAY).toISOString(),
    now: new Date(now).toISOString(),
  });
  return outcomes.total >= KEPT_RATE_MIN_QUOTES ? outcomes : null;
}

/**
 * At the lapse point with nobody having answered: one honest update to the customer in their
 * channel with a new estimate, and an event the owning team is alerted by. Runs once per quote.
 */
export async function checkQuoteLapse(
  deps: Pick<QuotesDeps, 'db' | 'clock' | 'events'>,
  input: { accountId: string; conversationId: string },
): Promise<{ updated: boolean }> {
  const quote = await findQuoteOfConversation(deps.db, input);
  if (!quote || quote.first_response_at || quote.lapse_notified_at) return { updated: false };
  const conversation = await findConversationRow(deps.db, input);
  if (!conversation || !isActive(conversation.status)) return { updated: false };
  if (conversation.first_human_response_at) {
    await recordFirstResponse(deps, input);
    return { updated: false };
  }
  const now = deps.clock.now().getTime();
  const inbox = await getInboxHours(deps.db, input.accountId, conversation.inbox_id);
  const history = await loadQuoteHistory(deps.db, {
    accountId: input.accountId,
    inbox,
    channel: conversation.channel,
    at: now,
  });
  const revised = reviseQuote({
    history,
    at: now,
    businessHours: inbox.businessHours,
    timeZone: inbox.timeZone,
    waitedMs: businessMsBetween(inbox.businessHours, inbox.timeZone, Date.parse(quote.quoted_at), now),
  });
  // Never a new estimate earlier than the one given: an update only ever moves the promise out.
  const revisedDueAt = Math.max(revised.dueAt, Date.parse(quote.due_at));
  const at = new Date(now).toISOString();
  const updated = await withEvents(deps, async (trx, record) => {
    const customer = await trx
      .selectFrom('customers')
      .select(['language', 'time_zone'])
      .where('account_id', '=', input.accountId)
      .where('id', '=', conversation.customer_id)
      .executeTakeFirst();
    if (
      !(await markLapseNotified(trx, {
        accountId: input.accountId,
        quoteId: quote.id,
        at,
        revisedWaitMs: revised.waitMs,
        revisedDueAt: new Date(revisedDueAt).toISOString(),
      }))
    )
      return false;
    const body = lapseUpdateMessage({
      language: customerLanguage(customer?.language),
      timeZone: customer?.time_zone ?? inbox.timeZone,
      nowMs: now,
      dueAt: Date.parse(quote.due_at),
      revisedDueAt,
    });
    const { messageId } = await insertMessage(trx, {
      id: newId(),
      account_id: input.accountId,
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
      accountId: input.accountId,
      conversationId: conversation.id,
      changes: { last_message_at: at, updated_at: at },
    });
    await record({
      accountId: input.accountId,
      name: 'message.created',
      payload: { conversationId: conversation.id, messageId, direction: 'outbound', raisedByUserId: null },
      at,
    });
    await record({
      accountId: input.accountId,
      name: 'quote.lapsing',
      payload: {
        conversationId: conversation.id,
        quoteId: quote.id,
        ownerUserId: conversation.owner_user_id,
        teamId: conversation.owner_team_id,
        quotedWaitMs: Number(quote.wait_ms),
        dueAt: quote.due_at,
        revisedDueAt: new Date(revisedDueAt).toISOString(),
        raisedByUserId: null,
      },
      at,
    });
    return true;
  });
  return { updated };
}

/** The conversation's quote for someone who may see the conversation. */
export async function getConversationQuote(
  deps: Pick<QuotesDeps, 'db'>,
  caller: Caller,
  input: { conversationId: string },
): Promise<{ quote: ConversationQuote | null }> {
  const conversation = await getVisibleConversationRow(deps.db, caller, input.conversationId);
  const row = await findQuoteOfConversation(deps.db, { accountId: caller.accountId, conversationId: conversation.id });
  if (!row) return { quote: null };
  return {
    quote: {
      waitMs: Number(row.wait_ms),
      basis: row.basis,
      quotedAt: row.quoted_at,
      backAt: row.back_at,
      dueAt: row.due_at,
      firstResponseAt: row.first_response_at,
      kept: row.kept === null ? null : Number(row.kept) === 1,
      updatedAt: row.lapse_notified_at,
      revisedDueAt: row.revised_due_at,
    },
  };
}

/**
 * The honest quote for the other channels (the email acknowledgement): stored on the conversation
 * when there is one, so it is measured and its lapse watched as in the widget.
 */
export function historyQuotes(deps: QuotesDeps): QuoteProvider {
  return {
    async quoteFor(input) {
      const inbox = await getInboxHours(deps.db, input.accountId, input.inboxId);
      const quote = input.conversationId
        ? fromRow((await issueQuote(deps, { accountId: input.accountId, conversationId: input.conversationId })).quote)
        : await previewQuote(deps, {
            accountId: input.accountId,
            inboxId: input.inboxId,
            channel: input.channel as Channel,
          });
      return { sentence: quoteSentence(quote, { timeZone: inbox.timeZone, nowMs: input.at.getTime() }) };
    },
  };
}

function fromRow(row: QuoteRow): Pick<Quote, 'dueAt' | 'backAt'> {
  return { dueAt: Date.parse(row.due_at), backAt: row.back_at === null ? null : Date.parse(row.back_at) };
}

/** Job definitions of quotes, bound to their dependencies. */
export function quotesJobs(deps: Pick<QuotesDeps, 'db' | 'clock' | 'events'>) {
  return [
    {
      ...quoteLapseJob,
      async handler(payload: z.infer<typeof quoteLapseJob.payload>) {
        await checkQuoteLapse(deps, payload);
      },
    },
  ];
}
