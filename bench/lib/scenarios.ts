import { type ConversationListQuery, conversationListQuerySchema, type Role } from '@rapport/contracts';
import { sql } from 'kysely';
import type { Caller } from '../../apps/server/src/modules/auth/auth.service.ts';
import { createApiToken } from '../../apps/server/src/modules/auth/auth.service.ts';
import { listConversations } from '../../apps/server/src/modules/conversations/conversations.service.ts';
import { searchDesk } from '../../apps/server/src/modules/search/search.service.ts';
import { systemClock } from '../../apps/server/src/platform/clock.ts';
import type { Storage } from '../../apps/server/src/storage/connect.ts';
import { benchSlugPrefix } from './bench-db.ts';
import { type Latency, latencyOf, timeEach } from './measure.ts';
import type { BenchText } from './text.ts';

/** The people the scenarios act as, all in the big bench account. */
export interface Actors {
  accountId: string;
  admin: Caller;
  /** The agent with the most active conversations: the heaviest "mine" view. */
  busyAgent: Caller;
  advocate: Caller;
  /** A returning customer, for the customer page's list of conversations. */
  customerId: string;
  conversationCount: number;
}

const callerOf = (accountId: string, userId: string, role: Role): Caller => ({
  accountId,
  userId,
  role,
  via: 'session',
});

export async function findActors(storage: Storage): Promise<Actors> {
  const { db } = storage;
  const account = await db
    .selectFrom('accounts')
    .select('account_id')
    .where('slug', '=', `${benchSlugPrefix}main`)
    .executeTakeFirstOrThrow();
  const accountId = account.account_id;
  const admin = await db
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('role', '=', 'admin')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const busiest = await db
    .selectFrom('conversations')
    .select(['owner_user_id', (eb) => eb.fn.countAll().as('n')])
    .where('account_id', '=', accountId)
    .where('status', 'in', ['open', 'waiting_on_customer', 'waiting_on_us'])
    .where('owner_user_id', 'is not', null)
    .groupBy('owner_user_id')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  const advocate = await db
    .selectFrom('conversations')
    .select('raised_by_user_id')
    .where('account_id', '=', accountId)
    .where('raised_by_user_id', 'is not', null)
    .orderBy('last_message_at', 'desc')
    .executeTakeFirstOrThrow();
  const customer = await db
    .selectFrom('conversations')
    .select('customer_id')
    .where('account_id', '=', accountId)
    .orderBy('last_message_at', 'desc')
    .executeTakeFirstOrThrow();
  const counter = await db
    .selectFrom('account_counters')
    .select('value')
    .where('account_id', '=', accountId)
    .where('name', '=', 'conversation_number')
    .executeTakeFirstOrThrow();
  return {
    accountId,
    admin: callerOf(accountId, admin.id, 'admin'),
    busyAgent: callerOf(accountId, busiest.owner_user_id as string, 'agent'),
    advocate: callerOf(accountId, advocate.raised_by_user_id as string, 'advocate'),
    customerId: customer.customer_id,
    conversationCount: Number(counter.value),
  };
}

export interface TimedScenario {
  name: string;
  latency: Latency;
}

/** The inbox list as the web app asks for it, in-process through the service (hydration included). */
export async function measureInbox(storage: Storage, actors: Actors, iterations: number): Promise<TimedScenario[]> {
  const deps = { db: storage.db };
  const page = (caller: Caller, query: Partial<Record<keyof ConversationListQuery, string>>) => () =>
    listConversations(deps, caller, conversationListQuerySchema.parse(query));
  // The cursor of page 5 of "all", for a deep page.
  let cursor: string | null = null;
  for (let i = 0; i < 4; i++) {
    const result = await listConversations(
      deps,
      actors.admin,
      conversationListQuerySchema.parse(cursor ? { cursor } : {}),
    );
    cursor = result.nextCursor;
  }
  const scenarios: [string, () => Promise<unknown>][] = [
    ['Inbox: first page, all conversations', page(actors.admin, {})],
    ['Inbox: first page, active (status=active)', page(actors.admin, { status: 'active' })],
    ['Inbox: "mine" (busiest agent, active)', page(actors.busyAgent, { view: 'mine' })],
    ['Inbox: "team" (agent’s team, active)', page(actors.busyAgent, { view: 'team' })],
    ['Inbox: "unowned" (active, nobody owns)', page(actors.admin, { view: 'unowned' })],
    ['Inbox: waiting on us', page(actors.admin, { view: 'waiting_on_us' })],
    ['Inbox: tag=refund', page(actors.admin, { tag: 'refund' })],
    ['Inbox: channel=social, status=closed', page(actors.admin, { channel: 'social', status: 'closed' })],
    ['Inbox: page 5 of all (cursor)', page(actors.admin, cursor ? { cursor } : {})],
    ['Inbox: an advocate’s cases (raised_by_me)', page(actors.advocate, { view: 'raised_by_me' })],
    ['Inbox: an advocate’s "mine" (owns nothing)', page(actors.advocate, { view: 'mine' })],
    ['Inbox: one customer’s conversations', page(actors.admin, { customerId: actors.customerId })],
  ];
  const results: TimedScenario[] = [];
  for (const [name, run] of scenarios) {
    results.push({ name, latency: await timeEach(Array.from({ length: iterations }), run) });
  }
  return results;
}

