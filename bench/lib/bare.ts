import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';

/**
 * The storage engines' own limit for what a new message costs at least: one small row committed
 * on its own, with nothing of Rapport around it.
 */
export async function bareSqliteInserts(dir: string, seconds: number): Promise<number> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = new SQLite(path.join(dir, 'bare.sqlite'));
  try {
    // The pragmas Rapport's connect.ts uses.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(
      'create table messages (id integer primary key, account_id text not null, body text not null, created_at text not null)',
    );
    const insert = db.prepare('insert into messages (account_id, body, created_at) values (?, ?, ?)');
    const until = performance.now() + seconds * 1000;
    let rows = 0;
    while (performance.now() < until) {
      for (let i = 0; i < 100; i++)
        insert.run('account', 'My parcel never arrived, can you help?', new Date().toISOString());
      rows += 100;
    }
    return Math.round(rows / seconds);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Single-row commits from a pool of 8, as Rapport's pool would issue them. */
export async function barePostgresInserts(url: string, schema: string, seconds: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const table = `${schema}.bare_inserts`;
  try {
    await pool.query(`drop table if exists ${table}`);
    await pool.query(
      `create table ${table} (id bigserial primary key, account_id text not null, body text not null, created_at timestamptz not null)`,
    );
    const until = performance.now() + seconds * 1000;
    let rows = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (performance.now() < until) {
          await pool.query(`insert into ${table} (account_id, body, created_at) values ($1, $2, now())`, [
            'account',
            'My parcel never arrived, can you help?',
          ]);
          rows++;
        }
      }),
    );
    return Math.round(rows / seconds);
  } finally {
    await pool.query(`drop table if exists ${table}`);
    await pool.end();
  }
}
