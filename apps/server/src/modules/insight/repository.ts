// Queries of the district cloud platform: roll-up reads, the same answers by full scan (for
// checks and benchmarks), rebuilds, and the places, facilities and candidates the maps show.
import crypto from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { GroupCounts } from '@linli/contracts';
import type { Database } from '../../platform/db/database.ts';
import { bornOnOrBefore, cellsOf, type Level } from './keys.ts';

/** Raw sums per key, before they are turned into groups. */
interface Sums {
  r: number;
  ge18: number;
  ge60: number;
  ge80: number;
  alone: number;
  alone60: number;
  disabled: number;
  low: number;
  households: number;
}
const ZERO_SUMS: Sums = { r: 0, ge18: 0, ge60: 0, ge80: 0, alone: 0, alone60: 0, disabled: 0, low: 0, households: 0 };

export const ZERO_GROUPS: GroupCounts = { residents: 0, households: 0, minors: 0, aged18to59: 0, aged60to79: 0, aged60: 0, aged80: 0, livingAlone: 0, livingAlone60: 0, disabled: 0, lowIncome: 0 };

export function groupsOf(s: Sums): GroupCounts {
  return {
    residents: s.r,
    households: s.households,
    minors: s.r - s.ge18,
    aged18to59: s.ge18 - s.ge60,
    aged60to79: s.ge60 - s.ge80,
    aged60: s.ge60,
    aged80: s.ge80,
    livingAlone: s.alone,
    livingAlone60: s.alone60,
    disabled: s.disabled,
    lowIncome: s.low,
  };
}

export function addGroups(a: GroupCounts, b: GroupCounts): GroupCounts {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof GroupCounts)[]) out[k] += b[k];
  return out;
}

const num = (v: unknown) => Number(v ?? 0);

/** SQL for the community key of a path column (mirrors keys.communityKey). */
const communityKeySql = (col: RawBuilder<unknown>) => sql<string>`coalesce(substring(${col} from '^[^/]+/[^/]+/[^/]+/'), ${col})`;

/** The metric of the "this module's counters were recounted" markers. */
const COUNTED = 'insight.counted';

export class InsightRepository {
  constructor(private readonly db: Database) {}

  // --- roll-up reads -----------------------------------------------------------------------------

  /** Group counts per key of one level, from the roll-ups; `prefix` limits keys to an area. */
  async groups(districtId: string, level: Level, prefix: string, asOf: string): Promise<Map<string, GroupCounts>> {
    const year = Number(asOf.slice(0, 4));
    const [c18, c60, c80] = [18, 60, 80].map((a) => bornOnOrBefore(asOf, a)) as [string, string, string];
    const [y18, y60, y80] = [year - 18, year - 60, year - 80];
    const like = `${prefix}%`;
    const coarse = await sql<Record<string, unknown>>`
      select key,
        sum(residents) as r,
        sum(residents) filter (where birth_year < ${y18}) as ge18,
        sum(residents) filter (where birth_year < ${y60}) as ge60,
        sum(residents) filter (where birth_year < ${y80}) as ge80,
        sum(living_alone) as alone,
        sum(living_alone) filter (where birth_year < ${y60}) as alone60,
        sum(disabled) as disabled,
        sum(low_income) as low
      from insight_residents
      where district_id = ${districtId} and level = ${level} and key like ${like}
      group by key`.execute(this.db.q);
    const fineKey =
      level === 'c' ? sql`community` : level === 'g' ? sql`community || '|' || grid` : level === 'h8' ? sql`community || '|' || h8` : sql`community || '|' || h9`;
    const fineCol = level === 'c' ? null : level === 'g' ? sql`grid` : level === 'h8' ? sql`h8` : sql`h9`;
    const range = (y: number, c: string) => sql`birth_date between ${`${y}-01-01`}::date and ${c}::date`;
    const fine = await sql<Record<string, unknown>>`
      select ${fineKey} as key,
        sum(residents) filter (where ${range(y18, c18)}) as ge18,
        sum(residents) filter (where ${range(y60, c60)}) as ge60,
        sum(residents) filter (where ${range(y80, c80)}) as ge80,
        sum(living_alone) filter (where ${range(y60, c60)}) as alone60
      from insight_birthdays
      where district_id = ${districtId} and community like ${like}
        and (${range(y18, c18)} or ${range(y60, c60)} or ${range(y80, c80)})
        ${fineCol ? sql`and ${fineCol} <> ''` : sql``}
      group by 1`.execute(this.db.q);
    const households = await sql<{ key: string; households: number }>`
      select key, households from insight_households where district_id = ${districtId} and level = ${level} and key like ${like}`.execute(this.db.q);

    const sums = new Map<string, Sums>();
    const get = (k: string) => {
      let s = sums.get(k);
      if (!s) sums.set(k, (s = { ...ZERO_SUMS }));
      return s;
    };
    for (const row of coarse.rows) {
      const s = get(String(row.key));
      s.r += num(row.r);
      s.ge18 += num(row.ge18);
      s.ge60 += num(row.ge60);
      s.ge80 += num(row.ge80);
      s.alone += num(row.alone);
      s.alone60 += num(row.alone60);
      s.disabled += num(row.disabled);
      s.low += num(row.low);
    }
    for (const row of fine.rows) {
      const s = get(String(row.key));
      s.ge18 += num(row.ge18);
      s.ge60 += num(row.ge60);
      s.ge80 += num(row.ge80);
      s.alone60 += num(row.alone60);
    }
    for (const row of households.rows) get(row.key).households += num(row.households);
    const out = new Map<string, GroupCounts>();
    for (const [k, s] of sums) {
      const g = groupsOf(s);
      if (Object.values(g).some((v) => v !== 0)) out.set(k, g);
    }
    return out;
  }

