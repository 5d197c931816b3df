import type { Channel, ConversationStatus, IdentityKind } from '@rapport/contracts';
import { defaultBusinessHours } from '@rapport/contracts';
import { sql } from 'kysely';
import type { Storage } from '../../apps/server/src/storage/connect.ts';
import { benchSlugPrefix } from './bench-db.ts';
import { type BulkWriter, openBulkWriter, type Row, uuidAt } from './bulk.ts';
import type { BenchText } from './text.ts';

/**
 * A desk's worth of data, in the shape the app itself writes: two accounts (a big one and a small
 * neighbour, so account scoping is exercised), teams, inboxes, agents, customers with identities,
 * and conversations spread over 18 months, newest busiest, each with about five messages. Rows go
 * in time order, as they would in production, so rowids and UUIDv7 ids both follow time.
 */
export interface SeedOptions {
  conversations: number;
  text: BenchText;
  now?: Date;
  log: (line: string) => void;
}

export interface SeedSummary {
  conversations: number;
  messages: number;
  customers: number;
  identities: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

const DAY = 86_400_000;
const SPAN_DAYS = 540;

const firstNames = [
  'Ada',
  'Amara',
  'Ana',
  'Arjun',
  'Aziz',
  'Bea',
  'Bruno',
  'Chen',
  'Chidi',
  'Clara',
  'Dara',
  'Dmitri',
  'Elif',
  'Emeka',
  'Eva',
  'Farah',
  'Felix',
  'Fern',
  'Gus',
  'Hana',
  'Hugo',
  'Ines',
  'Ivo',
  'Jamal',
  'Jia',
  'Jo',
  'Kai',
  'Kenji',
  'Kim',
  'Lars',
  'Layla',
  'Leo',
  'Lina',
  'Lu',
  'Malik',
  'Maya',
  'Mei',
  'Milan',
  'Mo',
  'Nadia',
  'Nia',
  'Noah',
  'Ola',
  'Omar',
  'Pia',
  'Priya',
  'Quinn',
  'Rae',
  'Ravi',
  'Rosa',
  'Sam',
  'Sana',
  'Sofia',
  'Tariq',
  'Tia',
  'Uma',
  'Vera',
  'Wen',
  'Yara',
  'Yusuf',
  'Zoe',
];
const lastNames = [
  'Abbott',
  'Adeyemi',
  'Alvarez',
  'Andersen',
  'Bauer',
  'Becker',
  'Bianchi',
  'Brennan',
  'Castro',
  'Chowdhury',
  'Costa',
  'Dubois',
  'Eze',
  'Fernandez',
  'Fischer',
  'Garcia',
  'Gupta',
  'Haddad',
  'Hansen',
  'Ito',
  'Jansen',
  'Kaur',
  'Khan',
  'Kim',
  'Kowalski',
  'Larsen',
  'Lee',
  'Lopez',
  'Mensah',
  'Moreau',
  'Müller',
  'Nakamura',
  'Nguyen',
  'Novak',
  'Okafor',
  'Oliveira',
  'Park',
  'Patel',
  'Petrov',
  'Quispe',
  'Rossi',
  'Santos',
  'Schmidt',
  'Silva',
  'Singh',
  'Sørensen',
  'Tanaka',
  'Tran',
  'Vance',
  'Wang',
  'Weber',
  'Whitlock',
  'Wójcik',
  'Yilmaz',
  'Zhang',
];
const domains = ['example.test', 'mail.example.test', 'inbox.example.test', 'post.example.test', 'corp.example.test'];
const tagNames = [
  'billing',
  'refund',
  'shipping',
  'bug',
  'feature-request',
  'vip',
  'cancellation',
  'login',
  'delivery',
];
const contactReasons = ['billing', 'delivery', 'account_access', 'product_question', 'complaint', 'cancellation'];
const teamNames = ['Support', 'Billing', 'Returns', 'VIP', 'Tier 2', 'Social'];
const inboxPlan: { name: string; channel: Channel; team: number; weight: number }[] = [
  { name: 'Support email', channel: 'email', team: 0, weight: 30 },
  { name: 'Billing email', channel: 'email', team: 1, weight: 12 },
  { name: 'Returns email', channel: 'email', team: 2, weight: 8 },
  { name: 'Website chat', channel: 'chat', team: 0, weight: 22 },
  { name: 'VIP chat', channel: 'chat', team: 3, weight: 4 },
  { name: 'Escalations', channel: 'api', team: 4, weight: 5 },
  { name: 'Social', channel: 'social', team: 5, weight: 12 },
  { name: 'Phone', channel: 'phone', team: 0, weight: 7 },
];

/** Small, fast, seeded: the same size gives the same desk, run after run. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T,
    chance: (p: number) => next() < p,
    weighted: <T extends { weight: number }>(list: readonly T[]): T => {
      const total = list.reduce((sum, item) => sum + item.weight, 0);
      let roll = next() * total;
      for (const item of list) {
        roll -= item.weight;
        if (roll < 0) return item;
      }
      return list[list.length - 1] as T;
    },
  };
}

function subjectFrom(body: string): string {
  const firstLine =
    body
      .split('\n')
      .find((line) => line.trim().length > 0)
      ?.trim() ?? '';
  return firstLine.length > 80 ? `${firstLine.slice(0, 77)}…` : firstLine || 'New conversation';
}

interface Desk {
  accountId: string;
  share: number;
  teams: string[];
  inboxes: { id: string; channel: Channel; teamIndex: number; weight: number }[];
  agentsByTeam: string[][];
  advocates: string[];
  customers: string[];
  number: number;
}

const columns = {
  customers: [
    'id',
    'account_id',
    'name',
    'language',
    'time_zone',
    'attributes',
    'merged_into_id',
    'created_at',
    'updated_at',
  ],
  customer_identities: ['id', 'account_id', 'customer_id', 'channel', 'value', 'created_at'],
  conversations: [
    'id',
    'account_id',
    'number',
    'inbox_id',
    'customer_id',
    'subject',
    'status',
    'priority',
    'channel',
    'owner_user_id',
    'owner_team_id',
    'version',
    'raised_by_user_id',
    'contact_reason',
    'reopen_count',
    'unowned_since',
    'unowned_ms',
    'last_message_at',
    'last_inbound_at',
    'first_human_response_at',
    'resolved_at',
    'closed_at',
    'created_at',
    'updated_at',
  ],
  conversation_tags: ['account_id', 'conversation_id', 'tag'],
  messages: [
    'id',
    'account_id',
    'conversation_id',
    'direction',
    'author_type',
    'author_user_id',
    'author_customer_id',
    'channel',
    'body',
    'external_id',
    'attachments',
    'created_at',
  ],
} as const;

async function createDesk(
  writer: BulkWriter,
  input: { slug: string; name: string; teams: number; agents: number; share: number; at: number },
): Promise<Desk> {
  const iso = new Date(input.at).toISOString();
  const accountId = uuidAt(input.at);
  const rng = random(input.slug.length * 7919);
  await writer.insert(
    'accounts',
    ['account_id', 'name', 'slug', 'time_zone', 'created_at'],
    [[accountId, input.name, input.slug, 'Europe/Paris', iso]],
  );
  const teams = teamNames.slice(0, input.teams).map(() => uuidAt(input.at));
  await writer.insert(
    'teams',
    ['id', 'account_id', 'name', 'description', 'created_at', 'updated_at'],
    teams.map((id, i) => [id, accountId, teamNames[i] as string, '', iso, iso]),
  );
  const inboxes = inboxPlan
    .filter((plan) => plan.team < input.teams)
    .map((plan) => ({ id: uuidAt(input.at), channel: plan.channel, teamIndex: plan.team, weight: plan.weight, plan }));
  await writer.insert(
    'inboxes',
    ['id', 'account_id', 'name', 'team_id', 'time_zone', 'business_hours', 'created_at', 'updated_at'],
    inboxes.map((inbox) => [
      inbox.id,
      accountId,
      inbox.plan.name,
      teams[inbox.teamIndex] as string,
      'Europe/Paris',
      JSON.stringify(defaultBusinessHours),
      iso,
      iso,
    ]),
  );
  const users: Row[] = [];
  const members: Row[] = [];
  const agentsByTeam: string[][] = teams.map(() => []);
  const advocates: string[] = [];
  const person = (role: string, i: number) => {
    const id = uuidAt(input.at);
    const name = `${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
    users.push([
      id,
      accountId,
      `${role}-${i}@${input.slug}.example.test`,
      name,
      role,
      null,
      null,
      null,
      null,
      iso,
      iso,
      role === 'advocate' ? 'offline' : 'online',
      8,
      null,
    ]);
    return id;
  };
  for (let i = 0; i < Math.max(1, Math.round(input.agents / 20)); i++) person('admin', i);
  for (let i = 0; i < input.agents; i++) {
    const id = person('agent', i);
    const team = i % teams.length;
    agentsByTeam[team]?.push(id);
    members.push([accountId, teams[team] as string, id, i < teams.length ? 1 : 0, iso]);
  }
  for (let i = 0; i < Math.max(1, Math.round(input.agents / 12)); i++) advocates.push(person('advocate', i));
  await writer.insert(
    'users',
    [
      'id',
      'account_id',
      'email',
      'name',
      'role',
      'password_hash',
      'time_zone',
      'deactivated_at',
      'last_sign_in_at',
      'created_at',
      'updated_at',
      'availability',
      'capacity',
      'last_assigned_at',
    ],
    users,
  );
  await writer.insert('team_members', ['account_id', 'team_id', 'user_id', 'is_lead', 'created_at'], members);
  return { accountId, share: input.share, teams, inboxes, agentsByTeam, advocates, customers: [], number: 0 };
}

/**
 * Search indexing kept row by row makes a bulk load quadratic-ish: SQLite's FTS5 flushes a small
 * segment at every statement and spends most of the load merging them; PostgreSQL's GIN indexes
 * grow one pending list at a time. The seeder drops the per-row indexing (the FTS5 insert
 * triggers, the GIN indexes), and `restore` puts back the exact definitions the migrations made
 * and builds each index once, from the whole table.
 */
async function setSearchIndexingAside(storage: Storage): Promise<{ restore(): Promise<void> }> {
  if (storage.sqlite) {
    const sqlite = storage.sqlite;
    const triggers = sqlite
      .prepare(
        "select name, sql from sqlite_master where type = 'trigger' and name like '%\\_fts\\_after\\_insert' escape '\\'",
      )
      .all() as { name: string; sql: string }[];
    for (const trigger of triggers) sqlite.exec(`drop trigger ${trigger.name}`);
    return {
      async restore() {
        for (const trigger of triggers) {
          sqlite.exec(trigger.sql);
          const fts = trigger.name.replace(/_after_insert$/, '');
          // One big in-memory hash per flush instead of 1 MB: few segments, little merging.
          sqlite.exec(`insert into ${fts}(${fts}, rank) values ('hashsize', 268435456)`);
          sqlite.exec(`insert into ${fts}(${fts}) values ('rebuild')`);
          sqlite.exec(`insert into ${fts}(${fts}, rank) values ('hashsize', 1048576)`);
        }
      },
    };
  }
  const { rows } = await sql<{ name: string; definition: string }>`
    select indexname as name, indexdef as definition from pg_indexes
    where schemaname = current_schema() and indexname like '%\_search'`.execute(storage.db);
  for (const index of rows) await sql`drop index ${sql.id(index.name)}`.execute(storage.db);
  return {
    async restore() {
      await storage.db.connection().execute(async (connection) => {
        await sql`set maintenance_work_mem = '1GB'`.execute(connection);
        for (const index of rows) await sql.raw(index.definition).execute(connection);
      });
    },
  };
}

/** Writes the bench data; the per-account conversation counters go last and mark the seed finished. */
export async function seedBench(storage: Storage, options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const now = (options.now ?? new Date()).getTime() - 60 * 60_000;
  const start = now - SPAN_DAYS * DAY;
  const rng = random(options.conversations);
  const writer = await openBulkWriter(storage);
  const search = await setSearchIndexingAside(storage);
  if (storage.sqlite) {
    // Only while seeding: an OS crash mid-seed just means seeding again.
    storage.sqlite.pragma('synchronous = OFF');
    // A page cache big enough for the indexes that grow in random order (identities, search).
    storage.sqlite.pragma('cache_size = -4194304');
    storage.sqlite.pragma('temp_store = memory');
  }
  const { inbound, outbound } = options.text;
  let rows = 0;
  let messages = 0;
  let customersMade = 0;
  let identities = 0;
  let lastLog = performance.now();

  try {
    let desks: Desk[] = [];
    await writer.transaction(async () => {
      desks = [
        await createDesk(writer, {
          slug: `${benchSlugPrefix}main`,
          name: 'Bench Co',
          teams: 6,
          agents: 60,
          share: 0.97,
          at: start,
        }),
        await createDesk(writer, {
          slug: `${benchSlugPrefix}neighbour`,
          name: 'Neighbour Co',
          teams: 2,
          agents: 6,
          share: 0.03,
          at: start,
        }),
      ];
    });

    const batch = { customers: [] as Row[], identities: [] as Row[], conversations: [] as Row[], tags: [] as Row[] };
    let messageRows: Row[] = [];
    const flush = async () => {
      await writer.transaction(async () => {
        await writer.insert('customers', columns.customers, batch.customers);
        await writer.insert('customer_identities', columns.customer_identities, batch.identities);
        await writer.insert('conversations', columns.conversations, batch.conversations);
        await writer.insert('conversation_tags', columns.conversation_tags, batch.tags);
        await writer.insert('messages', columns.messages, messageRows);
      });
      rows +=
        batch.customers.length +
        batch.identities.length +
        batch.conversations.length +
        batch.tags.length +
        messageRows.length;
      batch.customers = [];
      batch.identities = [];
      batch.conversations = [];
      batch.tags = [];
      messageRows = [];
    };

    const step = (SPAN_DAYS * DAY) / options.conversations;
    for (let i = 0; i < options.conversations; i++) {
      const desk = (rng.chance((desks[1] as Desk).share) ? desks[1] : desks[0]) as Desk;
      // Busier lately: squeeze older conversations toward the start of the span.
      const linear = i / options.conversations;
      const created = Math.floor(start + SPAN_DAYS * DAY * linear ** 0.8 + rng.next() * step);
      const iso = (ms: number) => new Date(ms).toISOString();

      let customerId: string;
      if (desk.customers.length > 0 && rng.chance(0.38)) customerId = rng.pick(desk.customers);
      else {
        customerId = uuidAt(created);
        const first = rng.pick(firstNames);
        const last = rng.pick(lastNames);
        customersMade++;
        batch.customers.push([
          customerId,
          desk.accountId,
          rng.chance(0.9) ? `${first} ${last}` : null,
          rng.chance(0.3) ? rng.pick(['en', 'fr', 'de', 'es', 'pt', 'ja']) : null,
          null,
          '{}',
          null,
          iso(created),
          iso(created),
        ]);
        const local = `${first}.${last}`
          .toLowerCase()
          .normalize('NFKD')
          .replace(/[^a-z.]/g, '');
        const identity = (channel: IdentityKind, value: string) => {
          identities++;
          batch.identities.push([uuidAt(created), desk.accountId, customerId, channel, value, iso(created)]);
        };
        identity('email', `${local}${customersMade}@${rng.pick(domains)}`);
        if (rng.chance(0.3)) identity('phone', `+1555${String(customersMade).padStart(8, '0')}`);
        if (rng.chance(0.15)) identity('social_handle', `@${local.replace('.', '_')}${customersMade}`);
        desk.customers.push(customerId);
      }

      const inbox = rng.weighted(desk.inboxes);
      const teamId = desk.teams[inbox.teamIndex] as string;
      const agents = desk.agentsByTeam[inbox.teamIndex] as string[];
      const conversationId = uuidAt(created);
      const raisedBy = rng.chance(0.01) ? rng.pick(desk.advocates) : null;
      const count = rng.weighted([
        { n: 2, weight: 10 },
        { n: 3, weight: 15 },
        { n: 4, weight: 20 },
        { n: 5, weight: 20 },
        { n: 6, weight: 15 },
        { n: 7, weight: 10 },
        { n: 8, weight: 6 },
        { n: 9, weight: 4 },
      ]).n;
      let at = created;
      let firstBody = '';
      let lastInbound: number | null = null;
      let firstOutbound: number | null = null;
      const handler = rng.pick(agents);
      for (let m = 0; m < count; m++) {
        if (m > 0) at = Math.min(now, at + Math.floor(120_000 + rng.next() ** 3 * 20 * 3_600_000));
        const direction =
          m === 0 ? (raisedBy ? 'note' : 'inbound') : rng.chance(0.1) ? 'note' : m % 2 === 1 ? 'outbound' : 'inbound';
        const body = direction === 'inbound' ? rng.pick(inbound) : rng.pick(outbound);
        if (m === 0) firstBody = body;
        if (direction === 'inbound') lastInbound = at;
        if (direction === 'outbound' && firstOutbound === null) firstOutbound = at;
        const fromCustomer = direction === 'inbound';
        const messageId = uuidAt(at);
        messageRows.push([
          messageId,
          desk.accountId,
          conversationId,
          direction,
          fromCustomer ? 'customer' : 'user',
          fromCustomer ? null : m === 0 && raisedBy ? raisedBy : handler,
          fromCustomer ? customerId : null,
          inbox.channel,
          body,
          fromCustomer && inbox.channel === 'email' ? `<${messageId}@mail.example.test>` : null,
          '[]',
          iso(at),
        ]);
        messages++;
      }

      const ageDays = (now - at) / DAY;
      const activeChance = ageDays < 2 ? 0.7 : ageDays < 10 ? 0.35 : ageDays < 30 ? 0.08 : 0.004;
      let status: ConversationStatus;
      if (rng.chance(activeChance))
        status = rng.weighted([
          { s: 'open' as const, weight: 45 },
          { s: 'waiting_on_customer' as const, weight: 30 },
          { s: 'waiting_on_us' as const, weight: 25 },
        ]).s;
      else status = rng.chance(ageDays < 14 ? 0.7 : 0.15) ? 'resolved' : 'closed';
      const active = status !== 'resolved' && status !== 'closed';
      const owner = active ? (rng.chance(0.85) ? handler : null) : rng.chance(0.95) ? handler : null;
      const done = at + 3_600_000;
      desk.number++;
      batch.conversations.push([
        conversationId,
        desk.accountId,
        desk.number,
        inbox.id,
        customerId,
        subjectFrom(firstBody),
        status,
        rng.weighted([
          { p: 'normal', weight: 80 },
          { p: 'high', weight: 12 },
          { p: 'low', weight: 5 },
          { p: 'urgent', weight: 3 },
        ]).p,
        inbox.channel,
        owner,
        teamId,
        owner ? 2 : 1,
        raisedBy,
        rng.chance(0.5) ? rng.pick(contactReasons) : null,
        rng.chance(0.05) ? 1 : 0,
        active && !owner ? iso(created) : null,
        owner ? rng.int(0, 3_600_000) : 0,
        iso(at),
        lastInbound === null ? null : iso(lastInbound),
        firstOutbound === null ? null : iso(firstOutbound),
        status === 'resolved' || status === 'closed' ? iso(done) : null,
        status === 'closed' ? iso(done) : null,
        iso(created),
        iso(at),
      ]);
      const tagCount = rng.weighted([
        { n: 0, weight: 40 },
        { n: 1, weight: 35 },
        { n: 2, weight: 18 },
        { n: 3, weight: 7 },
      ]).n;
      for (const tag of new Set(Array.from({ length: tagCount }, () => rng.pick(tagNames)))) {
        batch.tags.push([desk.accountId, conversationId, tag]);
      }

      if (batch.conversations.length >= 2_000) await flush();
      if (performance.now() - lastLog > 5_000) {
        lastLog = performance.now();
        const seconds = (lastLog - started) / 1000;
        options.log(
          `  ${(i + 1).toLocaleString('en')} / ${options.conversations.toLocaleString('en')} conversations ` +
            `(${Math.round(((i + 1) / options.conversations) * 100)}%), ${Math.round(rows / seconds).toLocaleString('en')} rows/s`,
        );
      }
    }
    await flush();

    await writer.transaction(async () => {
      await writer.insert(
        'account_counters',
        ['account_id', 'name', 'value'],
        desks.map((desk) => [desk.accountId, 'conversation_number', desk.number]),
      );
    });
  } finally {
    await writer.close();
    options.log('  building the search index…');
    await search.restore();
    if (storage.sqlite) storage.sqlite.pragma('synchronous = NORMAL');
  }
  // Planner statistics as a running Rapport would have them: autovacuum's analyze on PostgreSQL,
  // the hourly `pragma optimize` of storage/connect.ts on SQLite.
  if (storage.engine === 'postgres') await sql`analyze`.execute(storage.db);
  if (storage.sqlite) {
    storage.sqlite.pragma('optimize');
    storage.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  }

  const seconds = (performance.now() - started) / 1000;
  return {
    conversations: options.conversations,
    messages,
    customers: customersMade,
    identities,
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
  };
}
