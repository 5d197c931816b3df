/**
 * npm run bench -- [--conversations 100000] [--quick] [--duration 8] [--engines sqlite,postgres]
 *
 * Measures, in one run, the machine's bare limits (a bare Fastify JSON route under autocannon,
 * single-row inserts on the bare driver) and Rapport's scenarios against them: inbound messages
 * through the API, the inbox list, search. SQLite always; PostgreSQL too when DATABASE_URL is set
 * (in the schema RAPPORT_BENCH_PG_SCHEMA, default `bench`). A database of the requested size is
 * seeded first when missing (see bench/seed.ts). The issue's figure is 1,000,000 conversations;
 * the default of 100,000 keeps a local run to a few minutes. Everything stays on 127.0.0.1 and is
 * bounded in time. Results: bench/results/latest.json and latest.md.
 */

import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Storage } from '../apps/server/src/storage/connect.ts';
import { coachRows } from './coach.ts';
import { measureAnalytics } from './lib/analytics.ts';
import { barePostgresInserts, bareSqliteInserts } from './lib/bare.ts';
import {
  type BenchTarget,
  inspectBenchData,
  openBenchStorage,
  postgresTarget,
  repoRoot,
  resetBenchTarget,
  sqliteTarget,
} from './lib/bench-db.ts';
import { type LoadResult, runLoad, startServer } from './lib/measure.ts';
import { type BenchReport, type ResultRow, writeReport } from './lib/report.ts';
import {
  type Actors,
  benchApiToken,
  buildSearchQueries,
  findActors,
  measureInbox,
  measureSearch,
  openConversationIds,
} from './lib/scenarios.ts';
import { seedBench } from './lib/seeder.ts';
import { type BenchText, defaultTextDir, loadBenchText } from './lib/text.ts';
import { mailRows } from './mail.ts';
import { realtimeRows } from './realtime.ts';
import { webRows } from './web.ts';
import { quoteSimulationRows, widgetSizeRows } from './widget.ts';

const targets = {
  inboxP99Ms: 15,
  searchP95Ms: 50,
  /** Inbound message creation through the API, as a share of the bare route's rate, on SQLite. */
  messagesShareOfBare: 0.25,
  /** Every dashboard query (issue 9). */
  analyticsP95Ms: 300,
};

interface Options {
  conversations: number;
  quick: boolean;
  duration: number;
  connections: number;
  engines: ('sqlite' | 'postgres')[];
  /** Run only this part of the bench (e.g. `analytics`), against the seeded data. */
  only: string | undefined;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      conversations: { type: 'string' },
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      connections: { type: 'string', default: '10' },
      engines: { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      'Usage: npm run bench -- [--conversations 100000] [--quick] [--duration 8] [--connections 10] [--engines sqlite,postgres]',
    );
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const conversations = Number(values.conversations ?? (quick ? 10_000 : 100_000));
  const duration = Number(values.duration ?? (quick ? 3 : 8));
  const connections = Number(values.connections);
  if (!Number.isInteger(conversations) || conversations < 1_000 || conversations > 20_000_000)
    throw new Error('--conversations must be a whole number from 1,000 to 20,000,000.');
  if (!(duration >= 1 && duration <= 60)) throw new Error('--duration must be 1 to 60 seconds.');
  if (!Number.isInteger(connections) || connections < 1 || connections > 100)
    throw new Error('--connections must be 1 to 100.');
  const available: Options['engines'] = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  const engines = (values.engines?.split(',') ?? available) as Options['engines'];
  for (const engine of engines) {
    if (!available.includes(engine))
      throw new Error(`Engine ${engine} is not available (PostgreSQL needs DATABASE_URL).`);
  }
  return { conversations, quick, duration, connections, engines, only: values.only };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits });
const ms = (n: number) => `${fmt(n, n < 10 ? 1 : 0)} ms`;

