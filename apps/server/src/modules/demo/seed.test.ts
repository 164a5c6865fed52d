// Seeding the demo district into real databases, embedded PGlite and a PostgreSQL server: what is
// written matches what was generated, a second seed writes nothing, and a failed seed leaves nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import pg from 'pg';
import { Database } from '../../platform/db/database.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { verifyPassword } from '../../platform/auth/password.ts';
import { GridIndex } from '../../platform/geo/index.ts';
import { DEMO_PASSWORD } from './accounts.ts';
import { generateGeography } from './geography.ts';
import { REFERENCE_DATE } from './population.ts';
import { DEFAULT_SEED, isSeeded, seedDemo, type SeedResult } from './seed.ts';

const SCALE = 0.02;
const PG_ADMIN_URL = process.env.LINLI_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

type Engine = 'pglite' | 'postgres';
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
const hasPostgres = await postgresAvailable();

/** A fresh, migrated database of the given engine, dropped when the tests end. */
async function freshDatabase(engine: Engine): Promise<Database> {
  if (engine === 'pglite') {
    const db = await Database.open({ kind: 'pglite', dir: null });
    cleanups.push(() => db.close());
    await migrate(db);
    return db;
  }
  const name = `linli_test_demo_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await Database.open({ kind: 'postgres', url: url.toString(), max: 4 });
  cleanups.push(async () => {
    await db.close();
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  await migrate(db);
  return db;
}

async function scalar(db: Database, sql: string, params: unknown[] = []): Promise<number> {
  const rows = db.pglite ? (await db.pglite.query<{ n: number }>(sql, params)).rows : (await db.pool!.query<{ n: number }>(sql, params)).rows;
  return Number(rows[0]!.n);
}
async function rows<T>(db: Database, sql: string, params: unknown[] = []): Promise<T[]> {
  return db.pglite ? (await db.pglite.query<T>(sql, params)).rows : (await db.pool!.query(sql, params)).rows;
}

const seeded = new Map<Engine, { db: Database; result: SeedResult }>();

for (const engine of ['pglite', 'postgres'] as const) {
  const skip = engine === 'postgres' && !hasPostgres ? `no PostgreSQL at ${PG_ADMIN_URL}` : false;

  test(`${engine}: the seed writes what it counts, and the district's accounts`, { skip }, async () => {
    const db = await freshDatabase(engine);
    assert.equal(await isSeeded(db), false);
    const result = await seedDemo(db, { scale: SCALE });
    seeded.set(engine, { db, result });
    assert.equal(result.seeded, true);
    assert.equal(await isSeeded(db, 'chancheng'), true);

    const { counts } = result;
    assert.equal(counts.streets, 4);
    assert.equal(counts.communities, 147);
    assert.equal(counts.urbanCommunities, 94);
    assert.equal(counts.villages, 53);
    assert.equal(counts.grids, 478);
    assert.equal(counts.persons, Math.round(1_330_000 * SCALE));
    const level = (l: string) => scalar(db, 'select count(*) as n from areas where district_id = $1 and level = $2', ['chancheng', l]);
    assert.equal(await level('district'), 1);
    assert.equal(await level('street'), counts.streets);
    assert.equal(await level('community'), counts.communities);
    assert.equal(await scalar(db, "select count(*) as n from areas where level = 'community' and kind = 'village'"), 53);
    assert.equal(await level('compound'), counts.compounds);
    assert.equal(await level('building'), counts.buildings);
    assert.equal(await scalar(db, 'select count(*) as n from grids'), 478);
    assert.equal(await scalar(db, 'select count(*) as n from households'), counts.households);
    assert.equal(await scalar(db, 'select count(*) as n from persons'), counts.persons);
    assert.equal(await scalar(db, 'select count(distinct id_number) as n from persons'), counts.persons);
    assert.equal(await scalar(db, 'select count(*) as n from organisations'), counts.organisations);
    assert.equal(await scalar(db, 'select count(*) as n from users'), 11);
    assert.equal(await scalar(db, 'select count(*) as n from role_assignments'), 11);

    // Paths nest: every person's path is their building's, under a community, under the root.
    assert.equal(await scalar(db, "select count(*) as n from persons p join areas b on b.id = p.building_id where b.path <> p.area_path or b.level <> 'building'"), 0);
    assert.equal(await scalar(db, 'select count(*) as n from grids g join areas c on c.id = g.community_id where c.path <> g.area_path'), 0);
    assert.equal(await scalar(db, "select count(*) as n from areas a join areas p on p.id = a.parent_id where a.path <> p.path || a.id || '/'"), 0);
    const aged60 = await scalar(db, "select count(*) as n from persons where birth_date <= ($1::date - interval '60 years')", [REFERENCE_DATE]);
    assert.ok(aged60 / counts.persons >= 0.18 && aged60 / counts.persons <= 0.22);
  });

  test(`${engine}: demo logins are granted on the scope their role is meant for`, { skip }, async () => {
    const { db, result } = seeded.get(engine)!;
    assert.deepEqual(
      result.accounts.map((a) => a.username),
      ['admin', 'official', 'street', 'community', 'community2', 'grid', 'department', 'provider', 'hotline', 'volunteer', 'resident'],
    );
    const grants = await rows<{ username: string; role: string; area: string | null; grid: string | null; org: string | null; person_id: string | null; password_hash: string }>(
      db,
      `select u.username, r.role, a.name as area, g.name as grid, o.name as org, u.person_id, u.password_hash
         from users u join role_assignments r on r.user_id = u.id
         left join areas a on a.id = r.area_id left join grids g on g.id = r.grid_id left join organisations o on o.id = r.org_id
        order by u.username`,
    );
    const by = new Map(grants.map((g) => [g.username, g]));
    assert.equal(by.get('admin')!.role, 'district_admin');
    assert.equal(by.get('admin')!.area, '禅城区');
    assert.equal(by.get('official')!.area, '禅城区');
    assert.equal(by.get('street')!.area, '祖庙街道');
    assert.equal(by.get('community')!.area, '塔坡社区');
    assert.equal(by.get('community2')!.area, '丽豪社区');
    assert.match(by.get('grid')!.grid!, /^塔坡社区第\d+网格$/);
    assert.equal(by.get('department')!.org, '区城管局');
    assert.ok(by.get('provider')!.org);
    assert.equal(by.get('hotline')!.area, '禅城区');
    assert.equal(by.get('volunteer')!.role, 'volunteer');
    const resident = by.get('resident')!;
    assert.equal(resident.role, 'resident');
    assert.ok(resident.area === null && resident.grid === null && resident.org === null);
    const [person] = await rows<{ birth_date: string; community: string; tags: string[] }>(
      db,
      `select p.birth_date::text as birth_date, c.name as community, p.tags from persons p
         join areas c on c.level = 'community' and p.area_path like c.path || '%' where p.id = $1`,
      [resident.person_id],
    );
    assert.equal(person!.community, '塔坡社区');
    assert.ok(person!.birth_date < '1966-01-01', 'the resident is an elder');
    // One hash, shared: verifying it once verifies every demo login.
    assert.equal(new Set(grants.map((g) => g.password_hash)).size, 1);
    assert.equal(await verifyPassword(grants[0]!.password_hash, DEMO_PASSWORD), true);
  });

  test(`${engine}: grids read back from the database locate points as the generator did`, { skip }, async () => {
    const { db } = seeded.get(engine)!;
    const stored = await rows<{ id: string; geometry: unknown }>(db, 'select id, geometry from grids');
    const index = new GridIndex(stored.map((r) => ({ id: r.id, geometry: (typeof r.geometry === 'string' ? JSON.parse(r.geometry) : r.geometry) as never })));
    const geography = generateGeography(DEFAULT_SEED);
    const buildings = await rows<{ lat: number; lon: number; grid_id: string }>(db, "select lat, lon, grid_id from areas where level = 'building' limit 500");
    for (const b of buildings) {
      assert.equal(index.locate(b.lat, b.lon), b.grid_id);
      assert.equal(geography.index.locate(b.lat, b.lon), b.grid_id);
    }
  });

  test(`${engine}: seeding again writes nothing`, { skip }, async () => {
    const { db, result } = seeded.get(engine)!;
    const again = await seedDemo(db, { scale: SCALE });
    assert.equal(again.seeded, false);
    assert.equal(await scalar(db, 'select count(*) as n from persons'), result.counts.persons);
  });

  test(`${engine}: a seed that fails part-way leaves nothing behind`, { skip }, async () => {
    const db = await freshDatabase(engine);
    // A user 'admin' in another district: the seed's last insert collides with it.
    await db.execScript(`insert into districts (id, name, name_en, center_lat, center_lon) values ('elsewhere', '别处', 'Elsewhere', 0, 0);
      insert into users (id, district_id, username, password_hash, display_name) values ('${crypto.randomUUID()}', 'elsewhere', 'admin', 'x', 'x');`);
    await assert.rejects(seedDemo(db, { scale: 0.002 }));
    assert.equal(await isSeeded(db), false);
    assert.equal(await scalar(db, "select count(*) as n from areas where district_id = 'chancheng'"), 0);
    assert.equal(await scalar(db, "select count(*) as n from persons where district_id = 'chancheng'"), 0);
  });
}

test('PGlite and PostgreSQL hold the same residents for the same seed', { skip: !hasPostgres && 'no PostgreSQL' }, async () => {
  const digest = async (engine: Engine) => {
    const { db } = seeded.get(engine)!;
    const people = await rows<{ id: string; name: string; id_number: string; birth_date: string; tags: string[] }>(
      db,
      'select id, name, id_number, birth_date::text as birth_date, tags from persons order by id',
    );
    return crypto.createHash('sha256').update(JSON.stringify(people)).digest('hex');
  };
  assert.equal(await digest('pglite'), await digest('postgres'));
});
