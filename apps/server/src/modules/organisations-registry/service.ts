// The registry of community social organisations (registered or filed), certified social workers
// and service projects. A project's planned outputs are typed in; its actual outputs are computed
// from Linli's own records through output sources: the hours ledger now, and orders or activities
// as those modules register their own source (registerOutputSource), never from typed totals.
import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  type CreateProject,
  type CreateSocialOrg,
  type CreateSocialWorker,
  type Project,
  type ProjectOutputs,
  type SocialOrg,
  type SocialWorker,
  type UpdateProject,
  type UpdateSocialOrg,
  type UpdateSocialWorker,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { covers } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.ts';
import type { VolunteeringService } from '../volunteering/service.ts';
import { RegistryRepository } from './repository.ts';
import { isDistrictKeeper, requireOrgKeeper, requireOrgStaff, workerViewScope } from './policy.ts';

/** A kind of record that counts towards projects' actual outputs (hours, orders, activities ...). */
export interface ProjectOutputSource {
  /** Names the records, e.g. 'volunteer_hours' or 'service_orders'; shown with the figures. */
  name: string;
  outputs(districtId: string, projectIds: string[]): Promise<Map<string, Partial<ProjectOutputs>>>;
}

type OrgRow = NonNullable<Awaited<ReturnType<RegistryRepository['org']>>>;
type WorkerRow = NonNullable<Awaited<ReturnType<RegistryRepository['worker']>>>;
type ProjectRow = NonNullable<Awaited<ReturnType<RegistryRepository['project']>>>;

const ZERO: ProjectOutputs = { services: 0, activities: 0, personTimes: 0, minutes: 0 };

export class RegistryService {
  private readonly repo: RegistryRepository;
  private readonly sources: ProjectOutputSource[] = [];

  constructor(private readonly ctx: AppContext & { volunteering: VolunteeringService }) {
    this.repo = new RegistryRepository(ctx.db);
    this.registerOutputSource({ name: 'volunteer_hours', outputs: (d, ids) => ctx.volunteering.projectOutputs(d, ids) });
    ctx.volunteering.setProjectCheck((d, id) => this.repo.projectExists(d, id));
  }

  /** The extension point: a module whose records count towards projects registers its source here. */
  registerOutputSource(source: ProjectOutputSource) {
    if (this.sources.some((s) => s.name === source.name)) throw new Error(`output source ${source.name} registered twice`);
    this.sources.push(source);
  }

  // --- organisations ------------------------------------------------------------------------------

  private presentOrg(o: OrgRow): SocialOrg {
    return {
      id: o.id,
      name: o.name,
      registration: o.registration,
      creditCode: o.creditCode,
      category: o.category as SocialOrg['category'],
      areaId: o.areaId,
      areaName: o.areaName,
      address: o.address,
      contactName: o.contactName,
      establishedOn: o.establishedOn,
      status: o.status,
      orgId: o.orgId,
      workerCount: Number(o.workerCount),
      projectCount: Number(o.projectCount),
    };
  }

  private async areaFilter(districtId: string, areaId?: string) {
    if (!areaId) return undefined;
    const a = await this.repo.area(districtId, areaId);
    if (!a) throw notFound('area');
    return a.path;
  }

  /** The registry is public to every signed-in user, as the civil affairs bureau's list is. */
  async orgs(actor: Actor, query: { areaId?: string; q?: string; registration?: string; category?: string; status?: string; page: number; pageSize: number }) {
    const d = actor.districtId;
    const { items, total } = await this.repo.orgs(d, { ...query, areaPath: await this.areaFilter(d, query.areaId) }, query.page, query.pageSize);
    return { items: items.map((o) => this.presentOrg(o)), total, page: query.page, pageSize: query.pageSize };
  }

  async org(actor: Actor, id: string): Promise<SocialOrg> {
    const o = await this.repo.org(actor.districtId, id);
    if (!o) throw notFound('social_org');
    return this.presentOrg(o);
  }

