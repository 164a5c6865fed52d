// Cases: intake from every source, the state machine (state-machine.ts) with its history,
// dispatch by rules, due times on the working calendar, escalation, duplicates, ratings,
// on-time statistics, and the catalogue, rules, calendar and settings behind them.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import {
  type CaseDetail,
  type CaseQuery,
  type CaseSource,
  type CaseStatus,
  type CaseSummary,
  type CaseType,
  type CreateCase,
  type CreateCaseType,
  type CreateDispatchRule,
  type EscalateRequest,
  type OnTimeQuery,
  type RateRequest,
  type SmartGridSettings,
  type TransitionRequest,
  type UpdateCaseType,
  OPEN_STATUSES,
  maskPhone,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit.ts';
import { CalendarService, type DayRule } from '../../platform/calendar.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { type FileService, fileService } from '../../platform/files.ts';
import type { AreasService } from '../areas/service.ts';
import type { InsightService } from '../insight/service.ts';
import { caseBumps } from './insight.ts';
import { type CaseView, canRevealCaller, canSee, caseView, escalationLevels, partiesFor, reportSource, requireCatalogueEditor } from './policy.ts';
import { CasesRepository, type CaseFilter } from './repository.ts';
import { CLOCK_RUNNING, allowedActions, transitionFor } from './state-machine.ts';

type Ctx = AppContext & { areas: AreasService; insight?: InsightService };
type CaseRow = NonNullable<Awaited<ReturnType<CasesRepository['find']>>>;
type TypeRow = NonNullable<Awaited<ReturnType<CasesRepository['caseType']>>>;

export const DEFAULT_SETTINGS: SmartGridSettings = {
  duplicateRadiusM: 100,
  dueSoonFraction: 0.25,
  reopenDays: 30,
  visitIntervals: { living_alone: 30, special_hardship: 30, disabled: 60, empty_nest: 60, left_behind_child: 30 },
};

/** What a new case is made of, whoever brings it in (HTTP, Open311, a patrol, an import). */
export interface Intake {
  typeId: string;
  description: string;
  lat: number;
  lon: number;
  address?: string | null;
  urgency: 'normal' | 'urgent' | 'critical';
  source: CaseSource;
  reporterId: string | null;
  reporterPersonId: string | null;
  actorName: string;
  callerName?: string | null;
  callerPhone?: string | null;
  apiKeyId?: string | null;
  open311Token?: string | null;
  external?: Record<string, unknown>;
  /** Photos to attach (uploaded by `uploader`). */
  photos?: readonly string[];
  uploader?: Actor;
  /** Field of the request that carried the type, for error messages. */
  typeField?: string;
}

export interface ImportRow {
  typeId: string;
  orgId: string | null;
  status: CaseStatus;
  description: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  areaPath: string;
  reportedAt: Date;
  dispatchedAt: Date | null;
  dueAt: Date | null;
  handledAt: Date | null;
  closedAt: Date | null;
  external: Record<string, unknown>;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** An Open311 attribute as stored (the camel-case plugin renames nested JSON keys on read). */
function attributeOf(a: Record<string, unknown>): CaseType['attributes'][number] {
  return {
    variable: Boolean(a.variable),
    code: String(a.code),
    datatype: a.datatype as CaseType['attributes'][number]['datatype'],
    required: Boolean(a.required),
    datatype_description: ((a.datatype_description ?? a.datatypeDescription) as string | null | undefined) ?? null,
    order: Number(a.order),
    description: String(a.description ?? ''),
    ...(Array.isArray(a.values) ? { values: (a.values as { key: unknown; name: unknown }[]).map((v) => ({ key: String(v.key), name: String(v.name) })) } : {}),
  };
}

type TypeNode = Awaited<ReturnType<CasesRepository['typeTree']>>[number];
export type TypeIndex = Map<string, TypeNode>;

/** A type and every type below it. */
export function descendants(types: TypeIndex, id: string): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) for (const t of types.values()) if (t.parentId === out[i]) out.push(t.id);
  return out;
}

const services = new WeakMap<Ctx, CasesService>();
/** The app's one CasesService, shared by the cases, patrols and Open311 modules. */
export function casesService(ctx: Ctx): CasesService {
  let s = services.get(ctx);
  if (!s) {
    s = new CasesService(ctx);
    services.set(ctx, s);
  }
  return s;
}

export class CasesService {
  readonly calendar: CalendarService;
  readonly files: FileService;
  private readonly repo: CasesRepository;
  private readonly settingsCache = new Map<string, { at: number; value: SmartGridSettings }>();
  private readonly typeCache = new Map<string, { at: number; value: Promise<TypeIndex> }>();

  constructor(private readonly ctx: Ctx) {
    this.repo = new CasesRepository(ctx.db);
    this.calendar = new CalendarService(ctx.db);
    this.files = fileService(ctx);
    this.files.registerOwner('case', (actor, id) => this.canView(actor, id));
  }

  // --- settings -----------------------------------------------------------------------------------------

