// Seed the test district once per test run and let every test file clone it: a dumped PGlite
// data directory, and a PostgreSQL template database. Keyed by a hash of the migrations and the
// demo generator, so a change to either builds a fresh snapshot. scripts/test.mjs runs this
// before the integration phases; a test file run on its own seeds from scratch instead.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { seedDemoDistrict } from '../src/modules/demo/extras.ts';

const root = path.resolve(new URL('../../..', import.meta.url).pathname);

/** A hash of everything that decides what the seeded database contains. */
export function snapshotKey(scale: number): string {
  const hash = crypto.createHash('sha256').update(String(scale));
  const dirs = ['apps/server/migrations', 'apps/server/src'];
  for (const dir of dirs) {
    for (const e of fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true }).sort((a, b) => (a.parentPath + a.name).localeCompare(b.parentPath + b.name))) {
      if (!e.isFile() || e.name.endsWith('.test.ts')) continue;
      hash.update(e.name).update(fs.readFileSync(path.join(e.parentPath, e.name)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

export async function preparePglite(scale: number): Promise<string> {
  const file = path.join(root, '.tmp', `test-seed-${snapshotKey(scale)}.tar`);
  if (fs.existsSync(file)) return file;
  const db = await Database.open({ kind: 'pglite', dir: null });
  await migrate(db);
  await seedDemoDistrict(db, { scale });
  const dump = await db.pglite!.dumpDataDir('none');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.part`, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(`${file}.part`, file);
  await db.close();
  return file;
}

export async function preparePostgres(adminUrl: string, scale: number): Promise<string> {
  const name = `linli_test_template_${snapshotKey(scale)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1 and datistemplate', [name]);
    if (exists.rowCount) return name;
    // Old templates from earlier keys go, so they do not pile up; the newest two stay, since another
    // checkout's test run (a different key) may be cloning from one right now.
    const old = await admin.query(`select datname from pg_database where datname like 'linli_test_template_%' order by oid desc offset 2`);
    for (const r of old.rows) {
      await admin.query(`alter database ${r.datname} is_template false`);
      await admin.query(`drop database if exists ${r.datname} with (force)`);
    }
    await admin.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = await Database.open({ kind: 'postgres', url: url.toString(), max: 4 });
    await migrate(db);
    await seedDemoDistrict(db, { scale });
    await db.close();
    await admin.query(`alter database ${name} is_template true`);
    return name;
  } finally {
    await admin.end();
  }
}