/** What people type into the search box, drawn from the seeded data itself. */
export async function buildSearchQueries(
  storage: Storage,
  actors: Actors,
  text: BenchText,
  perClass: number,
): Promise<Record<string, string[]>> {
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const wordsOf = (body: string) =>
    (body.toLowerCase().match(/\p{L}{4,}/gu) ?? []).filter((w) => !['https', 'http', 'that', 'this'].includes(w));
  const sentences = text.inbound.map(wordsOf).filter((words) => words.length >= 3);
  const repeat = (make: () => string | undefined) => {
    const list: string[] = [];
    for (let guard = 0; list.length < perClass && guard < perClass * 20; guard++) {
      const query = make();
      if (query) list.push(query);
    }
    return list;
  };
  const identities = await storage.db
    .selectFrom('customer_identities')
    .select('value')
    .where('account_id', '=', actors.accountId)
    .where('channel', '=', 'email')
    .orderBy(sql`random()`)
    .limit(perClass)
    .execute();
  const names = await storage.db
    .selectFrom('customers')
    .select('name')
    .where('account_id', '=', actors.accountId)
    .where('name', 'is not', null)
    .orderBy(sql`random()`)
    .limit(perClass)
    .execute();
  return {
    // Typing ahead: the first 3 to 5 letters of a word people use.
    'type-ahead (one word prefix)': repeat(() => {
      const word = pick(pick(sentences));
      return word.slice(0, 3 + Math.floor(next() * 3));
    }),
    'one whole word': repeat(() => `${pick(pick(sentences))} `),
    'two words': repeat(() => {
      const words = pick(sentences);
      const at = Math.floor(next() * (words.length - 1));
      return `${words[at]} ${words[at + 1]}`;
    }),
    'three words': repeat(() => {
      const words = pick(sentences);
      const at = Math.floor(next() * (words.length - 2));
      return `${words[at]} ${words[at + 1]} ${words[at + 2]}`;
    }),
    'customer name': names.map((row) => row.name as string),
    'email prefix (name@)': identities.map((row) => `${row.value.split('@')[0]}@`),
    'conversation number': repeat(() => `#${1 + Math.floor(next() * actors.conversationCount)}`),
    warmup: repeat(() => {
      const words = pick(sentences);
      return next() < 0.5 ? (words[0] as string) : `${words[0]} ${words[1]}`;
    }).slice(0, 30),
  };
}

export async function measureSearch(
  storage: Storage,
  actors: Actors,
  queries: Record<string, string[]>,
): Promise<{ byClass: TimedScenario[]; all: Latency }> {
  const deps = { db: storage.db };
  const run = (q: string) => searchDesk(deps, actors.admin, { q, limit: 20 });
  const { warmup = [], ...classes } = queries;
  // Warm the caches on other queries, so each measured query runs once, as a person's would.
  await timeEach(warmup, run, { warmup: 0 });
  const byClass: TimedScenario[] = [];
  const all: number[] = [];
  for (const [name, list] of Object.entries(classes)) {
    const samples: number[] = [];
    for (const q of list) {
      const started = performance.now();
      await run(q);
      samples.push(performance.now() - started);
    }
    byClass.push({ name: `Search: ${name}`, latency: latencyOf(samples) });
    all.push(...samples);
  }
  return { byClass, all: latencyOf(all) };
}

/** An API token of the bench admin, for the HTTP scenarios. */
export async function benchApiToken(storage: Storage, actors: Actors): Promise<string> {
  const { token } = await createApiToken(
    { db: storage.db, clock: systemClock },
    { accountId: actors.accountId, userId: actors.admin.userId, name: 'bench', actorUserId: null },
  );
  return token;
}

/** Active conversations to post inbound messages to: the HTTP scenario spreads writes over them. */
export async function openConversationIds(storage: Storage, actors: Actors, count: number): Promise<string[]> {
  const rows = await storage.db
    .selectFrom('conversations')
    .select('id')
    .where('account_id', '=', actors.accountId)
    .where('status', 'in', ['open', 'waiting_on_us'])
    .orderBy('last_message_at', 'desc')
    .limit(count)
    .execute();
  return rows.map((row) => row.id);
}
