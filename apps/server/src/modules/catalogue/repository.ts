// Queries over the catalogue, street offerings, providers, facilities, schedules and slots. Slot
// and provider-day capacity change only through conditional updates (booked + n <= capacity), so
// concurrent bookings queue on the row and never overbook.
import { type Insertable, type SqlBool, type Updateable, sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import './tables.ts';
import type { FacilitiesTable } from './tables.ts';

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface ItemFilter {
  categoryId?: string;
  q?: string;
  fulfilment?: string;
  activeOnly?: boolean;
  /** Only items offered at this street. */
  offeredAt?: string;
}

export class CatalogueRepository {
  constructor(private readonly db: Database) {}

  // --- catalogue ----------------------------------------------------------------------------------

  categories(districtId: string) {
    return this.db.q
      .selectFrom('serviceCategories as c')
      .selectAll('c')
      .select((eb) => eb.selectFrom('serviceItems as i').select(eb.fn.countAll<number>().as('n')).whereRef('i.districtId', '=', 'c.districtId').whereRef('i.categoryId', '=', 'c.id').where('i.active', '=', true).as('itemCount'))
      .where('c.districtId', '=', districtId)
      .orderBy('c.sort')
      .execute();
  }

  category(districtId: string, id: string) {
    return this.db.q.selectFrom('serviceCategories').selectAll().where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  private itemBase(districtId: string) {
    return this.db.q
      .selectFrom('serviceItems as i')
      .innerJoin('serviceCategories as c', (j) => j.onRef('c.districtId', '=', 'i.districtId').onRef('c.id', '=', 'i.categoryId'))
      .selectAll('i')
      .select(['c.name as categoryName'])
      .where('i.districtId', '=', districtId);
  }

  items(districtId: string, f: ItemFilter) {
    let q = this.itemBase(districtId);
    if (f.categoryId) q = q.where('i.categoryId', '=', f.categoryId);
    if (f.fulfilment) q = q.where('i.fulfilment', '=', f.fulfilment as 'home');
    if (f.activeOnly) q = q.where('i.active', '=', true);
    if (f.q) {
      const like = `%${escapeLike(f.q)}%`;
      q = q.where((eb) => eb.or([eb('i.name', 'like', like), eb('i.keywords', 'like', like), eb('c.name', 'like', like), eb('i.description', 'like', like)]));
    }
    if (f.offeredAt) {
      const street = f.offeredAt;
      q = q.where(({ exists, selectFrom }) =>
        exists(selectFrom('streetOfferings as o').select('o.itemId').whereRef('o.districtId', '=', 'i.districtId').whereRef('o.itemId', '=', 'i.id').where('o.streetId', '=', street)),
      );
    }
    return q.orderBy('c.sort').orderBy('i.sort').execute();
  }

  item(districtId: string, id: string) {
    return this.itemBase(districtId).where('i.id', '=', id).executeTakeFirst();
  }

  itemByCode(districtId: string, code: string) {
    return this.db.q.selectFrom('serviceItems').select(['id']).where('districtId', '=', districtId).where('code', '=', code).executeTakeFirst();
  }

  async offeredItemIds(districtId: string, streetId: string): Promise<Set<string>> {
    const rows = await this.db.q.selectFrom('streetOfferings').select('itemId').where('districtId', '=', districtId).where('streetId', '=', streetId).execute();
    return new Set(rows.map((r) => r.itemId));
  }

  async isOffered(districtId: string, streetId: string, itemId: string): Promise<boolean> {
    return !!(await this.db.q.selectFrom('streetOfferings').select('itemId').where('districtId', '=', districtId).where('streetId', '=', streetId).where('itemId', '=', itemId).executeTakeFirst());
  }

  async setOfferings(districtId: string, streetId: string, itemIds: string[], offered: boolean, userId: string) {
    if (offered) {
      await this.db.q
        .insertInto('streetOfferings')
        .values(itemIds.map((itemId) => ({ districtId, streetId, itemId, updatedBy: userId })))
        .onConflict((oc) => oc.columns(['districtId', 'streetId', 'itemId']).doNothing())
        .execute();
    } else {
      await this.db.q.deleteFrom('streetOfferings').where('districtId', '=', districtId).where('streetId', '=', streetId).where('itemId', 'in', itemIds).execute();
    }
  }

  async existingItemIds(districtId: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.db.q.selectFrom('serviceItems').select('id').where('districtId', '=', districtId).where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  // --- areas and recipients ---------------------------------------------------------------------------

  area(districtId: string, id: string) {
    return this.db.q.selectFrom('areas').select(['id', 'name', 'level', 'path', 'lat', 'lon']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  areaNames(districtId: string, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.q.selectFrom('areas').select(['id', 'name', 'path']).where('districtId', '=', districtId).where('id', 'in', ids).execute();
  }

  areasByPaths(districtId: string, paths: string[]) {
    if (!paths.length) return Promise.resolve([]);
    return this.db.q.selectFrom('areas').select(['id', 'name', 'path']).where('districtId', '=', districtId).where('path', 'in', paths).execute();
  }

  /** Streets and communities by name or code (imports name coverage so). */
  streetsAndCommunities(districtId: string, names: string[]) {
    if (!names.length) return Promise.resolve([]);
    return this.db.q
      .selectFrom('areas')
      .select(['id', 'name', 'code', 'path'])
      .where('districtId', '=', districtId)
      .where('level', 'in', ['street', 'community'])
      .where((eb) => eb.or([eb('name', 'in', names), eb('code', 'in', names)]))
      .execute();
  }

  streets(districtId: string) {
    return this.db.q.selectFrom('areas').select(['id', 'name', 'path']).where('districtId', '=', districtId).where('level', '=', 'street').orderBy('code').execute();
  }

  /** A resident as a service recipient: register data, home address and the place of their building. */
  recipient(districtId: string, personId: string) {
    return this.db.q
      .selectFrom('persons as p')
      .leftJoin('households as h', (j) => j.onRef('h.districtId', '=', 'p.districtId').onRef('h.id', '=', 'p.householdId'))
      .leftJoin('areas as b', (j) => j.onRef('b.districtId', '=', 'p.districtId').onRef('b.id', '=', 'p.buildingId'))
      .leftJoin('areas as s', (j) => j.onRef('s.districtId', '=', 'p.districtId').on('s.id', '=', sql<string>`nullif(split_part(p.area_path, '/', 2), '')::uuid`))
      .leftJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'p.districtId').on('c.id', '=', sql<string>`nullif(split_part(p.area_path, '/', 3), '')::uuid`))
      .select([
        'p.id', 'p.name', 'p.birthDate', 'p.tags', 'p.phone', 'p.areaPath', 'p.householdId', 'p.status',
        'h.address', 'b.lat', 'b.lon', 's.id as streetId', 's.name as streetName', 's.path as streetPath', 'c.id as communityId', 'c.name as communityName', 'c.lat as communityLat', 'c.lon as communityLon',
      ])
      .where('p.districtId', '=', districtId)
      .where('p.id', '=', personId)
      .executeTakeFirst();
  }

  householdOf(districtId: string, personId: string) {
    return this.db.q.selectFrom('persons').select(['householdId']).where('districtId', '=', districtId).where('id', '=', personId).executeTakeFirst();
  }

  // --- providers -------------------------------------------------------------------------------------------

  private providerBase(districtId: string) {
    return this.db.q
      .selectFrom('organisations as o')
      .leftJoin('providerProfiles as p', (j) => j.onRef('p.districtId', '=', 'o.districtId').onRef('p.orgId', '=', 'o.id'))
      .select([
        'o.id', 'o.code', 'o.name', 'o.areaPath as orgAreaPath', sql<string | null>`o.properties->>'service'`.as('service'),
        'p.categoryIds', 'p.coveragePaths', 'p.dailyCapacity', 'p.qualifications', 'p.phone', 'p.lat', 'p.lon', 'p.ratingSum', 'p.ratingCount', 'p.active', 'p.areaPath',
      ])
      .where('o.districtId', '=', districtId)
      .where('o.kind', '=', 'provider');
  }

  providers(districtId: string, f: { categoryId?: string; ids?: string[] } = {}) {
    let q = this.providerBase(districtId);
    if (f.categoryId) q = q.where(sql<SqlBool>`${f.categoryId}::uuid = any(p.category_ids)`);
    if (f.ids) {
      if (!f.ids.length) return Promise.resolve([]);
      q = q.where('o.id', 'in', f.ids);
    }
    return q.orderBy('o.code').execute();
  }

  provider(districtId: string, orgId: string) {
    return this.providerBase(districtId).where('o.id', '=', orgId).executeTakeFirst();
  }

  async updateProfile(districtId: string, orgId: string, set: Partial<{ categoryIds: string[]; coveragePaths: string[]; dailyCapacity: number; qualifications: string[]; phone: string | null; areaPath: string | null; lat: number | null; lon: number | null; active: boolean }>) {
    await this.db.q
      .insertInto('providerProfiles')
      .values({ districtId, orgId, categoryIds: [], coveragePaths: [], dailyCapacity: 20, qualifications: [], phone: null, areaPath: null, lat: null, lon: null, ...set })
      .onConflict((oc) => oc.columns(['districtId', 'orgId']).doUpdateSet({ ...set, updatedAt: new Date() }))
      .execute();
  }

  organisationByCode(districtId: string, code: string) {
    return this.db.q.selectFrom('organisations').select(['id', 'kind', 'code', 'name']).where('districtId', '=', districtId).where('code', '=', code).executeTakeFirst();
  }

  async insertProviderOrg(row: { districtId: string; id: string; code: string; name: string; areaPath: string | null; service: string | null }) {
    await this.db.q
      .insertInto('organisations')
      .values({ districtId: row.districtId, id: row.id, kind: 'provider', code: row.code, name: row.name, areaPath: row.areaPath, properties: JSON.stringify(row.service ? { service: row.service } : {}) })
      .execute();
  }

  async updateProviderOrg(districtId: string, id: string, set: { name?: string; service?: string | null; areaPath?: string | null }) {
    const { service, ...given } = set;
    const rest = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
    if (!Object.keys(rest).length && service === undefined) return;
    await this.db.q
      .updateTable('organisations')
      .set((eb) => ({
        ...rest,
        ...(service === undefined ? {} : { properties: service === null ? sql`properties - 'service'` : sql`properties || ${JSON.stringify({ service })}::jsonb` }),
      }))
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .execute();
  }

  async addRating(districtId: string, orgId: string, score: number) {
    await this.db.q
      .updateTable('providerProfiles')
      .set((eb) => ({ ratingSum: eb('ratingSum', '+', score), ratingCount: eb('ratingCount', '+', 1) }))
      .where('districtId', '=', districtId)
      .where('orgId', '=', orgId)
      .execute();
  }

  /** Bookings and capacity of providers on a local day (rows only where something is booked). */
  providerDays(districtId: string, orgIds: string[], day: string) {
    if (!orgIds.length) return Promise.resolve([]);
    return this.db.q.selectFrom('providerDays').select(['orgId', 'capacity', 'booked']).where('districtId', '=', districtId).where('day', '=', day).where('orgId', 'in', orgIds).execute();
  }

  /** Take one unit of a provider's capacity for a day; false when the day is full. */
  async reserveProviderDay(districtId: string, orgId: string, day: string, capacity: number): Promise<boolean> {
    await this.db.q.insertInto('providerDays').values({ districtId, orgId, day, capacity }).onConflict((oc) => oc.columns(['districtId', 'orgId', 'day']).doNothing()).execute();
    const res = await this.db.q
      .updateTable('providerDays')
      .set((eb) => ({ booked: eb('booked', '+', 1) }))
      .where('districtId', '=', districtId)
      .where('orgId', '=', orgId)
      .where('day', '=', day)
      .where(sql<SqlBool>`booked + 1 <= capacity`)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async releaseProviderDay(districtId: string, orgId: string, day: string) {
    await this.db.q
      .updateTable('providerDays')
      .set((eb) => ({ booked: eb('booked', '-', 1) }))
      .where('districtId', '=', districtId)
      .where('orgId', '=', orgId)
      .where('day', '=', day)
      .where('booked', '>', 0)
      .execute();
  }

  // --- facilities ----------------------------------------------------------------------------------------

  private facilityBase(districtId: string) {
    return this.db.q
      .selectFrom('facilities as f')
      .leftJoin('organisations as o', (j) => j.onRef('o.districtId', '=', 'f.districtId').onRef('o.id', '=', 'f.orgId'))
      .innerJoin('areas as s', (j) => j.onRef('s.districtId', '=', 'f.districtId').onRef('s.id', '=', 'f.streetId'))
      .leftJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'f.districtId').onRef('c.id', '=', 'f.communityId'))
      .selectAll('f')
      .select(['o.name as orgName', 's.name as streetName', 'c.name as communityName'])
      .where('f.districtId', '=', districtId)
      .where('f.active', '=', true);
  }

  facilities(districtId: string, f: { kind?: string; streetId?: string; ids?: string[]; orgIds?: string[] } = {}) {
    let q = this.facilityBase(districtId);
    if (f.kind) q = q.where('f.kind', '=', f.kind as 'elder_canteen');
    if (f.streetId) q = q.where('f.streetId', '=', f.streetId);
    if (f.ids) {
      if (!f.ids.length) return Promise.resolve([]);
      q = q.where('f.id', 'in', f.ids);
    }
    if (f.orgIds) {
      if (!f.orgIds.length) return Promise.resolve([]);
      q = q.where('f.orgId', 'in', f.orgIds);
    }
    return q.orderBy('f.kind').orderBy('f.name').execute();
  }

  facility(districtId: string, id: string) {
    return this.facilityBase(districtId).where('f.id', '=', id).executeTakeFirst();
  }

  /** A facility whether or not it is active (imports may bring a withdrawn one back). */
  anyFacility(districtId: string, id: string) {
    return this.db.q.selectFrom('facilities').selectAll().where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  facilitiesNamed(districtId: string, name: string) {
    return this.db.q.selectFrom('facilities').selectAll().where('districtId', '=', districtId).where('name', '=', name).execute();
  }

  async insertFacility(row: Insertable<FacilitiesTable>) {
    await this.db.q.insertInto('facilities').values(row).execute();
  }

  async updateFacility(districtId: string, id: string, set: Updateable<FacilitiesTable>) {
    await this.db.q.updateTable('facilities').set(set).where('districtId', '=', districtId).where('id', '=', id).execute();
  }

  // --- schedules and slots -------------------------------------------------------------------------------

  streetSchedule(districtId: string, streetId: string, categoryId: string) {
    return this.db.q.selectFrom('serviceSchedules').selectAll().where('districtId', '=', districtId).where('streetId', '=', streetId).where('categoryId', '=', categoryId).executeTakeFirst();
  }

  facilitySchedules(districtId: string, facilityIds: string[]) {
    if (!facilityIds.length) return Promise.resolve([]);
    return this.db.q.selectFrom('serviceSchedules').selectAll().where('districtId', '=', districtId).where('facilityId', 'in', facilityIds).execute();
  }

  schedule(districtId: string, id: string) {
    return this.db.q.selectFrom('serviceSchedules').selectAll().where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  schedules(districtId: string, f: { streetId?: string; facilityIds?: string[] }) {
    let q = this.db.q.selectFrom('serviceSchedules').selectAll().where('districtId', '=', districtId);
    if (f.streetId) q = q.where('streetId', '=', f.streetId);
    if (f.facilityIds) {
      if (!f.facilityIds.length) return Promise.resolve([]);
      q = q.where('facilityId', 'in', f.facilityIds);
    }
    return q.execute();
  }

  async updateSchedule(districtId: string, id: string, set: { windows?: string[]; weekdays?: number[]; capacity?: number; horizonDays?: number }) {
    await this.db.q.updateTable('serviceSchedules').set({ ...set, updatedAt: new Date() }).where('districtId', '=', districtId).where('id', '=', id).execute();
    // Slots not yet started follow a new capacity, never below what is already booked.
    if (set.capacity !== undefined) {
      await this.db.q
        .updateTable('serviceSlots')
        .set({ capacity: sql<number>`greatest(${set.capacity}::int, booked)` })
        .where('districtId', '=', districtId)
        .where('scheduleId', '=', id)
        .where('startsAt', '>', new Date())
        .execute();
    }
  }

  async insertSlots(rows: { districtId: string; id: string; scheduleId: string; streetId: string | null; categoryId: string | null; facilityId: string | null; startsAt: Date; endsAt: Date; capacity: number }[]) {
    for (let i = 0; i < rows.length; i += 500) {
      await this.db.q.insertInto('serviceSlots').values(rows.slice(i, i + 500)).onConflict((oc) => oc.columns(['districtId', 'scheduleId', 'startsAt']).doNothing()).execute();
    }
  }

  slots(districtId: string, scheduleIds: string[], from: Date, to: Date) {
    if (!scheduleIds.length) return Promise.resolve([]);
    return this.db.q
      .selectFrom('serviceSlots as s')
      .leftJoin('facilities as f', (j) => j.onRef('f.districtId', '=', 's.districtId').onRef('f.id', '=', 's.facilityId'))
      .selectAll('s')
      .select(['f.name as facilityName'])
      .where('s.districtId', '=', districtId)
      .where('s.scheduleId', 'in', scheduleIds)
      .where('s.startsAt', '>=', from)
      .where('s.startsAt', '<', to)
      .orderBy('s.startsAt')
      .orderBy('f.name')
      .execute();
  }

  slot(districtId: string, id: string) {
    return this.db.q
      .selectFrom('serviceSlots as s')
      .leftJoin('facilities as f', (j) => j.onRef('f.districtId', '=', 's.districtId').onRef('f.id', '=', 's.facilityId'))
      .selectAll('s')
      .select(['f.name as facilityName', 'f.orgId as facilityOrgId', 'f.streetId as facilityStreetId'])
      .where('s.districtId', '=', districtId)
      .where('s.id', '=', id)
      .executeTakeFirst();
  }

  /** Book n places of a slot; false when fewer than n are free. */
  async reserveSlot(districtId: string, id: string, n: number): Promise<boolean> {
    const res = await this.db.q
      .updateTable('serviceSlots')
      .set((eb) => ({ booked: eb('booked', '+', n) }))
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .where(sql<SqlBool>`booked + ${n}::int <= capacity`)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async releaseSlot(districtId: string, id: string, n: number) {
    await this.db.q
      .updateTable('serviceSlots')
      .set({ booked: sql<number>`greatest(booked - ${n}::int, 0)` })
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .execute();
  }
}
