// Queries over areas and grids, always within one district and limited to the caller's scope.
import type { Database } from '../../platform/db/database.ts';
import { type Scope, scopeWhere } from '../../platform/auth/scope.ts';

const AREA_COLUMNS = ['id', 'parentId', 'level', 'kind', 'code', 'name', 'nameEn', 'path', 'gridId', 'lat', 'lon'] as const;

export class AreasRepository {
  constructor(private readonly db: Database) {}

  root(districtId: string) {
    return this.db.q.selectFrom('areas').select(AREA_COLUMNS).where('districtId', '=', districtId).where('level', '=', 'district').executeTakeFirst();
  }

  /** An area inside the scope, or undefined (also for areas of another district). */
  find(districtId: string, scope: Scope, id: string) {
    return this.db.q
      .selectFrom('areas')
      .select([...AREA_COLUMNS, 'geometry'])
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .where(scopeWhere(scope, { path: 'path' }))
      .executeTakeFirst();
  }

  findMany(districtId: string, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.q.selectFrom('areas').select(AREA_COLUMNS).where('districtId', '=', districtId).where('id', 'in', ids).execute();
  }

  children(districtId: string, parentId: string) {
    return this.db.q.selectFrom('areas').select(AREA_COLUMNS).where('districtId', '=', districtId).where('parentId', '=', parentId).orderBy('code').execute();
  }

  async childCounts(districtId: string, parentIds: string[]) {
    if (!parentIds.length) return new Map<string, number>();
    const rows = await this.db.q
      .selectFrom('areas')
      .select(['parentId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('districtId', '=', districtId)
      .where('parentId', 'in', parentIds)
      .groupBy('parentId')
      .execute();
    return new Map(rows.map((r) => [r.parentId!, Number(r.n)]));
  }

  /** Areas of one level inside the scope (and optionally under a path), with their polygons. */
  byLevel(districtId: string, scope: Scope, level: 'street' | 'community', underPath?: string) {
    let q = this.db.q
      .selectFrom('areas')
      .select([...AREA_COLUMNS, 'geometry'])
      .where('districtId', '=', districtId)
      .where('level', '=', level)
      .where(scopeWhere(scope, { path: 'path' }));
    if (underPath) q = q.where('path', 'like', `${underPath}%`);
    return q.orderBy('code').execute();
  }

  buildings(districtId: string, scope: Scope, underPath: string, limit: number) {
    return this.db.q
      .selectFrom('areas')
      .select(AREA_COLUMNS)
      .where('districtId', '=', districtId)
      .where('level', '=', 'building')
      .where('path', 'like', `${underPath}%`)
      .where(scopeWhere(scope, { path: 'path' }))
      .orderBy('code')
      .limit(limit)
      .execute();
  }

  /** Grids under an area path (grids carry their community's path). */
  grids(districtId: string, underPath: string) {
    return this.db.q
      .selectFrom('grids as g')
      .innerJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'g.districtId').onRef('c.id', '=', 'g.communityId'))
      .innerJoin('areas as s', (j) => j.onRef('s.districtId', '=', 'c.districtId').onRef('s.id', '=', 'c.parentId'))
      .select(['g.id', 'g.code', 'g.name', 'g.communityId', 'g.areaPath', 'g.lat', 'g.lon', 'g.areaM2', 'g.geometry', 'c.name as communityName', 's.name as streetName', 's.id as streetId'])
      .where('g.districtId', '=', districtId)
      .where('g.areaPath', 'like', `${underPath}%`)
      .orderBy('g.code')
      .execute();
  }

  allGridShapes(districtId: string) {
    return this.db.q.selectFrom('grids').select(['id', 'geometry']).where('districtId', '=', districtId).execute();
  }

  grid(districtId: string, id: string) {
    return this.db.q
      .selectFrom('grids as g')
      .innerJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'g.districtId').onRef('c.id', '=', 'g.communityId'))
      .innerJoin('areas as s', (j) => j.onRef('s.districtId', '=', 'c.districtId').onRef('s.id', '=', 'c.parentId'))
      .select(['g.id', 'g.code', 'g.name', 'g.communityId', 'g.areaPath', 'c.name as communityName', 's.id as streetId', 's.name as streetName'])
      .where('g.districtId', '=', districtId)
      .where('g.id', '=', id)
      .executeTakeFirst();
  }

  district(districtId: string) {
    return this.db.q.selectFrom('districts').selectAll().where('id', '=', districtId).executeTakeFirst();
  }
}