  /** The same answer computed from persons by one grouped scan: the reference for checks and benchmarks. */
  async groupsByScan(districtId: string, level: Level, prefix: string, asOf: string): Promise<Map<string, GroupCounts>> {
    const [c18, c60, c80] = [18, 60, 80].map((a) => bornOnOrBefore(asOf, a)) as [string, string, string];
    const ck = communityKeySql(sql.ref('p.area_path'));
    const key =
      level === 'c' ? ck : level === 'g' ? sql`${ck} || '|' || p.grid_id::text` : level === 'h8' ? sql`${ck} || '|' || pl.h8` : sql`${ck} || '|' || pl.h9`;
    const rows = await sql<Record<string, unknown>>`
      select ${key} as key,
        count(*) as r,
        count(*) filter (where p.birth_date <= ${c18}::date) as ge18,
        count(*) filter (where p.birth_date <= ${c60}::date) as ge60,
        count(*) filter (where p.birth_date <= ${c80}::date) as ge80,
        count(*) filter (where 'living_alone' = any(p.tags)) as alone,
        count(*) filter (where 'living_alone' = any(p.tags) and p.birth_date <= ${c60}::date) as alone60,
        count(*) filter (where 'disabled' = any(p.tags)) as disabled,
        count(*) filter (where 'low_income' = any(p.tags)) as low,
        count(distinct p.household_id) as households
      from persons p
      ${level === 'h8' || level === 'h9' ? sql`join insight_places pl on pl.district_id = p.district_id and pl.building_id = p.building_id` : sql``}
      where p.district_id = ${districtId} and p.status = 'active' and p.area_path like ${`${prefix}%`}
        ${level === 'g' ? sql`and p.grid_id is not null` : sql``}
      group by 1`.execute(this.db.q);
    const out = new Map<string, GroupCounts>();
    for (const row of rows.rows) {
      out.set(String(row.key), groupsOf({ r: num(row.r), ge18: num(row.ge18), ge60: num(row.ge60), ge80: num(row.ge80), alone: num(row.alone), alone60: num(row.alone60), disabled: num(row.disabled), low: num(row.low), households: num(row.households) }));
    }
    return out;
  }

  /** Counter sums per key and dimension over days [from, to] (from = null: since the start). */
  async counters(districtId: string, metrics: string[], level: Level, prefix: string, from: string | null, to: string): Promise<{ metric: string; key: string; dim: string; value: number }[]> {
    if (!metrics.length) return [];
    const rows = await sql<{ metric: string; key: string; dim: string; value: number }>`
      select metric, key, dim, sum(value) as value from insight_counters
      where district_id = ${districtId} and metric in (${sql.join(metrics)}) and level = ${level} and key like ${`${prefix}%`}
        and day <= ${to}::date ${from ? sql`and day >= ${from}::date` : sql``}
      group by metric, key, dim`.execute(this.db.q);
    return rows.rows.map((r) => ({ ...r, value: num(r.value) }));
  }

  // --- rebuild -----------------------------------------------------------------------------------

  async isBuilt(districtId: string): Promise<boolean> {
    const r = await sql`select 1 from insight_state where district_id = ${districtId}`.execute(this.db.q);
    return r.rows.length > 0;
  }

