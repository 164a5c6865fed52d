// Resident counts per area or grid, computed by one grouped scan and cached briefly. Writes to
// the registry invalidate the district's cache; the district cloud platform replaces this with
// incrementally maintained roll-ups.
import { sql, type RawBuilder } from 'kysely';
import type { AreaStats } from '@linli/contracts';
import type { Database } from '../../platform/db/database.ts';

export const ZERO_STATS: AreaStats = { residents: 0, households: 0, aged60: 0, aged80: 0, livingAlone: 0, disabled: 0, lowIncome: 0, minors: 0 };

function yearsAgo(years: number, today = new Date()): string {
  const d = new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

const TTL_MS = 30_000;

export class StatsService {
  private cache = new Map<string, { at: number; value: Promise<Map<string, AreaStats>> }>();
  constructor(private readonly db: Database) {}

  invalidate(districtId: string) {
    for (const k of this.cache.keys()) if (k.startsWith(`${districtId}|`)) this.cache.delete(k);
  }

  /** Counts for the children of the area whose path is `parentPath` (keyed by child id). */
  byChild(districtId: string, parentPath: string) {
    const depth = parentPath.split('/').filter(Boolean).length + 1;
    return this.cached(`${districtId}|child|${parentPath}`, () => this.grouped(districtId, sql`split_part(area_path, '/', ${depth})`, parentPath));
  }

  /** Counts per grid under an area path (keyed by grid id). */
  byGrid(districtId: string, underPath: string) {
    return this.cached(`${districtId}|grid|${underPath}`, () => this.grouped(districtId, sql`grid_id::text`, underPath));
  }

  /** Counts for one area as a whole. */
  async forPath(districtId: string, path: string): Promise<AreaStats> {
    const m = await this.cached(`${districtId}|self|${path}`, () => this.grouped(districtId, sql`'self'`, path));
    return m.get('self') ?? ZERO_STATS;
  }

  private cached(key: string, load: () => Promise<Map<string, AreaStats>>) {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    const value = load();
    this.cache.set(key, { at: Date.now(), value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  private async grouped(districtId: string, key: RawBuilder<unknown>, underPath: string): Promise<Map<string, AreaStats>> {
    const a60 = yearsAgo(60);
    const a80 = yearsAgo(80);
    const a18 = yearsAgo(18);
    const rows = await sql<{ key: string } & AreaStats>`
      select ${key} as key,
        count(*)::int as residents,
        count(distinct household_id)::int as households,
        count(*) filter (where birth_date <= ${a60}::date)::int as aged60,
        count(*) filter (where birth_date <= ${a80}::date)::int as aged80,
        count(*) filter (where 'living_alone' = any(tags))::int as living_alone,
        count(*) filter (where 'disabled' = any(tags))::int as disabled,
        count(*) filter (where 'low_income' = any(tags))::int as low_income,
        count(*) filter (where birth_date > ${a18}::date)::int as minors
      from persons
      where district_id = ${districtId} and status = 'active' and area_path like ${underPath + '%'}
      group by 1`.execute(this.db.q);
    return new Map(rows.rows.map(({ key: k, ...s }) => [k, s as AreaStats]));
  }
}
