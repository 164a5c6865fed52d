// Queries over service orders, their history and complaints, limited to what the caller may see by
// viewWhere(); the monthly performance and statistics aggregates; and who to notify.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { type Scope, isEmpty, scopeWhere } from '../../platform/auth/scope.ts';
import type { Insertable } from 'kysely';
import type { OrderView } from './policy.ts';
import type { ServiceOrdersTable } from './tables.ts';
import '../catalogue/tables.ts';
import '../canteens/tables.ts';
import './tables.ts';

export interface OrderFilter {
  statuses?: string[];
  providerId?: string;
  areaPath?: string;
  personId?: string;
  fulfilment?: string;
  /** Placed by or for this user/person. */
  mine?: { userId: string; personId: string | null };
  /** Orders of the centres the actor staffs. */
  centre?: Scope;
  /** Orders of these providers. */
  providerIds?: string[];
  from?: Date;
  to?: Date;
  q?: string;
}

/** Rows the view may see: its areas, its providers' orders, orders it placed, orders for it. */
export function viewWhere(view: OrderView): RawBuilder<SqlBool> {
  const ors: RawBuilder<SqlBool>[] = [];
  if (!isEmpty(view.scope)) ors.push(scopeWhere(view.scope, { path: 'o.areaPath' }));
  if (view.providerIds.length) ors.push(sql<SqlBool>`o.provider_id in (${sql.join(view.providerIds)})`);
  ors.push(sql<SqlBool>`o.ordered_by = ${view.userId}`);
  if (view.personId) ors.push(sql<SqlBool>`o.person_id = ${view.personId}`);
  return sql<SqlBool>`(${sql.join(ors, sql` or `)})`;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export class OrdersRepository {
  constructor(private readonly db: Database) {}

  async nextNumber(prefix: string): Promise<string> {
    const { rows } = await sql<{ n: number }>`select nextval('service_order_seq')::int as n`.execute(this.db.q);
    return `${prefix}${String(rows[0]!.n).padStart(5, '0')}`;
  }

  async insert(row: Insertable<ServiceOrdersTable>) {
    await this.db.q.insertInto('serviceOrders').values(row).execute();
  }

  async appendHistory(districtId: string, orderId: string, entry: { actorId: string | null; actorName: string | null; action: string; fromStatus: string | null; toStatus: string | null; note?: string; details?: Record<string, unknown>; at?: Date }) {
    await this.db.q
      .insertInto('serviceOrderHistory')
      .values((eb) => ({
        districtId,
        orderId,
        seq: eb.selectFrom('serviceOrderHistory').select(sql<number>`coalesce(max(seq), 0) + 1`.as('s')).where('districtId', '=', districtId).where('orderId', '=', orderId),
        at: entry.at ?? new Date(),
        actorId: entry.actorId,
        actorName: entry.actorName,
        action: entry.action,
        fromStatus: entry.fromStatus,
        toStatus: entry.toStatus,
        note: entry.note ?? '',
        details: JSON.stringify(entry.details ?? {}),
      }))
      .execute();
  }

  private base(districtId: string) {
    return this.db.q
      .selectFrom('serviceOrders as o')
      .innerJoin('serviceItems as i', (j) => j.onRef('i.districtId', '=', 'o.districtId').onRef('i.id', '=', 'o.itemId'))
      .innerJoin('serviceCategories as c', (j) => j.onRef('c.districtId', '=', 'o.districtId').onRef('c.id', '=', 'o.categoryId'))
      .innerJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'o.districtId').onRef('p.id', '=', 'o.personId'))
      .innerJoin('areas as s', (j) => j.onRef('s.districtId', '=', 'o.districtId').onRef('s.id', '=', 'o.streetId'))
      .leftJoin('areas as cm', (j) => j.onRef('cm.districtId', '=', 'o.districtId').onRef('cm.id', '=', 'o.communityId'))
      .leftJoin('organisations as pr', (j) => j.onRef('pr.districtId', '=', 'o.districtId').onRef('pr.id', '=', 'o.providerId'))
      .leftJoin('facilities as f', (j) => j.onRef('f.districtId', '=', 'o.districtId').onRef('f.id', '=', 'o.facilityId'))
      .leftJoin('canteenRounds as r', (j) => j.onRef('r.districtId', '=', 'o.districtId').onRef('r.id', '=', 'o.roundId'))
      .selectAll('o')
      .select([
        'i.name as itemName', 'i.unit as itemUnit', 'c.name as categoryName', 'p.name as personName', 'p.birthDate', 'p.tags as personTags', 'p.phone as personPhone',
        's.name as streetName', 'cm.name as communityName', 'pr.name as providerName', 'f.name as facilityName', 'r.label as roundLabel', 'r.departs as roundDeparts',
      ])
      .where('o.districtId', '=', districtId);
  }

  find(districtId: string, id: string, view: OrderView | null) {
    let q = this.base(districtId).where('o.id', '=', id);
    if (view) q = q.where(viewWhere(view));
    return q.executeTakeFirst();
  }

  /** Lock an order for a transition, so two people acting at once take turns. */
  async lock(districtId: string, id: string) {
    await this.db.q.selectFrom('serviceOrders').select('id').where('districtId', '=', districtId).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async list(districtId: string, view: OrderView, f: OrderFilter, page: number, pageSize: number) {
    let q = this.base(districtId).where(viewWhere(view));
    if (f.statuses?.length) q = q.where('o.status', 'in', f.statuses);
    if (f.providerId) q = q.where('o.providerId', '=', f.providerId);
    if (f.areaPath) q = q.where('o.areaPath', 'like', `${f.areaPath}%`);
    if (f.personId) q = q.where('o.personId', '=', f.personId);
    if (f.fulfilment) q = q.where('o.fulfilment', '=', f.fulfilment);
    if (f.mine) {
      const { userId, personId } = f.mine;
      q = q.where((eb) => eb.or([eb('o.orderedBy', '=', userId), ...(personId ? [eb('o.personId', '=', personId)] : [])]));
    }
    if (f.centre) q = q.where(isEmpty(f.centre) ? sql<SqlBool>`false` : scopeWhere(f.centre, { path: 'o.areaPath' }));
    if (f.providerIds) q = f.providerIds.length ? q.where('o.providerId', 'in', f.providerIds) : q.where(sql<SqlBool>`false`);
    if (f.from) q = q.where('o.scheduledStart', '>=', f.from);
    if (f.to) q = q.where('o.scheduledStart', '<', f.to);
    if (f.q) {
      const like = `%${escapeLike(f.q)}%`;
      q = q.where((eb) => eb.or([eb('o.number', 'like', like), eb('p.name', 'like', like), eb('i.name', 'like', like)]));
    }
    const [items, total] = await Promise.all([
      q.orderBy(sql`case when o.status in ('placed','accepted','assigned','confirmed','in_service') then 0 else 1 end`).orderBy('o.scheduledStart').orderBy('o.createdAt', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  async update(districtId: string, id: string, set: Partial<Insertable<ServiceOrdersTable>>) {
    await this.db.q
      .updateTable('serviceOrders')
      .set((eb) => ({ ...set, updatedAt: new Date(), version: eb('version', '+', 1) }))
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .execute();
  }

  history(districtId: string, id: string) {
    return this.db.q.selectFrom('serviceOrderHistory').selectAll().where('districtId', '=', districtId).where('orderId', '=', id).orderBy('seq').execute();
  }

  // --- complaints -----------------------------------------------------------------------------------

  private complaintBase(districtId: string) {
    return this.db.q
      .selectFrom('serviceComplaints as k')
      .innerJoin('serviceOrders as o', (j) => j.onRef('o.districtId', '=', 'k.districtId').onRef('o.id', '=', 'k.orderId'))
      .innerJoin('serviceItems as i', (j) => j.onRef('i.districtId', '=', 'o.districtId').onRef('i.id', '=', 'o.itemId'))
      .innerJoin('areas as s', (j) => j.onRef('s.districtId', '=', 'k.districtId').onRef('s.id', '=', 'k.streetId'))
      .leftJoin('organisations as pr', (j) => j.onRef('pr.districtId', '=', 'k.districtId').onRef('pr.id', '=', 'k.providerId'))
      .selectAll('k')
      .select(['o.number as orderNumber', 'i.name as itemName', 's.name as streetName', 'pr.name as providerName'])
      .where('k.districtId', '=', districtId);
  }

  complaintsOfOrder(districtId: string, orderId: string) {
    return this.complaintBase(districtId).where('k.orderId', '=', orderId).orderBy('k.createdAt').execute();
  }

  complaint(districtId: string, id: string, scope: Scope) {
    return this.complaintBase(districtId).where('k.id', '=', id).where(scopeWhere(scope, { path: 'k.areaPath' })).executeTakeFirst();
  }

  async complaints(districtId: string, scope: Scope, f: { status?: string; overdue?: boolean }, page: number, pageSize: number) {
    let q = this.complaintBase(districtId).where(scopeWhere(scope, { path: 'k.areaPath' }));
    if (f.status) q = q.where('k.status', '=', f.status as 'open');
    if (f.overdue === true) q = q.where('k.status', '=', 'open').where('k.dueAt', '<', new Date());
    if (f.overdue === false) q = q.where((eb) => eb.or([eb('k.status', '=', 'resolved'), eb('k.dueAt', '>=', new Date())]));
    const [items, total] = await Promise.all([
      q.orderBy(sql`case when k.status = 'open' then 0 else 1 end`).orderBy('k.dueAt').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  async insertComplaint(row: { districtId: string; id: string; orderId: string; providerId: string | null; streetId: string; areaPath: string; text: string; createdBy: string; createdByName: string; dueAt: Date }) {
    await this.db.q.insertInto('serviceComplaints').values(row).execute();
  }

  async resolveComplaint(districtId: string, id: string, set: { resolution: string; resolvedBy: string; resolvedByName: string }) {
    const res = await this.db.q
      .updateTable('serviceComplaints')
      .set({ ...set, status: 'resolved', resolvedAt: new Date() })
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  // --- who to tell ----------------------------------------------------------------------------------------

  /** Accounts of these residents (a resident may have one, an elder without a phone none). */
  async usersOfPersons(districtId: string, personIds: string[]): Promise<string[]> {
    if (!personIds.length) return [];
    const rows = await this.db.q.selectFrom('users').select('id').where('districtId', '=', districtId).where('personId', 'in', personIds).where('status', '=', 'active').execute();
    return rows.map((r) => r.id);
  }

  /** The centre of a place: officials granted on its street, staff granted on its community. */
  async centreUsers(districtId: string, streetId: string, communityId: string | null): Promise<string[]> {
    const rows = await this.db.q
      .selectFrom('roleAssignments')
      .select('userId')
      .distinct()
      .where('districtId', '=', districtId)
      .where('revokedAt', 'is', null)
      .where((eb) => eb.or([eb.and([eb('role', '=', 'street_official'), eb('areaId', '=', streetId)]), ...(communityId ? [eb.and([eb('role', '=', 'community_staff'), eb('areaId', '=', communityId)])] : [])]))
      .execute();
    return rows.map((r) => r.userId);
  }

  async providerStaff(districtId: string, orgId: string): Promise<string[]> {
    const rows = await this.db.q.selectFrom('roleAssignments').select('userId').distinct().where('districtId', '=', districtId).where('revokedAt', 'is', null).where('role', '=', 'provider_staff').where('orgId', '=', orgId).execute();
    return rows.map((r) => r.userId);
  }

  // --- aggregates --------------------------------------------------------------------------------------------

  /** Per provider, orders finished in [from, to): completed, on time (checked in by the end of the window), ratings, no-shows, cancellations. */
  performance(districtId: string, from: Date, to: Date, providerIds: string[] | null) {
    let q = this.db.q
      .selectFrom('serviceOrders as o')
      .innerJoin('organisations as pr', (j) => j.onRef('pr.districtId', '=', 'o.districtId').onRef('pr.id', '=', 'o.providerId'))
      .select([
        'o.providerId',
        'pr.name as providerName',
        sql<number>`count(*) filter (where o.status in ('completed','rated'))`.as('completed'),
        sql<number>`count(*) filter (where o.status in ('completed','rated') and o.checkin_at <= o.scheduled_end)`.as('onTime'),
        sql<number>`count(o.rating)`.as('ratings'),
        sql<number>`coalesce(sum(o.rating), 0)`.as('ratingSum'),
        sql<number>`count(*) filter (where o.status = 'no_show')`.as('noShows'),
        sql<number>`count(*) filter (where o.status = 'cancelled')`.as('cancelled'),
      ])
      .where('o.districtId', '=', districtId)
      .where('o.scheduledStart', '>=', from)
      .where('o.scheduledStart', '<', to)
      .where('o.providerId', 'is not', null)
      .groupBy(['o.providerId', 'pr.name']);
    if (providerIds) q = providerIds.length ? q.where('o.providerId', 'in', providerIds) : q.where(sql<SqlBool>`false`);
    return q.execute();
  }

  complaintCounts(districtId: string, from: Date, to: Date) {
    return this.db.q
      .selectFrom('serviceComplaints')
      .select(['providerId', sql<number>`count(*)`.as('n')])
      .where('districtId', '=', districtId)
      .where('createdAt', '>=', from)
      .where('createdAt', '<', to)
      .where('providerId', 'is not', null)
      .groupBy('providerId')
      .execute();
  }

  /** Completed services in [from, to) inside the scope, grouped by a column. */
  private doneBase(districtId: string, scope: Scope, from: Date, to: Date) {
    return this.db.q
      .selectFrom('serviceOrders as o')
      .where('o.districtId', '=', districtId)
      .where(scopeWhere(scope, { path: 'o.areaPath' }))
      .where('o.status', 'in', ['completed', 'rated'])
      .where('o.checkoutAt', '>=', from)
      .where('o.checkoutAt', '<', to);
  }

  statsTotals(districtId: string, scope: Scope, from: Date, to: Date) {
    return this.doneBase(districtId, scope, from, to)
      .select([sql<number>`count(*)`.as('completed'), sql<number>`coalesce(sum(o.quantity), 0)`.as('personTimes'), sql<number>`count(distinct o.person_id)`.as('persons'), sql<number>`coalesce(sum(o.subsidy_fen * o.quantity), 0)`.as('subsidyFen')])
      .executeTakeFirstOrThrow();
  }

  statsByStreet(districtId: string, scope: Scope, from: Date, to: Date) {
    return this.doneBase(districtId, scope, from, to)
      .innerJoin('areas as s', (j) => j.onRef('s.districtId', '=', 'o.districtId').onRef('s.id', '=', 'o.streetId'))
      .select(['s.id', 's.name', sql<number>`count(*)`.as('completed'), sql<number>`coalesce(sum(o.quantity), 0)`.as('personTimes')])
      .groupBy(['s.id', 's.name'])
      .orderBy('completed', 'desc')
      .execute();
  }

  statsByCategory(districtId: string, scope: Scope, from: Date, to: Date) {
    return this.doneBase(districtId, scope, from, to)
      .innerJoin('serviceCategories as c', (j) => j.onRef('c.districtId', '=', 'o.districtId').onRef('c.id', '=', 'o.categoryId'))
      .select(['c.id', 'c.name', sql<number>`count(*)`.as('completed'), sql<number>`coalesce(sum(o.quantity), 0)`.as('personTimes')])
      .groupBy(['c.id', 'c.name'])
      .orderBy('completed', 'desc')
      .execute();
  }

  statsByMonth(districtId: string, scope: Scope, from: Date, to: Date) {
    return this.doneBase(districtId, scope, from, to)
      .select([sql<string>`to_char((o.checkout_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`.as('month'), sql<number>`count(*)`.as('completed'), sql<number>`coalesce(sum(o.quantity), 0)`.as('personTimes')])
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute();
  }

  async openCount(districtId: string, scope: Scope) {
    const r = await this.db.q
      .selectFrom('serviceOrders as o')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('o.districtId', '=', districtId)
      .where(scopeWhere(scope, { path: 'o.areaPath' }))
      .where('o.status', 'in', ['placed', 'accepted', 'assigned', 'confirmed', 'in_service'])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The meal orders of these menus, for the kitchen and the delivery rounds. */
  mealOrders(districtId: string, menuIds: string[]) {
    if (!menuIds.length) return Promise.resolve([]);
    return this.db.q
      .selectFrom('serviceOrders as o')
      .innerJoin('serviceItems as i', (j) => j.onRef('i.districtId', '=', 'o.districtId').onRef('i.id', '=', 'o.itemId'))
      .innerJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'o.districtId').onRef('p.id', '=', 'o.personId'))
      .select(['o.id', 'o.number', 'o.menuId', 'o.itemId', 'i.name as itemName', 'o.mealMode', 'o.roundId', 'o.quantity', 'o.notes', 'o.status', 'o.address', 'p.name as personName'])
      .where('o.districtId', '=', districtId)
      .where('o.menuId', 'in', menuIds)
      .where('o.status', 'not in', ['cancelled', 'refused'])
      .orderBy('o.address')
      .execute();
  }
}
