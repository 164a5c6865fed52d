// Queries for imports: sources, jobs, errors, source records, conflicts, the review queue and
// merges, and the bulk reads and writes of residents and households an import makes. Bulk writes
// apply the register's rules in the service first (mapping.ts, runner.ts); here they are plain SQL
// in batches, always with the district, and reads of the register are limited to the import's area.
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { type Scope, scopeWhere } from '../../platform/auth/scope.ts';
import './tables.ts';

export interface PersonForMatch {
  id: string;
  name: string;
  gender: string;
  birthDate: string;
  idNumber: string | null;
  phone: string | null;
  relation: string;
  tags: string[];
  notes: string | null;
  areaPath: string;
  householdId: string | null;
  address: string | null;
  status: string;
  version: number;
}

/** A PostgreSQL array literal of strings, for a text[] element inside an unnested column. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((i) => `"${i.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

const PERSON_COLUMNS = ['p.id', 'p.name', 'p.gender', 'p.birthDate', 'p.idNumber', 'p.phone', 'p.relation', 'p.tags', 'p.notes', 'p.areaPath', 'p.householdId', 'h.address', 'p.status', 'p.version'] as const;

export class ImportsRepository {
  constructor(private readonly db: Database) {}

  // --- sources and jobs -------------------------------------------------------------------------

  sources(districtId: string, scope: Scope) {
    return this.db.q
      .selectFrom('importSources as s')
      .leftJoin('areas as a', (j) => j.onRef('a.districtId', '=', 's.districtId').onRef('a.id', '=', 's.areaId'))
      .selectAll('s')
      .select(['a.name as areaName'])
      .select((eb) => [
        eb.selectFrom('importJobs as j').select(eb.fn.countAll<number>().as('n')).whereRef('j.districtId', '=', 's.districtId').whereRef('j.sourceId', '=', 's.id').as('jobs'),
        eb.selectFrom('importRecords as r').select(eb.fn.countAll<number>().as('n')).whereRef('r.districtId', '=', 's.districtId').whereRef('r.sourceId', '=', 's.id').as('records'),
      ])
      .where('s.districtId', '=', districtId)
      .where(scopeWhere(scope, { path: 's.areaPath' }))
      .orderBy('s.createdAt', 'desc')
      .execute();
  }

  source(districtId: string, id: string) {
    return this.db.q
      .selectFrom('importSources as s')
      .leftJoin('areas as a', (j) => j.onRef('a.districtId', '=', 's.districtId').onRef('a.id', '=', 's.areaId'))
      .selectAll('s')
      .select(['a.name as areaName'])
      .where('s.districtId', '=', districtId)
      .where('s.id', '=', id)
      .executeTakeFirst();
  }

  /** Sources with a scheduled pull that is due (never pulled, or last pulled at least their interval ago), in every district. */
  duePulls(now: Date) {
    return this.db.q
      .selectFrom('importSources')
      .select(['districtId', 'id'])
      .where('pullUrl', 'is not', null)
      .where((eb) => eb.or([eb('pulledAt', 'is', null), eb('pulledAt', '<=', sql<Date>`${now.toISOString()}::timestamptz - make_interval(mins => pull_every_minutes)`)]))
      .orderBy('pulledAt')
      .execute();
  }

  sourceNames(districtId: string, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.q.selectFrom('importSources').select(['id', 'name']).where('districtId', '=', districtId).where('id', 'in', ids).execute();
  }

  area(districtId: string, id: string) {
    return this.db.q.selectFrom('areas').select(['id', 'path', 'name', 'level']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  job(districtId: string, id: string) {
    return this.db.q
      .selectFrom('importJobs as j')
      .innerJoin('importSources as s', (x) => x.onRef('s.districtId', '=', 'j.districtId').onRef('s.id', '=', 'j.sourceId'))
      .selectAll('j')
      .select('s.name as sourceName')
      .where('j.districtId', '=', districtId)
      .where('j.id', '=', id)
      .executeTakeFirst();
  }

  jobs(districtId: string, scope: Scope, sourceId: string | undefined, limit: number) {
    let q = this.db.q
      .selectFrom('importJobs as j')
      .innerJoin('importSources as s', (x) => x.onRef('s.districtId', '=', 'j.districtId').onRef('s.id', '=', 'j.sourceId'))
      .selectAll('j')
      .select('s.name as sourceName')
      .where('j.districtId', '=', districtId)
      .where(scopeWhere(scope, { path: 'j.areaPath' }));
    if (sourceId) q = q.where('j.sourceId', '=', sourceId);
    return q.orderBy('j.createdAt', 'desc').limit(limit).execute();
  }

  errors(districtId: string, jobId: string, limit: number, offset = 0) {
    return this.db.q.selectFrom('importErrors').selectAll().where('districtId', '=', districtId).where('jobId', '=', jobId).orderBy('rowNo').orderBy('seq').limit(limit).offset(offset).execute();
  }

  async insertErrors(rows: { districtId: string; jobId: string; rowNo: number; seq: number; sourceKey: string | null; field: string; message: string; raw: string }[]) {
    for (let i = 0; i < rows.length; i += 1000) await this.db.q.insertInto('importErrors').values(rows.slice(i, i + 1000)).onConflict((oc) => oc.doNothing()).execute();
  }

  // --- the register, for matching and writing ---------------------------------------------------

  buildingsIn(districtId: string, areaPath: string) {
    return this.db.q
      .selectFrom('areas as b')
      .innerJoin('areas as k', (j) => j.onRef('k.districtId', '=', 'b.districtId').onRef('k.id', '=', 'b.parentId'))
      .select(['b.id', 'b.code', 'b.name', 'b.path', 'b.gridId', 'k.name as compoundName'])
      .where('b.districtId', '=', districtId)
      .where('b.level', '=', 'building')
      .where('b.path', 'like', `${areaPath}%`)
      .execute();
  }

  private persons(districtId: string) {
    return this.db.q
      .selectFrom('persons as p')
      .leftJoin('households as h', (j) => j.onRef('h.districtId', '=', 'p.districtId').onRef('h.id', '=', 'p.householdId'))
      .select(PERSON_COLUMNS)
      .where('p.districtId', '=', districtId);
  }

  personsByIds(districtId: string, ids: string[]): Promise<PersonForMatch[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.persons(districtId).where('p.id', 'in', ids).execute() as Promise<PersonForMatch[]>;
  }

  personsByIdNumbers(districtId: string, idNumbers: string[]): Promise<PersonForMatch[]> {
    if (!idNumbers.length) return Promise.resolve([]);
    return this.persons(districtId).where(sql<boolean>`p.id_number = any(${idNumbers}::text[])`).where(sql<boolean>`p.status not in ('deceased','merged')`).execute() as Promise<PersonForMatch[]>;
  }

  /** Blocking for residents without an ID number: same birth date or same phone. */
  personsByBlocks(districtId: string, dates: string[], phones: string[]): Promise<PersonForMatch[]> {
    if (!dates.length && !phones.length) return Promise.resolve([]);
    return this.persons(districtId)
      .where('p.status', '=', 'active')
      .where((eb) => eb.or([...(dates.length ? [eb('p.birthDate', 'in', dates)] : []), ...(phones.length ? [eb('p.phone', 'in', phones)] : [])]))
      .execute() as Promise<PersonForMatch[]>;
  }

  /** Households at exact (building, room) pairs, looked up pair by pair through the index. */
  async householdsAt(districtId: string, pairs: { buildingId: string; room: string }[]) {
    if (!pairs.length) return [];
    const unique = [...new Map(pairs.map((p) => [`${p.buildingId}/${p.room}`, p])).values()];
    const { rows } = await sql<{ id: string; buildingId: string; room: string; areaPath: string; gridId: string | null; lowIncome: boolean; version: number }>`
      select h.id, h.building_id, h.room, h.area_path, h.grid_id, h.low_income, h.version
      from unnest(${unique.map((p) => p.buildingId)}::uuid[], ${unique.map((p) => p.room)}::text[]) as w(b, r)
      join households h on h.district_id = ${districtId} and h.building_id = w.b and h.room = w.r`.execute(this.db.q);
    return rows;
  }

  households(districtId: string, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.q.selectFrom('households').select(['id', 'buildingId', 'room', 'areaPath', 'address', 'lowIncome', 'version']).where('districtId', '=', districtId).where('id', 'in', ids).execute();
  }

  // Bulk writes pass one array per column and unnest them server-side: a batch is one statement
  // with a handful of parameters, however many rows it carries.
  async insertHouseholds(rows: { districtId: string; id: string; buildingId: string; areaPath: string; gridId: string | null; room: string; address: string; lowIncome?: boolean }[]) {
    if (!rows.length) return;
    const c = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k] ?? null);
    await sql`insert into households (district_id, id, building_id, area_path, grid_id, room, address, low_income)
      select * from unnest(${c('districtId')}::text[], ${c('id')}::uuid[], ${c('buildingId')}::uuid[], ${c('areaPath')}::text[], ${c('gridId')}::uuid[], ${c('room')}::text[], ${c('address')}::text[], ${rows.map((r) => r.lowIncome ?? false)}::boolean[])`.execute(this.db.q);
  }

  async insertPersons(rows: { districtId: string; id: string; householdId: string | null; buildingId: string | null; areaPath: string; gridId: string | null; name: string; gender: 'male' | 'female'; birthDate: string; idNumber: string | null; phone: string | null; relation: string; tags: string[]; notes: string | null }[]) {
    if (!rows.length) return;
    const c = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k] ?? null);
    await sql`insert into persons (district_id, id, household_id, building_id, area_path, grid_id, name, gender, birth_date, id_number, phone, relation, tags, notes)
      select d, id, h, b, ap, g, n, ge, bd, idn, ph, rel, tg::text[], nt
      from unnest(${c('districtId')}::text[], ${c('id')}::uuid[], ${c('householdId')}::uuid[], ${c('buildingId')}::uuid[], ${c('areaPath')}::text[], ${c('gridId')}::uuid[],
                  ${c('name')}::text[], ${c('gender')}::text[], ${c('birthDate')}::date[], ${c('idNumber')}::text[], ${c('phone')}::text[], ${c('relation')}::text[],
                  ${rows.map((r) => arrayLiteral(r.tags))}::text[], ${c('notes')}::text[]) as t(d, id, h, b, ap, g, n, ge, bd, idn, ph, rel, tg, nt)`.execute(this.db.q);
  }

  async updatePerson(districtId: string, id: string, set: Record<string, unknown>) {
    await this.db.q
      .updateTable('persons')
      .set({ ...(set as object), updatedAt: new Date(), version: sql<number>`version + 1` })
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .execute();
  }

  async setHouseholdLowIncome(districtId: string, id: string, lowIncome: boolean) {
    await this.db.q.updateTable('households').set({ lowIncome, updatedAt: new Date(), version: sql<number>`version + 1` }).where('districtId', '=', districtId).where('id', '=', id).execute();
    // Members carry the tag so every count sees it (as the people service does).
    await this.db.q
      .updateTable('persons')
      .set({
        tags: lowIncome ? sql<string[]>`array_append(array_remove(tags, 'low_income'), 'low_income')` : sql<string[]>`array_remove(tags, 'low_income')`,
        updatedAt: new Date(),
        version: sql<number>`version + 1`,
      })
      .where('districtId', '=', districtId)
      .where('householdId', '=', id)
      .execute();
  }

  // --- source records and provenance ----------------------------------------------------------

  recordsByKeys(districtId: string, sourceId: string, keys: string[]) {
    if (!keys.length) return Promise.resolve([]);
    // One array parameter rather than thousands: the statement stays small to send and to plan.
    return this.db.q.selectFrom('importRecords').selectAll().where('districtId', '=', districtId).where('sourceId', '=', sourceId).where(sql<boolean>`source_key = any(${keys}::text[])`).execute();
  }

  recordsForTargets(districtId: string, entity: string, targetIds: string[]) {
    if (!targetIds.length) return Promise.resolve([]);
    return this.db.q
      .selectFrom('importRecords as r')
      .innerJoin('importSources as s', (j) => j.onRef('s.districtId', '=', 'r.districtId').onRef('s.id', '=', 'r.sourceId'))
      .selectAll('r')
      .select('s.name as sourceName')
      .where('r.districtId', '=', districtId)
      .where('r.entity', '=', entity)
      .where('r.targetId', 'in', targetIds)
      .execute();
  }

  async upsertRecords(rows: { districtId: string; sourceId: string; sourceKey: string; entity: string; targetId: string; jobId: string; rowHash: string; fields: string[]; values: string }[]) {
    if (!rows.length) return;
    const c = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    await sql`insert into import_records (district_id, source_id, source_key, entity, target_id, job_id, row_hash, fields, "values")
      select d, s, k, e, tg, j, h, f::text[], v::jsonb
      from unnest(${c('districtId')}::text[], ${c('sourceId')}::uuid[], ${c('sourceKey')}::text[], ${c('entity')}::text[], ${c('targetId')}::uuid[], ${c('jobId')}::uuid[],
                  ${c('rowHash')}::text[], ${rows.map((r) => arrayLiteral(r.fields))}::text[], ${c('values')}::text[]) as t(d, s, k, e, tg, j, h, f, v)
      on conflict (district_id, source_id, source_key) do update set target_id = excluded.target_id, job_id = excluded.job_id, row_hash = excluded.row_hash,
        fields = excluded.fields, "values" = excluded."values", updated_at = now()`.execute(this.db.q);
  }

  /** Take fields away from other records of a target (a decided conflict moves ownership). */
  async disownField(districtId: string, entity: string, targetId: string, field: string) {
    await this.db.q
      .updateTable('importRecords')
      .set({ fields: sql<string[]>`array_remove(fields, ${field})` })
      .where('districtId', '=', districtId)
      .where('entity', '=', entity)
      .where('targetId', '=', targetId)
      .execute();
  }

  async ownField(districtId: string, sourceId: string, targetId: string, field: string) {
    await this.db.q
      .updateTable('importRecords')
      .set({ fields: sql<string[]>`array_append(array_remove(fields, ${field}), ${field})` })
      .where('districtId', '=', districtId)
      .where('sourceId', '=', sourceId)
      .where('targetId', '=', targetId)
      .execute();
  }

  async repointRecords(districtId: string, from: string, to: string, keys?: { sourceId: string; sourceKey: string }[]) {
    let q = this.db.q.updateTable('importRecords').set({ targetId: to }).where('districtId', '=', districtId).where('entity', '=', 'residents');
    if (keys) {
      if (!keys.length) return [];
      q = q.where((eb) => eb.or(keys.map((k) => eb.and([eb('sourceId', '=', k.sourceId), eb('sourceKey', '=', k.sourceKey)]))));
    } else q = q.where('targetId', '=', from);
    return q.returning(['sourceId', 'sourceKey']).execute();
  }

  // --- conflicts and the review queue ----------------------------------------------------------

  async insertConflicts(rows: { districtId: string; id: string; jobId: string; entity: string; targetId: string; areaPath: string; field: string; currentValue: string | null; currentSource: string | null; incomingValue: string | null; incomingSourceId: string }[]) {
    for (let i = 0; i < rows.length; i += 1000) await this.db.q.insertInto('importConflicts').values(rows.slice(i, i + 1000)).execute();
  }

  openConflictsFor(districtId: string, targetIds: string[]) {
    if (!targetIds.length) return Promise.resolve([]);
    return this.db.q.selectFrom('importConflicts').select(['targetId', 'field', 'incomingSourceId', 'incomingValue']).where('districtId', '=', districtId).where('status', '=', 'open').where('targetId', 'in', targetIds).execute();
  }

  /** Every conflict recorded on one target, newest first, with the incoming source's name. */
  conflictsForTarget(districtId: string, targetId: string) {
    return this.db.q
      .selectFrom('importConflicts as c')
      .innerJoin('importSources as s', (j) => j.onRef('s.districtId', '=', 'c.districtId').onRef('s.id', '=', 'c.incomingSourceId'))
      .select(['c.id', 'c.jobId', 'c.field', 'c.incomingValue', 'c.incomingSourceId', 'c.status', 'c.createdAt', 's.name as incomingSource'])
      .where('c.districtId', '=', districtId)
      .where('c.targetId', '=', targetId)
      .orderBy('c.createdAt', 'desc')
      .execute();
  }

  conflicts(districtId: string, scope: Scope, status: string, limit: number) {
    return this.db.q
      .selectFrom('importConflicts as c')
      .innerJoin('importSources as s', (j) => j.onRef('s.districtId', '=', 'c.districtId').onRef('s.id', '=', 'c.incomingSourceId'))
      .leftJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'c.districtId').onRef('p.id', '=', 'c.targetId'))
      .leftJoin('households as h', (j) => j.onRef('h.districtId', '=', 'c.districtId').onRef('h.id', '=', 'c.targetId'))
      .selectAll('c')
      .select(['s.name as incomingSource', sql<string>`coalesce(p.name, h.address, '')`.as('targetName')])
      .where('c.districtId', '=', districtId)
      .where('c.status', '=', status as 'open')
      .where(scopeWhere(scope, { path: 'c.areaPath' }))
      .orderBy('c.createdAt', 'desc')
      .limit(limit)
      .execute();
  }

  conflict(districtId: string, id: string) {
    return this.db.q.selectFrom('importConflicts').selectAll().where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  async decideConflict(districtId: string, id: string, status: 'kept' | 'replaced', by: string) {
    await this.db.q.updateTable('importConflicts').set({ status, decidedBy: by, decidedAt: new Date() }).where('districtId', '=', districtId).where('id', '=', id).execute();
  }

  async insertCandidates(rows: { districtId: string; id: string; jobId: string | null; personA: string; personB: string; areaPath: string; score: number; reasons: string }[]) {
    for (let i = 0; i < rows.length; i += 1000) await this.db.q.insertInto('matchCandidates').values(rows.slice(i, i + 1000)).execute();
  }

  candidates(districtId: string, scope: Scope, status: string, limit: number) {
    return this.db.q
      .selectFrom('matchCandidates as c')
      .leftJoin('personMerges as m', (j) => j.onRef('m.districtId', '=', 'c.districtId').onRef('m.candidateId', '=', 'c.id').on('m.undoneAt', 'is', null))
      .selectAll('c')
      .select('m.id as mergeId')
      .where('c.districtId', '=', districtId)
      .where('c.status', '=', status as 'pending')
      .where(scopeWhere(scope, { path: 'c.areaPath' }))
      .orderBy('c.score', 'desc')
      .limit(limit)
      .execute();
  }

  candidate(districtId: string, id: string) {
    return this.db.q.selectFrom('matchCandidates').selectAll().where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  async setCandidate(districtId: string, id: string, status: 'pending' | 'merged' | 'distinct', by: string | null) {
    await this.db.q.updateTable('matchCandidates').set({ status, decidedBy: by, decidedAt: status === 'pending' ? null : new Date() }).where('districtId', '=', districtId).where('id', '=', id).execute();
  }

  rawPerson(districtId: string, id: string) {
    return this.db.q.selectFrom('persons').selectAll().where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  async insertMerge(row: { districtId: string; id: string; survivorId: string; mergedId: string; candidateId: string | null; survivorBefore: string; mergedBefore: string; movedRecords: string; mergedBy: string }) {
    await this.db.q.insertInto('personMerges').values(row).execute();
  }

  merge(districtId: string, id: string) {
    return this.db.q.selectFrom('personMerges').selectAll().where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  async markUndone(districtId: string, id: string, by: string) {
    await this.db.q.updateTable('personMerges').set({ undoneBy: by, undoneAt: new Date() }).where('districtId', '=', districtId).where('id', '=', id).execute();
  }

  async setPersonRaw(districtId: string, id: string, set: Record<string, unknown>) {
    await this.db.q.updateTable('persons').set({ ...(set as object), updatedAt: new Date(), version: sql<number>`version + 1` }).where('districtId', '=', districtId).where('id', '=', id).execute();
  }
}