/** Opens the engine's bench database, seeding (or reseeding) it when it is not of the requested size. */
async function ensureSeeded(target: BenchTarget, options: Options, text: BenchText): Promise<Storage> {
  let storage = await openBenchStorage(target);
  const contents = await inspectBenchData(storage);
  if (contents.otherAccounts > 0) {
    await storage.close();
    throw new Error(`${target.describe} holds accounts that are not bench data; the bench will not touch it.`);
  }
  if (contents.seededConversations === options.conversations) return storage;
  if (contents.benchAccounts > 0) {
    console.log(`  ${target.describe} holds another size of bench data; reseeding.`);
    await storage.close();
    await resetBenchTarget(target);
    storage = await openBenchStorage(target);
  }
  console.log(`  seeding ${fmt(options.conversations)} conversations into ${target.describe}`);
  const summary = await seedBench(storage, { conversations: options.conversations, text, log: console.log });
  console.log(`  seeded in ${fmt(summary.seconds, 1)} s (${fmt(summary.rowsPerSecond)} rows/s)`);
  return storage;
}

async function dataSummary(storage: Storage): Promise<Record<string, number>> {
  const count = async (table: 'conversations' | 'messages' | 'customers' | 'customer_identities') => {
    const row = await storage.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    conversations: await count('conversations'),
    messages: await count('messages'),
    customers: await count('customers'),
    identities: await count('customer_identities'),
  };
}

/** The Rapport server process for an engine: the same composition root as `rapport start`. */
function serverEnv(target: BenchTarget): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    RAPPORT_LOG_LEVEL: process.env.RAPPORT_LOG_LEVEL ?? 'info',
    DATABASE_URL: undefined,
    RAPPORT_DATA_DIR: undefined,
  };
  if (target.engine === 'postgres') {
    const url = target.databaseUrl as string;
    const options = encodeURIComponent(`-c search_path=${target.pgSchema}`);
    env.DATABASE_URL = `${url}${url.includes('?') ? '&' : '?'}options=${options}`;
  } else env.RAPPORT_DATA_DIR = target.dataDir;
  return env;
}

async function measureBareRoute(options: Options): Promise<LoadResult> {
  const server = await startServer('bare.ts', {});
  try {
    return await runLoad({ url: `${server.url}/bare`, duration: options.duration, connections: options.connections });
  } finally {
    await server.stop();
  }
}

/**
 * The hook for the realtime fan-out measurement (1,000 sockets), owned by the realtime work: add a
 * scenario here and it runs against the same server, right after the message load, its rows
 * landing in the engine's table.
 */
export interface RealtimeScenario {
  name: string;
  run(input: { url: string; token: string; conversationIds: string[]; quick: boolean }): Promise<ResultRow[]>;
}
let webMeasured = false;
export const realtimeScenarios: RealtimeScenario[] = [
  {
    name: 'realtime fan-out to 1,000 sockets',
    run: ({ url, token, conversationIds, quick }) =>
      realtimeRows({ url, token, conversationId: conversationIds[0] ?? '', quick }),
  },
  {
    // The agent app is the same on both engines: measure it once per run.
    name: 'agent app bundle and first screen',
    async run({ url, quick }) {
      if (webMeasured) return [];
      webMeasured = true;
      return webRows({ url, quick });
    },
  },
];

async function measureServer(
  target: BenchTarget,
  options: Options,
  input: { token: string; conversationIds: string[]; text: BenchText },
): Promise<{ created: LoadResult; realtime: ResultRow[] }> {
  const server = await startServer('rapport.ts', serverEnv(target));
  try {
    let i = 0;
    const created = await runLoad({
      url: server.url,
      duration: options.duration,
      connections: options.connections,
      requests: [
        {
          method: 'POST',
          headers: { authorization: `Bearer ${input.token}`, 'content-type': 'application/json' },
          setupRequest: (request) => {
            i++;
            return {
              ...request,
              path: `/api/v1/conversations/${input.conversationIds[i % input.conversationIds.length]}/messages`,
              body: JSON.stringify({ direction: 'inbound', body: input.text.inbound[i % input.text.inbound.length] }),
            };
          },
        },
      ],
    });
    // ── Realtime (1,000 sockets) ──────────────────────────────────────────────────────────────
    const realtime: ResultRow[] = [];
    for (const scenario of realtimeScenarios) {
      realtime.push(...(await scenario.run({ url: server.url, ...input, quick: options.quick })));
    }
    return { created, realtime };
  } finally {
    await server.stop();
  }
}

