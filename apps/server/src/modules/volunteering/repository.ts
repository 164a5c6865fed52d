// Queries over volunteers, teams, the hours ledger and certificates. Visibility of ledger rows is
// applied in SQL by entryVisibility(): the volunteer's own rows, their team leaders' teams, and the
// organiser's area.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { type Scope, isEmpty, scopeWhere } from '../../platform/auth/scope.ts';
import type { VolunteerHoursTable } from './tables.ts';
import './tables.ts';

/** The community path of any path below it: district/street/community/. */
export function communityPathOf(path: string): string | null {
  const parts = path.split('/').filter(Boolean);
  return parts.length >= 3 ? `${parts.slice(0, 3).join('/')}/` : null;
}

export interface EntryVisibility {
  /** The actor's own volunteer record. */
  volunteerId: string | null;
  /** Teams the actor leads. */
  ledTeamIds: string[];
  /** The organiser's area. */
  scope: Scope;
}

function visibilityWhere(v: EntryVisibility): RawBuilder<SqlBool> {
  const ors: RawBuilder<SqlBool>[] = [];
  if (v.volunteerId) ors.push(sql<SqlBool>`h.volunteer_id = ${v.volunteerId}`);
  if (v.ledTeamIds.length) ors.push(sql<SqlBool>`h.team_id in (${sql.join(v.ledTeamIds)})`);
  if (!isEmpty(v.scope)) ors.push(scopeWhere(v.scope, { path: 'h.areaPath' }));
  if (!ors.length) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(ors, sql` or `)})`;
}

export interface EntryFilter {
  volunteerId?: string;
  teamId?: string;
  areaPath?: string;
  status?: string;
  source?: string;
  from?: string;
  to?: string;
  projectIds?: string[];
}

export type NewEntry = Omit<VolunteerHoursTable, 'createdAt' | 'description'> & { description: string };

export class VolunteeringRepository {
  constructor(private readonly db: Database) {}

  // --- places and people ------------------------------------------------------------------------------

  area(districtId: string, id: string) {
    return this.db.q.selectFrom('areas').select(['id', 'level', 'name', 'path', 'lat', 'lon']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  areaByPath(districtId: string, path: string) {
    return this.db.q.selectFrom('areas').select(['id', 'level', 'name', 'path']).where('districtId', '=', districtId).where('path', '=', path).executeTakeFirst();
  }

  communities(districtId: string) {
    return this.db.q
      .selectFrom('areas as c')
      .innerJoin('areas as s', (j) => j.onRef('s.districtId', '=', 'c.districtId').onRef('s.id', '=', 'c.parentId'))
      .select(['c.id', 'c.name', 's.name as streetName'])
      .where('c.districtId', '=', districtId)
      .where('c.level', '=', 'community')
      .orderBy('s.code')
      .orderBy('c.code')
      .execute();
  }

  person(districtId: string, id: string) {
    return this.db.q.selectFrom('persons').select(['id', 'name', 'areaPath', 'householdId', 'status']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  user(districtId: string, id: string) {
    return this.db.q.selectFrom('users').select(['id', 'displayName', 'personId']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  userByPerson(districtId: string, personId: string) {
    return this.db.q.selectFrom('users').select(['id', 'displayName']).where('districtId', '=', districtId).where('personId', '=', personId).executeTakeFirst();
  }

  // --- volunteers ---------------------------------------------------------------------------------

  private volunteerBase(districtId: string) {
    return this.db.q
      .selectFrom('volunteers as v')
      .leftJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'v.districtId').onRef('a.id', '=', 'v.communityId'))
      .where('v.districtId', '=', districtId)
      .selectAll('v')
      .select('a.name as communityName');
  }

  volunteer(districtId: string, id: string) {
    return this.volunteerBase(districtId).where('v.id', '=', id).executeTakeFirst();
  }

  volunteerByUser(districtId: string, userId: string) {
    return this.volunteerBase(districtId).where('v.userId', '=', userId).executeTakeFirst();
  }

  volunteerByPerson(districtId: string, personId: string) {
    return this.volunteerBase(districtId).where('v.personId', '=', personId).executeTakeFirst();
  }

  /** Lock a volunteer's row so checks over their day's hours and the insert that follows are one act. */
  async lockVolunteer(districtId: string, id: string) {
    await sql`select 1 from volunteers where district_id = ${districtId} and id = ${id} for update`.execute(this.db.q);
  }

  async listVolunteers(districtId: string, scope: Scope, filter: { areaPath?: string; q?: string }, page: number, pageSize: number) {
    let q = this.volunteerBase(districtId).where(scopeWhere(scope, { path: 'v.areaPath' }));
    if (filter.areaPath) q = q.where('v.areaPath', 'like', `${filter.areaPath}%`);
    if (filter.q) q = q.where('v.name', 'like', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const [items, total] = await Promise.all([
      q.orderBy('v.name').orderBy('v.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  async minutesOf(districtId: string, volunteerIds: string[]) {
    if (!volunteerIds.length) return new Map<string, { approved: number; pending: number }>();
    const rows = await this.db.q
      .selectFrom('volunteerHours')
      .select(['volunteerId', sql<number>`coalesce(sum(minutes) filter (where status = 'approved'), 0)`.as('approved'), sql<number>`coalesce(sum(minutes) filter (where status = 'pending'), 0)`.as('pending')])
      .where('districtId', '=', districtId)
      .where('volunteerId', 'in', volunteerIds)
      .groupBy('volunteerId')
      .execute();
    return new Map(rows.map((r) => [r.volunteerId, { approved: Number(r.approved), pending: Number(r.pending) }]));
  }

  async teamsOf(districtId: string, volunteerIds: string[]) {
    if (!volunteerIds.length) return [];
    return this.db.q
      .selectFrom('volunteerTeamMembers as m')
      .innerJoin('volunteerTeams as t', (j) => j.onRef('t.districtId', '=', 'm.districtId').onRef('t.id', '=', 'm.teamId'))
      .select(['m.volunteerId', 't.id', 't.name', 'm.role'])
      .where('m.districtId', '=', districtId)
      .where('m.volunteerId', 'in', volunteerIds)
      .where('m.leftAt', 'is', null)
      .orderBy('t.name')
      .execute();
  }

  // --- teams --------------------------------------------------------------------------------------

  private teamBase(districtId: string) {
    return this.db.q
      .selectFrom('volunteerTeams as t')
      .innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 't.districtId').onRef('a.id', '=', 't.communityId'))
      .where('t.districtId', '=', districtId)
      .selectAll('t')
      .select([
        'a.name as communityName',
        sql<number>`(select count(*) from volunteer_team_members m where m.district_id = t.district_id and m.team_id = t.id and m.left_at is null)`.as('memberCount'),
        sql<number>`(select coalesce(sum(h.minutes), 0) from volunteer_hours h where h.district_id = t.district_id and h.status = 'approved' and h.volunteer_id in
          (select m.volunteer_id from volunteer_team_members m where m.district_id = t.district_id and m.team_id = t.id and m.left_at is null))`.as('approvedMinutes'),
      ]);
  }

  team(districtId: string, id: string) {
    return this.teamBase(districtId).where('t.id', '=', id).executeTakeFirst();
  }

  teams(districtId: string, filter: { areaPath?: string; volunteerId?: string }) {
    let q = this.teamBase(districtId).where('t.status', '=', 'active');
    if (filter.areaPath) q = q.where(sql<SqlBool>`(t.area_path like ${`${filter.areaPath}%`} or ${filter.areaPath} like t.area_path || '%')`);
    if (filter.volunteerId)
      q = q.where(sql<SqlBool>`exists (select 1 from volunteer_team_members m where m.district_id = t.district_id and m.team_id = t.id and m.volunteer_id = ${filter.volunteerId} and m.left_at is null)`);
    return q.orderBy('t.name').limit(500).execute();
  }

  async leadersOf(districtId: string, teamIds: string[]) {
    if (!teamIds.length) return [];
    return this.db.q
      .selectFrom('volunteerTeamMembers as m')
      .innerJoin('volunteers as v', (j) => j.onRef('v.districtId', '=', 'm.districtId').onRef('v.id', '=', 'm.volunteerId'))
      .select(['m.teamId', 'v.id as volunteerId', 'v.name', 'v.userId'])
      .where('m.districtId', '=', districtId)
      .where('m.teamId', 'in', teamIds)
      .where('m.role', '=', 'leader')
      .where('m.leftAt', 'is', null)
      .orderBy('v.name')
      .execute();
  }

  members(districtId: string, teamId: string) {
    return this.db.q
      .selectFrom('volunteerTeamMembers as m')
      .innerJoin('volunteers as v', (j) => j.onRef('v.districtId', '=', 'm.districtId').onRef('v.id', '=', 'm.volunteerId'))
      .select([
        'v.id as volunteerId',
        'v.name',
        'm.role',
        'm.joinedAt',
        sql<number>`(select coalesce(sum(h.minutes), 0) from volunteer_hours h where h.district_id = m.district_id and h.volunteer_id = m.volunteer_id and h.status = 'approved')`.as('approvedMinutes'),
      ])
      .where('m.districtId', '=', districtId)
      .where('m.teamId', '=', teamId)
      .where('m.leftAt', 'is', null)
      .orderBy('m.role')
      .orderBy('v.name')
      .execute();
  }

  membership(districtId: string, teamId: string, volunteerId: string) {
    return this.db.q
      .selectFrom('volunteerTeamMembers')
      .selectAll()
      .where('districtId', '=', districtId)
      .where('teamId', '=', teamId)
      .where('volunteerId', '=', volunteerId)
      .executeTakeFirst();
  }

  async ledTeamIds(districtId: string, userId: string): Promise<string[]> {
    const rows = await this.db.q
      .selectFrom('volunteerTeamMembers as m')
      .innerJoin('volunteers as v', (j) => j.onRef('v.districtId', '=', 'm.districtId').onRef('v.id', '=', 'm.volunteerId'))
      .select('m.teamId')
      .where('m.districtId', '=', districtId)
      .where('v.userId', '=', userId)
      .where('m.role', '=', 'leader')
      .where('m.leftAt', 'is', null)
      .execute();
    return rows.map((r) => r.teamId);
  }

  // --- the ledger ---------------------------------------------------------------------------------

  private entryBase(districtId: string) {
    return this.db.q
      .selectFrom('volunteerHours as h')
      .innerJoin('volunteers as v', (j) => j.onRef('v.districtId', '=', 'h.districtId').onRef('v.id', '=', 'h.volunteerId'))
      .leftJoin('volunteerTeams as t', (j) => j.onRef('t.districtId', '=', 'h.districtId').onRef('t.id', '=', 'h.teamId'))
      .leftJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'h.districtId').onRef('a.path', '=', 'h.areaPath'))
      .where('h.districtId', '=', districtId)
      .selectAll('h')
      .select(['v.name as volunteerName', 'v.userId as volunteerUserId', 't.name as teamName', 'a.name as communityName']);
  }

  entry(districtId: string, id: string) {
    return this.entryBase(districtId).where('h.id', '=', id).executeTakeFirst();
  }

  entryByKey(districtId: string, source: string, sourceId: string, volunteerId: string) {
    return this.entryBase(districtId).where('h.source', '=', source).where('h.sourceId', '=', sourceId).where('h.volunteerId', '=', volunteerId).executeTakeFirst();
  }

  /** Insert unless (source, sourceId, volunteer) is already in the ledger; true when inserted. */
  async insertEntry(row: NewEntry): Promise<boolean> {
    const res = await this.db.q
      .insertInto('volunteerHours')
      .values(row)
      .onConflict((oc) => oc.columns(['districtId', 'source', 'sourceId', 'volunteerId']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return !!res;
  }

  async minutesOnDay(districtId: string, volunteerId: string, day: string): Promise<number> {
    const row = await this.db.q
      .selectFrom('volunteerHours')
      .select(sql<number>`coalesce(sum(minutes), 0)`.as('n'))
      .where('districtId', '=', districtId)
      .where('volunteerId', '=', volunteerId)
      .where('servedOn', '=', day)
      .where('status', '<>', 'rejected')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private filtered(districtId: string, v: EntryVisibility | null, f: EntryFilter) {
    let q = this.entryBase(districtId);
    if (v) q = q.where(visibilityWhere(v));
    if (f.volunteerId) q = q.where('h.volunteerId', '=', f.volunteerId);
    if (f.teamId) q = q.where('h.teamId', '=', f.teamId);
    if (f.areaPath) q = q.where('h.areaPath', 'like', `${f.areaPath}%`);
    if (f.status) q = q.where('h.status', '=', f.status as 'approved');
    if (f.source) q = q.where('h.source', '=', f.source);
    if (f.from) q = q.where('h.servedOn', '>=', f.from);
    if (f.to) q = q.where('h.servedOn', '<=', f.to);
    return q;
  }

  async entries(districtId: string, v: EntryVisibility | null, f: EntryFilter, page: number, pageSize: number) {
    const q = this.filtered(districtId, v, f);
    const [items, total] = await Promise.all([
      q.orderBy('h.servedOn', 'desc').orderBy('h.createdAt', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  allApproved(districtId: string, volunteerId: string, from: string | null, to: string) {
    let q = this.entryBase(districtId).where('h.volunteerId', '=', volunteerId).where('h.status', '=', 'approved').where('h.servedOn', '<=', to);
    if (from) q = q.where('h.servedOn', '>=', from);
    return q.orderBy('h.servedOn').orderBy('h.createdAt').execute();
  }

  async decide(districtId: string, id: string, status: 'approved' | 'rejected', by: string, note: string | null): Promise<boolean> {
    const res = await this.db.q
      .updateTable('volunteerHours')
      .set({ status, decidedBy: by, decidedAt: new Date(), decisionNote: note })
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Approved hours per source for volunteers matching a user or person (party participation). */
  async bySource(districtId: string, volunteerIds: string[]) {
    if (!volunteerIds.length) return [];
    return this.db.q
      .selectFrom('volunteerHours')
      .select(['source', sql<number>`count(*)`.as('count'), sql<number>`coalesce(sum(minutes), 0)`.as('minutes')])
      .where('districtId', '=', districtId)
      .where('volunteerId', 'in', volunteerIds)
      .where('status', '=', 'approved')
      .groupBy('source')
      .execute();
  }

  // --- rankings -------------------------------------------------------------------------------------

  rankVolunteers(districtId: string, f: { areaPath?: string; teamId?: string; from?: string; to?: string }, limit: number) {
    let q = this.db.q
      .selectFrom('volunteerHours as h')
      .innerJoin('volunteers as v', (j) => j.onRef('v.districtId', '=', 'h.districtId').onRef('v.id', '=', 'h.volunteerId'))
      .select(['v.id as volunteerId', 'v.name', sql<number>`sum(h.minutes)`.as('minutes'), sql<number>`count(*)`.as('entries')])
      .where('h.districtId', '=', districtId)
      .where('h.status', '=', 'approved');
    if (f.areaPath) q = q.where('h.areaPath', 'like', `${f.areaPath}%`);
    if (f.teamId)
      q = q.where(sql<SqlBool>`h.volunteer_id in (select m.volunteer_id from volunteer_team_members m where m.district_id = h.district_id and m.team_id = ${f.teamId} and m.left_at is null)`);
    if (f.from) q = q.where('h.servedOn', '>=', f.from);
    if (f.to) q = q.where('h.servedOn', '<=', f.to);
    return q.groupBy(['v.id', 'v.name']).orderBy(sql`sum(h.minutes)`, 'desc').orderBy('v.name').limit(limit).execute();
  }

  rankTeams(districtId: string, f: { areaPath?: string; from?: string; to?: string }, limit: number) {
    const period = sql.join(
      [sql`h.status = 'approved'`, ...(f.from ? [sql`h.served_on >= ${f.from}`] : []), ...(f.to ? [sql`h.served_on <= ${f.to}`] : [])],
      sql` and `,
    );
    let q = this.db.q
      .selectFrom('volunteerTeams as t')
      .innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 't.districtId').onRef('a.id', '=', 't.communityId'))
      .select([
        't.id as teamId',
        't.name',
        'a.name as communityName',
        sql<number>`(select count(*) from volunteer_team_members m where m.district_id = t.district_id and m.team_id = t.id and m.left_at is null)`.as('members'),
        sql<number>`(select coalesce(sum(h.minutes), 0) from volunteer_hours h join volunteer_team_members m
          on m.district_id = h.district_id and m.volunteer_id = h.volunteer_id and m.team_id = t.id and m.left_at is null
          where h.district_id = t.district_id and ${period})`.as('minutes'),
      ])
      .where('t.districtId', '=', districtId)
      .where('t.status', '=', 'active');
    if (f.areaPath) q = q.where('t.areaPath', 'like', `${f.areaPath}%`);
    return q.orderBy('minutes', 'desc').orderBy('t.name').limit(limit).execute();
  }

  // --- certificates -----------------------------------------------------------------------------------

  async nextCertificateNumber(): Promise<number> {
    const { rows } = await sql<{ n: number }>`select nextval('volunteer_certificate_seq') as n`.execute(this.db.q);
    return Number(rows[0]!.n);
  }

  certificate(districtId: string, id: string) {
    return this.db.q.selectFrom('volunteerCertificates').selectAll().where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  certificatesOf(districtId: string, volunteerId: string) {
    return this.db.q
      .selectFrom('volunteerCertificates')
      .select(['id', 'number', 'periodFrom', 'periodTo', 'totalMinutes', 'issuedAt'])
      .where('districtId', '=', districtId)
      .where('volunteerId', '=', volunteerId)
      .orderBy('issuedAt', 'desc')
      .limit(50)
      .execute();
  }

  // --- project outputs --------------------------------------------------------------------------------

  projectOutputs(districtId: string, projectIds: string[]) {
    return this.db.q
      .selectFrom('volunteerHours')
      .select([
        'projectId',
        sql<number>`coalesce(sum(minutes), 0)`.as('minutes'),
        sql<number>`count(*)`.as('personTimes'),
        sql<number>`count(distinct source_id) filter (where source = 'activity')`.as('activities'),
        sql<number>`count(distinct source || ':' || source_id) filter (where source <> 'activity')`.as('services'),
      ])
      .where('districtId', '=', districtId)
      .where('projectId', 'in', projectIds)
      .where('status', '=', 'approved')
      .groupBy('projectId')
      .execute();
  }
}