  async createOrg(actor: Actor, input: z.infer<typeof CreateSocialOrg>): Promise<SocialOrg> {
    const d = actor.districtId;
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      const area = await this.repo.area(d, input.areaId);
      if (!area || !['district', 'street', 'community'].includes(area.level)) throw fieldError('areaId', 'must be the district, a street or a community');
      requireOrgKeeper(actor, input.registration, area.path);
      if (await this.repo.orgByName(d, input.name)) throw new AppError('social_org.name_taken', 'conflict', 'an organisation with this name is registered', [{ path: 'name', message: 'already registered' }]);
      if (input.creditCode && (await this.repo.orgByCreditCode(d, input.creditCode))) throw new AppError('social_org.credit_code_taken', 'conflict', 'this credit code is registered', [{ path: 'creditCode', message: 'already registered' }]);
      if (input.orgId && !(await this.repo.foundationOrg(d, input.orgId))) throw fieldError('orgId', 'no such organisation');
      await q
        .insertInto('socialOrganisations')
        .values({
          districtId: d,
          id,
          orgId: input.orgId ?? null,
          name: input.name,
          registration: input.registration,
          creditCode: input.creditCode ?? null,
          category: input.category,
          areaId: area.id,
          areaPath: area.path,
          address: input.address,
          contactName: input.contactName,
          establishedOn: input.establishedOn ?? null,
        })
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'social_org.create', entityType: 'social_org', entityId: id, areaPath: area.path, details: { name: input.name, registration: input.registration } });
    });
    return this.org(actor, id);
  }

  async updateOrg(actor: Actor, id: string, input: z.infer<typeof UpdateSocialOrg>): Promise<SocialOrg> {
    const d = actor.districtId;
    await this.ctx.db.tx(async (q) => {
      const o = await this.repo.org(d, id);
      if (!o) throw notFound('social_org');
      requireOrgKeeper(actor, o.registration, o.areaPath);
      const registration = input.registration ?? o.registration;
      if (registration !== o.registration) requireOrgKeeper(actor, registration, o.areaPath);
      const creditCode = input.creditCode === undefined ? o.creditCode : input.creditCode;
      if (registration === 'registered' && !creditCode) throw fieldError('creditCode', 'a registered organisation has a credit code');
      if (input.name && input.name !== o.name && (await this.repo.orgByName(d, input.name))) throw new AppError('social_org.name_taken', 'conflict', 'an organisation with this name is registered', [{ path: 'name', message: 'already registered' }]);
      if (creditCode && creditCode !== o.creditCode && (await this.repo.orgByCreditCode(d, creditCode))) throw new AppError('social_org.credit_code_taken', 'conflict', 'this credit code is registered', [{ path: 'creditCode', message: 'already registered' }]);
      await q
        .updateTable('socialOrganisations')
        .set({ ...input, creditCode, registration, updatedAt: new Date() })
        .where('districtId', '=', d)
        .where('id', '=', id)
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'social_org.update', entityType: 'social_org', entityId: id, areaPath: o.areaPath, details: { ...input } });
    });
    return this.org(actor, id);
  }

  // --- social workers -----------------------------------------------------------------------------

  private presentWorker(w: WorkerRow): SocialWorker {
    return {
      id: w.id,
      name: w.name,
      level: w.level,
      certificateNo: w.certificateNo,
      certifiedOn: w.certifiedOn,
      organisationId: w.organisationId,
      organisationName: w.organisationName ?? null,
      areaName: w.areaName ?? null,
      status: w.status,
    };
  }

  async workers(actor: Actor, query: { areaId?: string; q?: string; organisationId?: string; status?: string; page: number; pageSize: number; level?: string }) {
    const d = actor.districtId;
    const view = workerViewScope(actor);
    const { items, total } = await this.repo.workers(d, view, { ...query, areaPath: await this.areaFilter(d, query.areaId) }, query.page, query.pageSize);
    return { items: items.map((w) => this.presentWorker(w)), total, page: query.page, pageSize: query.pageSize };
  }

  /** Counts by certificate level: public, unlike the names. */
  async workerLevels(actor: Actor) {
    const rows = await this.repo.workerLevels(actor.districtId);
    const count = (l: string) => Number(rows.find((r) => r.level === l)?.n ?? 0);
    return { assistant: count('assistant'), intermediate: count('intermediate'), senior: count('senior') };
  }

  async createWorker(actor: Actor, input: z.infer<typeof CreateSocialWorker>): Promise<SocialWorker> {
    const d = actor.districtId;
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      const o = await this.repo.org(d, input.organisationId);
      if (!o) throw fieldError('organisationId', 'no such social organisation');
      requireOrgStaff(actor, o.orgId, o.areaPath);
      if (await this.repo.workerByCertificate(d, input.certificateNo)) throw new AppError('social_worker.certificate_taken', 'conflict', 'a social worker with this certificate number is registered', [{ path: 'certificateNo', message: 'already registered' }]);
      if (input.certifiedOn && input.certifiedOn > new Date().toISOString().slice(0, 10)) throw fieldError('certifiedOn', 'is in the future');
      await q
        .insertInto('socialWorkers')
        .values({ districtId: d, id, name: input.name, personId: input.personId ?? null, userId: null, organisationId: o.id, level: input.level, certificateNo: input.certificateNo, certifiedOn: input.certifiedOn ?? null, areaPath: o.areaPath })
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'social_worker.create', entityType: 'social_worker', entityId: id, areaPath: o.areaPath, details: { level: input.level, organisationId: o.id } });
    });
    return this.presentWorker((await this.repo.worker(d, id))!);
  }

  async updateWorker(actor: Actor, id: string, input: z.infer<typeof UpdateSocialWorker>): Promise<SocialWorker> {
    const d = actor.districtId;
    await this.ctx.db.tx(async (q) => {
      const w = await this.repo.worker(d, id);
      if (!w) throw notFound('social_worker');
      const view = workerViewScope(actor);
      if (!covers(view.scope, { areaPath: w.areaPath }) && !(w.linkedOrgId && view.orgIds.includes(w.linkedOrgId))) throw notFound('social_worker');
      requireOrgStaff(actor, w.linkedOrgId ?? null, w.areaPath);
      let areaPath = w.areaPath;
      if (input.organisationId) {
        const o = await this.repo.org(d, input.organisationId);
        if (!o) throw fieldError('organisationId', 'no such social organisation');
        requireOrgStaff(actor, o.orgId, o.areaPath);
        areaPath = o.areaPath;
      }
      await q.updateTable('socialWorkers').set({ ...input, areaPath }).where('districtId', '=', d).where('id', '=', id).execute();
      await audit(this.ctx.db, actor, d, { action: 'social_worker.update', entityType: 'social_worker', entityId: id, areaPath, details: { ...input } });
    });
    return this.presentWorker((await this.repo.worker(d, id))!);
  }

  // --- projects -----------------------------------------------------------------------------------

  private async present(districtId: string, rows: ProjectRow[]): Promise<Project[]> {
    const ids = rows.map((r) => r.id);
    const actual = new Map<string, ProjectOutputs>(ids.map((id) => [id, { ...ZERO }]));
    for (const source of this.sources) {
      for (const [id, o] of await source.outputs(districtId, ids)) {
        const a = actual.get(id);
        if (!a) continue;
        a.services += o.services ?? 0;
        a.activities += o.activities ?? 0;
        a.personTimes += o.personTimes ?? 0;
        a.minutes += o.minutes ?? 0;
      }
    }
    return rows.map((p) => ({
      id: p.id,
      code: p.code,
      name: p.name,
      organisationId: p.organisationId,
      organisationName: p.organisationName,
      funderName: p.funderName,
      funderOrgId: p.funderOrgId,
      budgetFen: Number(p.budgetFen),
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      targetGroups: p.targetGroups as Project['targetGroups'],
      areaId: p.areaId,
      areaName: p.areaName,
      lat: p.lat,
      lon: p.lon,
      planned: { ...ZERO, ...(p.planned as Partial<ProjectOutputs>) },
      actual: actual.get(p.id)!,
      actualSources: this.sources.map((s) => s.name),
      description: p.description,
      status: p.status,
    }));
  }

  async projects(actor: Actor, query: { areaId?: string; q?: string; organisationId?: string; status?: string; page: number; pageSize: number }) {
    const d = actor.districtId;
    const { items, total } = await this.repo.projects(d, { ...query, areaPath: await this.areaFilter(d, query.areaId) }, query.page, query.pageSize);
    return { items: await this.present(d, items), total, page: query.page, pageSize: query.pageSize };
  }

  async project(actor: Actor, id: string): Promise<Project> {
    const p = await this.repo.project(actor.districtId, id);
    if (!p) throw notFound('project');
    return (await this.present(actor.districtId, [p]))[0]!;
  }

  /** Projects for the district resource map (社区资源图): where each running project serves. */
  async map(actor: Actor, query: { areaId?: string }) {
    const d = actor.districtId;
    const rows = await this.repo.mapItems(d, await this.areaFilter(d, query.areaId));
    return {
      items: rows.map((p) => ({
        id: p.id,
        name: p.name,
        lat: p.lat,
        lon: p.lon,
        status: p.status,
        organisationName: p.organisationName,
        areaName: p.areaName,
        targetGroups: p.targetGroups as Project['targetGroups'],
        startsOn: p.startsOn,
        endsOn: p.endsOn,
      })),
    };
  }

  async createProject(actor: Actor, input: z.infer<typeof CreateProject>): Promise<Project> {
    const d = actor.districtId;
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      const o = await this.repo.org(d, input.organisationId);
      if (!o) throw fieldError('organisationId', 'no such social organisation');
      if (o.status !== 'active') throw fieldError('organisationId', 'the organisation is deregistered');
      const area = await this.repo.area(d, input.areaId);
      if (!area || !['district', 'street', 'community', 'compound'].includes(area.level)) throw fieldError('areaId', 'must be the district, a street, a community or a compound');
      requireOrgStaff(actor, o.orgId, area.path);
      if (input.funderOrgId && !(await this.repo.foundationOrg(d, input.funderOrgId))) throw fieldError('funderOrgId', 'no such organisation');
      const lat = input.lat ?? area.lat;
      const lon = input.lon ?? area.lon;
      if (lat === null || lon === null) throw fieldError('lat', 'give the place on the map: the area has no point');
      const code = input.code ?? (await this.repo.nextProjectCode(d, input.startsOn.slice(0, 4)));
      if (await this.repo.projectByCode(d, code)) throw new AppError('project.code_taken', 'conflict', 'a project with this code exists', [{ path: 'code', message: 'already taken' }]);
      await q
        .insertInto('serviceProjects')
        .values({
          districtId: d,
          id,
          code,
          name: input.name,
          organisationId: o.id,
          funderName: input.funderName,
          funderOrgId: input.funderOrgId ?? null,
          budgetFen: input.budgetFen,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          targetGroups: [...new Set(input.targetGroups)],
          areaId: area.id,
          areaPath: area.path,
          lat,
          lon,
          planned: JSON.stringify(input.planned),
          description: input.description,
          status: input.status,
          createdBy: actor.userId,
        })
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'project.create', entityType: 'project', entityId: id, areaPath: area.path, details: { code, name: input.name, budgetFen: input.budgetFen } });
    });
    return this.project(actor, id);
  }

  async updateProject(actor: Actor, id: string, input: z.infer<typeof UpdateProject>): Promise<Project> {
    const d = actor.districtId;
    await this.ctx.db.tx(async (q) => {
      const p = await this.repo.project(d, id);
      if (!p) throw notFound('project');
      requireOrgStaff(actor, p.linkedOrgId, p.areaPath);
      if (input.endsOn && input.endsOn < p.startsOn) throw fieldError('endsOn', 'must not be before startsOn');
      if (p.status === 'closed' && input.status && input.status !== 'closed' && !isDistrictKeeper(actor)) throw conflict('project.closed', 'a closed project is reopened by the district');
      const { planned, targetGroups, ...rest } = input;
      await q
        .updateTable('serviceProjects')
        .set({ ...rest, ...(planned ? { planned: JSON.stringify(planned) } : {}), ...(targetGroups ? { targetGroups: [...new Set(targetGroups)] } : {}), updatedAt: new Date() })
        .where('districtId', '=', d)
        .where('id', '=', id)
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'project.update', entityType: 'project', entityId: id, areaPath: p.areaPath, details: { ...input } });
    });
    return this.project(actor, id);
  }
}
