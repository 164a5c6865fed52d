// The service orders' figures on the district dashboard (modules/insight/README.md), as the module's
// own statistics count them: a service is completed (and its person-times, the order's quantity)
// on the day the provider checks out; a rating (dim 'orders') on the day it is given.
//
// The counters are kept live by OrdersService (a bump in the same transaction as the check-out or
// the rating); the recount rebuilds them from the orders (first use, POST /api/insight/rebuild).
import type { Database } from '../../platform/db/database.ts';
import type { Bump, MetricSource } from '../insight/rollups.ts';

export const ORDER_METRICS = ['orders.completed', 'orders.person_times', 'ratings.sum', 'ratings.count'];

interface OrderFacts {
  areaPath: string;
  lat: number | null;
  lon: number | null;
  quantity: number;
}

const placeOf = (o: OrderFacts) => ({ areaPath: o.areaPath, at: o.lat !== null && o.lon !== null ? { lat: o.lat, lon: o.lon } : null });

export const orderBumps = {
  completed(o: OrderFacts, at: Date): Bump[] {
    const p = placeOf(o);
    return [
      { metric: 'orders.completed', ...p, day: at },
      { metric: 'orders.person_times', ...p, day: at, delta: o.quantity },
    ];
  },
  rated(o: OrderFacts, score: number, at: Date): Bump[] {
    const p = placeOf(o);
    return [
      { metric: 'ratings.sum', dim: 'orders', ...p, day: at, delta: score },
      { metric: 'ratings.count', dim: 'orders', ...p, day: at },
    ];
  },
};

export async function recountOrders(db: Database, districtId: string): Promise<Bump[]> {
  const rows = await db.q
    .selectFrom('serviceOrders')
    .select(['areaPath', 'lat', 'lon', 'quantity', 'checkoutAt', 'rating', 'ratedAt'])
    .where('districtId', '=', districtId)
    .where('status', 'in', ['completed', 'rated'])
    .execute();
  const out: Bump[] = [];
  for (const o of rows) {
    if (o.checkoutAt) out.push(...orderBumps.completed(o, o.checkoutAt));
    if (o.rating !== null && o.ratedAt) out.push(...orderBumps.rated(o, o.rating, o.ratedAt));
  }
  return out;
}

export function declareOrderFigures(ctx: { db: Database; insight?: { declare(source: MetricSource): void } }) {
  ctx.insight?.declare({ name: 'orders', metrics: ORDER_METRICS, recount: (districtId) => recountOrders(ctx.db, districtId) });
}
