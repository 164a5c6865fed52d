// The roll-up API: counters kept in the same transaction as the write they count, so the district
// dashboard and the demand map read a few hundred rows instead of scanning raw tables.
//
// Two entry points, both called inside the writer's db.tx (they use the ambient transaction):
//  - residents: `const t = await ctx.insight.residents.track(districtId, { ids })` before a write to
//    persons, `await t.apply()` after it; the difference of the residents' facts is applied.
//  - counters: `await ctx.insight.bump(districtId, { metric, areaPath, gridId, at, dim, day, delta })`
//    for any other module's figure (orders completed, cases by status, ratings, ...).
// Rows are upserted in key order, so concurrent writers lock them in the same order.
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type { EventBus } from '../../platform/events.ts';
import { chinaToday, communityKey, type Level, placeKeys } from './keys.ts';

export interface ResidentFacts {
  id: string;
  householdId: string | null;
  areaPath: string;
  gridId: string | null;
  buildingId: string | null;
  birthDate: string;
  tags: string[];
  status: string;
  lat: number | null;
  lon: number | null;
}

/** residents, living alone, disabled, low income */
type Quad = [number, number, number, number];

function quadOf(f: ResidentFacts): Quad {
  return [1, f.tags.includes('living_alone') ? 1 : 0, f.tags.includes('disabled') ? 1 : 0, f.tags.includes('low_income') ? 1 : 0];
}

function addQuad(map: Map<string, Quad>, key: string, q: Quad, sign: number) {
  const cur = map.get(key) ?? [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) cur[i] = cur[i]! + sign * q[i]!;
  map.set(key, cur);
}

const nonZero = (q: Quad) => q.some((v) => v !== 0);

/** The level keys of a resident's place, as [level, key] pairs. */
function levelKeys(f: ResidentFacts): [Level, string][] {
  const k = placeKeys(f);
  const out: [Level, string][] = [['c', k.c]];
  if (k.g) out.push(['g', k.g]);
  if (k.h8) out.push(['h8', k.h8]);
  if (k.h9) out.push(['h9', k.h9]);
  return out;
}

/** Coalesces "figures changed" notices: at most one live event per community per half second. */
export class RollupNotices {
  private pending = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly events: EventBus) {}

  changed(districtId: string, communityPaths: Iterable<string>) {
    let set = this.pending.get(districtId);
    if (!set) this.pending.set(districtId, (set = new Set()));
    for (const p of communityPaths) set.add(p);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), 500);
      // A pending notice never keeps a stopping process alive.
      this.timer.unref();
    }
  }

  flush() {
    this.timer = null;
    const pending = this.pending;
    this.pending = new Map();
    // 'area' is one of the event types the web shell forwards (lib/live.tsx): area figures changed.
    for (const [districtId, paths] of pending) {
      for (const path of paths) this.events.publish({ districtId, type: 'area', data: { kind: 'rollups', path }, audience: { areaPath: path } });
    }
  }
}

export class ResidentRollups {
  constructor(
    private readonly db: Database,
    private readonly notices: RollupNotices,
  ) {}

  /** The facts of these residents now (inside the caller's transaction). */
  async facts(districtId: string, by: { ids: string[] } | { householdId: string }): Promise<ResidentFacts[]> {
    let q = this.db.q
      .selectFrom('persons as p')
      .leftJoin('areas as b', (j) => j.onRef('b.districtId', '=', 'p.districtId').onRef('b.id', '=', 'p.buildingId'))
      .select(['p.id', 'p.householdId', 'p.areaPath', 'p.gridId', 'p.buildingId', 'p.birthDate', 'p.tags', 'p.status', 'b.lat', 'b.lon'])
      .where('p.districtId', '=', districtId);
    if ('ids' in by) {
      if (!by.ids.length) return [];
      q = q.where('p.id', 'in', by.ids);
    } else q = q.where('p.householdId', '=', by.householdId);
    return (await q.execute()) as ResidentFacts[];
  }

  /** Remember these residents' facts; `apply()` after the write counts the difference. */
  async track(districtId: string, by: { ids: string[] } | { householdId: string }): Promise<{ apply: () => Promise<void> }> {
    const before = await this.facts(districtId, by);
    const ids = 'ids' in by ? by.ids : before.map((f) => f.id);
    return { apply: async () => this.applyDiff(districtId, before, await this.facts(districtId, { ids })) };
  }

