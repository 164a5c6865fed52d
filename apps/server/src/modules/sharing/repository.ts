// Queries over huts, items, loans and activities, limited to the caller's places by scopeWhere().
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { type Scope, scopeWhere } from '../../platform/auth/scope.ts';
import { escapeLike } from '../accounts/repository.ts';
import type { LoansTable } from './tables.ts';
import './tables.ts';

const LIVE_LOAN = ['held', 'picked_up', 'overdue'] as const;

export interface ItemFilter {
  q?: string;
  category?: string;
  communityPath?: string;
  hutId?: string;
  ownerUserId?: string;
  onlyAvailable: boolean;
  origin?: { lat: number; lon: number };
  radiusM?: number;
}

export class SharingRepository {
  constructor(private readonly db: Database) {}

  // --- huts ---------------------------------------------------------------------------------------------

  private hutBase(districtId: string) {
    return this.db.q
      .selectFrom('huts as h')
      .innerJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'h.districtId').onRef('c.id', '=', 'h.communityId'))
      .select(['h.id', 'h.communityId', 'h.areaPath', 'h.name', 'h.address', 'h.lat', 'h.lon', 'h.openingHours', 'c.name as communityName'])
      .select((eb) => [
        eb.selectFrom('shareItems as i').select(eb.fn.countAll<number>().as('n')).whereRef('i.districtId', '=', 'h.districtId').whereRef('i.hutId', '=', 'h.id').where('i.status', '=', 'available').as('itemCount'),
        eb.selectFrom('activities as a').select(eb.fn.countAll<number>().as('n')).whereRef('a.districtId', '=', 'h.districtId').whereRef('a.hutId', '=', 'h.id').where('a.status', '=', 'open').where('a.endsAt', '>', new Date()).as('upcomingActivities'),
      ])
      .where('h.districtId', '=', districtId);
  }

  huts(districtId: string, scope: Scope, communityPath?: string) {
    let q = this.hutBase(districtId).where(scopeWhere(scope, { path: 'h.areaPath' }));
    if (communityPath) q = q.where('h.areaPath', 'like', `${communityPath}%`);
    return q.orderBy('h.areaPath').orderBy('h.name').limit(200).execute();
  }

  hut(districtId: string, id: string) {
    return this.hutBase(districtId).where('h.id', '=', id).executeTakeFirst();
  }

  keepers(districtId: string, hutIds: string[]) {
    if (!hutIds.length) return Promise.resolve([]);
    return this.db.q
      .selectFrom('hutKeepers as k')
      .innerJoin('users as u', 'u.id', 'k.userId')
      .select(['k.hutId', 'k.userId', 'k.name', 'u.username'])
      .where('k.districtId', '=', districtId)
      .where('k.hutId', 'in', hutIds)
      .orderBy('k.name')
      .execute();
  }

  themes(districtId: string, hutIds: string[]) {
    if (!hutIds.length) return Promise.resolve([]);
    return this.db.q.selectFrom('hutThemes').select(['hutId', 'month', 'theme']).where('districtId', '=', districtId).where('hutId', 'in', hutIds).orderBy('month', 'desc').execute();
  }

  /** The huts a user keeps. */
  async keptBy(districtId: string, userId: string): Promise<string[]> {
    const rows = await this.db.q.selectFrom('hutKeepers').select('hutId').where('districtId', '=', districtId).where('userId', '=', userId).execute();
    return rows.map((r) => r.hutId);
  }

  usersByName(districtId: string, usernames: string[]) {
    if (!usernames.length) return Promise.resolve([]);
    return this.db.q.selectFrom('users').select(['id', 'username', 'displayName']).where('districtId', '=', districtId).where('status', '=', 'active').where('username', 'in', usernames).execute();
  }

  // --- items ---------------------------------------------------------------------------------------------

  private itemBase(districtId: string, origin?: { lat: number; lon: number }) {
    return this.db.q
      .selectFrom('shareItems as i')
      .innerJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'i.districtId').onRef('c.id', '=', 'i.communityId'))
      .leftJoin('huts as h', (j) => j.onRef('h.districtId', '=', 'i.districtId').onRef('h.id', '=', 'i.hutId'))
      .selectAll('i')
      .select(['c.name as communityName', 'h.name as hutName'])
      .select((eb) => [
        (origin ? distanceSql(origin) : sql<number | null>`null::double precision`).as('distanceM'),
        eb.selectFrom('loans as w').select(eb.fn.countAll<number>().as('n')).whereRef('w.districtId', '=', 'i.districtId').whereRef('w.itemId', '=', 'i.id').where('w.status', '=', 'waitlisted').as('waitlisted'),
      ])
      .where('i.districtId', '=', districtId);
  }

  async items(districtId: string, scope: Scope, f: ItemFilter, page: number, pageSize: number) {
    let q = this.itemBase(districtId, f.origin).where(scopeWhere(scope, { path: 'i.areaPath' }));
    if (f.q) q = q.where((eb) => eb.or([eb('i.title', 'like', `%${escapeLike(f.q!)}%`), eb('i.description', 'like', `%${escapeLike(f.q!)}%`)]));
    if (f.category) q = q.where('i.category', '=', f.category);
    if (f.communityPath) q = q.where('i.areaPath', 'like', `${f.communityPath}%`);
    if (f.hutId) q = q.where('i.hutId', '=', f.hutId);
    if (f.ownerUserId) q = q.where('i.ownerUserId', '=', f.ownerUserId);
    if (f.onlyAvailable) q = q.where('i.status', '=', 'available');
    if (f.origin && f.radiusM) q = q.where(distanceSql(f.origin), '<=', f.radiusM);
    const ordered = f.origin ? q.orderBy(sql`${distanceSql(f.origin)} nulls last`).orderBy('i.createdAt', 'desc') : q.orderBy('i.createdAt', 'desc');
    const [items, total] = await Promise.all([
      ordered.orderBy('i.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  item(districtId: string, id: string, origin?: { lat: number; lon: number }) {
    return this.itemBase(districtId, origin).where('i.id', '=', id).executeTakeFirst();
  }

  /** Take the item's row lock: reservations of one item are decided one at a time. */
  async lockItem(districtId: string, id: string) {
    return this.db.q.selectFrom('shareItems').select(['id', 'status']).where('districtId', '=', districtId).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  /** Days already taken, per item, from today on. */
  async booked(districtId: string, itemIds: string[], today: string) {
    if (!itemIds.length) return [];
    return this.db.q
      .selectFrom('loans')
      .select(['itemId', 'startsOn', 'endsOn'])
      .where('districtId', '=', districtId)
      .where('itemId', 'in', itemIds)
      .where('status', 'in', [...LIVE_LOAN])
      .where((eb) => eb.or([eb('endsOn', '>=', today), eb('status', '=', 'overdue')]))
      .orderBy('startsOn')
      .execute();
  }

  // --- loans ---------------------------------------------------------------------------------------------

  private loanBase(districtId: string) {
    return this.db.q
      .selectFrom('loans as l')
      .innerJoin('shareItems as i', (j) => j.onRef('i.districtId', '=', 'l.districtId').onRef('i.id', '=', 'l.itemId'))
      .leftJoin('huts as h', (j) => j.onRef('h.districtId', '=', 'i.districtId').onRef('h.id', '=', 'i.hutId'))
      .selectAll('l')
      .select(['i.title as itemTitle', 'i.keptAt', 'i.hutId', 'i.ownerUserId', 'i.ownerName', 'i.communityId', 'h.name as hutName'])
      .where('l.districtId', '=', districtId);
  }

  loan(districtId: string, id: string) {
    return this.loanBase(districtId).where('l.id', '=', id).executeTakeFirst();
  }

  async loans(districtId: string, who: { borrower?: string; owner?: string; hutIds?: string[]; scope?: Scope }, f: { status?: string; itemId?: string }, page: number, pageSize: number) {
    let q = this.loanBase(districtId).where((eb) => {
      const ors = [];
      if (who.borrower) ors.push(eb('l.borrowerUserId', '=', who.borrower));
      if (who.owner) ors.push(eb('i.ownerUserId', '=', who.owner));
      if (who.hutIds?.length) ors.push(eb('i.hutId', 'in', who.hutIds));
      if (who.scope) ors.push(scopeWhere(who.scope, { path: 'l.areaPath' }));
      return ors.length ? eb.or(ors) : sql<boolean>`false`;
    });
    if (f.status) q = q.where('l.status', '=', f.status);
    if (f.itemId) q = q.where('l.itemId', '=', f.itemId);
    const [items, total] = await Promise.all([
      q.orderBy(sql`case when l.status in ('held','picked_up','overdue','waitlisted') then 0 else 1 end`).orderBy('l.startsOn', 'desc').orderBy('l.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  /** Live loans of an item (other than one) that occupy any day of a range. */
  occupying(districtId: string, itemId: string, range: { startsOn: string; endsOn: string }, exceptId?: string) {
    let q = this.db.q
      .selectFrom('loans')
      .select(['id', 'startsOn', 'endsOn', 'status', 'borrowerUserId'])
      .where('districtId', '=', districtId)
      .where('itemId', '=', itemId)
      .where('status', 'in', [...LIVE_LOAN])
      .where('startsOn', '<=', range.endsOn)
      .where('endsOn', '>=', range.startsOn);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return q.orderBy('startsOn').execute();
  }

  /** The waitlist of an item, first come first served. */
  waitlist(districtId: string, itemId: string) {
    return this.db.q.selectFrom('loans').selectAll().where('districtId', '=', districtId).where('itemId', '=', itemId).where('status', '=', 'waitlisted').orderBy('createdAt').orderBy('id').execute();
  }

  /** A borrower's own live or waiting loans of an item on overlapping days. */
  mineOverlapping(districtId: string, itemId: string, userId: string, range: { startsOn: string; endsOn: string }) {
    return this.db.q
      .selectFrom('loans')
      .select(['id'])
      .where('districtId', '=', districtId)
      .where('itemId', '=', itemId)
      .where('borrowerUserId', '=', userId)
      .where('status', 'in', [...LIVE_LOAN, 'waitlisted'])
      .where('startsOn', '<=', range.endsOn)
      .where('endsOn', '>=', range.startsOn)
      .execute();
  }

  /** Others' reservations or waits on the days an extension asks for. */
  following(districtId: string, itemId: string, loanId: string, range: { startsOn: string; endsOn: string }) {
    return this.db.q
      .selectFrom('loans')
      .select(['id', 'startsOn', 'status'])
      .where('districtId', '=', districtId)
      .where('itemId', '=', itemId)
      .where('id', '!=', loanId)
      .where('status', 'in', [...LIVE_LOAN, 'waitlisted'])
      .where('startsOn', '<=', range.endsOn)
      .where('endsOn', '>=', range.startsOn)
      .orderBy('startsOn')
      .execute();
  }

  async insertLoan(row: Omit<LoansTable, 'createdAt' | 'updatedAt' | 'depositHeldFen' | 'depositRefundedFen' | 'depositWithheldFen' | 'extensions' | 'pickedUpAt' | 'returnedAt' | 'returnCondition' | 'conditionNote' | 'lastRemindedOn'>) {
    await this.db.q.insertInto('loans').values(row).execute();
  }

  history(districtId: string, loanId: string) {
    return this.db.q.selectFrom('loanHistory').selectAll().where('districtId', '=', districtId).where('loanId', '=', loanId).orderBy('id').execute();
  }

  /** Place in an item's queue (1 = next); timestamps are compared in the database, which keeps microseconds. */
  async waitlistPosition(districtId: string, loan: { id: string; itemId: string }) {
    const queue = await this.waitlist(districtId, loan.itemId);
    return queue.findIndex((w) => w.id === loan.id) + 1;
  }

  /** Loans the clock must move, across districts when districtId is null. */
  due(districtId: string | null, today: string) {
    let q = this.db.q
      .selectFrom('loans')
      .select(['districtId', 'id', 'status', 'itemId', 'startsOn', 'endsOn', 'lastRemindedOn'])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'picked_up'), eb('endsOn', '<', today)]),
          eb.and([eb('status', '=', 'overdue'), eb.or([eb('lastRemindedOn', 'is', null), eb('lastRemindedOn', '<', today)])]),
          eb.and([eb('status', '=', 'held'), eb('startsOn', '<', sql<string>`${today}::date - 1`)]),
          eb.and([eb('status', '=', 'waitlisted'), eb('endsOn', '<', today)]),
        ]),
      );
    if (districtId) q = q.where('districtId', '=', districtId);
    return q.orderBy('districtId').orderBy('id').limit(5000).execute();
  }
}

/** Metres from a point, equirectangular (exact enough within a district), in SQL. */
function distanceSql(o: { lat: number; lon: number }) {
  const kx = 111_320 * Math.cos((o.lat * Math.PI) / 180);
  return sql<number | null>`sqrt(power((i.lat - ${o.lat}) * 111320, 2) + power((i.lon - ${o.lon}) * ${kx}, 2))`;
}

// --- activities -----------------------------------------------------------------------------------------

export class ActivitiesRepository {
  constructor(private readonly db: Database) {}

  private base(districtId: string) {
    return this.db.q
      .selectFrom('activities as a')
      .innerJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'a.districtId').onRef('c.id', '=', 'a.communityId'))
      .leftJoin('huts as h', (j) => j.onRef('h.districtId', '=', 'a.districtId').onRef('h.id', '=', 'a.hutId'))
      .selectAll('a')
      .select(['c.name as communityName', 'h.name as hutName'])
      .select((eb) => [
        eb.selectFrom('activitySignups as s').select(eb.fn.countAll<number>().as('n')).whereRef('s.districtId', '=', 'a.districtId').whereRef('s.activityId', '=', 'a.id').where('s.kind', '=', 'participant').where('s.status', 'in', ['registered', 'attended']).as('registered'),
        eb.selectFrom('activitySignups as s').select(eb.fn.countAll<number>().as('n')).whereRef('s.districtId', '=', 'a.districtId').whereRef('s.activityId', '=', 'a.id').where('s.status', '=', 'waitlisted').as('waitlisted'),
        eb.selectFrom('activitySignups as s').select(eb.fn.countAll<number>().as('n')).whereRef('s.districtId', '=', 'a.districtId').whereRef('s.activityId', '=', 'a.id').where('s.status', '=', 'attended').as('attended'),
      ])
      .where('a.districtId', '=', districtId);
  }

  async list(districtId: string, scope: Scope, f: { communityPath?: string; hutId?: string; status?: 'open' | 'finished' | 'cancelled'; userId?: string }, page: number, pageSize: number) {
    let q = this.base(districtId).where(scopeWhere(scope, { path: 'a.areaPath' }));
    if (f.communityPath) q = q.where('a.areaPath', 'like', `${f.communityPath}%`);
    if (f.hutId) q = q.where('a.hutId', '=', f.hutId);
    if (f.status) q = q.where('a.status', '=', f.status);
    if (f.userId) q = q.where((eb) => eb.exists(eb.selectFrom('activitySignups as m').select('m.userId').whereRef('m.districtId', '=', 'a.districtId').whereRef('m.activityId', '=', 'a.id').where('m.userId', '=', f.userId!).where('m.status', '!=', 'cancelled')));
    const [items, total] = await Promise.all([
      q.orderBy(sql`case when a.status = 'open' and a.ends_at > now() then 0 else 1 end`).orderBy('a.startsAt').orderBy('a.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  get(districtId: string, id: string) {
    return this.base(districtId).where('a.id', '=', id).executeTakeFirst();
  }

  lock(districtId: string, id: string) {
    return this.db.q.selectFrom('activities').select(['id', 'status', 'capacity']).where('districtId', '=', districtId).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  roles(districtId: string, activityIds: string[]) {
    if (!activityIds.length) return Promise.resolve([]);
    return this.db.q
      .selectFrom('activityRoles as r')
      .select(['r.id', 'r.activityId', 'r.name', 'r.slots'])
      .select((eb) => eb.selectFrom('activitySignups as s').select(eb.fn.countAll<number>().as('n')).whereRef('s.districtId', '=', 'r.districtId').whereRef('s.roleId', '=', 'r.id').where('s.status', 'in', ['registered', 'attended']).as('taken'))
      .where('r.districtId', '=', districtId)
      .where('r.activityId', 'in', activityIds)
      .orderBy('r.name')
      .execute();
  }

  signupsOf(districtId: string, userId: string, activityIds: string[]) {
    if (!activityIds.length) return Promise.resolve([]);
    return this.db.q.selectFrom('activitySignups').selectAll().where('districtId', '=', districtId).where('userId', '=', userId).where('activityId', 'in', activityIds).execute();
  }

  signup(districtId: string, activityId: string, userId: string) {
    return this.db.q.selectFrom('activitySignups').selectAll().where('districtId', '=', districtId).where('activityId', '=', activityId).where('userId', '=', userId).executeTakeFirst();
  }

  signups(districtId: string, activityId: string) {
    return this.db.q
      .selectFrom('activitySignups as s')
      .leftJoin('activityRoles as r', (j) => j.onRef('r.districtId', '=', 's.districtId').onRef('r.id', '=', 's.roleId'))
      .selectAll('s')
      .select('r.name as roleName')
      .where('s.districtId', '=', districtId)
      .where('s.activityId', '=', activityId)
      .orderBy(sql`case s.status when 'attended' then 0 when 'registered' then 1 when 'waitlisted' then 2 else 3 end`)
      .orderBy('s.queuedAt')
      .execute();
  }

  async waitlistPosition(districtId: string, activityId: string, userId: string) {
    const queue = await this.db.q.selectFrom('activitySignups').select('userId').where('districtId', '=', districtId).where('activityId', '=', activityId).where('status', '=', 'waitlisted').orderBy('queuedAt').orderBy('userId').execute();
    return queue.findIndex((w) => w.userId === userId) + 1;
  }

  async registeredParticipants(districtId: string, activityId: string) {
    const r = await this.db.q
      .selectFrom('activitySignups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('districtId', '=', districtId)
      .where('activityId', '=', activityId)
      .where('kind', '=', 'participant')
      .where('status', 'in', ['registered', 'attended'])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  firstWaiting(districtId: string, activityId: string) {
    return this.db.q.selectFrom('activitySignups').selectAll().where('districtId', '=', districtId).where('activityId', '=', activityId).where('status', '=', 'waitlisted').orderBy('queuedAt').orderBy('userId').limit(1).executeTakeFirst();
  }

  takenInRole(districtId: string, roleId: string) {
    return this.db.q
      .selectFrom('activitySignups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('districtId', '=', districtId)
      .where('roleId', '=', roleId)
      .where('status', 'in', ['registered', 'attended'])
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }
}
