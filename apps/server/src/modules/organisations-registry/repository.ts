// Queries over social organisations, social workers and service projects.
import { type SqlBool, sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { type Scope, scopeWhere } from '../../platform/auth/scope.ts';
import './tables.ts';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface OrgFilter {
  areaPath?: string;
  q?: string;
  registration?: string;
  category?: string;
  status?: string;
}

export class RegistryRepository {
  constructor(private readonly db: Database) {}

  area(districtId: string, id: string) {
    return this.db.q.selectFrom('areas').select(['id', 'level', 'name', 'path', 'lat', 'lon']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  foundationOrg(districtId: string, id: string) {
    return this.db.q.selectFrom('organisations').select(['id', 'name', 'kind']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  // --- organisations ------------------------------------------------------------------------------

  private orgBase(districtId: string) {
    return this.db.q
      .selectFrom('socialOrganisations as o')
      .innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'o.districtId').onRef('a.id', '=', 'o.areaId'))
      .where('o.districtId', '=', districtId)
      .selectAll('o')
      .select([
        'a.name as areaName',
        sql<number>`(select count(*) from social_workers w where w.district_id = o.district_id and w.organisation_id = o.id and w.status = 'active')`.as('workerCount'),
        sql<number>`(select count(*) from service_projects p where p.district_id = o.district_id and p.organisation_id = o.id)`.as('projectCount'),
      ]);
  }

  org(districtId: string, id: string) {
    return this.orgBase(districtId).where('o.id', '=', id).executeTakeFirst();
  }

  orgByName(districtId: string, name: string) {
    return this.db.q.selectFrom('socialOrganisations').select('id').where('districtId', '=', districtId).where('name', '=', name).executeTakeFirst();
  }

  orgByCreditCode(districtId: string, code: string) {
    return this.db.q.selectFrom('socialOrganisations').select('id').where('districtId', '=', districtId).where('creditCode', '=', code).executeTakeFirst();
  }

  async orgs(districtId: string, f: OrgFilter, page: number, pageSize: number) {
    let q = this.orgBase(districtId);
    if (f.areaPath) q = q.where('o.areaPath', 'like', `${f.areaPath}%`);
    if (f.q) q = q.where('o.name', 'like', `%${escapeLike(f.q)}%`);
    if (f.registration) q = q.where('o.registration', '=', f.registration as 'filed');
    if (f.category) q = q.where('o.category', '=', f.category);
    if (f.status) q = q.where('o.status', '=', f.status as 'active');
    const [items, total] = await Promise.all([
      q.orderBy('o.name').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  // --- social workers -----------------------------------------------------------------------------

  private workerBase(districtId: string) {
    return this.db.q
      .selectFrom('socialWorkers as w')
      .leftJoin('socialOrganisations as o', (j) => j.onRef('o.districtId', '=', 'w.districtId').onRef('o.id', '=', 'w.organisationId'))
      .leftJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'w.districtId').onRef('a.path', '=', 'w.areaPath'))
      .where('w.districtId', '=', districtId)
      .selectAll('w')
      .select(['o.name as organisationName', 'o.orgId as linkedOrgId', 'a.name as areaName']);
  }

  worker(districtId: string, id: string) {
    return this.workerBase(districtId).where('w.id', '=', id).executeTakeFirst();
  }

  workerByCertificate(districtId: string, no: string) {
    return this.db.q.selectFrom('socialWorkers').select('id').where('districtId', '=', districtId).where('certificateNo', '=', no).executeTakeFirst();
  }

  async workers(districtId: string, view: { scope: Scope; orgIds: string[] }, f: { areaPath?: string; q?: string; organisationId?: string; level?: string; status?: string }, page: number, pageSize: number) {
    const ors = [scopeWhere(view.scope, { path: 'w.areaPath' }), ...(view.orgIds.length ? [sql<SqlBool>`o.org_id in (${sql.join(view.orgIds)})`] : [])];
    let q = this.workerBase(districtId).where(sql<SqlBool>`(${sql.join(ors, sql` or `)})`);
    if (f.areaPath) q = q.where('w.areaPath', 'like', `${f.areaPath}%`);
    if (f.q) q = q.where('w.name', 'like', `%${escapeLike(f.q)}%`);
    if (f.organisationId) q = q.where('w.organisationId', '=', f.organisationId);
    if (f.level) q = q.where('w.level', '=', f.level as 'senior');
    if (f.status) q = q.where('w.status', '=', f.status as 'active');
    const [items, total] = await Promise.all([
      q.orderBy('w.name').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  async workerLevels(districtId: string) {
    return this.db.q.selectFrom('socialWorkers').select(['level', sql<number>`count(*)`.as('n')]).where('districtId', '=', districtId).where('status', '=', 'active').groupBy('level').execute();
  }

  // --- projects -----------------------------------------------------------------------------------

  private projectBase(districtId: string) {
    return this.db.q
      .selectFrom('serviceProjects as p')
      .innerJoin('socialOrganisations as o', (j) => j.onRef('o.districtId', '=', 'p.districtId').onRef('o.id', '=', 'p.organisationId'))
      .innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'p.districtId').onRef('a.id', '=', 'p.areaId'))
      .where('p.districtId', '=', districtId)
      .selectAll('p')
      .select(['o.name as organisationName', 'o.orgId as linkedOrgId', 'a.name as areaName']);
  }

  project(districtId: string, id: string) {
    return this.projectBase(districtId).where('p.id', '=', id).executeTakeFirst();
  }

  async projectExists(districtId: string, id: string) {
    return !!(await this.db.q.selectFrom('serviceProjects').select('id').where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst());
  }

  projectByCode(districtId: string, code: string) {
    return this.db.q.selectFrom('serviceProjects').select('id').where('districtId', '=', districtId).where('code', '=', code).executeTakeFirst();
  }

  async projects(districtId: string, f: { areaPath?: string; q?: string; organisationId?: string; status?: string }, page: number, pageSize: number) {
    let q = this.projectBase(districtId);
    // Projects in the area, and those serving a wider area that includes it (a street-wide project).
    if (f.areaPath) q = q.where(sql<SqlBool>`(p.area_path like ${`${f.areaPath}%`} or ${f.areaPath} like p.area_path || '%')`);
    if (f.q) q = q.where('p.name', 'like', `%${escapeLike(f.q)}%`);
    if (f.organisationId) q = q.where('p.organisationId', '=', f.organisationId);
    if (f.status) q = q.where('p.status', '=', f.status as 'active');
    const [items, total] = await Promise.all([
      q.orderBy('p.startsOn', 'desc').orderBy('p.code').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  mapItems(districtId: string, areaPath?: string) {
    let q = this.projectBase(districtId).where('p.status', '<>', 'closed');
    if (areaPath) q = q.where('p.areaPath', 'like', `${areaPath}%`);
    return q.orderBy('p.code').limit(5000).execute();
  }

  async nextProjectCode(districtId: string, year: string): Promise<string> {
    const r = await this.db.q.selectFrom('serviceProjects').select((eb) => eb.fn.countAll<number>().as('n')).where('districtId', '=', districtId).where('code', 'like', `SP${year}-%`).executeTakeFirstOrThrow();
    return `SP${year}-${String(Number(r.n) + 1).padStart(4, '0')}`;
  }
}
