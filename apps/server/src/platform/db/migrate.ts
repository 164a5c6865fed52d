// Ordered SQL migrations from apps/server/migrations; each file runs once, in its own
// transaction, and is never edited once landed (a checksum guards that).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = new URL('../../../migrations/', import.meta.url).pathname;

export interface MigrationReport {
  applied: string[];
  total: number;
}

export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<MigrationReport> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const run = async (exec: (sql: string) => Promise<unknown>, query: (sql: string, params: unknown[]) => Promise<{ rows: unknown[] }>) => {
    await exec(`create table if not exists schema_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    const done = new Map(((await query('select name, checksum from schema_migrations', [])).rows as { name: string; checksum: string }[]).map((r) => [r.name, r.checksum]));
    const applied: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const checksum = crypto.createHash('sha256').update(text).digest('hex');
      const seen = done.get(file);
      if (seen) {
        if (seen !== checksum) throw new Error(`Migration ${file} was edited after it was applied; add a new migration instead`);
        continue;
      }
      await exec('begin');
      try {
        await exec(text);
        await query('insert into schema_migrations (name, checksum) values ($1, $2)', [file, checksum]);
        await exec('commit');
      } catch (err) {
        await exec('rollback');
        throw new Error(`Migration ${file} failed: ${(err as Error).message}`);
      }
      applied.push(file);
    }
    return { applied, total: files.length };
  };

  if (db.pglite) {
    const lite = db.pglite;
    return run((s) => lite.exec(s), (s, p) => lite.query(s, p));
  }
  // One dedicated connection, serialised across server instances by an advisory lock.
  const client = await db.pool!.connect();
  try {
    await client.query('select pg_advisory_lock(7411)');
    return await run((s) => client.query(s), (s, p) => client.query(s, p));
  } finally {
    await client.query('select pg_advisory_unlock(7411)').catch(() => {});
    client.release();
  }
}
