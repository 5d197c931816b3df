import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './main.ts';

const bin = path.join(repoRoot, 'apps/server/bin/rapport.js');
const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-cli-'));
const baseEnv = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  RAPPORT_DATA_DIR: dataDir,
  RAPPORT_LOG_LEVEL: 'warn',
};

function rapport(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { ...baseEnv, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the rapport command', () => {
  it('explains bad configuration as a list and exits 1', () => {
    const result = rapport(['migrate'], { PORT: 'abc', DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/configuration has 2 problem/);
    expect(result.stderr).toMatch(/PORT: must be a whole number/);
    expect(result.stderr).toMatch(/DATABASE_URL: must start with postgres:\/\//);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('prints usage for an unknown command and exits 1', () => {
    const result = rapport(['frobnicate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unknown command "frobnicate"/);
    expect(result.stderr).toMatch(/admin create --email E --name N --password P/);
  });

  it('migrates, creates an admin, issues a token, and backs up the SQLite file', () => {
    expect(rapport(['migrate']).stdout).toMatch(/Database is up to date/);

    const weak = rapport([
      'admin',
      'create',
      '--email',
      'ops@example.test',
      '--name',
      'Oli Ops',
      '--password',
      'short',
    ]);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/--password must be at least 10 characters/);

    const created = rapport([
      'admin',
      'create',
      '--email',
      'ops@example.test',
      '--name',
      'Oli Ops',
      '--password',
      'a long admin password',
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created admin Oli Ops <ops@example.test>/);
    const again = rapport([
      'admin',
      'create',
      '--email',
      'ops@example.test',
      '--name',
      'Oli Ops',
      '--password',
      'a long admin password',
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);

    const token = rapport(['token', 'create', '--user', 'ops@example.test', '--name', 'Nightly export']);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^rpt_[A-Za-z0-9_-]{30,}$/);
    expect(rapport(['token', 'create', '--user', 'nobody@example.test', '--name', 'x']).stderr).toMatch(
      /no active user/,
    );

    const backupFile = path.join(dataDir, 'backups', 'copy.sqlite');
    const backup = rapport(['backup', backupFile]);
    expect(backup.code).toBe(0);
    const copy = new SQLite(backupFile, { readonly: true });
    const users = copy.prepare('select email, role from users').all();
    copy.close();
    expect(users).toEqual([{ email: 'ops@example.test', role: 'admin' }]);
  });

  it('prints the pg_dump command for PostgreSQL, without the password', () => {
    const result = rapport(['backup', 'out.dump'], { DATABASE_URL: 'postgres://rapport:s3cret@127.0.0.1:1/rapport' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /pg_dump --format=custom --file "out.dump" "postgres:\/\/rapport@127.0.0.1:1\/rapport"/,
    );
    expect(result.stdout).not.toContain('s3cret');
  });
});

describe('rapport start', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('serves the API and prints a setup link that works while no admin exists', async () => {
    const freshDir = mkdtempSync(path.join(tmpdir(), 'rapport-start-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    child = spawn(process.execPath, [bin, 'start'], {
      env: {
        ...baseEnv,
        RAPPORT_DATA_DIR: freshDir,
        PORT: String(port),
        RAPPORT_HOST: '127.0.0.1',
        // Its own mail port, so other servers started by tests on this machine do not collide.
        RAPPORT_SMTP_HOST: '127.0.0.1',
        RAPPORT_SMTP_PORT: String(port + 1),
      },
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    const deadline = Date.now() + 30_000;
    while (!output.includes('#token=') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const link = output.match(/http:\/\/localhost:\d+\/setup#token=[\w-]+/)?.[0];
    expect(link, output).toBeDefined();
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok', version: expect.any(String), engine: 'sqlite' });
    const token = link?.split('#token=')[1];
    const lookup = await fetch(`http://127.0.0.1:${port}/api/v1/invitations/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(((await lookup.json()) as { isSetup: boolean }).isSetup).toBe(true);
    // The token travels in the link's fragment; it must not appear in any log line.
    expect(output.split('\n').filter((line) => line.startsWith('{') && line.includes(token ?? '---'))).toEqual([]);
    child.kill('SIGTERM');
    await new Promise((resolve) => child?.once('exit', resolve));
    rmSync(freshDir, { recursive: true, force: true });
  });
});
