// Full-scale demo seed into PostgreSQL (1.33 million residents at --scale 1), in rows per second,
// beside a server-side INSERT ... SELECT generate_series of as many person-shaped rows into a
// table with persons' columns and indexes, on the same database in the same run.
import { seedDemo } from '../apps/server/src/modules/demo/index.ts';
import { deferIndexes } from '../apps/server/src/modules/demo/deferred-indexes.ts';
import { freshBenchDatabase } from './lib/postgres.ts';
import { formatRate, option, printHeader, QUICK, rate, resultRow } from './lib/report.ts';

const scale = Number(option('scale', QUICK ? '0.05' : '1'));
if (!(scale > 0 && scale <= 1)) throw new Error('--scale: a number in (0, 1]');

const db = await freshBenchDatabase();
const pool = db.pool!;
try {
  const started = performance.now();
  const result = await seedDemo(db, { scale, log: (m) => console.error(m) });
  const seedMs = performance.now() - started;
  const c = result.counts;
  const rows = c.persons + c.households + c.buildings + c.compounds + c.communities + c.streets + 1 + c.grids + c.organisations + c.users * 2 + 1;

  // The baselines: the server making as many person-shaped rows by itself, with no client, no
  // network and no generator, into a table with persons' columns and indexes. Paths share a
  // prefix per building as the seeded ones do, so the path index sees the same kind of keys.
  // "maintained" updates every index row by row; "built after" loads first and then builds the
  // indexes, as the seed does for a load this size.
  const baseline = async (buildAfter: boolean) => {
    const client = await pool.connect();
    try {
      await client.query('drop table if exists bench_baseline; create table bench_baseline (like persons including all)');
      await client.query('begin');
      const t0 = performance.now();
      const rebuild = buildAfter ? await deferIndexes(client, ['bench_baseline']) : null;
      await client.query(
        `insert into bench_baseline (district_id, id, household_id, building_id, area_path, grid_id, name, gender, birth_date, id_number, phone, relation, tags)
         select 'chancheng', gen_random_uuid(), gen_random_uuid(), gen_random_uuid(),
                $2 || md5((i / 60)::text)::uuid || '/', gen_random_uuid(),
                (array['陈','李','梁','黄','何'])[1 + i % 5] || (array['志强','丽芳','梓豪','欣怡'])[1 + i % 4],
                case when i % 2 = 0 then 'male' else 'female' end,
                date '1930-01-01' + (i % 34000),
                '440604' || to_char(date '1930-01-01' + (i % 34000), 'YYYYMMDD') || lpad((i % 1000)::text, 3, '0') || 'X',
                case when i % 10 < 8 then '138' || lpad((i % 100000000)::text, 8, '0') end,
                'head', case when i % 20 = 0 then array['living_alone'] else '{}'::text[] end
           from generate_series(1, $1::int) as i`,
        [c.persons, '00000000-0000-4000-8000-000000000000/'.repeat(4)],
      );
      await rebuild?.();
      await client.query('commit');
      return performance.now() - t0;
    } finally {
      await client.query('drop table if exists bench_baseline').catch(() => {});
      client.release();
    }
  };
  const builtAfterMs = await baseline(true);
  const maintainedMs = QUICK ? null : await baseline(false);

  const seedRate = rate(rows, seedMs);
  const personRate = rate(c.persons, seedMs);
  const builtAfterRate = rate(c.persons, builtAfterMs);
  console.log(`\nscale ${scale}: ${c.persons} residents, ${c.households} households, ${c.buildings} buildings, ${rows} rows in ${(seedMs / 1000).toFixed(1)} s`);
  console.log(`baseline, indexes built after: ${c.persons} rows by INSERT ... SELECT generate_series in ${(builtAfterMs / 1000).toFixed(1)} s`);
  if (maintainedMs !== null) console.log(`baseline, indexes maintained: ${c.persons} rows in ${(maintainedMs / 1000).toFixed(1)} s`);
  console.log('');
  printHeader();
  console.log(
    resultRow(
      `demo seed at scale ${scale} into PostgreSQL (generate + COPY, all tables, one transaction)`,
      `${formatRate(seedRate, 'rows')} (${rows.toLocaleString('en')} rows in ${(seedMs / 1000).toFixed(1)} s)`,
      `${formatRate(builtAfterRate, 'rows')} server-side INSERT … SELECT generate_series of person-shaped rows, same indexes built after`,
      seedRate / builtAfterRate,
    ),
  );
  console.log(resultRow(`demo seed at scale ${scale}: residents per second`, formatRate(personRate, 'residents'), formatRate(builtAfterRate, 'rows'), personRate / builtAfterRate));
  if (maintainedMs !== null) {
    const maintainedRate = rate(c.persons, maintainedMs);
    console.log(
      resultRow(
        `demo seed at scale ${scale}, against indexes maintained row by row`,
        formatRate(seedRate, 'rows'),
        `${formatRate(maintainedRate, 'rows')} same INSERT … SELECT into a table whose indexes are updated per row`,
        seedRate / maintainedRate,
      ),
    );
  }
} finally {
  await db.close();
}