  /** H3 cells for every building that has none yet. */
  async ensurePlaces(districtId: string): Promise<number> {
    const missing = await sql<{ id: string; lat: number | null; lon: number | null }>`
      select a.id, a.lat, a.lon from areas a
      where a.district_id = ${districtId} and a.level = 'building'
        and not exists (select 1 from insight_places pl where pl.district_id = a.district_id and pl.building_id = a.id)`.execute(this.db.q);
    const rows = missing.rows.map((b) => ({ id: b.id, cells: cellsOf(b.lat, b.lon) })).filter((b) => b.cells);
    for (let i = 0; i < rows.length; i += 2000) {
      await sql`insert into insight_places (district_id, building_id, h9, h8) values ${sql.join(
        rows.slice(i, i + 2000).map((b) => sql`(${districtId}, ${b.id}::uuid, ${b.cells!.h9}, ${b.cells!.h8})`),
      )} on conflict do nothing`.execute(this.db.q);
    }
    return rows.length;
  }

  /** Recount the residents' roll-ups from persons (inside the caller's transaction). */
  async rebuildResidents(districtId: string): Promise<void> {
    // Writers to persons wait while the recount runs, then add their changes to the new counts.
    if (this.db.kind === 'postgres') await sql`lock table persons in share mode`.execute(this.db.q);
    await this.ensurePlaces(districtId);
    for (const t of ['insight_residents', 'insight_birthdays', 'insight_households']) await sql`delete from ${sql.table(t)} where district_id = ${districtId}`.execute(this.db.q);
    const ck = communityKeySql(sql.ref('p.area_path'));
    const base = sql`
      select p.*, ${ck} as ck, extract(year from p.birth_date)::int as y,
        ('living_alone' = any(p.tags))::int as alone, ('disabled' = any(p.tags))::int as dis, ('low_income' = any(p.tags))::int as low,
        pl.h8, pl.h9
      from persons p left join insight_places pl on pl.district_id = p.district_id and pl.building_id = p.building_id
      where p.district_id = ${districtId} and p.status = 'active'`;
    const levels = sql`cross join lateral (values ('c', s.ck), ('g', s.ck || '|' || s.grid_id::text), ('h8', s.ck || '|' || s.h8), ('h9', s.ck || '|' || s.h9)) v(level, key)`;
    await sql`insert into insight_residents (district_id, level, key, birth_year, residents, living_alone, disabled, low_income)
      select ${districtId}, v.level, v.key, s.y, count(*), sum(s.alone), sum(s.dis), sum(s.low)
      from (${base}) s ${levels} where v.key is not null group by v.level, v.key, s.y`.execute(this.db.q);
    await sql`insert into insight_birthdays (district_id, birth_date, community, grid, h9, h8, residents, living_alone, disabled, low_income)
      select ${districtId}, s.birth_date, s.ck, coalesce(s.grid_id::text, ''), coalesce(s.h9, ''), coalesce(max(s.h8), ''), count(*), sum(s.alone), sum(s.dis), sum(s.low)
      from (${base}) s group by s.birth_date, s.ck, coalesce(s.grid_id::text, ''), coalesce(s.h9, '')`.execute(this.db.q);
    await sql`insert into insight_households (district_id, level, key, households)
      select ${districtId}, v.level, v.key, count(distinct s.household_id)
      from (${base}) s ${levels} where v.key is not null and s.household_id is not null group by v.level, v.key`.execute(this.db.q);
    await sql`insert into insight_state (district_id, built_at) values (${districtId}, now())
      on conflict (district_id) do update set built_at = now()`.execute(this.db.q);
  }

  async clearCounters(districtId: string, metrics: string[]): Promise<void> {
    if (metrics.length) await sql`delete from insight_counters where district_id = ${districtId} and metric in (${sql.join(metrics)})`.execute(this.db.q);
  }

  /** Every counter row of these metrics, day by day (for the consistency check). */
  async counterTable(districtId: string, metrics: string[]): Promise<{ metric: string; level: string; key: string; dim: string; day: string; value: number }[]> {
    if (!metrics.length) return [];
    const rows = await sql<{ metric: string; level: string; key: string; dim: string; day: string; value: number }>`
      select metric, level, key, dim, to_char(day, 'YYYY-MM-DD') as day, value from insight_counters
      where district_id = ${districtId} and metric in (${sql.join(metrics)})`.execute(this.db.q);
    return rows.rows.map((r) => ({ ...r, value: num(r.value) }));
  }

  /**
   * Modules whose counters have been recounted in this district at least once: a marker row per
   * module (metric COUNTED, dim = module, key '' so no area prefix ever reads it).
   */
  async countedSources(districtId: string): Promise<Set<string>> {
    const rows = await sql<{ dim: string }>`select dim from insight_counters where district_id = ${districtId} and metric = ${COUNTED}`.execute(this.db.q);
    return new Set(rows.rows.map((r) => r.dim));
  }

