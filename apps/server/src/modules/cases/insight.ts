// The cases module's figures on the district dashboard (modules/insight/README.md): what each write
// adds to the roll-ups, and the same figures recounted from the case tables for rebuilds and checks.
//
//  cases.reported        +1 on the day a case is reported
//  cases.status          stock by status: +1 entering a status, -1 leaving it (as case_history)
//  cases.closed          cases closed, on the day they closed; a reopened case leaves its closing day
//  cases.closed_by_org   the same by department (dim = organisation id)
//  cases.on_time_by_org  of those, handled by the due time (as the module's on-time statistics)
//  ratings.sum/.count    ratings (dim 'cases'), on the day they were given
import type { Database } from '../../platform/db/database.ts';
import type { Bump, MetricSource } from '../insight/rollups.ts';

export const CASE_METRICS = ['cases.reported', 'cases.status', 'cases.closed', 'cases.closed_by_org', 'cases.on_time_by_org', 'ratings.sum', 'ratings.count'];

/** The fields of a case row the figures depend on. */
export interface CaseFacts {
  areaPath: string;
  gridId: string | null;
  lat: number | null;
  lon: number | null;
  orgId: string | null;
  dueAt: Date | null;
  handledAt: Date | null;
  closedAt: Date | null;
}

type Place = Pick<CaseFacts, 'areaPath' | 'gridId' | 'lat' | 'lon'>;

const placeOf = (c: Place) => ({ areaPath: c.areaPath, gridId: c.gridId, at: c.lat !== null && c.lon !== null ? { lat: c.lat, lon: c.lon } : null });

/** A case entering (+1) or leaving (-1) the closed figures, on its closing day. */
function closure(c: CaseFacts, delta: 1 | -1, day: Date): Bump[] {
  const p = placeOf(c);
  const out: Bump[] = [{ metric: 'cases.closed', ...p, day, delta }];
  if (c.orgId) {
    out.push({ metric: 'cases.closed_by_org', dim: c.orgId, ...p, day, delta });
    if (c.dueAt && c.handledAt && c.handledAt.getTime() <= c.dueAt.getTime()) out.push({ metric: 'cases.on_time_by_org', dim: c.orgId, ...p, day, delta });
  }
  return out;
}

export const caseBumps = {
  /** A new case, reported at `at`. */
  reported(c: Place, at: Date): Bump[] {
    const p = placeOf(c);
    return [
      { metric: 'cases.reported', ...p, day: at },
      { metric: 'cases.status', dim: 'reported', ...p, day: at },
    ];
  },

  /** A transition from `from` to `to` at `at`; `c` is the row before the write. */
  moved(c: CaseFacts, from: string, to: string, at: Date): Bump[] {
    if (from === to) return [];
    const p = placeOf(c);
    const out: Bump[] = [
      { metric: 'cases.status', dim: from, ...p, day: at, delta: -1 },
      { metric: 'cases.status', dim: to, ...p, day: at },
    ];
    if (from === 'closed' && c.closedAt) out.push(...closure(c, -1, c.closedAt));
    if (to === 'closed') out.push(...closure(c, 1, at));
    return out;
  },

  rated(c: Place, score: number, at: Date): Bump[] {
    const p = placeOf(c);
    return [
      { metric: 'ratings.sum', dim: 'cases', ...p, day: at, delta: score },
      { metric: 'ratings.count', dim: 'cases', ...p, day: at },
    ];
  },

  /** A case written with its own history (imports): reported, its status (entered `at`), closed. */
  imported(c: CaseFacts & { reportedAt: Date; status: string }, at: Date): Bump[] {
    const p = placeOf(c);
    const out: Bump[] = [
      { metric: 'cases.reported', ...p, day: c.reportedAt },
      { metric: 'cases.status', dim: c.status, ...p, day: at },
    ];
    if (c.status === 'closed' && c.closedAt) out.push(...closure(c, 1, c.closedAt));
    return out;
  },
};

/** Every case figure, recounted from cases and case_history. */
export async function recountCases(db: Database, districtId: string): Promise<Bump[]> {
  const cases = await db.q
    .selectFrom('cases')
    .select(['areaPath', 'gridId', 'lat', 'lon', 'orgId', 'dueAt', 'handledAt', 'closedAt', 'status', 'reportedAt', 'rating', 'ratedAt'])
    .where('districtId', '=', districtId)
    .execute();
  const out: Bump[] = [];
  for (const c of cases) {
    out.push({ metric: 'cases.reported', ...placeOf(c), day: c.reportedAt });
    if (c.status === 'closed' && c.closedAt) out.push(...closure(c, 1, c.closedAt));
    if (c.rating !== null && c.ratedAt) out.push(...caseBumps.rated(c, c.rating, c.ratedAt));
  }
  // The status stock, day by day: every change of status in the history.
  const moves = await db.q
    .selectFrom('caseHistory as h')
    .innerJoin('cases as c', (j) => j.onRef('c.districtId', '=', 'h.districtId').onRef('c.id', '=', 'h.caseId'))
    .select(['c.areaPath', 'c.gridId', 'c.lat', 'c.lon', 'h.at', 'h.fromStatus', 'h.toStatus'])
    .where('h.districtId', '=', districtId)
    .where((eb) => eb('h.fromStatus', 'is distinct from', eb.ref('h.toStatus')))
    .execute();
  for (const m of moves) {
    const p = placeOf(m);
    if (m.fromStatus) out.push({ metric: 'cases.status', dim: m.fromStatus, ...p, day: m.at, delta: -1 });
    if (m.toStatus) out.push({ metric: 'cases.status', dim: m.toStatus, ...p, day: m.at });
  }
  return out;
}

/** Announce the case figures to the dashboard (once, when the cases routes are registered). */
export function declareCaseFigures(ctx: { db: Database; insight?: { declare(source: MetricSource): void } }) {
  ctx.insight?.declare({ name: 'cases', metrics: CASE_METRICS, recount: (districtId) => recountCases(ctx.db, districtId) });
}
