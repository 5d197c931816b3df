/**
 * npm run seed:bench -- --conversations 1000000 [--reset]
 *
 * Fills a database with bench data through the real migrations: RAPPORT_DATA_DIR (SQLite; default
 * bench/data/sqlite-<size>) or, when DATABASE_URL is set, its schema RAPPORT_BENCH_PG_SCHEMA
 * (default `bench`). Refuses a database that holds anything but bench data, and one that already
 * holds bench data unless --reset.
 */
import { parseArgs } from 'node:util';
import {
  inspectBenchData,
  openBenchStorage,
  postgresTarget,
  repoRoot,
  resetBenchTarget,
  sqliteTarget,
} from './lib/bench-db.ts';
import { seedBench } from './lib/seeder.ts';
import { defaultTextDir, loadBenchText } from './lib/text.ts';

const usage = 'Usage: npm run seed:bench -- --conversations <count> [--reset]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      conversations: { type: 'string', default: '100000' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const conversations = Number(values.conversations);
  if (!Number.isInteger(conversations) || conversations < 100 || conversations > 20_000_000) {
    console.error(`--conversations must be a whole number from 100 to 20,000,000.\n${usage}`);
    return 1;
  }
  const target = postgresTarget(process.env) ?? sqliteTarget(process.env, conversations);
  let storage = await openBenchStorage(target);
  const contents = await inspectBenchData(storage);
  if (contents.otherAccounts > 0) {
    await storage.close();
    console.error(
      `${target.describe} holds ${contents.otherAccounts} account(s) that are not bench data. ` +
        'Bench data is a million rows of made-up conversations: point RAPPORT_DATA_DIR (or ' +
        'RAPPORT_BENCH_PG_SCHEMA) at an empty place instead.',
    );
    return 1;
  }
  if (contents.benchAccounts > 0) {
    if (!values.reset) {
      await storage.close();
      const size =
        contents.seededConversations === null
          ? 'an unfinished seed'
          : `${contents.seededConversations.toLocaleString('en')} conversations`;
      console.error(`${target.describe} already holds bench data (${size}). Add --reset to replace it.`);
      return 1;
    }
    await storage.close();
    console.log(`Resetting ${target.describe}…`);
    await resetBenchTarget(target);
    storage = await openBenchStorage(target);
  }
  const text = loadBenchText(process.env.RAPPORT_BENCH_TEXT_DIR ?? defaultTextDir(repoRoot));
  console.log(`Seeding ${conversations.toLocaleString('en')} conversations into ${target.describe}`);
  console.log(
    `  text: ${text.inbound.length} inbound and ${text.outbound.length} outbound samples from ${text.source}`,
  );
  try {
    const summary = await seedBench(storage, { conversations, text, log: (line) => console.log(line) });
    console.log(
      `Done in ${summary.seconds.toFixed(1)} s: ${summary.conversations.toLocaleString('en')} conversations, ` +
        `${summary.messages.toLocaleString('en')} messages, ${summary.customers.toLocaleString('en')} customers ` +
        `(${summary.identities.toLocaleString('en')} identities); ${Math.round(summary.rowsPerSecond).toLocaleString('en')} rows/s.`,
    );
  } finally {
    await storage.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