  async markCounted(districtId: string, names: string[]): Promise<void> {
    if (!names.length) return;
    await sql`insert into insight_counters (district_id, metric, level, key, dim, day, value) values ${sql.join(
      names.map((n) => sql`(${districtId}, ${COUNTED}, 'c', '', ${n}, '1970-01-01'::date, 1)`),
    )} on conflict do nothing`.execute(this.db.q);
  }

  // --- places, facilities, candidates -------------------------------------------------------------

  async area(districtId: string, id: string) {
    return this.db.q.selectFrom('areas').select(['id', 'name', 'level', 'path', 'lat', 'lon', 'parentId']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  async root(districtId: string) {
    return this.db.q.selectFrom('areas').select(['id', 'name', 'level', 'path', 'lat', 'lon', 'parentId']).where('districtId', '=', districtId).where('level', '=', 'district').executeTakeFirst();
  }

  async areasByIds(districtId: string, ids: string[]) {
    if (!ids.length) return [];
    return this.db.q.selectFrom('areas').select(['id', 'name', 'level', 'path']).where('districtId', '=', districtId).where('id', 'in', ids).execute();
  }

  /** Streets or communities under a path, with polygons. */
  async areasAt(districtId: string, level: 'street' | 'community', prefix: string) {
    return this.db.q
      .selectFrom('areas')
      .select(['id', 'name', 'level', 'path', 'code', 'geometry', 'lat', 'lon'])
      .where('districtId', '=', districtId)
      .where('level', '=', level)
      .where('path', 'like', `${prefix}%`)
      .orderBy('code')
      .execute();
  }

  async gridsUnder(districtId: string, prefix: string) {
    return this.db.q
      .selectFrom('grids')
      .select(['id', 'name', 'code', 'areaPath', 'geometry', 'lat', 'lon', 'communityId'])
      .where('districtId', '=', districtId)
      .where('areaPath', 'like', `${prefix}%`)
      .orderBy('code')
      .execute();
  }

  /** Buildings under a path with their location (siting candidates). */
  async buildings(districtId: string, prefix: string) {
    return this.db.q
      .selectFrom('areas')
      .select(['id', 'name', 'path', 'lat', 'lon'])
      .where('districtId', '=', districtId)
      .where('level', '=', 'building')
      .where('path', 'like', `${prefix}%`)
      .where('lat', 'is not', null)
      .execute();
  }

  /** Providers (and other organisations) with the location of the area they are based in. */
  async providers(districtId: string, prefix: string) {
    return this.db.q
      .selectFrom('organisations as o')
      .innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'o.districtId').onRef('a.path', '=', 'o.areaPath'))
      .select(['o.id', 'o.name', 'o.kind', 'o.code', 'o.areaPath', 'o.properties', 'a.lat', 'a.lon', 'a.geometry', 'a.level'])
      .where('o.districtId', '=', districtId)
      .where('o.kind', 'in', ['provider', 'social_org', 'volunteer_team'])
      .where('o.areaPath', 'like', `${prefix}%`)
      .orderBy('o.code')
      .execute();
  }

  async candidates(districtId: string, prefix: string) {
    const rows = await sql<{ id: string; name: string; lat: number; lon: number; areaPath: string; note: string; createdAt: Date }>`
      select id, name, lat, lon, area_path, note, created_at from insight_candidates
      where district_id = ${districtId} and area_path like ${`${prefix}%`} order by created_at`.execute(this.db.q);
    return rows.rows;
  }

  async addCandidate(districtId: string, c: { name: string; lat: number; lon: number; areaPath: string; note: string; createdBy: string }) {
    const id = crypto.randomUUID();
    await sql`insert into insight_candidates (district_id, id, name, lat, lon, area_path, note, created_by)
      values (${districtId}, ${id}::uuid, ${c.name}, ${c.lat}, ${c.lon}, ${c.areaPath}, ${c.note}, ${c.createdBy}::uuid)`.execute(this.db.q);
    return id;
  }

  async deleteCandidate(districtId: string, id: string, prefix: string): Promise<{ areaPath: string } | null> {
    const r = await sql<{ areaPath: string }>`delete from insight_candidates where district_id = ${districtId} and id = ${id}::uuid and area_path like ${`${prefix}%`} returning area_path`.execute(this.db.q);
    return r.rows[0] ?? null;
  }

  async orgNames(districtId: string, ids: string[]) {
    if (!ids.length) return new Map<string, string>();
    const rows = await this.db.q.selectFrom('organisations').select(['id', 'name']).where('districtId', '=', districtId).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