async function benchEngine(target: BenchTarget, options: Options, text: BenchText, report: BenchReport): Promise<void> {
  const section = target.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  console.log(`\n${section}: ${target.describe}`);
  const storage = await ensureSeeded(target, options, text);
  let actors: Actors;
  let token: string;
  let conversationIds: string[];
  try {
    report.data[target.engine] = await dataSummary(storage);
    if (storage.engine === 'postgres') {
      const { rows } = await sql<{ version: string }>`select current_setting('server_version') as version`.execute(
        storage.db,
      );
      report.machine.postgres = rows[0]?.version ?? '?';
    }
    actors = await findActors(storage);

    console.log('  analytics (rebuild of the read model, then dashboard queries through the service)…');
    const analytics = await measureAnalytics(storage, actors, options.quick ? 20 : 60);
    report.rows.push({
      section,
      scenario: `Analytics: rebuild facts and daily rollups (${analytics.rebuild.conversations.toLocaleString('en')} conversations)`,
      result: `${analytics.rebuild.seconds.toFixed(1)} s, ${Math.round(analytics.rebuild.conversations / analytics.rebuild.seconds).toLocaleString('en')} conversations/s, ${analytics.rebuild.rollupRows.toLocaleString('en')} rollup rows`,
      numbers: { ...analytics.rebuild },
    });
    console.log(`    rebuild: ${analytics.rebuild.seconds.toFixed(1)} s (${analytics.rebuild.rollupRows} rollup rows)`);
    for (const { name, latency } of analytics.queries) {
      report.rows.push({
        section,
        scenario: name,
        result: `p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}, p99 ${ms(latency.p99)}`,
        numbers: { ...latency },
        target: `p95 ≤ ${targets.analyticsP95Ms} ms`,
        met: latency.p95 <= targets.analyticsP95Ms,
      });
      console.log(`    ${name}: p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}, p99 ${ms(latency.p99)}`);
    }
    const late = analytics.lateEvent;
    report.rows.push({
      section,
      scenario: 'Analytics: a late event kept exact (one conversation’s facts, its days and their months)',
      result: `p50 ${ms(late.p50)}, p95 ${ms(late.p95)}, p99 ${ms(late.p99)}`,
      numbers: { ...late },
    });
    console.log(`    late event: p50 ${ms(late.p50)}, p95 ${ms(late.p95)}`);
    if (options.only === 'analytics') return;

    console.log('  inbox list (in-process, through the service)…');
    for (const { name, latency } of await measureInbox(storage, actors, options.quick ? 50 : 200)) {
      report.rows.push({
        section,
        scenario: name,
        result: `p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)}`,
        numbers: { ...latency },
        target: `p99 ≤ ${targets.inboxP99Ms} ms`,
        met: latency.p99 <= targets.inboxP99Ms,
      });
      console.log(`    ${name}: p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)}`);
    }

    console.log('  search (in-process, through the service)…');
    const queries = await buildSearchQueries(storage, actors, text, options.quick ? 20 : 60);
    const search = await measureSearch(storage, actors, queries);
    for (const { name, latency } of [...search.byClass, { name: 'Search: all of the above', latency: search.all }]) {
      report.rows.push({
        section,
        scenario: name,
        result: `p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}, p99 ${ms(latency.p99)}`,
        numbers: { ...latency },
        target: `p95 ≤ ${targets.searchP95Ms} ms`,
        met: latency.p95 <= targets.searchP95Ms,
      });
      console.log(`    ${name}: p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}, p99 ${ms(latency.p99)}`);
    }

    token = await benchApiToken(storage, actors);
    conversationIds = await openConversationIds(storage, actors, 2_000);
  } finally {
    await storage.close();
  }

  console.log('  bare Fastify route, then inbound messages through the API (autocannon, 127.0.0.1)…');
  const bare = await measureBareRoute(options);
  report.rows.push({
    section,
    scenario: 'Bare Fastify JSON route (GET, machine limit)',
    result: `${fmt(bare.perSecond)} req/s, p99 ${ms(bare.p99)}`,
    numbers: { ...bare },
  });
  const { created, realtime } = await measureServer(target, options, { token, conversationIds, text });
  const ratio = created.perSecond / bare.perSecond;
  report.rows.push({
    section,
    scenario: 'Inbound messages: POST /api/v1/conversations/:id/messages (API token)',
    result: `${fmt(created.perSecond)} msg/s, p99 ${ms(created.p99)}${created.failed ? `, ${fmt(created.failed)} failed` : ''}`,
    numbers: { ...created },
    limit: `${fmt(bare.perSecond)} req/s`,
    ratio,
    ...(target.engine === 'sqlite'
      ? { target: `≥ ${targets.messagesShareOfBare * 100}% of bare`, met: ratio >= targets.messagesShareOfBare }
      : {}),
  });
  report.rows.push(...realtime.map((row) => ({ ...row, section })));
  console.log(
    `    bare ${fmt(bare.perSecond)} req/s (p99 ${ms(bare.p99)}); messages ${fmt(created.perSecond)}/s ` +
      `(p99 ${ms(created.p99)}, ${(ratio * 100).toFixed(1)}% of bare, ${created.failed} failed)`,
  );
}

