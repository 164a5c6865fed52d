// Shared huts on the district dashboard (modules/insight/README.md):
//  sharing.items_shared  an item lent to a neighbour: a loan picked up, on the day of pick-up;
//  activities.held       an activity that took place (finished), on the day it started.
// Both where the loan or activity belongs (its area path).
//
// For now the figures come from the recount only (first use, POST /api/insight/rebuild): the
// module's owner was still editing it. To keep them live, bump `sharingBumps.lent(loan, pickedUpAt)`
// in the pick-up transaction and `sharingBumps.held(activity)` where an activity is finished.
import type { Database } from '../../platform/db/database.ts';
import type { Bump, MetricSource } from '../insight/rollups.ts';

export const SHARING_METRICS = ['sharing.items_shared', 'activities.held'];

export const sharingBumps = {
  lent: (loan: { areaPath: string }, pickedUpAt: Date): Bump => ({ metric: 'sharing.items_shared', areaPath: loan.areaPath, day: pickedUpAt }),
  held: (activity: { areaPath: string; startsAt: Date }): Bump => ({ metric: 'activities.held', areaPath: activity.areaPath, day: activity.startsAt }),
};

export async function recountSharing(db: Database, districtId: string): Promise<Bump[]> {
  const loans = await db.q.selectFrom('loans').select(['areaPath', 'pickedUpAt']).where('districtId', '=', districtId).where('pickedUpAt', 'is not', null).execute();
  const activities = await db.q.selectFrom('activities').select(['areaPath', 'startsAt']).where('districtId', '=', districtId).where('status', '=', 'finished').execute();
  return [...loans.map((l) => sharingBumps.lent(l, l.pickedUpAt!)), ...activities.map((a) => sharingBumps.held(a))];
}

export function declareSharingFigures(ctx: { db: Database; insight?: { declare(source: MetricSource): void } }) {
  ctx.insight?.declare({ name: 'sharing', metrics: SHARING_METRICS, recount: (districtId) => recountSharing(ctx.db, districtId) });
}
