// A PostgreSQL database for a benchmark: created when missing, emptied and migrated afresh.
import pg from 'pg';
import { Database } from '../../apps/server/src/platform/db/database.ts';
import { migrate } from '../../apps/server/src/platform/db/migrate.ts';

export const DEFAULT_BENCH_URL = 'postgres://root@127.0.0.1:5432/linli_bench';

/** Open DATABASE_URL (or linli_bench on the local server) with a fresh, migrated schema. */
export async function freshBenchDatabase(url = process.env.DATABASE_URL ?? DEFAULT_BENCH_URL): Promise<Database> {
  await createIfMissing(url);
  const db = await Database.open({ kind: 'postgres', url, max: 4 });
  await db.execScript('drop schema if exists public cascade; create schema public;');
  await migrate(db);
  return db;
}

async function createIfMissing(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