  async settings(districtId: string): Promise<SmartGridSettings> {
    const hit = this.settingsCache.get(districtId);
    if (hit && Date.now() - hit.at < 30_000) return hit.value;
    const own = await this.repo.settings(districtId);
    // The camel-case plugin renames nested JSON keys on read; tags are snake_case by definition.
    const intervals = Object.fromEntries(Object.entries((own.visitIntervals as Record<string, number>) ?? {}).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
    const value = { ...DEFAULT_SETTINGS, ...own, visitIntervals: { ...DEFAULT_SETTINGS.visitIntervals, ...intervals } } as SmartGridSettings;
    this.settingsCache.set(districtId, { at: Date.now(), value });
    return value;
  }

  async updateSettings(actor: Actor, patch: Partial<SmartGridSettings>): Promise<SmartGridSettings> {
    requireCatalogueEditor(actor);
    return this.ctx.db.tx(async () => {
      const current = await this.repo.settings(actor.districtId);
      const next = { ...current, ...patch };
      await this.repo.saveSettings(actor.districtId, next);
      await audit(this.ctx.db, actor, actor.districtId, { action: 'smart_grid.settings', entityType: 'district', entityId: actor.districtId, details: patch });
      this.ctx.db.afterCommit(() => this.settingsCache.delete(actor.districtId));
      this.settingsCache.delete(actor.districtId);
      return this.settings(actor.districtId);
    });
  }

  // --- catalogue, rules, calendar -------------------------------------------------------------------------

  /** The catalogue tree, cached briefly per district (edits through this service clear it). */
  typeIndex(districtId: string): Promise<TypeIndex> {
    const hit = this.typeCache.get(districtId);
    if (hit && Date.now() - hit.at < 60_000) return hit.value;
    const value = this.repo.typeTree(districtId).then((rows) => new Map(rows.map((r) => [r.id, r])));
    value.catch(() => this.typeCache.delete(districtId));
    this.typeCache.set(districtId, { at: Date.now(), value });
    return value;
  }

  private typesChanged(districtId: string) {
    this.typeCache.delete(districtId);
    this.ctx.db.afterCommit(() => this.typeCache.delete(districtId));
  }

  private presentType(t: TypeRow): CaseType {
    return {
      id: t.id,
      parentId: t.parentId,
      code: t.code,
      name: t.name,
      level: t.level,
      category: t.category as CaseType['category'],
      defaultOrgCode: t.defaultOrgCode,
      defaultOrgName: t.defaultOrgName ?? null,
      limitValue: t.limitValue,
      limitUnit: t.limitUnit,
      open311: t.open311,
      description: t.description,
      keywords: t.keywords,
      attributes: ((t.attributes ?? []) as Record<string, unknown>[]).map(attributeOf),
      active: t.active,
      leaf: !t.hasChildren,
    };
  }

  /** The catalogue of a district (any signed-in user: reporters pick from it). */
  async types(districtId: string, opts: { open311Only?: boolean; activeOnly?: boolean } = {}): Promise<CaseType[]> {
    const rows = await this.repo.listTypes(districtId);
    return rows.filter((t) => (!opts.open311Only || t.open311) && (!opts.activeOnly || t.active)).map((t) => this.presentType(t));
  }

  async typeByCode(districtId: string, code: string): Promise<CaseType | null> {
    const t = await this.repo.caseTypeByCode(districtId, code);
    return t ? this.presentType(t) : null;
  }

  /** Refuses anyone but the catalogue's keepers (for modules that write types on their behalf, e.g. imports). */
  requireCatalogueEditor(actor: Actor) {
    requireCatalogueEditor(actor);
  }

  async createType(actor: Actor, input: z.infer<typeof CreateCaseType>): Promise<CaseType> {
    requireCatalogueEditor(actor);
    const d = actor.districtId;
    return this.ctx.db.tx(async (q) => {
      let level = 1;
      let category = input.category;
      if (input.parentId) {
        const parent = await this.repo.caseType(d, input.parentId);
        if (!parent) throw fieldError('parentId', 'no such case type');
        if (parent.level >= 3) throw fieldError('parentId', 'the catalogue is at most three levels deep');
        level = parent.level + 1;
        category = parent.category as typeof category;
      }
      if (!category) throw fieldError('category', 'required for a top-level type');
      if (await this.repo.caseTypeByCode(d, input.code)) throw new AppError('case_type.code_taken', 'conflict', 'another type has this code', [{ path: 'code', message: 'taken' }]);
      await this.checkLimit(input.limitValue, input.limitUnit);
      if (input.defaultOrgCode && !(await this.repo.departmentByCode(d, input.defaultOrgCode))) throw fieldError('defaultOrgCode', 'no department with this code');
      const id = crypto.randomUUID();
      await q
        .insertInto('caseTypes')
        .values({
          districtId: d, id, parentId: input.parentId, code: input.code, name: input.name, level, category: category!, defaultOrgCode: input.defaultOrgCode,
          limitValue: input.limitValue, limitUnit: input.limitUnit, open311: input.open311, description: input.description, keywords: input.keywords, attributes: '[]', sort: 100_000,
        })
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'case_type.create', entityType: 'case_type', entityId: id, details: input });
      this.typesChanged(d);
      return this.presentType((await this.repo.caseType(d, id))!);
    });
  }

  private async checkLimit(value: number | null | undefined, unit: string | null | undefined) {
    if ((value == null) !== (unit == null)) throw fieldError('limitUnit', 'give both limitValue and limitUnit, or neither');
  }

  async updateType(actor: Actor, id: string, input: z.infer<typeof UpdateCaseType>): Promise<CaseType> {
    requireCatalogueEditor(actor);
    const d = actor.districtId;
    return this.ctx.db.tx(async (q) => {
      const t = await this.repo.caseType(d, id);
      if (!t) throw notFound('case_type');
      const value = input.limitValue !== undefined ? input.limitValue : t.limitValue;
      const unit = input.limitUnit !== undefined ? input.limitUnit : t.limitUnit;
      await this.checkLimit(value, unit);
      if (input.defaultOrgCode && !(await this.repo.departmentByCode(d, input.defaultOrgCode))) throw fieldError('defaultOrgCode', 'no department with this code');
      const { attributes, ...rest } = input;
      await q
        .updateTable('caseTypes')
        .set({ ...rest, ...(attributes ? { attributes: JSON.stringify(attributes) } : {}), updatedAt: new Date() })
        .where('districtId', '=', d)
        .where('id', '=', id)
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'case_type.update', entityType: 'case_type', entityId: id, details: input });
      this.typesChanged(d);
      return this.presentType((await this.repo.caseType(d, id))!);
    });
  }

  async rules(actor: Actor) {
    requireCatalogueEditor(actor);
    return { items: await this.repo.listRules(actor.districtId) };
  }

  async createRule(actor: Actor, input: z.infer<typeof CreateDispatchRule>) {
    requireCatalogueEditor(actor);
    const d = actor.districtId;
    return this.ctx.db.tx(async (q) => {
      if (!(await this.repo.caseType(d, input.caseTypeId))) throw fieldError('caseTypeId', 'no such case type');
      const org = await this.repo.department(d, input.orgId);
      if (!org || org.kind !== 'department') throw fieldError('orgId', 'no such department');
      let areaPath: string | null = null;
      if (input.areaId) {
        const area = await this.repo.area(d, input.areaId);
        if (!area || (area.level !== 'street' && area.level !== 'community')) throw fieldError('areaId', 'give a street or a community');
        areaPath = area.path;
      }
      const id = crypto.randomUUID();
      const res = await q
        .insertInto('dispatchRules')
        .values({ districtId: d, id, caseTypeId: input.caseTypeId, areaId: input.areaId, areaPath, orgId: input.orgId, note: input.note, createdBy: actor.userId })
        .onConflict((oc) => oc.columns(['districtId', 'caseTypeId', 'areaPath']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!res) throw conflict('dispatch_rule.exists', 'a rule for this type and area exists; delete it first');
      await audit(this.ctx.db, actor, d, { action: 'dispatch_rule.create', entityType: 'dispatch_rule', entityId: id, details: input });
      return (await this.repo.listRules(d)).find((r) => r.id === id)!;
    });
  }

  async deleteRule(actor: Actor, id: string) {
    requireCatalogueEditor(actor);
    return this.ctx.db.tx(async (q) => {
      const res = await q.deleteFrom('dispatchRules').where('districtId', '=', actor.districtId).where('id', '=', id).executeTakeFirst();
      if (!res.numDeletedRows) throw notFound('dispatch_rule');
      await audit(this.ctx.db, actor, actor.districtId, { action: 'dispatch_rule.delete', entityType: 'dispatch_rule', entityId: id });
      return { ok: true as const };
    });
  }

  calendarYear(actor: Actor, year: number) {
    return this.calendar.year(actor.districtId, year);
  }

  async setCalendarYear(actor: Actor, year: number, days: DayRule[]) {
    requireCatalogueEditor(actor);
    const seen = new Set<string>();
    days.forEach((day, i) => {
      if (!day.day.startsWith(`${year}-`)) throw fieldError(`days.${i}.day`, `not in ${year}`);
      if (seen.has(day.day)) throw fieldError(`days.${i}.day`, 'listed twice');
      seen.add(day.day);
    });
    return this.ctx.db.tx(async () => {
      await this.calendar.setYear(actor.districtId, year, days);
      await audit(this.ctx.db, actor, actor.districtId, { action: 'calendar.set_year', entityType: 'calendar', entityId: String(year), details: { days: days.length } });
      return this.calendar.year(actor.districtId, year);
    });
  }

  // --- presenting ------------------------------------------------------------------------------------------

  private flags(c: { status: string; dueAt: Date | null; dispatchedAt: Date | null }, fraction: number, now = Date.now()) {
    if (!c.dueAt || !CLOCK_RUNNING.includes(c.status as CaseStatus)) return { overdue: false, dueSoon: false };
    const due = c.dueAt.getTime();
    if (now > due) return { overdue: true, dueSoon: false };
    const span = c.dispatchedAt ? due - c.dispatchedAt.getTime() : 0;
    return { overdue: false, dueSoon: due - now < span * fraction };
  }

  private summary(c: CaseRow, fraction: number, types: TypeIndex): CaseSummary {
    const type = types.get(c.caseTypeId);
    const names: string[] = [];
    for (let t = type; t && names.length < 4; t = t.parentId ? types.get(t.parentId) : undefined) names.unshift(t.name);
    return {
      id: c.id,
      number: c.number,
      status: c.status as CaseStatus,
      source: c.source as CaseSource,
      type: { id: c.caseTypeId, code: type?.code ?? '', name: type?.name ?? '', path: names.join(' / ') },
      urgency: c.urgency as CaseSummary['urgency'],
      description: c.description,
      address: c.address,
      lat: c.lat,
      lon: c.lon,
      grid: c.gridId && c.gridName ? { id: c.gridId, name: c.gridName } : null,
      community: c.communityId && c.communityName ? { id: c.communityId, name: c.communityName } : null,
      street: c.streetId && c.streetName ? { id: c.streetId, name: c.streetName } : null,
      org: c.orgId && c.orgName ? { id: c.orgId, name: c.orgName } : null,
      dueAt: iso(c.dueAt),
      ...this.flags(c, fraction),
      escalationLevel: c.escalationLevel,
      reportedAt: c.reportedAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      closedAt: iso(c.closedAt),
      version: c.version,
    };
  }

  /** A case as its detail page shows it; `known` skips lookups the caller already has the answer to. */
  private async detail(actor: Actor, c: CaseRow, known: { history?: Awaited<ReturnType<CasesRepository['history']>>; noPhotos?: boolean; following?: boolean } = {}): Promise<CaseDetail> {
    const d = actor.districtId;
    const settings = await this.settings(d);
    const [history, photos, following, reporter, merged] = await Promise.all([
      known.history ?? this.repo.history(d, c.id),
      known.noPhotos ? Promise.resolve([]) : this.files.list(d, { type: 'case', id: c.id }),
      known.following ?? this.repo.isFollowing(d, c.id, actor.userId),
      !c.reporterId ? Promise.resolve(undefined) : c.reporterId === actor.userId ? Promise.resolve({ id: actor.userId, displayName: actor.displayName }) : this.repo.userName(c.reporterId),
      c.mergedInto ? this.repo.find(d, c.mergedInto, null) : Promise.resolve(undefined),
    ]);
    const parties = partiesFor(actor, c);
    let actions = allowedActions(c.status as CaseStatus, parties);
    if (actions.includes('reopen') && !this.withinReopen(c, settings)) actions = actions.filter((a) => a !== 'reopen');
    const types = await this.typeIndex(d);
    return {
      ...this.summary(c, settings.dueSoonFraction, types),
      reporter: reporter ? { id: reporter.id, name: reporter.displayName } : null,
      caller: c.callerName || c.callerPhone ? { name: c.callerName ?? '', phone: maskPhone(c.callerPhone) } : null,
      limit: c.limitValue && c.limitUnit ? { value: c.limitValue, unit: c.limitUnit } : null,
      mergedInto: merged ? { id: merged.id, number: merged.number } : null,
      reopenCount: c.reopenCount,
      rating: c.rating ? { score: c.rating, comment: c.ratingComment ?? '', at: c.ratedAt!.toISOString() } : null,
      photos,
      history: history.map((h) => ({ seq: h.seq, at: h.at.toISOString(), actorName: h.actorName, action: h.action, fromStatus: h.fromStatus, toStatus: h.toStatus, note: h.note, details: (h.details ?? {}) as Record<string, unknown> })),
      following,
      allowedActions: actions,
      canEscalate: OPEN_STATUSES.includes(c.status as CaseStatus) && escalationLevels(actor, c).length > 0,
      canRate: parties.has('reporter') && c.status === 'closed' && c.rating === null,
    };
  }

  private withinReopen(c: { closedAt: Date | null }, settings: SmartGridSettings, now = Date.now()) {
    return !!c.closedAt && now - c.closedAt.getTime() <= settings.reopenDays * 86_400_000;
  }

  // --- reading ----------------------------------------------------------------------------------------------

  async canView(actor: Actor, id: string): Promise<boolean> {
    return !!(await this.repo.find(actor.districtId, id, caseView(actor)));
  }

  async get(actor: Actor, id: string): Promise<CaseDetail> {
    const c = await this.repo.find(actor.districtId, id, caseView(actor));
    if (!c) throw notFound('case');
    return this.detail(actor, c);
  }

  async list(actor: Actor, query: z.infer<typeof CaseQuery>) {
    const d = actor.districtId;
    const view = caseView(actor);
    const settings = await this.settings(d);
    let areaPath: string | undefined;
    if (query.areaId) {
      const area = await this.repo.area(d, query.areaId);
      if (!area) throw notFound('area');
      areaPath = area.path;
    }
    const types = await this.typeIndex(d);
    const f: CaseFilter = {
      statuses: query.open === 'true' ? [...OPEN_STATUSES] : query.status,
      typeIds: query.typeId ? descendants(types, query.typeId) : undefined,
      orgId: query.orgId,
      gridId: query.gridId,
      areaPath,
      source: query.source,
      overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
      dueSoon: query.dueSoon === 'true',
      dueSoonFraction: settings.dueSoonFraction,
      escalated: query.escalated === undefined ? undefined : query.escalated === 'true',
      mineUserId: query.mine === 'true' ? actor.userId : undefined,
      q: query.q || undefined,
    };
    if (query.open === 'true' && query.status?.length) f.statuses = query.status.filter((s) => OPEN_STATUSES.includes(s));
    const { items, total } = await this.repo.list(d, view, f, query.page, query.pageSize);
    return { items: items.map((c) => this.summary(c, settings.dueSoonFraction, types)), total, page: query.page, pageSize: query.pageSize };
  }

  /** Open cases in scope as GeoJSON points, for the command centre's live map. */
  async map(actor: Actor) {
    const d = actor.districtId;
    const settings = await this.settings(d);
    const { items } = await this.repo.list(d, caseView(actor), { statuses: [...OPEN_STATUSES] }, 1, 5000);
    const types = await this.typeIndex(d);
    return {
      type: 'FeatureCollection' as const,
      features: items
        .filter((c) => c.lat !== null && c.lon !== null)
        .map((c) => {
          const s = this.summary(c, settings.dueSoonFraction, types);
          return {
            type: 'Feature' as const,
            id: c.id,
            geometry: { type: 'Point' as const, coordinates: [c.lon!, c.lat!] },
            properties: { id: s.id, number: s.number, status: s.status, type: s.type.name, urgency: s.urgency, org: s.org?.name ?? null, overdue: s.overdue, dueSoon: s.dueSoon, escalationLevel: s.escalationLevel },
          };
        }),
    };
  }

  async duplicates(actor: Actor, input: { typeId: string; lat: number; lon: number; radius?: number }, excludeId?: string) {
    const settings = await this.settings(actor.districtId);
    const rows = await this.repo.nearbyOpen(actor.districtId, caseView(actor), input.typeId, input.lat, input.lon, input.radius ?? settings.duplicateRadiusM, excludeId);
    return rows.map((r) => ({ id: r.id, number: r.number, status: r.status as CaseStatus, description: r.description, distanceM: Math.round(Number(r.distanceM) * 10) / 10, reportedAt: r.reportedAt.toISOString() }));
  }

  /** Which department the rules would pick for a case (for the dispatch board). */
  async suggestDepartment(actor: Actor, id: string) {
    const c = await this.repo.find(actor.districtId, id, caseView(actor));
    if (!c) throw notFound('case');
    const pick = await this.pickDepartment(actor.districtId, c.caseTypeId, c.areaPath);
    return { org: pick ? { id: pick.id, name: pick.name } : null, by: pick?.by ?? null };
  }

  async onTime(actor: Actor, query: z.infer<typeof OnTimeQuery>) {
    const d = actor.districtId;
    const view = caseView(actor);
    const rows = await this.repo.onTime(d, view, query.groupBy, { from: query.from, to: query.to });
    const ids = rows.map((r) => r.groupId).filter((x): x is string => !!x);
    const names = new Map((query.groupBy === 'department' ? await this.repo.orgNames(d, ids) : await this.repo.typeNames(d, ids)).map((n) => [n.id, n]));
    const items = rows
      .map((r) => {
        const n = r.groupId ? names.get(r.groupId) : undefined;
        const finished = Number(r.finished);
        const onTime = Number(r.onTime);
        return {
          key: n?.code ?? '-',
          id: r.groupId,
          name: n?.name ?? '（未派遣）',
          finished,
          onTime,
          rate: finished ? onTime / finished : null,
          open: Number(r.open),
          openOverdue: Number(r.openOverdue),
        };
      })
      .sort((a, b) => b.finished - a.finished || a.key.localeCompare(b.key));
    return { groupBy: query.groupBy, asOf: new Date().toISOString(), items };
  }

  /** Cases of Open311 types, for the public GeoReport API (no personal data leaves through it). */
  publicRequests(districtId: string, f: Parameters<CasesRepository['publicList']>[1]) {
    return this.repo.publicList(districtId, f);
  }

  publicToken(districtId: string, token: string) {
    return this.repo.publicByToken(districtId, token);
  }

  // --- intake -------------------------------------------------------------------------------------------------

  async report(actor: Actor, input: CreateCase) {
    const source = reportSource(actor, !!input.caller);
    const c = await this.intake(actor.districtId, {
      typeId: input.typeId,
      description: input.description,
      lat: input.location.lat,
      lon: input.location.lon,
      address: input.address ?? null,
      urgency: input.urgency,
      source,
      reporterId: actor.userId,
      reporterPersonId: source === 'resident' ? actor.personId : null,
      actorName: `${actor.displayName} (${actor.username})`,
      callerName: input.caller?.name ?? null,
      callerPhone: input.caller?.phone ?? null,
      photos: input.photos,
      uploader: actor,
    });
    // A new case: its one history entry and its follower are known, so only the row is read back.
    const row = (await this.repo.find(actor.districtId, c.id, null))!;
    const detail = await this.detail(actor, row, { history: [c.reported], noPhotos: !input.photos.length, following: true });
    return { ...detail, possibleDuplicates: c.possibleDuplicates };
  }

  /** Check and store a new case; returns its id and number and nearby open cases of the same type. */
  async intake(districtId: string, input: Intake) {
    const typeField = input.typeField ?? 'typeId';
    const type = await this.repo.caseType(districtId, input.typeId);
    if (!type || !type.active) throw new AppError('case.unknown_type', 'invalid', 'no such case type', [{ path: typeField, message: 'unknown case type' }]);
    if (type.hasChildren) throw new AppError('case.type_not_leaf', 'invalid', 'choose a specific type, not a group', [{ path: typeField, message: 'a group, not a type' }]);
    let place;
    try {
      place = await this.ctx.areas.locate(districtId, input.lat, input.lon);
    } catch (err) {
      if (err instanceof AppError && err.code === 'location.outside_district') {
        throw new AppError('case.location_outside_district', 'unprocessable', 'the location is outside the district', [{ path: 'location', message: 'outside the district' }]);
      }
      throw err;
    }
    const community = await this.repo.area(districtId, place.communityId);
    if (!community) throw new AppError('case.location_unmapped', 'unprocessable', 'the grid at this location has no community', [{ path: 'location', message: 'not in a community' }]);
    const settings = await this.settings(districtId);
    const id = crypto.randomUUID();
    return this.ctx.db.tx(async () => {
      const now = new Date();
      const { number } = await this.repo.insert({
        districtId,
        id,
        source: input.source,
        caseTypeId: type.id,
        status: 'reported',
        urgency: input.urgency,
        description: input.description,
        address: input.address ?? null,
        lat: input.lat,
        lon: input.lon,
        gridId: place.gridId,
        communityId: place.communityId,
        streetId: place.streetId,
        areaPath: community.path,
        reporterId: input.reporterId,
        reporterPersonId: input.reporterPersonId,
        callerName: input.callerName ?? null,
        callerPhone: input.callerPhone ?? null,
        orgId: null,
        limitValue: type.limitValue,
        limitUnit: type.limitUnit,
        dueAt: null,
        escalationLevel: null,
        escalatedAt: null,
        mergedInto: null,
        rating: null,
        ratingComment: null,
        ratedAt: null,
        apiKeyId: input.apiKeyId ?? null,
        open311Token: input.open311Token ?? null,
        external: JSON.stringify(input.external ?? {}),
        statusNote: null,
        reportedAt: now,
        filedAt: null,
        dispatchedAt: null,
        acceptedAt: null,
        handledAt: null,
        closedAt: null,
        updatedAt: now,
      });
      const reported = {
        districtId,
        caseId: id,
        seq: 1,
        actorId: input.reporterId,
        actorName: input.actorName,
        action: 'report',
        fromStatus: null,
        toStatus: 'reported',
        note: '',
        details: { source: input.source, gridId: place.gridId, gridName: place.gridName } as Record<string, unknown>,
        at: now,
      };
      await this.repo.appendHistory(reported);
      await this.ctx.insight?.bump(districtId, caseBumps.reported({ areaPath: community.path, gridId: place.gridId, lat: input.lat, lon: input.lon }, now));
      if (input.reporterId) await this.repo.follow(districtId, id, input.reporterId);
      if (input.photos?.length) {
        if (!input.uploader) throw fieldError('photos', 'photos need an uploader');
        await this.files.attach(input.uploader, input.photos, { type: 'case', id, purpose: 'report' }, 'photos');
      }
      const view: CaseView = input.uploader ? caseView(input.uploader) : { scope: { all: true, paths: [], gridIds: [], personIds: [] }, orgIds: [], userId: '' };
      const possibleDuplicates = (await this.repo.nearbyOpen(districtId, view, type.id, input.lat, input.lon, settings.duplicateRadiusM, id)).map((r) => ({
        id: r.id,
        number: r.number,
        status: r.status as CaseStatus,
        description: r.description,
        distanceM: Math.round(Number(r.distanceM) * 10) / 10,
        reportedAt: r.reportedAt.toISOString(),
      }));
      this.published(districtId, id, community.path, 'reported', []);
      return { id, number, possibleDuplicates, reported };
    });
  }

  /** Bulk import of historic cases with their own times (e.g. another city's 311 export). */
  async importCases(districtId: string, rows: ImportRow[], actorName = 'import'): Promise<number> {
    let n = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      await this.ctx.db.tx(async (q) => {
        const ids = batch.map(() => crypto.randomUUID());
        await q
          .insertInto('cases')
          .values(
            batch.map((r, j) => ({
              districtId,
              id: ids[j]!,
              number: sql`to_char(${r.reportedAt}::timestamptz at time zone 'Asia/Shanghai', 'YYMMDD') || lpad(nextval('case_number_seq')::text, 6, '0')`,
              source: 'import',
              caseTypeId: r.typeId,
              status: r.status,
              description: r.description,
              address: r.address,
              lat: r.lat,
              lon: r.lon,
              areaPath: r.areaPath,
              reporterId: null,
              reporterPersonId: null,
              callerName: null,
              callerPhone: null,
              gridId: null,
              communityId: null,
              streetId: null,
              orgId: r.orgId,
              limitValue: null,
              limitUnit: null,
              dueAt: r.dueAt,
              escalationLevel: null,
              escalatedAt: null,
              mergedInto: null,
              rating: null,
              ratingComment: null,
              ratedAt: null,
              apiKeyId: null,
              open311Token: null,
              external: JSON.stringify(r.external),
              statusNote: null,
              reportedAt: r.reportedAt,
              filedAt: r.reportedAt,
              dispatchedAt: r.dispatchedAt,
              acceptedAt: null,
              handledAt: r.handledAt,
              closedAt: r.closedAt,
              updatedAt: r.closedAt ?? r.reportedAt,
            })),
          )
          .execute();
        const at = new Date();
        await q
          .insertInto('caseHistory')
          .values(batch.map((r, j) => ({ districtId, caseId: ids[j]!, seq: 1, at, actorId: null, actorName, action: 'import', fromStatus: null, toStatus: r.status, note: '', details: JSON.stringify(r.external) })))
          .execute();
        await this.ctx.insight?.bump(districtId, batch.flatMap((r) => caseBumps.imported({ ...r, gridId: null }, at)));
      });
      n += batch.length;
    }
    return n;
  }

  // --- the state machine -----------------------------------------------------------------------------------

  private async pickDepartment(districtId: string, typeId: string, areaPath: string): Promise<{ id: string; name: string; by: 'rule' | 'type_default' } | null> {
    const lineage = await this.repo.typeLineage(districtId, typeId);
    const rule = await this.repo.ruleFor(districtId, lineage, areaPath);
    if (rule) return { id: rule.orgId, name: rule.orgName, by: 'rule' };
    const type = await this.repo.caseType(districtId, typeId);
    if (type?.defaultOrgId && type.defaultOrgName) return { id: type.defaultOrgId, name: type.defaultOrgName, by: 'type_default' };
    return null;
  }

  private async dueFrom(districtId: string, start: Date, c: { limitValue: number | null; limitUnit: 'hours' | 'days' | null }) {
    if (!c.limitValue || !c.limitUnit) return null;
    return (await this.calendar.forDistrict(districtId)).add(start, c.limitValue, c.limitUnit);
  }

  async transition(actor: Actor, id: string, req: TransitionRequest): Promise<CaseDetail> {
    const d = actor.districtId;
    const view = caseView(actor);
    const settings = await this.settings(d);
    return this.ctx.db.tx(async () => {
      const c = await this.repo.lock(d, id);
      if (!c || !canSee(view, c)) throw notFound('case');
      if (req.version !== undefined && req.version !== c.version) throw conflict('case.version_conflict', `the case changed since you loaded it (now version ${c.version})`);
      const from = c.status as CaseStatus;
      const t = transitionFor(req.action, from);
      if (!t) throw new AppError('case.invalid_transition', 'conflict', `cannot ${req.action} a case that is ${from}`);
      const parties = partiesFor(actor, c);
      if (!t.by.some((p) => parties.has(p))) throw forbidden('case.transition_forbidden', `only ${t.by.join(' or ')} may ${req.action} a case`);
      if (t.noteRequired && !req.note) throw fieldError('note', `a reason is required to ${req.action}`);

      const now = new Date();
      const set: Record<string, unknown> = { status: t.to };
      const details: Record<string, unknown> = {};
      let notifyOrg: string | null = null;
      let notifyFollowers: string | null = null;

      switch (req.action) {
        case 'file':
          set.filedAt = now;
          set.statusNote = '已立案，等待派遣';
          break;
        case 'reject':
          set.statusNote = req.note;
          notifyFollowers = `您反映的问题未予立案：${req.note}`;
          break;
        case 'merge': {
          if (!req.mergeInto) throw fieldError('mergeInto', 'give the case this one duplicates');
          if (req.mergeInto === c.id) throw fieldError('mergeInto', 'a case cannot duplicate itself');
          const target = await this.repo.find(d, req.mergeInto, view);
          if (!target) throw fieldError('mergeInto', 'no such case');
          if (target.status === 'merged' || target.status === 'rejected') throw fieldError('mergeInto', `that case is ${target.status}`);
          set.mergedInto = target.id;
          set.statusNote = `与案件 ${target.number} 重复，已合并处理`;
          details.mergedInto = { id: target.id, number: target.number };
          for (const u of await this.repo.followers(d, c.id)) await this.repo.follow(d, target.id, u);
          await this.repo.appendHistory({ districtId: d, caseId: target.id, actorId: actor.userId, actorName: name(actor), action: 'merged_in', fromStatus: null, toStatus: null, note: `合并案件 ${c.number}`, details: { caseId: c.id, number: c.number } });
          notifyFollowers = set.statusNote as string;
          break;
        }
        case 'dispatch':
        case 'reassign': {
          const pick = await this.pickDepartment(d, c.caseTypeId, c.areaPath);
          let orgId = req.orgId ?? pick?.id;
          if (!orgId) throw new AppError('case.no_department', 'unprocessable', 'no dispatch rule or default department covers this case; choose a department', [{ path: 'orgId', message: 'required' }]);
          const org = await this.repo.department(d, orgId);
          if (!org || org.kind !== 'department') throw fieldError('orgId', 'no such department');
          orgId = org.id;
          const override = !pick || pick.id !== orgId;
          if (override && req.action === 'dispatch' && !req.note) throw fieldError('note', 'a reason is required to dispatch to another department than the rules pick');
          if (req.action === 'reassign' && orgId === c.orgId) throw fieldError('orgId', 'the case is already with this department');
          const due = await this.dueFrom(d, now, c);
          Object.assign(set, { orgId, dispatchedAt: now, dueAt: due, acceptedAt: null, handledAt: null, statusNote: `已派遣至${org.name}` });
          Object.assign(details, { orgId, orgName: org.name, dueAt: iso(due), by: override ? 'manual' : pick!.by, ...(override && pick ? { rulePick: pick.name } : {}), ...(c.orgId && c.orgId !== orgId ? { fromOrgId: c.orgId } : {}) });
          notifyOrg = orgId;
          break;
        }
        case 'accept':
          set.acceptedAt = now;
          set.statusNote = '部门已受理';
          break;
        case 'return':
          Object.assign(set, { orgId: null, dueAt: null, dispatchedAt: null, acceptedAt: null, statusNote: '退回重新派遣' });
          details.fromOrgId = c.orgId;
          break;
        case 'start':
          set.statusNote = '正在处置';
          break;
        case 'handle':
          set.handledAt = now;
          set.statusNote = req.note;
          await this.files.attach(actor, req.photos, { type: 'case', id: c.id, purpose: 'handling' }, 'photos');
          details.photos = req.photos;
          details.onTime = c.dueAt ? now.getTime() <= c.dueAt.getTime() : null;
          notifyFollowers = `您反映的问题已处置：${req.note}`;
          break;
        case 'verify_pass':
          set.closedAt = now;
          notifyFollowers = '案件已核查通过并结案，欢迎评价';
          break;
        case 'verify_fail':
          set.handledAt = null;
          set.statusNote = `核查未通过：${req.note}`;
          notifyOrg = c.orgId;
          break;
        case 'reopen': {
          if (!this.withinReopen(c, settings)) throw conflict('case.reopen_expired', `a case can be reopened within ${settings.reopenDays} days of closing`);
          const due = await this.dueFrom(d, now, c);
          Object.assign(set, { closedAt: null, handledAt: null, dispatchedAt: now, dueAt: due, reopenCount: c.reopenCount + 1, statusNote: `重新办理：${req.note}` });
          details.dueAt = iso(due);
          notifyOrg = c.orgId;
          break;
        }
      }
      if (req.action !== 'handle' && req.photos.length) throw fieldError('photos', `photos are taken with handle, not ${req.action}`);

      await this.repo.update(d, c.id, set);
      await this.repo.appendHistory({ districtId: d, caseId: c.id, actorId: actor.userId, actorName: name(actor), action: req.action, fromStatus: from, toStatus: t.to, note: req.note, details, at: now });
      await this.ctx.insight?.bump(d, caseBumps.moved(c, from, t.to, now));

      const link = `/cases/${c.id}`;
      let orgUsers: string[] = [];
      const orgForEvents = (set.orgId as string | null | undefined) !== undefined ? (set.orgId as string | null) : c.orgId;
      if (orgForEvents) orgUsers = await this.repo.usersWith(d, 'department_staff', { orgId: orgForEvents });
      if (notifyOrg) {
        const users = notifyOrg === orgForEvents ? orgUsers : await this.repo.usersWith(d, 'department_staff', { orgId: notifyOrg });
        const title = req.action === 'verify_fail' ? `案件 ${c.number} 核查未通过，请继续处置` : req.action === 'reopen' ? `案件 ${c.number} 已重新打开` : `新派遣案件 ${c.number}`;
        await this.ctx.notifier.notify(d, users, { kind: 'case.dispatched', title, body: req.note, link });
      }
      const followers = await this.repo.followers(d, c.id);
      if (notifyFollowers) {
        await this.ctx.notifier.notify(d, followers.filter((u) => u !== actor.userId), { kind: `case.${t.to}`, title: `案件 ${c.number}：${notifyFollowers}`, link });
      }
      if (req.action === 'handle' && c.gridId) {
        const gridWorkers = await this.repo.usersWith(d, 'grid_worker', { gridId: c.gridId });
        const targets = gridWorkers.filter((u) => !followers.includes(u));
        await this.ctx.notifier.notify(d, targets, { kind: 'case.verify', title: `案件 ${c.number} 已处置，请核查`, link });
      }
      this.published(d, c.id, c.areaPath, t.to, [...orgUsers, ...followers]);
      const fresh = (await this.repo.find(d, c.id, null))!;
      return this.detail(actor, fresh);
    });
  }

  /** 吹哨: raise a case to the street or the district; its supervisors are notified and may reassign. */
  async escalate(actor: Actor, id: string, req: z.infer<typeof EscalateRequest>): Promise<CaseDetail> {
    const d = actor.districtId;
    const view = caseView(actor);
    return this.ctx.db.tx(async () => {
      const c = await this.repo.lock(d, id);
      if (!c || !canSee(view, c)) throw notFound('case');
      if (!OPEN_STATUSES.includes(c.status as CaseStatus)) throw conflict('case.not_open', `a ${c.status} case cannot be escalated`);
      const levels = escalationLevels(actor, c);
      if (!levels.includes(req.level)) {
        if (c.escalationLevel === req.level || c.escalationLevel === 'district') throw conflict('case.already_escalated', `the case is already escalated to the ${c.escalationLevel}`);
        throw forbidden('case.escalate_forbidden', 'the grid worker or community of the case raises it to the street; the street raises it to the district');
      }
      const now = new Date();
      await this.repo.update(d, c.id, { escalationLevel: req.level, escalatedAt: now });
      await this.repo.appendHistory({ districtId: d, caseId: c.id, actorId: actor.userId, actorName: name(actor), action: 'escalate', fromStatus: c.status, toStatus: c.status, note: req.note, details: { level: req.level, from: c.escalationLevel }, at: now });
      const streetPath = c.areaPath.split('/').filter(Boolean).slice(0, 2).join('/') + '/';
      const supervisors =
        req.level === 'street'
          ? await this.repo.usersWith(d, 'street_official', { coveringPath: streetPath })
          : [...(await this.repo.usersWith(d, 'district_official', {})), ...(await this.repo.usersWith(d, 'hotline_operator', {}))];
      await this.ctx.notifier.notify(d, [...new Set(supervisors)].filter((u) => u !== actor.userId), {
        kind: 'case.escalated',
        title: `吹哨：案件 ${c.number} 上报至${req.level === 'street' ? '街道' : '区'}`,
        body: req.note,
        link: `/cases/${c.id}`,
      });
      this.published(d, c.id, c.areaPath, c.status, []);
      return this.detail(actor, (await this.repo.find(d, c.id, null))!);
    });
  }

  async rate(actor: Actor, id: string, req: z.infer<typeof RateRequest>): Promise<CaseDetail> {
    const d = actor.districtId;
    return this.ctx.db.tx(async () => {
      const c = await this.repo.lock(d, id);
      if (!c || !canSee(caseView(actor), c)) throw notFound('case');
      if (c.reporterId !== actor.userId) throw forbidden('case.rate_forbidden', 'only the reporter rates a case');
      if (c.status !== 'closed') throw conflict('case.not_closed', 'a case is rated once it is closed');
      if (c.rating !== null) throw conflict('case.already_rated', 'this case has been rated');
      const now = new Date();
      await this.repo.update(d, c.id, { rating: req.score, ratingComment: req.comment, ratedAt: now });
      await this.ctx.insight?.bump(d, caseBumps.rated(c, req.score, now));
      await this.repo.appendHistory({ districtId: d, caseId: c.id, actorId: actor.userId, actorName: name(actor), action: 'rate', fromStatus: c.status, toStatus: c.status, note: req.comment, details: { score: req.score }, at: now });
      return this.detail(actor, (await this.repo.find(d, c.id, null))!);
    });
  }

  async follow(actor: Actor, id: string, on: boolean) {
    const d = actor.districtId;
    if (!(await this.canView(actor, id))) throw notFound('case');
    if (on) await this.repo.follow(d, id, actor.userId);
    else await this.repo.unfollow(d, id, actor.userId);
    return { following: on };
  }

  async revealCaller(actor: Actor, id: string, reason: string) {
    const d = actor.districtId;
    return this.ctx.db.tx(async () => {
      const c = await this.repo.find(d, id, caseView(actor));
      if (!c) throw notFound('case');
      if (!canRevealCaller(actor, partiesFor(actor, c))) throw forbidden('case.reveal_forbidden', 'your role may not see the caller\'s number');
      await audit(this.ctx.db, actor, d, { action: 'case.reveal_caller', entityType: 'case', entityId: id, areaPath: c.areaPath, details: { reason } });
      return { name: c.callerName, phone: c.callerPhone };
    });
  }

  /** Live update for the command centre (by area) and for the department and followers (by user). */
  private published(districtId: string, id: string, areaPath: string, status: string, userIds: string[]) {
    this.ctx.db.afterCommit(() => {
      const data = { id, status };
      this.ctx.events.publish({ districtId, type: 'case.updated', data, audience: { areaPath } });
      const users = [...new Set(userIds)];
      if (users.length) this.ctx.events.publish({ districtId, type: 'case.updated', data, audience: { userIds: users } });
    });
  }
}

const name = (actor: Actor) => `${actor.displayName} (${actor.username})`;