  /** Count the change from `before` to `after` (same residents; absent = not existing). */
  async applyDiff(districtId: string, before: ResidentFacts[], after: ResidentFacts[]): Promise<void> {
    const coarse = new Map<string, Quad>();
    const fine = new Map<string, Quad>();
    const fineCells = new Map<string, string>();
    const households = new Map<string, number>();
    // Tracked members per household and level key, before and after.
    const tracked = new Map<string, { before: number; after: number }>();
    const touchedHouseholds = new Set<string>();
    const communities = new Set<string>();

    const count = (f: ResidentFacts, sign: 1 | -1) => {
      if (f.status !== 'active') return;
      const q = quadOf(f);
      const year = Number(f.birthDate.slice(0, 4));
      for (const [level, key] of levelKeys(f)) {
        addQuad(coarse, `${level}\u0000${key}\u0000${year}`, q, sign);
        if (f.householdId) {
          const hk = `${f.householdId}\u0000${level}\u0000${key}`;
          const t = tracked.get(hk) ?? { before: 0, after: 0 };
          if (sign < 0) t.before++;
          else t.after++;
          tracked.set(hk, t);
        }
      }
      if (f.householdId) touchedHouseholds.add(f.householdId);
      const k = placeKeys(f);
      communities.add(k.c);
      const fk = `${f.birthDate}\u0000${k.c}\u0000${k.grid}\u0000${k.cell9}`;
      addQuad(fine, fk, q, sign);
      fineCells.set(fk, k.cell8);
    };
    for (const f of before) count(f, -1);
    for (const f of after) count(f, 1);

    if (touchedHouseholds.size) {
      // Active members now, per household and place; before = now - tracked after + tracked before.
      const rows = await this.db.q
        .selectFrom('persons as p')
        .leftJoin('areas as b', (j) => j.onRef('b.districtId', '=', 'p.districtId').onRef('b.id', '=', 'p.buildingId'))
        .select(['p.householdId', 'p.areaPath', 'p.gridId', 'b.lat', 'b.lon', (eb) => eb.fn.countAll<number>().as('n')])
        .where('p.districtId', '=', districtId)
        .where('p.householdId', 'in', [...touchedHouseholds])
        .where('p.status', '=', 'active')
        .groupBy(['p.householdId', 'p.areaPath', 'p.gridId', 'b.lat', 'b.lon'])
        .execute();
      const now = new Map<string, number>();
      for (const r of rows) {
        for (const [level, key] of levelKeys({ areaPath: r.areaPath, gridId: r.gridId, lat: r.lat, lon: r.lon } as ResidentFacts)) {
          const hk = `${r.householdId}\u0000${level}\u0000${key}`;
          now.set(hk, (now.get(hk) ?? 0) + Number(r.n));
        }
      }
      for (const [hk, t] of tracked) {
        const after = now.get(hk) ?? 0;
        const was = after - t.after + t.before;
        const delta = (after > 0 ? 1 : 0) - (was > 0 ? 1 : 0);
        if (delta === 0) continue;
        const lk = hk.slice(hk.indexOf('\u0000') + 1);
        households.set(lk, (households.get(lk) ?? 0) + delta);
      }
    }

    const coarseRows = [...coarse].filter(([, q]) => nonZero(q)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (coarseRows.length) {
      await sql`insert into insight_residents (district_id, level, key, birth_year, residents, living_alone, disabled, low_income) values ${sql.join(
        coarseRows.map(([k, q]) => {
          const [level, key, year] = k.split('\u0000');
          return sql`(${districtId}, ${level}, ${key}, ${Number(year)}, ${q[0]}, ${q[1]}, ${q[2]}, ${q[3]})`;
        }),
      )} on conflict (district_id, level, key, birth_year) do update set
        residents = insight_residents.residents + excluded.residents,
        living_alone = insight_residents.living_alone + excluded.living_alone,
        disabled = insight_residents.disabled + excluded.disabled,
        low_income = insight_residents.low_income + excluded.low_income`.execute(this.db.q);
    }
    const fineRows = [...fine].filter(([, q]) => nonZero(q)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (fineRows.length) {
      await sql`insert into insight_birthdays (district_id, birth_date, community, grid, h9, h8, residents, living_alone, disabled, low_income) values ${sql.join(
        fineRows.map(([k, q]) => {
          const [date, c, grid, h9] = k.split('\u0000');
          return sql`(${districtId}, ${date}::date, ${c}, ${grid}, ${h9}, ${fineCells.get(k) ?? ''}, ${q[0]}, ${q[1]}, ${q[2]}, ${q[3]})`;
        }),
      )} on conflict (district_id, birth_date, community, grid, h9) do update set
        residents = insight_birthdays.residents + excluded.residents,
        living_alone = insight_birthdays.living_alone + excluded.living_alone,
        disabled = insight_birthdays.disabled + excluded.disabled,
        low_income = insight_birthdays.low_income + excluded.low_income`.execute(this.db.q);
    }
    const householdRows = [...households].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (householdRows.length) {
      await sql`insert into insight_households (district_id, level, key, households) values ${sql.join(
        householdRows.map(([k, n]) => {
          const [level, key] = k.split('\u0000');
          return sql`(${districtId}, ${level}, ${key}, ${n})`;
        }),
      )} on conflict (district_id, level, key) do update set households = insight_households.households + excluded.households`.execute(this.db.q);
    }
    if (communities.size) this.db.afterCommit(() => this.notices.changed(districtId, communities));
  }
}

/** One change to a module's figure. */
export interface Bump {
  /** e.g. 'orders.completed', 'cases.status' (see FIGURES and METRICS in @linli/contracts). */
  metric: string;
  /** Where it happened: the path of the building, community or street it belongs to. */
  areaPath: string;
  gridId?: string | null;
  /** A point, for the hexagon layer (optional). */
  at?: { lat: number; lon: number } | null;
  /** A dimension: status, department id, category ('' when none). */
  dim?: string;
  /** The business day (default: today in China); a Date is converted to China's date. */
  day?: string | Date;
  /** Default 1; negative to undo (a stock leaving a status). */
  delta?: number;
}

export interface MetricSource {
  /** e.g. 'cases', 'orders': shown on the dashboard as landed. */
  name: string;
  metrics: string[];
  /** Everything the module's counters should hold, from its own tables: used by rebuild and checks. */
  recount?: (districtId: string) => Promise<Bump[]>;
}

/**
 * The counter rows a list of bumps adds to: key `metric NUL level NUL key NUL dim NUL day` -> delta
 * (zeros kept), and the communities touched.
 */
export function counterRows(list: Bump[]): { acc: Map<string, number>; communities: Set<string> } {
  const acc = new Map<string, number>();
  const communities = new Set<string>();
  for (const b of list) {
    const delta = b.delta ?? 1;
    if (!delta) continue;
    const day = b.day === undefined ? chinaToday() : typeof b.day === 'string' ? b.day.slice(0, 10) : chinaToday(b.day);
    const k = placeKeys({ areaPath: b.areaPath, gridId: b.gridId ?? null, lat: b.at?.lat ?? null, lon: b.at?.lon ?? null });
    communities.add(k.c);
    const dim = b.dim ?? '';
    for (const [level, key] of [['c', k.c], ['g', k.g], ['h8', k.h8], ['h9', k.h9]] as const) {
      if (!key) continue;
      const ak = `${b.metric}\u0000${level}\u0000${key}\u0000${dim}\u0000${day}`;
      acc.set(ak, (acc.get(ak) ?? 0) + delta);
    }
  }
  return { acc, communities };
}

export class Counters {
  readonly sources = new Map<string, MetricSource>();
  constructor(
    private readonly db: Database,
    private readonly notices: RollupNotices,
  ) {}

  /** A module announces the metrics it maintains (once, when its routes are registered). */
  declare(source: MetricSource) {
    this.sources.set(source.name, source);
  }

  declared(metric: string): boolean {
    for (const s of this.sources.values()) if (s.metrics.includes(metric)) return true;
    return false;
  }

  /** Add to counters in the caller's transaction. */
  async bump(districtId: string, bumps: Bump | Bump[]): Promise<void> {
    const { acc, communities } = counterRows(Array.isArray(bumps) ? bumps : [bumps]);
    const rows = [...acc].filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (!rows.length) return;
    for (let i = 0; i < rows.length; i += 500) {
      await sql`insert into insight_counters (district_id, metric, level, key, dim, day, value) values ${sql.join(
        rows.slice(i, i + 500).map(([k, v]) => {
          const [metric, level, key, dim, day] = k.split('\u0000');
          return sql`(${districtId}, ${metric}, ${level}, ${key}, ${dim}, ${day}::date, ${v})`;
        }),
      )} on conflict (district_id, metric, level, key, dim, day) do update set value = insight_counters.value + excluded.value`.execute(this.db.q);
    }
    this.db.afterCommit(() => this.notices.changed(districtId, communities));
  }
}

export { communityKey };