function gitCommit(): string | null {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return `${git('rev-parse', '--short=10', 'HEAD')}${dirty ? ' with local changes' : ''}`;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  const text = loadBenchText(process.env.RAPPORT_BENCH_TEXT_DIR ?? defaultTextDir(repoRoot));
  const probe = new SQLite(':memory:');
  const sqliteVersion = (probe.prepare('select sqlite_version() as v').get() as { v: string }).v;
  probe.close();
  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    commit: gitCommit(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: {
      cpus: `${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}`,
      node: process.version,
      sqlite: sqliteVersion,
    },
    data: {},
    rows: [],
    notes: [
      `Seeded size: ${fmt(options.conversations)} conversations per engine (the issue's full figure is 1,000,000: --conversations 1000000).`,
      `Load: autocannon, ${options.connections} connections for ${options.duration} s against a server in its own process, logging at ${process.env.RAPPORT_LOG_LEVEL ?? 'info'} as in production.`,
      'Inbox and search run in-process through the services (hydration included), one call at a time.',
      `Message text: ${path.isAbsolute(text.source) ? path.relative(repoRoot, text.source) : text.source}.`,
      'Honest quotes: a seeded month of chats (weekdays 09:00–17:00 Paris, a warm-up month first) quoted by the real quote function; kept = first response by the quoted time.',
      'Realtime: 1,000 agent sockets on /api/v1/live; the time runs from sending the POST until the last socket has the event, against a bare ws broadcast to 1,000 sockets in the same run.',
    ],
  };

  console.log('Machine limits…');
  const sqliteRows = await bareSqliteInserts(
    path.join(repoRoot, 'bench/results/bare-sqlite.tmp'),
    options.quick ? 2 : 4,
  );
  report.rows.push({
    section: 'Machine limits',
    scenario: 'better-sqlite3 single-row commits (WAL, synchronous=NORMAL)',
    result: `${fmt(sqliteRows)} rows/s`,
    numbers: { perSecond: sqliteRows },
  });
  console.log(`  better-sqlite3 single-row commits: ${fmt(sqliteRows)}/s`);
  console.log('Email ingestion over the mail corpus…');
  const mail = await mailRows({ quick: options.quick, bareCommitsPerSecond: sqliteRows });
  report.rows.push(...mail);
  for (const row of mail) console.log(`  ${row.scenario}: ${row.result}`);
  const pgTarget = postgresTarget(process.env);
  if (pgTarget && options.engines.includes('postgres')) {
    const storage = await openBenchStorage(pgTarget);
    await storage.close();
    const pgRows = await barePostgresInserts(
      pgTarget.databaseUrl as string,
      pgTarget.pgSchema as string,
      options.quick ? 2 : 4,
    );
    report.rows.push({
      section: 'Machine limits',
      scenario: 'pg single-row commits (pool of 8)',
      result: `${fmt(pgRows)} rows/s`,
      numbers: { perSecond: pgRows },
    });
    console.log(`  pg single-row commits: ${fmt(pgRows)}/s`);
  }

  console.log('Reply coach…');
  report.rows.push(...coachRows(text, options.quick));
  console.log('Chat widget and honest quotes…');
  report.rows.push(...widgetSizeRows(), ...quoteSimulationRows());

  for (const engine of options.engines) {
    const target = engine === 'postgres' ? pgTarget : sqliteTarget(process.env, options.conversations);
    if (target) await benchEngine(target, options, text, report);
  }

  const missed = report.rows.filter((row) => row.met === false);
  report.notes.push(
    missed.length === 0
      ? 'Every target was met.'
      : `Missed: ${missed.map((row) => `${row.section} ${row.scenario}`).join('; ')}.`,
  );
  const written = writeReport(path.join(repoRoot, 'bench/results'), report);
  console.log(`\nWrote ${path.relative(repoRoot, written.markdown)} and ${path.relative(repoRoot, written.json)}.`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
