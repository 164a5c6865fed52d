// Queries over residents and households, limited to the caller's scope by scopeWhere().
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { type Scope, scopeWhere } from '../../platform/auth/scope.ts';
import { escapeLike } from '../accounts/repository.ts';

export interface PersonFilter {
  areaPath?: string;
  gridId?: string;
  householdId?: string;
  q?: string;
  tag?: string;
  bornOnOrBefore?: string;
  bornAfter?: string;
  status: 'active' | 'moved_out' | 'deceased' | 'all';
}

export class PeopleRepository {
  constructor(private readonly db: Database) {}

  private personBase(districtId: string, scope: Scope) {
    return this.db.q
      .selectFrom('persons as p')
      .leftJoin('households as h', (j) => j.onRef('h.districtId', '=', 'p.districtId').onRef('h.id', '=', 'p.householdId'))
      .leftJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'p.districtId').on('c.id', '=', sql<string>`nullif(split_part(p.area_path, '/', 3), '')::uuid`))
      .where('p.districtId', '=', districtId)
      .where(scopeWhere(scope, { path: 'p.areaPath', grid: 'p.gridId', person: 'p.id' }));
  }

  private static readonly COLUMNS = [
    'p.id', 'p.householdId', 'p.buildingId', 'p.areaPath', 'p.gridId', 'p.name', 'p.gender', 'p.birthDate', 'p.idNumber', 'p.phone',
    'p.relation', 'p.tags', 'p.status', 'p.notes', 'p.version', 'p.updatedAt', 'h.address', 'c.name as communityName',
  ] as const;

  async list(districtId: string, scope: Scope, f: PersonFilter, page: number, pageSize: number) {
    let q = this.personBase(districtId, scope);
    if (f.areaPath) q = q.where('p.areaPath', 'like', `${f.areaPath}%`);
    if (f.gridId) q = q.where('p.gridId', '=', f.gridId);
    if (f.householdId) q = q.where('p.householdId', '=', f.householdId);
    if (f.q) q = q.where('p.name', 'like', `%${escapeLike(f.q)}%`);
    if (f.tag) q = q.where(sql<boolean>`${f.tag} = any(p.tags)`);
    if (f.bornOnOrBefore) q = q.where('p.birthDate', '<=', f.bornOnOrBefore);
    if (f.bornAfter) q = q.where('p.birthDate', '>', f.bornAfter);
    if (f.status !== 'all') q = q.where('p.status', '=', f.status);
    const [items, total] = await Promise.all([
      q.select(PeopleRepository.COLUMNS).orderBy('p.areaPath').orderBy('h.room').orderBy('p.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  find(districtId: string, scope: Scope, id: string) {
    return this.personBase(districtId, scope).select(PeopleRepository.COLUMNS).where('p.id', '=', id).executeTakeFirst();
  }

  findByIdNumber(districtId: string, idNumber: string) {
    return this.db.q.selectFrom('persons').select(['id']).where('districtId', '=', districtId).where('idNumber', '=', idNumber).where('status', '!=', 'deceased').execute();
  }

  /** A building (level 'building') inside the scope; buildings carry grid_id. */
  building(districtId: string, scope: Scope, id: string) {
    return this.db.q
      .selectFrom('areas as b')
      .innerJoin('areas as k', (j) => j.onRef('k.districtId', '=', 'b.districtId').onRef('k.id', '=', 'b.parentId'))
      .innerJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'k.districtId').onRef('c.id', '=', 'k.parentId'))
      .innerJoin('areas as s', (j) => j.onRef('s.districtId', '=', 'c.districtId').onRef('s.id', '=', 'c.parentId'))
      .select(['b.id', 'b.path', 'b.gridId', 'b.name', 'k.name as compoundName', 'c.name as communityName', 's.name as streetName'])
      .where('b.districtId', '=', districtId)
      .where('b.id', '=', id)
      .where('b.level', '=', 'building')
      .where(scopeWhere(scope, { path: 'b.path', grid: 'b.gridId' }))
      .executeTakeFirst();
  }

  household(districtId: string, scope: Scope, id: string) {
    return this.db.q
      .selectFrom('households as h')
      .selectAll('h')
      .select((eb) => eb.selectFrom('persons as m').select(eb.fn.countAll<number>().as('n')).whereRef('m.districtId', '=', 'h.districtId').whereRef('m.householdId', '=', 'h.id').where('m.status', '=', 'active').as('memberCount'))
      .where('h.districtId', '=', districtId)
      .where('h.id', '=', id)
      .where(householdInScope(scope))
      .executeTakeFirst();
  }

  householdAt(districtId: string, buildingId: string, room: string) {
    return this.db.q.selectFrom('households').selectAll().where('districtId', '=', districtId).where('buildingId', '=', buildingId).where('room', '=', room).executeTakeFirst();
  }

  async households(districtId: string, scope: Scope, areaPath: string | undefined, page: number, pageSize: number) {
    let q = this.db.q.selectFrom('households as h').where('h.districtId', '=', districtId).where(householdInScope(scope));
    if (areaPath) q = q.where('h.areaPath', 'like', `${areaPath}%`);
    const [items, total] = await Promise.all([
      q
        .selectAll('h')
        .select((eb) => eb.selectFrom('persons as m').select(eb.fn.countAll<number>().as('n')).whereRef('m.districtId', '=', 'h.districtId').whereRef('m.householdId', '=', 'h.id').where('m.status', '=', 'active').as('memberCount'))
        .orderBy('h.areaPath')
        .orderBy('h.room')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  areaPathOf(districtId: string, areaId: string) {
    return this.db.q.selectFrom('areas').select(['path']).where('districtId', '=', districtId).where('id', '=', areaId).executeTakeFirst();
  }
}

/** Households in scope by place, plus, for a resident, the household they belong to. */
function householdInScope(scope: Scope) {
  const byPlace = scopeWhere(scope, { path: 'h.areaPath', grid: 'h.gridId' });
  if (!scope.personIds.length) return byPlace;
  return sql<boolean>`(${byPlace} or h.id in (select household_id from persons where id in (${sql.join(scope.personIds)})))`;
}
