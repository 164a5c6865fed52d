// Registered users on the district dashboard (accounts.registered, a stock; modules/insight/README.md).
// An account counts where its holder belongs: a resident's account at the resident's home
// (persons.area_path and grid), a staff account at the area or grid of its first role granted on
// one, anything else at the district's root area. Disabled accounts stay registered.
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type { Bump, MetricSource } from '../insight/rollups.ts';

export const ACCOUNT_METRICS = ['accounts.registered'];

interface AccountPlace {
  id: string;
  createdAt: Date;
  areaPath: string | null;
  gridId: string | null;
}

/** Where these accounts count now (all accounts of the district without `by`). */
async function places(db: Database, districtId: string, by?: { userIds: string[] } | { personId: string }): Promise<AccountPlace[]> {
  if (by && 'userIds' in by && !by.userIds.length) return [];
  const filter = !by ? sql`` : 'userIds' in by ? sql`and u.id in (${sql.join(by.userIds)})` : sql`and u.person_id = ${by.personId}`;
  const rows = await sql<AccountPlace>`
    select u.id, u.created_at as "createdAt",
      coalesce(p.area_path, r.path, (select a.path from areas a where a.district_id = u.district_id and a.level = 'district' limit 1)) as "areaPath",
      (case when p.id is not null then p.grid_id else r.grid_id end)::text as "gridId"
    from users u
    left join persons p on p.district_id = u.district_id and p.id = u.person_id
    left join lateral (
      select coalesce(a.path, g.area_path) as path, ra.grid_id
      from role_assignments ra
      left join areas a on a.district_id = ra.district_id and a.id = ra.area_id
      left join grids g on g.district_id = ra.district_id and g.id = ra.grid_id
      where ra.district_id = u.district_id and ra.user_id = u.id and (a.id is not null or g.id is not null)
      order by ra.created_at, ra.id
      limit 1
    ) r on true
    where u.district_id = ${districtId} ${filter}`.execute(db.q);
  return rows.rows;
}

const bumpOf = (p: AccountPlace, delta: 1 | -1, day?: Date): Bump | null => (p.areaPath ? { metric: 'accounts.registered', areaPath: p.areaPath, gridId: p.gridId, delta, ...(day ? { day } : {}) } : null);

/**
 * Accounts that may change place (a new account, a role granted, a resident moved): call before the
 * write, `apply()` after it, inside the same transaction; the difference is bumped.
 */
export async function trackAccounts(
  ctx: { db: Database; insight?: { bump(districtId: string, bumps: Bump[]): Promise<void> } },
  districtId: string,
  by: { userIds: string[] } | { personId: string },
): Promise<{ apply: () => Promise<void> }> {
  if (!ctx.insight) return { apply: async () => {} };
  const before = await places(ctx.db, districtId, by);
  return {
    apply: async () => {
      const after = await places(ctx.db, districtId, 'userIds' in by ? by : { userIds: before.map((p) => p.id) });
      const was = new Map(before.map((p) => [p.id, p]));
      const bumps: (Bump | null)[] = [];
      for (const p of after) {
        const old = was.get(p.id);
        if (old && old.areaPath === p.areaPath && old.gridId === p.gridId) continue;
        if (old) bumps.push(bumpOf(old, -1));
        bumps.push(bumpOf(p, 1));
      }
      const list = bumps.filter((b) => b !== null);
      if (list.length) await ctx.insight!.bump(districtId, list);
    },
  };
}

/** Every account where it counts now, on the day it was registered. */
export async function recountAccounts(db: Database, districtId: string): Promise<Bump[]> {
  return (await places(db, districtId)).map((p) => bumpOf(p, 1, p.createdAt)).filter((b) => b !== null);
}

export function declareAccountFigures(ctx: { db: Database; insight?: { declare(source: MetricSource): void } }) {
  ctx.insight?.declare({ name: 'accounts', metrics: ACCOUNT_METRICS, recount: (districtId) => recountAccounts(ctx.db, districtId) });
}
