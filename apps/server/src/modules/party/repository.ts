// Queries over party members, branches and their activities, and the community service list.
import { type SqlBool, sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { type Scope, scopeWhere } from '../../platform/auth/scope.ts';
import './tables.ts';

export class PartyRepository {
  constructor(private readonly db: Database) {}

  area(districtId: string, id: string) {
    return this.db.q.selectFrom('areas').select(['id', 'level', 'name', 'path']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  areaByPath(districtId: string, path: string) {
    return this.db.q.selectFrom('areas').select(['id', 'level', 'name', 'path']).where('districtId', '=', districtId).where('path', '=', path).executeTakeFirst();
  }

  person(districtId: string, id: string) {
    return this.db.q.selectFrom('persons').select(['id', 'name', 'areaPath', 'status']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  /** Community staff of a community (the party organisation's working body), to be told of a new report. */
  async staffOf(districtId: string, communityId: string): Promise<string[]> {
    const rows = await this.db.q
      .selectFrom('roleAssignments')
      .select('userId')
      .where('districtId', '=', districtId)
      .where('role', '=', 'community_staff')
      .where('areaId', '=', communityId)
      .where('revokedAt', 'is', null)
      .execute();
    return [...new Set(rows.map((r) => r.userId))];
  }

  // --- members ------------------------------------------------------------------------------------

  private memberBase(districtId: string) {
    return this.db.q
      .selectFrom('partyMembers as m')
      .innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'm.districtId').onRef('a.id', '=', 'm.communityId'))
      .leftJoin('partyBranches as b', (j) => j.onRef('b.districtId', '=', 'm.districtId').onRef('b.id', '=', 'm.branchId'))
      .where('m.districtId', '=', districtId)
      .selectAll('m')
      .select(['a.name as communityName', 'b.name as branchName']);
  }

  member(districtId: string, id: string) {
    return this.memberBase(districtId).where('m.id', '=', id).executeTakeFirst();
  }

  /** The actor's current (pending or active) membership, else their latest. */
  memberOfUser(districtId: string, userId: string) {
    return this.memberBase(districtId)
      .where('m.userId', '=', userId)
      .orderBy(sql`case when m.status in ('pending','active') then 0 else 1 end`)
      .orderBy('m.reportedAt', 'desc')
      .executeTakeFirst();
  }

  currentOfPerson(districtId: string, personId: string) {
    return this.memberBase(districtId).where('m.personId', '=', personId).where('m.status', 'in', ['pending', 'active']).executeTakeFirst();
  }

  async members(districtId: string, scope: Scope, f: { areaPath?: string; status?: string; q?: string; branchId?: string }, page: number, pageSize: number) {
    let q = this.memberBase(districtId).where(scopeWhere(scope, { path: 'm.areaPath' }));
    if (f.areaPath) q = q.where('m.areaPath', 'like', `${f.areaPath}%`);
    if (f.status) q = q.where('m.status', '=', f.status as 'active');
    if (f.branchId) q = q.where('m.branchId', '=', f.branchId);
    if (f.q) q = q.where('m.name', 'like', `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const [items, total] = await Promise.all([
      q.orderBy(sql`case m.status when 'pending' then 0 when 'active' then 1 else 2 end`).orderBy('m.reportedAt', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  // --- service list -------------------------------------------------------------------------------

  private itemBase(districtId: string) {
    return this.db.q
      .selectFrom('partyServiceItems as i')
      .innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'i.districtId').onRef('a.id', '=', 'i.communityId'))
      .where('i.districtId', '=', districtId)
      .selectAll('i')
      .select([
        'a.name as communityName',
        sql<number>`(select count(*) from party_service_claims c where c.district_id = i.district_id and c.item_id = i.id and c.status in ('claimed','done'))`.as('taken'),
      ]);
  }

  item(districtId: string, id: string) {
    return this.itemBase(districtId).where('i.id', '=', id).executeTakeFirst();
  }

  async lockItem(districtId: string, id: string) {
    await sql`select 1 from party_service_items where district_id = ${districtId} and id = ${id} for update`.execute(this.db.q);
  }

  items(districtId: string, scope: Scope | null, communityPath: string | null, status?: string) {
    let q = this.itemBase(districtId);
    const ors: ReturnType<typeof sql<SqlBool>>[] = [];
    if (scope) ors.push(scopeWhere(scope, { path: 'i.areaPath' }));
    if (communityPath) ors.push(sql<SqlBool>`i.area_path = ${communityPath}`);
    q = q.where(ors.length ? sql<SqlBool>`(${sql.join(ors, sql` or `)})` : sql<SqlBool>`false`);
    if (status) q = q.where('i.status', '=', status as 'open');
    return q.orderBy(sql`case i.status when 'open' then 0 else 1 end`).orderBy('i.createdAt', 'desc').limit(300).execute();
  }

  claims(districtId: string, itemIds: string[]) {
    if (!itemIds.length) return Promise.resolve([]);
    return this.db.q
      .selectFrom('partyServiceClaims as c')
      .innerJoin('partyMembers as m', (j) => j.onRef('m.districtId', '=', 'c.districtId').onRef('m.id', '=', 'c.memberId'))
      .select(['c.itemId', 'c.memberId', 'm.name', 'c.status', 'c.minutes', 'c.claimedAt'])
      .where('c.districtId', '=', districtId)
      .where('c.itemId', 'in', itemIds)
      .orderBy('c.claimedAt')
      .execute();
  }

  claim(districtId: string, itemId: string, memberId: string) {
    return this.db.q.selectFrom('partyServiceClaims').selectAll().where('districtId', '=', districtId).where('itemId', '=', itemId).where('memberId', '=', memberId).executeTakeFirst();
  }

  claimsOfMember(districtId: string, memberId: string) {
    return this.db.q
      .selectFrom('partyServiceClaims as c')
      .innerJoin('partyServiceItems as i', (j) => j.onRef('i.districtId', '=', 'c.districtId').onRef('i.id', '=', 'c.itemId'))
      .select(['c.itemId', 'i.title', 'c.status', 'c.claimedAt', 'c.minutes'])
      .where('c.districtId', '=', districtId)
      .where('c.memberId', '=', memberId)
      .orderBy('c.claimedAt', 'desc')
      .execute();
  }

  // --- branches -----------------------------------------------------------------------------------

  private branchBase(districtId: string) {
    return this.db.q
      .selectFrom('partyBranches as b')
      .innerJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'b.districtId').onRef('c.id', '=', 'b.communityId'))
      .leftJoin('areas as k', (j) => j.onRef('k.districtId', '=', 'b.districtId').onRef('k.id', '=', 'b.compoundId'))
      .leftJoin('partyMembers as s', (j) => j.onRef('s.districtId', '=', 'b.districtId').onRef('s.id', '=', 'b.secretaryId'))
      .where('b.districtId', '=', districtId)
      .selectAll('b')
      .select([
        'c.name as communityName',
        'k.name as compoundName',
        's.name as secretaryName',
        's.userId as secretaryUserId',
        sql<number>`(select count(*) from party_members m where m.district_id = b.district_id and m.branch_id = b.id and m.status = 'active')`.as('memberCount'),
        sql<number>`(select count(*) from party_branch_activities x where x.district_id = b.district_id and x.branch_id = b.id)`.as('activityCount'),
      ]);
  }

  branch(districtId: string, id: string) {
    return this.branchBase(districtId).where('b.id', '=', id).executeTakeFirst();
  }

  branches(districtId: string, scope: Scope, areaPath?: string, extraIds: string[] = []) {
    const ors = [scopeWhere(scope, { path: 'b.areaPath' }), ...(extraIds.length ? [sql<SqlBool>`b.id in (${sql.join(extraIds)})`] : [])];
    let q = this.branchBase(districtId).where(sql<SqlBool>`(${sql.join(ors, sql` or `)})`);
    if (areaPath) q = q.where('b.areaPath', 'like', `${areaPath}%`);
    return q.orderBy('b.areaPath').orderBy('b.name').limit(500).execute();
  }

  activities(districtId: string, branchId: string) {
    return this.db.q
      .selectFrom('partyBranchActivities as x')
      .select(['x.id', 'x.title', 'x.heldOn', 'x.place', 'x.description', sql<number>`(select count(*) from party_activity_attendees t where t.district_id = x.district_id and t.activity_id = x.id)`.as('attendees')])
      .where('x.districtId', '=', districtId)
      .where('x.branchId', '=', branchId)
      .orderBy('x.heldOn', 'desc')
      .limit(100)
      .execute();
  }

  async activitiesAttended(districtId: string, memberId: string): Promise<number> {
    const r = await this.db.q.selectFrom('partyActivityAttendees').select((eb) => eb.fn.countAll<number>().as('n')).where('districtId', '=', districtId).where('memberId', '=', memberId).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
