// Queries over topics, comments, meetings, property units and ballots, limited to what the viewer
// may see by visibleWhere(): staff by area scope, residents by their home and the rolls they are on.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { isEmpty, scopeWhere } from '../../platform/auth/scope.ts';
import { escapeLike } from '../accounts/repository.ts';
import type { Viewer } from './policy.ts';
import './tables.ts';

/**
 * Rows the viewer may see. `alias` is the table alias carrying area_path; for ballots a resident
 * also sees those whose roll holds them, for topics those they raised.
 */
function visibleWhere(v: Viewer, alias: string, extra: 'ballot' | 'topic' | 'meeting'): RawBuilder<SqlBool> {
  const ors: RawBuilder<SqlBool>[] = [];
  if (!isEmpty(v.staff)) ors.push(scopeWhere(v.staff, { path: `${alias}.areaPath` }));
  if (v.homePath) ors.push(sql<SqlBool>`${v.homePath} like (${sql.ref(`${alias}.area_path`)} || '%')`);
  if (extra === 'ballot' && v.personId) {
    ors.push(sql<SqlBool>`exists (select 1 from ballot_electors e where e.district_id = ${sql.ref(`${alias}.district_id`)} and e.ballot_id = ${sql.ref(`${alias}.id`)} and ${v.personId}::uuid = any(e.person_ids))`);
  }
  if (extra === 'topic') ors.push(sql<SqlBool>`${sql.ref(`${alias}.raised_by`)} = ${v.actor.userId}`);
  if (!ors.length) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(ors, sql` or `)})`;
}

export class DeliberationRepository {
  constructor(private readonly db: Database) {}

  // --- registry look-ups -------------------------------------------------------------------------

  person(districtId: string, personId: string) {
    return this.db.q.selectFrom('persons').select(['id', 'name', 'areaPath', 'status', 'birthDate', 'buildingId']).where('districtId', '=', districtId).where('id', '=', personId).executeTakeFirst();
  }

  persons(districtId: string, ids: readonly string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.q.selectFrom('persons').select(['id', 'name', 'areaPath', 'status', 'birthDate']).where('districtId', '=', districtId).where('id', 'in', [...ids]).execute();
  }

  area(districtId: string, id: string) {
    return this.db.q.selectFrom('areas').select(['id', 'name', 'path', 'level', 'parentId']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  areaNames(districtId: string, ids: readonly string[]) {
    if (!ids.length) return Promise.resolve(new Map<string, string>());
    return this.db.q
      .selectFrom('areas')
      .select(['id', 'name'])
      .where('districtId', '=', districtId)
      .where('id', 'in', [...new Set(ids)])
      .execute()
      .then((rows) => new Map(rows.map((r) => [r.id, r.name])));
  }

  /** Active adults (born on or before the cut-off) living under the area: an ordinary ballot's roll. */
  adultResidents(districtId: string, areaPath: string, bornOnOrBefore: string) {
    return this.db.q
      .selectFrom('persons')
      .select(['id', 'name'])
      .where('districtId', '=', districtId)
      .where('areaPath', 'like', `${escapeLike(areaPath)}%`)
      .where('status', '=', 'active')
      .where('birthDate', '<=', bornOnOrBefore)
      .orderBy('id')
      .execute();
  }

  /** Users linked to these residents, for live updates and notices to electors. */
  async userIdsOfPersons(districtId: string, personIds: readonly string[]): Promise<string[]> {
    if (!personIds.length) return [];
    const rows = await this.db.q.selectFrom('users').select('id').where('districtId', '=', districtId).where('personId', 'in', [...personIds]).where('status', '=', 'active').execute();
    return rows.map((r) => r.id);
  }

  // --- property units ----------------------------------------------------------------------------

  async unitsUnder(districtId: string, areaPath: string) {
    const units = await this.db.q
      .selectFrom('propertyUnits as u')
      .innerJoin('areas as b', (j) => j.onRef('b.districtId', '=', 'u.districtId').onRef('b.id', '=', 'u.buildingId'))
      .select(['u.id', 'u.buildingId', 'b.name as buildingName', 'u.areaPath', 'u.label', 'u.areaCm2', 'u.ownerType', 'u.developerName', 'u.version'])
      .where('u.districtId', '=', districtId)
      .where('u.areaPath', 'like', `${escapeLike(areaPath)}%`)
      .orderBy('u.areaPath')
      .orderBy('u.label')
      .execute();
    const owners = await this.ownersOf(districtId, units.map((u) => u.id));
    return units.map((u) => ({ ...u, areaCm2: BigInt(u.areaCm2), owners: owners.get(u.id) ?? [] }));
  }

  async unit(districtId: string, id: string) {
    const u = await this.db.q
      .selectFrom('propertyUnits as u')
      .innerJoin('areas as b', (j) => j.onRef('b.districtId', '=', 'u.districtId').onRef('b.id', '=', 'u.buildingId'))
      .select(['u.id', 'u.buildingId', 'b.name as buildingName', 'u.areaPath', 'u.label', 'u.areaCm2', 'u.ownerType', 'u.developerName', 'u.version'])
      .where('u.districtId', '=', districtId)
      .where('u.id', '=', id)
      .executeTakeFirst();
    if (!u) return undefined;
    const owners = await this.ownersOf(districtId, [u.id]);
    return { ...u, areaCm2: BigInt(u.areaCm2), owners: owners.get(u.id) ?? [] };
  }

  private async ownersOf(districtId: string, unitIds: string[]) {
    const map = new Map<string, { personId: string; name: string; shareNum: number; shareDen: number }[]>();
    if (!unitIds.length) return map;
    const rows = await this.db.q
      .selectFrom('unitOwners as o')
      .innerJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'o.districtId').onRef('p.id', '=', 'o.personId'))
      .select(['o.unitId', 'o.personId', 'p.name', 'o.shareNum', 'o.shareDen'])
      .where('o.districtId', '=', districtId)
      .where('o.unitId', 'in', unitIds)
      .orderBy('o.personId')
      .execute();
    for (const r of rows) {
      const list = map.get(r.unitId) ?? [];
      list.push({ personId: r.personId, name: r.name, shareNum: r.shareNum, shareDen: r.shareDen });
      map.set(r.unitId, list);
    }
    return map;
  }

  unitByLabel(districtId: string, buildingId: string, label: string) {
    return this.db.q.selectFrom('propertyUnits').select(['id']).where('districtId', '=', districtId).where('buildingId', '=', buildingId).where('label', '=', label).executeTakeFirst();
  }

  async replaceOwners(districtId: string, unitId: string, owners: { personId: string; shareNum: number; shareDen: number }[]) {
    await this.db.q.deleteFrom('unitOwners').where('districtId', '=', districtId).where('unitId', '=', unitId).execute();
    if (owners.length) await this.db.q.insertInto('unitOwners').values(owners.map((o) => ({ districtId, unitId, ...o }))).execute();
  }

  // --- topics ------------------------------------------------------------------------------------

  private topicBase(districtId: string, v: Viewer) {
    return this.db.q
      .selectFrom('topics as t')
      .innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 't.districtId').onRef('a.id', '=', 't.areaId'))
      .where('t.districtId', '=', districtId)
      .where(visibleWhere(v, 't', 'topic'));
  }

  private static readonly TOPIC_COLUMNS = [
    't.id', 't.areaId', 'a.name as areaName', 't.areaPath', 't.title', 't.body', 't.stage', 't.raisedBy', 't.raisedByName', 't.supporterCount',
    't.commentCount', 't.decision', 't.followUp', 't.createdAt', 't.updatedAt', 't.version',
  ] as const;

  async topics(districtId: string, v: Viewer, f: { stage?: string; areaPath?: string; q?: string }, page: number, pageSize: number) {
    let q = this.topicBase(districtId, v);
    if (f.stage) q = q.where('t.stage', '=', f.stage);
    if (f.areaPath) q = q.where('t.areaPath', 'like', `${escapeLike(f.areaPath)}%`);
    if (f.q) q = q.where('t.title', 'like', `%${escapeLike(f.q)}%`);
    const [items, total] = await Promise.all([
      q.select(DeliberationRepository.TOPIC_COLUMNS).orderBy('t.updatedAt', 'desc').orderBy('t.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  topic(districtId: string, v: Viewer, id: string) {
    return this.topicBase(districtId, v).select(DeliberationRepository.TOPIC_COLUMNS).where('t.id', '=', id).executeTakeFirst();
  }

  /** Lock the topic row for a change (inside a transaction). */
  lockTopic(districtId: string, id: string) {
    return this.db.q.selectFrom('topics').select(['id', 'stage', 'areaPath', 'raisedBy', 'version']).where('districtId', '=', districtId).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  comments(districtId: string, topicId: string, userId: string) {
    return this.db.q
      .selectFrom('topicComments as c')
      .select([
        'c.id', 'c.parentId', 'c.authorId', 'c.authorName', 'c.body', 'c.hidden', 'c.hiddenReason', 'c.reportCount', 'c.createdAt',
        (eb) => eb.exists(eb.selectFrom('commentReports as r').select('r.userId').whereRef('r.districtId', '=', 'c.districtId').whereRef('r.commentId', '=', 'c.id').where('r.userId', '=', userId)).as('reportedByMe'),
      ])
      .where('c.districtId', '=', districtId)
      .where('c.topicId', '=', topicId)
      .orderBy('c.createdAt')
      .orderBy('c.id')
      .execute();
  }

  comment(districtId: string, id: string) {
    return this.db.q.selectFrom('topicComments').selectAll().where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  topicHistory(districtId: string, topicId: string) {
    return this.db.q.selectFrom('topicHistory').selectAll().where('districtId', '=', districtId).where('topicId', '=', topicId).orderBy('id').execute();
  }

  supports(districtId: string, topicId: string, userId: string) {
    return this.db.q.selectFrom('topicSupporters').select('userId').where('districtId', '=', districtId).where('topicId', '=', topicId).where('userId', '=', userId).executeTakeFirst();
  }

  // --- meetings ----------------------------------------------------------------------------------

  private meetingBase(districtId: string, v: Viewer) {
    return this.db.q
      .selectFrom('meetings as m')
      .innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'm.districtId').onRef('a.id', '=', 'm.areaId'))
      .leftJoin('topics as t', (j) => j.onRef('t.districtId', '=', 'm.districtId').onRef('t.id', '=', 'm.topicId'))
      .where('m.districtId', '=', districtId)
      .where(visibleWhere(v, 'm', 'meeting'));
  }

  private static readonly MEETING_COLUMNS = [
    'm.id', 'm.topicId', 't.title as topicTitle', 'm.areaId', 'a.name as areaName', 'm.areaPath', 'm.title', 'm.startsAt', 'm.placeKind', 'm.place', 'm.agenda',
    'm.status', 'm.minutes', 'm.decisions', 'm.createdByName', 'm.version',
  ] as const;

  meetings(districtId: string, v: Viewer, f: { topicId?: string; areaPath?: string }) {
    let q = this.meetingBase(districtId, v);
    if (f.topicId) q = q.where('m.topicId', '=', f.topicId);
    if (f.areaPath) q = q.where('m.areaPath', 'like', `${escapeLike(f.areaPath)}%`);
    return q.select(DeliberationRepository.MEETING_COLUMNS).orderBy('m.startsAt', 'desc').limit(200).execute();
  }

  meeting(districtId: string, v: Viewer, id: string) {
    return this.meetingBase(districtId, v).select(DeliberationRepository.MEETING_COLUMNS).where('m.id', '=', id).executeTakeFirst();
  }

  invitees(districtId: string, meetingId: string) {
    return this.db.q.selectFrom('meetingInvitees').selectAll().where('districtId', '=', districtId).where('meetingId', '=', meetingId).orderBy('name').orderBy('id').execute();
  }

  // --- ballots -----------------------------------------------------------------------------------

  private ballotBase(districtId: string, v: Viewer) {
    return this.db.q
      .selectFrom('ballots as b')
      .innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'b.districtId').onRef('a.id', '=', 'b.areaId'))
      .where('b.districtId', '=', districtId)
      .where(visibleWhere(v, 'b', 'ballot'));
  }

  private static readonly BALLOT_COLUMNS = [
    'b.id', 'b.topicId', 'b.areaId', 'a.name as areaName', 'b.areaPath', 'b.title', 'b.description', 'b.kind', 'b.matter', 'b.options', 'b.maxChoices',
    'b.opensAt', 'b.closesAt', 'b.resultsVisibility', 'b.secrecy', 'b.status', 'b.createdByName', 'b.closedAt', 'b.resultDigest', 'b.version',
  ] as const;

  async ballots(districtId: string, v: Viewer, f: { status?: string; topicId?: string; areaPath?: string; mine?: boolean }, page: number, pageSize: number) {
    let q = this.ballotBase(districtId, v);
    if (f.status) q = q.where('b.status', '=', f.status as 'open');
    if (f.topicId) q = q.where('b.topicId', '=', f.topicId);
    if (f.areaPath) q = q.where('b.areaPath', 'like', `${escapeLike(f.areaPath)}%`);
    if (f.mine) {
      q = v.personId
        ? q.where(sql<SqlBool>`exists (select 1 from ballot_electors e where e.district_id = b.district_id and e.ballot_id = b.id and ${v.personId}::uuid = any(e.person_ids))`)
        : q.where(sql<SqlBool>`false`);
    }
    const [items, total] = await Promise.all([
      q
        .select(DeliberationRepository.BALLOT_COLUMNS)
        .select([
          sql<number>`(select count(*) from ballot_electors e where e.district_id = b.district_id and e.ballot_id = b.id)`.as('eligible'),
          sql<number>`(select count(*) from ballot_votes w where w.district_id = b.district_id and w.ballot_id = b.id)`.as('voted'),
        ])
        .orderBy(sql`case b.status when 'open' then 0 when 'scheduled' then 1 else 2 end`)
        .orderBy('b.closesAt', 'desc')
        .orderBy('b.id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  ballot(districtId: string, v: Viewer, id: string) {
    return this.ballotBase(districtId, v).select(DeliberationRepository.BALLOT_COLUMNS).where('b.id', '=', id).executeTakeFirst();
  }

  /** Lock the ballot row: votes take a share lock, closing an exclusive one, so no vote slips past a close. */
  lockBallot(districtId: string, id: string, mode: 'share' | 'update') {
    const q = this.db.q
      .selectFrom('ballots')
      .select(['id', 'status', 'kind', 'matter', 'options', 'maxChoices', 'opensAt', 'closesAt', 'areaPath', 'secrecy', 'resultsVisibility', 'title', 'topicId', 'version'])
      .where('districtId', '=', districtId)
      .where('id', '=', id);
    return (mode === 'share' ? q.forShare() : q.forUpdate()).executeTakeFirst();
  }

  electors(districtId: string, ballotId: string) {
    return this.db.q.selectFrom('ballotElectors').selectAll().where('districtId', '=', districtId).where('ballotId', '=', ballotId).orderBy('label').orderBy('electorKey').execute();
  }

  elector(districtId: string, ballotId: string, key: string) {
    return this.db.q.selectFrom('ballotElectors').selectAll().where('districtId', '=', districtId).where('ballotId', '=', ballotId).where('electorKey', '=', key).executeTakeFirst();
  }

  electorsOfPerson(districtId: string, ballotId: string, personId: string) {
    return this.db.q
      .selectFrom('ballotElectors')
      .selectAll()
      .where('districtId', '=', districtId)
      .where('ballotId', '=', ballotId)
      .where(sql<SqlBool>`${personId}::uuid = any(person_ids)`)
      .orderBy('electorKey')
      .execute();
  }

  votes(districtId: string, ballotId: string) {
    return this.db.q.selectFrom('ballotVotes').selectAll().where('districtId', '=', districtId).where('ballotId', '=', ballotId).orderBy('electorKey').execute();
  }

  async electorPersonIds(districtId: string, ballotId: string): Promise<string[]> {
    const rows = await this.db.q.selectFrom('ballotElectors').select('personIds').where('districtId', '=', districtId).where('ballotId', '=', ballotId).execute();
    return [...new Set(rows.flatMap((r) => r.personIds))];
  }

  ballotHistory(districtId: string, ballotId: string) {
    return this.db.q.selectFrom('ballotHistory').selectAll().where('districtId', '=', districtId).where('ballotId', '=', ballotId).orderBy('id').execute();
  }

  /** Ballots whose clock has passed: scheduled ones to open, open ones to close. */
  due(districtId: string | null, now: Date) {
    let q = this.db.q
      .selectFrom('ballots')
      .select(['districtId', 'id', 'status'])
      .where((eb) => eb.or([eb.and([eb('status', '=', 'scheduled'), eb('opensAt', '<=', now)]), eb.and([eb('status', '=', 'open'), eb('closesAt', '<=', now)])]));
    if (districtId) q = q.where('districtId', '=', districtId);
    return q.limit(100).execute();
  }

  ballotsOfTopic(districtId: string, topicId: string) {
    return this.db.q.selectFrom('ballots').select(['id', 'title', 'status', 'kind']).where('districtId', '=', districtId).where('topicId', '=', topicId).orderBy('createdAt').execute();
  }
}
