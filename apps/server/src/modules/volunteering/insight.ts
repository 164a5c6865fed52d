// Volunteer hours on the district dashboard (volunteering.minutes; shown in hours): approved
// minutes of the hours ledger, on the day served, in the community the service was given.
import type { Database } from '../../platform/db/database.ts';
import type { Bump, MetricSource } from '../insight/rollups.ts';

export const VOLUNTEERING_METRICS = ['volunteering.minutes'];

export const hoursBump = (e: { areaPath: string; servedOn: string; minutes: number }): Bump => ({ metric: 'volunteering.minutes', areaPath: e.areaPath, day: String(e.servedOn).slice(0, 10), delta: e.minutes });

export async function recountHours(db: Database, districtId: string): Promise<Bump[]> {
  const rows = await db.q.selectFrom('volunteerHours').select(['areaPath', 'servedOn', 'minutes']).where('districtId', '=', districtId).where('status', '=', 'approved').execute();
  return rows.map(hoursBump);
}

/** Declare the figure and hand the ledger the roll-ups (the service is built before the insight module). */
export function declareVolunteeringFigures(ctx: {
  db: Database;
  volunteering: { setInsight(insight: { bump(districtId: string, bumps: Bump[]): Promise<void> }): void };
  insight?: { declare(source: MetricSource): void; bump(districtId: string, bumps: Bump | Bump[]): Promise<void> };
}) {
  if (!ctx.insight) return;
  ctx.volunteering.setInsight(ctx.insight);
  ctx.insight.declare({ name: 'volunteering', metrics: VOLUNTEERING_METRICS, recount: (districtId) => recountHours(ctx.db, districtId) });
}
