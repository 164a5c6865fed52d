// Queries over the patrol checklist, patrols, their places and results, and visits.
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { type Scope, scopeWhere } from '../../platform/auth/scope.ts';
import './tables.ts';

export class PatrolsRepository {
  constructor(private readonly db: Database) {}

  items(districtId: string) {
    return this.db.q
      .selectFrom('patrolItems as i')
      .selectAll('i')
      .select(sql<string | null>`(select o.name from organisations o where o.district_id = i.district_id and o.code = i.org_code)`.as('orgName'))
      .where('i.districtId', '=', districtId)
      .where('i.active', '=', true)
      .orderBy('i.sort')
      .execute();
  }

  grid(districtId: string, id: string) {
    return this.db.q.selectFrom('grids').select(['id', 'name', 'areaPath', 'lat', 'lon']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  private patrolBase(districtId: string, scope: Scope) {
    return this.db.q
      .selectFrom('patrols as p')
      .where('p.districtId', '=', districtId)
      .where(scopeWhere(scope, { path: 'p.areaPath', grid: 'p.gridId' }))
      .select(['p.id', 'p.gridId', 'p.areaPath', 'p.workerId', 'p.workerName', 'p.startedAt', 'p.endedAt', 'p.distanceM', 'p.notes'])
      .select([
        sql<string>`(select g.name from grids g where g.district_id = p.district_id and g.id = p.grid_id)`.as('gridName'),
        sql<number>`jsonb_array_length(p.route)`.as('routePoints'),
        sql<number>`(select count(*) from patrol_results r where r.district_id = p.district_id and r.patrol_id = p.id and r.result = 'pass')`.as('passCount'),
        sql<number>`(select count(*) from patrol_results r where r.district_id = p.district_id and r.patrol_id = p.id and r.result = 'fail')`.as('failCount'),
        sql<number>`(select count(*) from visits v where v.district_id = p.district_id and v.patrol_id = p.id)`.as('visitCount'),
      ]);
  }

  async list(districtId: string, scope: Scope, f: { gridId?: string; from?: string; to?: string }, page: number, pageSize: number) {
    let q = this.patrolBase(districtId, scope);
    if (f.gridId) q = q.where('p.gridId', '=', f.gridId);
    if (f.from) q = q.where('p.startedAt', '>=', new Date(f.from));
    if (f.to) q = q.where('p.startedAt', '<', new Date(f.to));
    const rows = await q.orderBy('p.startedAt', 'desc').orderBy('p.id').limit(pageSize).offset((page - 1) * pageSize).execute();
    let c = this.db.q.selectFrom('patrols as p').where('p.districtId', '=', districtId).where(scopeWhere(scope, { path: 'p.areaPath', grid: 'p.gridId' }));
    if (f.gridId) c = c.where('p.gridId', '=', f.gridId);
    if (f.from) c = c.where('p.startedAt', '>=', new Date(f.from));
    if (f.to) c = c.where('p.startedAt', '<', new Date(f.to));
    const total = await c.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { items: rows, total: Number(total.n) };
  }

  find(districtId: string, scope: Scope, id: string) {
    return this.patrolBase(districtId, scope).select('p.route').where('p.id', '=', id).executeTakeFirst();
  }

  places(districtId: string, patrolId: string) {
    return this.db.q.selectFrom('patrolPlaces').select(['id', 'name', 'lat', 'lon']).where('districtId', '=', districtId).where('patrolId', '=', patrolId).orderBy('name').execute();
  }

  results(districtId: string, patrolId: string) {
    return this.db.q
      .selectFrom('patrolResults as r')
      .innerJoin('patrolItems as i', (j) => j.onRef('i.districtId', '=', 'r.districtId').onRef('i.id', '=', 'r.itemId'))
      .select(['r.id', 'r.placeId', 'r.itemId', 'r.result', 'r.note', 'r.photoId', 'r.caseId', 'i.code', 'i.title', 'i.category', 'i.caseTypeCode'])
      .where('r.districtId', '=', districtId)
      .where('r.patrolId', '=', patrolId)
      .orderBy('i.sort')
      .execute();
  }

  visitsOf(districtId: string, patrolId: string) {
    return this.db.q.selectFrom('visits').selectAll().where('districtId', '=', districtId).where('patrolId', '=', patrolId).orderBy('visitedAt').execute();
  }

  result(districtId: string, patrolId: string, resultId: string) {
    return this.db.q.selectFrom('patrolResults').selectAll().where('districtId', '=', districtId).where('patrolId', '=', patrolId).where('id', '=', resultId).forUpdate().executeTakeFirst();
  }

  async setResultCase(districtId: string, patrolId: string, resultId: string, caseId: string) {
    await this.db.q.updateTable('patrolResults').set({ caseId }).where('districtId', '=', districtId).where('patrolId', '=', patrolId).where('id', '=', resultId).execute();
  }

  /** The latest visit of each person. */
  async lastVisits(districtId: string, personIds: string[]): Promise<Map<string, Date>> {
    if (!personIds.length) return new Map();
    const rows = await this.db.q
      .selectFrom('visits')
      .select(['personId', (eb) => eb.fn.max('visitedAt').as('last')])
      .where('districtId', '=', districtId)
      .where('personId', 'in', personIds)
      .groupBy('personId')
      .execute();
    return new Map(rows.map((r) => [r.personId, new Date(r.last as unknown as string)]));
  }
}
