import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loginBodySchema, passwordSchema } from '@rapport/contracts';
import { z } from 'zod';
import { type RapportConfig, readConfig } from './config.ts';
import { openStorage, startRapport } from './main.ts';
import { createAdmin, ensureAccount } from './modules/accounts/accounts.service.ts';
import { rebuildAnalytics } from './modules/analytics/analytics.service.ts';
import { createApiToken } from './modules/auth/auth.service.ts';
import { findUserByEmail } from './modules/users/users.repository.ts';
import { isAppError } from './platform/app-error.ts';
import { systemClock } from './platform/clock.ts';
import { ConfigError } from './platform/config.ts';
import { argon2Hasher } from './platform/passwords.ts';

const usage = `Usage: rapport <command> [options]

Commands:
  start                                   Start Rapport (web app, API) on PORT (default 3000)
  migrate                                 Bring the database schema up to date
  admin create --email E --name N --password P
                                          Create an admin user (and the account on first use)
  token create --user E --name LABEL      Print a new API token for that user
  backup <file>                           Copy the SQLite database to <file> while Rapport runs
  analytics rebuild                       Recompute analytics (facts and daily rollups) from the stored conversations

Configuration comes from the environment: DATABASE_URL, RAPPORT_DATA_DIR, PORT, RAPPORT_PUBLIC_URL…
(see .env.example).`;

class UsageError extends Error {}

function need(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`Missing ${flag}.`);
  return value;
}

async function withStorage<T>(
  config: RapportConfig,
  work: (storage: Awaited<ReturnType<typeof openStorage>>) => Promise<T>,
) {
  const storage = await openStorage(config);
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      user: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (!command || values.help || command === 'help') {
    console.log(usage);
    return command || values.help ? 0 : 1;
  }
  const config = readConfig(process.env);

  if (command === 'start') {
    const running = await startRapport(config);
    const stop = async (signal: string) => {
      running.logger.info({ signal }, 'stopping');
      await running.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
    return -1;
  }

  if (command === 'migrate') {
    await withStorage(config, async (storage) => console.log(`Database is up to date (${storage.describe}).`));
    return 0;
  }

  if (command === 'admin' && sub === 'create') {
    const input = z
      .object({
        email: loginBodySchema.shape.email,
        name: z.string().trim().min(1, 'must not be empty'),
        password: passwordSchema,
      })
      .safeParse({
        email: need(values.email, '--email'),
        name: need(values.name, '--name'),
        password: need(values.password, '--password'),
      });
    if (!input.success)
      throw new UsageError(input.error.issues.map((i) => `--${i.path.join('.')} ${i.message}`).join('\n'));
    await withStorage(config, async (storage) => {
      const { user, account } = await createAdmin(
        { db: storage.db, clock: systemClock, passwords: argon2Hasher, publicUrl: config.publicUrl },
        input.data,
      );
      console.log(
        `Created admin ${user.name} <${user.email}> in account "${account.name}". Sign in at ${config.publicUrl}/login`,
      );
    });
    return 0;
  }

  if (command === 'token' && sub === 'create') {
    const email = need(values.user, '--user');
    const label = need(values.name, '--name');
    await withStorage(config, async (storage) => {
      const { account } = await ensureAccount({ db: storage.db, clock: systemClock });
      const found = await findUserByEmail(storage.db, { accountId: account.id, email });
      if (!found?.user.active) throw new UsageError(`There is no active user with the email ${email}.`);
      const { token } = await createApiToken(
        { db: storage.db, clock: systemClock },
        { accountId: account.id, userId: found.user.id, name: label, actorUserId: null },
      );
      console.log(token);
      console.error(
        `API token "${label}" for ${found.user.email}; use it as "Authorization: Bearer <token>". It is shown only once.`,
      );
    });
    return 0;
  }

  if (command === 'backup') {
    const file = need(sub, 'the backup file name (rapport backup <file>)');
    if (config.storage.databaseUrl) {
      const url = new URL(config.storage.databaseUrl);
      url.password = '';
      console.log('Rapport is on PostgreSQL; back it up with pg_dump, for example:');
      console.log(`  pg_dump --format=custom --file ${JSON.stringify(file)} "${url.toString()}"`);
      console.log('(add the password through PGPASSWORD or ~/.pgpass).');
      return 0;
    }
    await withStorage(config, async (storage) => {
      if (!storage.sqlite) throw new UsageError('No SQLite database to back up.');
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      // better-sqlite3's online backup copies page by page while others keep writing.
      await storage.sqlite.backup(path.resolve(file));
      console.log(`Backed up ${storage.describe} to ${path.resolve(file)}`);
    });
    return 0;
  }

  if (command === 'analytics' && sub === 'rebuild') {
    await withStorage(config, async (storage) => {
      const started = performance.now();
      const result = await rebuildAnalytics({ db: storage.db, clock: systemClock });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `Rebuilt analytics of ${result.conversations} conversations in ${result.accounts} account(s): ${result.rollupRows} daily rollup rows, ${seconds} s.`,
      );
    });
    return 0;
  }

  throw new UsageError(`Unknown command "${positionals.join(' ')}".`);
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else if (error instanceof UsageError) console.error(`${error.message}\n\n${usage}`);
    else if (isAppError(error)) console.error(error.message);
    else if (error instanceof Error && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      console.error(`${error.message}\n\n${usage}`);
    else console.error(error);
    process.exit(1);
  },
);
