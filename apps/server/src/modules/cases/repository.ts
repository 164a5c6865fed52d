// Queries over case types, dispatch rules, cases and their history, limited to what the caller
// may see by viewWhere().
import { type Expression, type Insertable, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { isEmpty, scopeWhere } from '../../platform/auth/scope.ts';
import type { CaseView } from './policy.ts';
import type { CasesTable } from './tables.ts';
import './tables.ts';

export interface CaseFilter {
  statuses?: string[];
  /** The type and its descendants. */
  typeIds?: string[];
  orgId?: string;
  gridId?: string;
  areaPath?: string;
  source?: string;
  overdue?: boolean;
  dueSoonFraction?: number;
  dueSoon?: boolean;
  escalated?: boolean;
  mineUserId?: string;
  q?: string;
}

const CLOCK = ['dispatched', 'accepted', 'in_progress'];

/** Rows the view may see: its areas and grids, its departments' cases, its own reports. */
export function viewWhere(view: CaseView): RawBuilder<SqlBool> {
  const ors: RawBuilder<SqlBool>[] = [];
  if (!isEmpty(view.scope)) ors.push(scopeWhere(view.scope, { path: 'c.areaPath', grid: 'c.gridId' }));
  if (view.orgIds.length) ors.push(sql<SqlBool>`c.org_id in (${sql.join(view.orgIds)})`);
  if (view.userId) ors.push(sql<SqlBool>`c.reporter_id = ${view.userId}`);
  if (!ors.length) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(ors, sql` or `)})`;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export class CasesRepository {
  constructor(private readonly db: Database) {}

  // --- settings, types, departments, rules ----------------------------------------------------------

  async settings(districtId: string): Promise<Record<string, unknown>> {
    const row = await this.db.q.selectFrom('smartGridSettings').select('settings').where('districtId', '=', districtId).executeTakeFirst();
    return (row?.settings ?? {}) as Record<string, unknown>;
  }

  async saveSettings(districtId: string, settings: Record<string, unknown>) {
    await this.db.q
      .insertInto('smartGridSettings')
      .values({ districtId, settings: JSON.stringify(settings) })
      .onConflict((oc) => oc.column('districtId').doUpdateSet({ settings: JSON.stringify(settings), updatedAt: new Date() }))
      .execute();
  }

  private typeBase(districtId: string) {
    return this.db.q
      .selectFrom('caseTypes as t')
      .where('t.districtId', '=', districtId)
      .selectAll('t')
      .select([
        sql<string | null>`(select o.name from organisations o where o.district_id = t.district_id and o.code = t.default_org_code)`.as('defaultOrgName'),
        sql<string | null>`(select o.id from organisations o where o.district_id = t.district_id and o.code = t.default_org_code)`.as('defaultOrgId'),
        sql<boolean>`exists (select 1 from case_types k where k.district_id = t.district_id and k.parent_id = t.id)`.as('hasChildren'),
      ]);
  }

  /** The bare tree, for names and paths. */
  typeTree(districtId: string) {
    return this.db.q.selectFrom('caseTypes').select(['id', 'code', 'name', 'parentId', 'open311', 'active']).where('districtId', '=', districtId).execute();
  }

  listTypes(districtId: string) {
    return this.typeBase(districtId).orderBy('t.sort').orderBy('t.code').execute();
  }

  caseType(districtId: string, id: string) {
    return this.typeBase(districtId).where('t.id', '=', id).executeTakeFirst();
  }

  caseTypeByCode(districtId: string, code: string) {
    return this.typeBase(districtId).where('t.code', '=', code).executeTakeFirst();
  }

  /** The type and its ancestors' ids, nearest first. */
  async typeLineage(districtId: string, id: string): Promise<string[]> {
    const out: string[] = [];
    let current: string | null = id;
    while (current && out.length < 5) {
      out.push(current);
      const row: { parentId: string | null } | undefined = await this.db.q.selectFrom('caseTypes').select('parentId').where('districtId', '=', districtId).where('id', '=', current).executeTakeFirst();
      current = row?.parentId ?? null;
    }
    return out;
  }

  department(districtId: string, id: string) {
    return this.db.q.selectFrom('organisations').select(['id', 'code', 'name', 'kind']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  departmentByCode(districtId: string, code: string) {
    return this.db.q.selectFrom('organisations').select(['id', 'code', 'name', 'kind']).where('districtId', '=', districtId).where('code', '=', code).where('kind', '=', 'department').executeTakeFirst();
  }

  /** The most specific rule for a type (or an ancestor) covering the path: longest area first, then nearest type. */
  async ruleFor(districtId: string, lineage: string[], areaPath: string) {
    if (!lineage.length) return undefined;
    const rows = await this.db.q
      .selectFrom('dispatchRules as r')
      .innerJoin('organisations as o', (j) => j.onRef('o.districtId', '=', 'r.districtId').onRef('o.id', '=', 'r.orgId'))
      .select(['r.id', 'r.caseTypeId', 'r.areaPath', 'r.orgId', 'o.name as orgName'])
      .where('r.districtId', '=', districtId)
      .where('r.caseTypeId', 'in', lineage)
      .where((eb) => eb.or([eb('r.areaPath', 'is', null), eb(sql.val(areaPath), 'like', sql<string>`r.area_path || '%'`)]))
      .execute();
    rows.sort((a, b) => (b.areaPath?.length ?? 0) - (a.areaPath?.length ?? 0) || lineage.indexOf(a.caseTypeId) - lineage.indexOf(b.caseTypeId));
    return rows[0];
  }

  listRules(districtId: string) {
    return this.db.q
      .selectFrom('dispatchRules as r')
      .innerJoin('caseTypes as t', (j) => j.onRef('t.districtId', '=', 'r.districtId').onRef('t.id', '=', 'r.caseTypeId'))
      .innerJoin('organisations as o', (j) => j.onRef('o.districtId', '=', 'r.districtId').onRef('o.id', '=', 'r.orgId'))
      .leftJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'r.districtId').onRef('a.id', '=', 'r.areaId'))
      .select(['r.id', 'r.caseTypeId', 't.name as caseTypeName', 'r.areaId', 'a.name as areaName', 'r.orgId', 'o.name as orgName', 'r.note'])
      .where('r.districtId', '=', districtId)
      .orderBy('t.code')
      .orderBy('r.areaPath')
      .execute();
  }

  area(districtId: string, id: string) {
    return this.db.q.selectFrom('areas').select(['id', 'path', 'level', 'name']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  rootArea(districtId: string) {
    return this.db.q.selectFrom('areas').select(['id', 'path', 'name']).where('districtId', '=', districtId).where('level', '=', 'district').executeTakeFirst();
  }

  // --- cases ---------------------------------------------------------------------------------------------

  // Names come from correlated lookups by primary key rather than joins: PGlite never runs
  // autovacuum, and without statistics the planner would nest-loop whole tables for each join.
  private base(districtId: string) {
    return this.db.q.selectFrom('cases as c').where('c.districtId', '=', districtId);
  }

  private static readonly EXTRA = [
    sql<string | null>`(select g.name from grids g where g.district_id = c.district_id and g.id = c.grid_id)`.as('gridName'),
    sql<string | null>`(select a.name from areas a where a.district_id = c.district_id and a.id = c.community_id)`.as('communityName'),
    sql<string | null>`(select a.name from areas a where a.district_id = c.district_id and a.id = c.street_id)`.as('streetName'),
    sql<string | null>`(select o.name from organisations o where o.district_id = c.district_id and o.id = c.org_id)`.as('orgName'),
  ] as const;

  find(districtId: string, id: string, view: CaseView | null) {
    let q = this.base(districtId).selectAll('c').select(CasesRepository.EXTRA).where('c.id', '=', id);
    if (view) q = q.where(viewWhere(view));
    return q.executeTakeFirst();
  }

  findByNumber(districtId: string, number: string) {
    return this.base(districtId).selectAll('c').select(CasesRepository.EXTRA).where('c.number', '=', number).executeTakeFirst();
  }

  /** The case row, locked for the rest of the transaction. */
  lock(districtId: string, id: string) {
    return this.db.q.selectFrom('cases').selectAll().where('districtId', '=', districtId).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  private filtered(districtId: string, view: CaseView | null, f: CaseFilter) {
    let q = this.base(districtId);
    if (view) q = q.where(viewWhere(view));
    if (f.statuses?.length) q = q.where('c.status', 'in', f.statuses);
    if (f.typeIds?.length) q = q.where('c.caseTypeId', 'in', f.typeIds);
    if (f.orgId) q = q.where('c.orgId', '=', f.orgId);
    if (f.gridId) q = q.where('c.gridId', '=', f.gridId);
    if (f.areaPath) q = q.where('c.areaPath', 'like', `${escapeLike(f.areaPath)}%`);
    if (f.source) q = q.where('c.source', '=', f.source);
    if (f.overdue !== undefined) {
      const overdue = sql<SqlBool>`(c.status in (${sql.join(CLOCK)}) and c.due_at < now())`;
      q = q.where(f.overdue ? overdue : sql<SqlBool>`not coalesce(${overdue}, false)`);
    }
    if (f.dueSoon) {
      q = q.where(
        sql<SqlBool>`(c.status in (${sql.join(CLOCK)}) and c.due_at >= now() and c.due_at - now() < (c.due_at - c.dispatched_at) * ${f.dueSoonFraction ?? 0.25})`,
      );
    }
    if (f.escalated !== undefined) q = q.where('c.escalationLevel', f.escalated ? 'is not' : 'is', null);
    if (f.mineUserId) {
      const uid = f.mineUserId;
      q = q.where((eb) =>
        eb.or([
          eb('c.reporterId', '=', uid),
          eb.exists(eb.selectFrom('caseFollowers as fl').select('fl.caseId').whereRef('fl.districtId', '=', 'c.districtId').whereRef('fl.caseId', '=', 'c.id').where('fl.userId', '=', uid)),
        ]),
      );
    }
    if (f.q) {
      const like = `%${escapeLike(f.q)}%`;
      q = q.where((eb) => eb.or([eb('c.number', 'like', like), eb('c.description', 'like', like), eb('c.address', 'like', like)]));
    }
    return q;
  }

  async list(districtId: string, view: CaseView | null, f: CaseFilter, page: number, pageSize: number) {
    const q = this.filtered(districtId, view, f);
    const [items, total] = await Promise.all([
      q.selectAll('c').select(CasesRepository.EXTRA).orderBy('c.reportedAt', 'desc').orderBy('c.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  async insert(row: Omit<Insertable<CasesTable>, 'number'>) {
    return this.db.q
      .insertInto('cases')
      .values({
        ...row,
        number: sql<string>`to_char(now() at time zone 'Asia/Shanghai', 'YYMMDD') || lpad(nextval('case_number_seq')::text, 6, '0')`,
      })
      .returning(['number'])
      .executeTakeFirstOrThrow();
  }

  async update(districtId: string, id: string, set: Partial<Record<string, unknown>>) {
    await this.db.q
      .updateTable('cases')
      .set({ ...(set as object), updatedAt: new Date(), version: sql<number>`version + 1` })
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .execute();
  }

  async appendHistory(e: { districtId: string; caseId: string; actorId: string | null; actorName: string | null; action: string; fromStatus: string | null; toStatus: string | null; note: string; details?: Record<string, unknown>; at?: Date }) {
    await this.db.q
      .insertInto('caseHistory')
      .values({
        districtId: e.districtId,
        caseId: e.caseId,
        seq: sql<number>`(select coalesce(max(seq), 0) + 1 from case_history where district_id = ${e.districtId} and case_id = ${e.caseId})`,
        at: e.at ?? new Date(),
        actorId: e.actorId,
        actorName: e.actorName,
        action: e.action,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        note: e.note,
        details: JSON.stringify(e.details ?? {}),
      })
      .execute();
  }

  history(districtId: string, caseId: string) {
    return this.db.q.selectFrom('caseHistory').selectAll().where('districtId', '=', districtId).where('caseId', '=', caseId).orderBy('seq').execute();
  }

  async follow(districtId: string, caseId: string, userId: string) {
    await this.db.q.insertInto('caseFollowers').values({ districtId, caseId, userId }).onConflict((oc) => oc.columns(['districtId', 'caseId', 'userId']).doNothing()).execute();
  }

  async unfollow(districtId: string, caseId: string, userId: string) {
    await this.db.q.deleteFrom('caseFollowers').where('districtId', '=', districtId).where('caseId', '=', caseId).where('userId', '=', userId).execute();
  }

  async isFollowing(districtId: string, caseId: string, userId: string) {
    return !!(await this.db.q.selectFrom('caseFollowers').select('userId').where('districtId', '=', districtId).where('caseId', '=', caseId).where('userId', '=', userId).executeTakeFirst());
  }

  async followers(districtId: string, caseId: string): Promise<string[]> {
    return (await this.db.q.selectFrom('caseFollowers').select('userId').where('districtId', '=', districtId).where('caseId', '=', caseId).execute()).map((r) => r.userId);
  }

  userName(userId: string) {
    return this.db.q.selectFrom('users').select(['id', 'displayName']).where('id', '=', userId).executeTakeFirst();
  }

  /** Open cases of the type within radius metres, nearest first, that the view may see. */
  async nearbyOpen(districtId: string, view: CaseView, typeId: string, lat: number, lon: number, radiusM: number, excludeId?: string) {
    const dLat = radiusM / 111_320;
    const dLon = radiusM / (111_320 * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
    const distance = sql<number>`6371008.8 * 2 * asin(sqrt(power(sin(radians(c.lat - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(c.lat)) * power(sin(radians(c.lon - ${lon}) / 2), 2)))`;
    let q = this.db.q
      .selectFrom('cases as c')
      .select(['c.id', 'c.number', 'c.status', 'c.description', 'c.reportedAt'])
      .select(distance.as('distanceM'))
      .where('c.districtId', '=', districtId)
      .where('c.caseTypeId', '=', typeId)
      .where('c.status', 'in', ['reported', 'filed', 'dispatched', 'accepted', 'in_progress', 'handled'])
      .where('c.lat', '>=', lat - dLat)
      .where('c.lat', '<=', lat + dLat)
      .where('c.lon', '>=', lon - dLon)
      .where('c.lon', '<=', lon + dLon)
      .where(viewWhere(view))
      .where(sql<SqlBool>`${distance} <= ${radiusM}`);
    if (excludeId) q = q.where('c.id', '!=', excludeId);
    return q.orderBy(sql`${distance}`).limit(10).execute();
  }

  // --- public (Open311) reading: only cases of types offered as Open311 services -------------------------

  async publicList(districtId: string, f: { numbers?: string[]; typeCodes?: string[]; from?: Date; to?: Date; statuses?: string[]; limit: number }) {
    let q = this.base(districtId)
      .innerJoin('caseTypes as t', (j) => j.onRef('t.districtId', '=', 'c.districtId').onRef('t.id', '=', 'c.caseTypeId'))
      .where('t.open311', '=', true)
      .selectAll('c')
      .select(CasesRepository.EXTRA)
      .select(['t.code as typeCode', 't.name as typeName', 't.description as typeDescription']);
    if (f.numbers) q = q.where('c.number', 'in', f.numbers.length ? f.numbers : ['']);
    else {
      if (f.typeCodes?.length) q = q.where('t.code', 'in', f.typeCodes);
      if (f.from) q = q.where('c.reportedAt', '>=', f.from);
      if (f.to) q = q.where('c.reportedAt', '<=', f.to);
      if (f.statuses?.length) q = q.where('c.status', 'in', f.statuses);
    }
    return q.orderBy('c.reportedAt', 'desc').orderBy('c.id').limit(f.limit).execute();
  }

  publicByToken(districtId: string, token: string) {
    return this.db.q.selectFrom('cases').select(['number', 'open311Token']).where('districtId', '=', districtId).where('open311Token', '=', token).executeTakeFirst();
  }

  // --- people to notify ------------------------------------------------------------------------------------

  /** Active users holding a role whose scope covers a path (area grants) or a grid or an organisation. */
  async usersWith(districtId: string, role: string, where: { coveringPath?: string; gridId?: string; orgId?: string; districtWide?: boolean }): Promise<string[]> {
    let q = this.db.q
      .selectFrom('roleAssignments as r')
      .innerJoin('users as u', 'u.id', 'r.userId')
      .leftJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'r.districtId').onRef('a.id', '=', 'r.areaId'))
      .select('r.userId')
      .distinct()
      .where('r.districtId', '=', districtId)
      .where('r.role', '=', role)
      .where('r.revokedAt', 'is', null)
      .where('u.status', '=', 'active');
    if (where.orgId) q = q.where('r.orgId', '=', where.orgId);
    if (where.gridId) q = q.where('r.gridId', '=', where.gridId);
    if (where.coveringPath) q = q.where((eb) => eb(sql.val(where.coveringPath), 'like', sql<string>`a.path || '%'`));
    return (await q.execute()).map((r) => r.userId);
  }

  // --- statistics ------------------------------------------------------------------------------------------

  async onTime(districtId: string, view: CaseView | null, groupBy: 'department' | 'type', range: { from?: string; to?: string }) {
    const key: Expression<string | null> = groupBy === 'department' ? sql.ref('c.orgId') : sql.ref('c.caseTypeId');
    let q = this.db.q
      .selectFrom('cases as c')
      .where('c.districtId', '=', districtId)
      .where('c.dueAt', 'is not', null)
      .select([
        sql<string | null>`${key}`.as('groupId'),
        sql<number>`count(*) filter (where c.status = 'closed')`.as('finished'),
        sql<number>`count(*) filter (where c.status = 'closed' and c.handled_at <= c.due_at)`.as('onTime'),
        sql<number>`count(*) filter (where c.status in ('dispatched','accepted','in_progress','handled'))`.as('open'),
        sql<number>`count(*) filter (where c.status in (${sql.join(CLOCK)}) and c.due_at < now())`.as('openOverdue'),
      ])
      .groupBy(sql`${key}`);
    if (view) q = q.where(viewWhere(view));
    if (range.from) q = q.where('c.reportedAt', '>=', new Date(range.from));
    if (range.to) q = q.where('c.reportedAt', '<', new Date(range.to));
    return q.execute();
  }

  orgNames(districtId: string, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.q.selectFrom('organisations').select(['id', 'code', 'name']).where('districtId', '=', districtId).where('id', 'in', ids).execute();
  }

  typeNames(districtId: string, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.q.selectFrom('caseTypes').select(['id', 'code', 'name']).where('districtId', '=', districtId).where('id', 'in', ids).execute();
  }
}
