// The district cloud platform: live figures from roll-ups, the demand map (choropleth and H3
// hexagons), the resource map with walking coverage, and the data the siting solvers work on.
import { cellToBoundary, cellToLatLng, cellToParent } from 'h3-js';
import { circle } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { FIGURES, METRICS, type Dashboard, type DemandLevel, type ResourceKind, type GroupCounts, type InsightGroup } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { AreasService } from '../areas/service.ts';
import type { Scope } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { fieldError, notFound } from '../../platform/errors.ts';
import { distanceM } from '../../platform/geo/index.ts';
import { chinaToday, communityKey, keyTail, type Level } from './keys.ts';
import { Counters, ResidentRollups, RollupNotices, counterRows, type Bump, type MetricSource } from './rollups.ts';
import { InsightRepository, ZERO_GROUPS, addGroups } from './repository.ts';
import { planScope, rebuildAllowed, topPaths, viewScope } from './policy.ts';

/** Walking distance is taken as straight-line distance times this network factor (see docs/ARCHITECTURE.md). */
export const NETWORK_FACTOR = 1.3;

export interface Facility {
  id: string;
  name: string;
  kind: ResourceKind;
  lat: number;
  lon: number;
  /** Places, meals or visits a day; null when unknown. */
  capacity: number | null;
  areaPath: string;
  source: string;
}

/** A module that owns facilities (services: canteens, centres; sharing: huts) lists them here. */
export interface FacilitySource {
  name: string;
  kinds: ResourceKind[];
  list(districtId: string, prefix: string): Promise<Facility[]>;
}

/** Typical daily capacity by kind, for providers that state none. */
const DEFAULT_CAPACITY: Partial<Record<ResourceKind, number>> = { elder_canteen: 120, family_centre: 300, home_care_centre: 60, day_care_centre: 40, home_care: 60, elderly_care: 80, shared_hut: 30, child_care: 40, rehabilitation: 30 };

interface AreaRef {
  id: string;
  name: string;
  level: string;
  path: string;
}

export interface DemandPoint {
  cell: string;
  lat: number;
  lon: number;
  weight: number;
}

export class InsightService {
  readonly notices: RollupNotices;
  readonly residents: ResidentRollups;
  readonly counters: Counters;
  readonly repo: InsightRepository;
  private readonly facilitySources = new Map<string, FacilitySource>();
  private building: Map<string, Promise<void>> = new Map();
  /** Per district, the modules whose counters are known to have been recounted once. */
  private counted = new Map<string, Set<string>>();
  private buildingsCache = new Map<string, { at: number; rows: Promise<{ id: string; name: string; path: string; lat: number; lon: number }[]> }>();

  constructor(
    private readonly ctx: AppContext,
    private readonly areas: () => AreasService,
  ) {
    this.notices = new RollupNotices(ctx.events);
    this.residents = new ResidentRollups(ctx.db, this.notices);
    this.counters = new Counters(ctx.db, this.notices);
    this.repo = new InsightRepository(ctx.db);
  }

  // --- the API other modules call ------------------------------------------------------------------

  /** Add to a module's figures in the caller's transaction (see rollups.ts). */
  bump(districtId: string, bumps: Bump | Bump[]): Promise<void> {
    return this.counters.bump(districtId, bumps);
  }

  /** A module announces the metrics it keeps, so the dashboard shows them instead of "—". */
  declare(source: MetricSource): void {
    this.counters.declare(source);
  }

  /** A module that owns facilities lists them on the resource map and in siting. */
  registerFacilities(source: FacilitySource): void {
    this.facilitySources.set(source.name, source);
  }

  // --- building the roll-ups -----------------------------------------------------------------------

  /**
   * Build the roll-ups on first use (a database migrated before the roll-ups existed), and count a
   * module's figures the first time it is declared in a district (its rows written before then,
   * e.g. by the demo seed, were never bumped).
   */
  async ensureBuilt(districtId: string): Promise<void> {
    if ((await this.repo.isBuilt(districtId)) && !(await this.uncounted(districtId)).length) return;
    let p = this.building.get(districtId);
    if (!p) {
      p = this.ctx.db.tx(async () => {
        if (!(await this.repo.isBuilt(districtId))) await this.rebuildAll(districtId);
        else if ((await this.uncounted(districtId)).length) await this.recountCounters(districtId);
      });
      this.building.set(districtId, p);
      p.finally(() => this.building.delete(districtId)).catch(() => {});
    }
    await p;
  }

  /** Recount every roll-up from the raw tables (inside one transaction). */
  async rebuildAll(districtId: string): Promise<void> {
    await this.ctx.db.tx(async () => {
      await this.repo.rebuildResidents(districtId);
      await this.recountCounters(districtId);
    });
  }

  private recountable(): MetricSource[] {
    return [...this.counters.sources.values()].filter((s) => s.recount);
  }

  /** Declared modules with a recount that have never been counted in this district. */
  private async uncounted(districtId: string): Promise<MetricSource[]> {
    const pending = () => this.recountable().filter((s) => !this.counted.get(districtId)?.has(s.name));
    if (!pending().length) return [];
    this.counted.set(districtId, await this.repo.countedSources(districtId));
    return pending();
  }

  /**
   * Every module's counters from its own tables. Modules share metrics (ratings by module), so all
   * their metrics are cleared first, then every recount is added.
   */
  private async recountCounters(districtId: string): Promise<void> {
    const sources = this.recountable();
    await this.repo.clearCounters(districtId, [...new Set(sources.flatMap((s) => s.metrics))]);
    for (const source of sources) await this.counters.bump(districtId, await source.recount!(districtId));
    await this.repo.markCounted(districtId, sources.map((s) => s.name));
  }

  async rebuild(actor: Actor): Promise<{ ms: number }> {
    rebuildAllowed(actor);
    const started = performance.now();
    await this.ctx.db.tx(async () => {
      await this.rebuildAll(actor.districtId);
      await audit(this.ctx.db, actor, actor.districtId, { action: 'insight.rebuild', entityType: 'district', entityId: actor.districtId });
    });
    return { ms: Math.round(performance.now() - started) };
  }

  /** Compare the roll-ups with a full scan at every level (an administrator's consistency check). */
  async check(actor: Actor): Promise<{ level: string; keys: number; mismatches: number; rollupMs: number; scanMs: number }[]> {
    rebuildAllowed(actor);
    const d = actor.districtId;
    await this.ensureBuilt(d);
    const root = await this.repo.root(d);
    if (!root) throw notFound('district');
    await this.repo.ensurePlaces(d);
    const asOf = chinaToday();
    const out = [];
    for (const level of ['c', 'g', 'h8', 'h9'] as Level[]) {
      let t = performance.now();
      const a = await this.repo.groups(d, level, root.path, asOf);
      const rollupMs = performance.now() - t;
      t = performance.now();
      const b = await this.repo.groupsByScan(d, level, root.path, asOf);
      const scanMs = performance.now() - t;
      let mismatches = 0;
      for (const k of new Set([...a.keys(), ...b.keys()])) if (JSON.stringify(a.get(k) ?? ZERO_GROUPS) !== JSON.stringify(b.get(k) ?? ZERO_GROUPS)) mismatches++;
      out.push({ level, keys: b.size, mismatches, rollupMs: Math.round(rollupMs), scanMs: Math.round(scanMs) });
    }
    out.push(...(await this.checkCounters(d)));
    return out;
  }

  /**
   * Module counters against their recounts, one row per metric: flows day by day, stocks as totals
   * (a stock's live bumps date a move to the day it happened, a recount to the row's own date).
   */
  private async checkCounters(districtId: string): Promise<{ level: string; keys: number; mismatches: number; rollupMs: number; scanMs: number }[]> {
    const sources = this.recountable();
    const metrics = [...new Set(sources.flatMap((s) => s.metrics))].sort();
    if (!metrics.length) return [];
    const stocks = new Set<string>([...FIGURES.filter((f) => f.kind === 'stock').map((f) => f.metric), METRICS.caseStatus]);
    const keyOf = (metric: string, level: string, key: string, dim: string, day: string) => `${metric}\u0000${level}\u0000${key}\u0000${dim}${stocks.has(metric) ? '' : `\u0000${day}`}`;
    let t = performance.now();
    const actual = new Map<string, number>();
    for (const r of await this.repo.counterTable(districtId, metrics)) {
      const k = keyOf(r.metric, r.level, r.key, r.dim, r.day);
      actual.set(k, (actual.get(k) ?? 0) + r.value);
    }
    const rollupMs = performance.now() - t;
    t = performance.now();
    const expected = new Map<string, number>();
    for (const source of sources) {
      for (const [ak, v] of counterRows(await source.recount!(districtId)).acc) {
        const [metric, level, key, dim, day] = ak.split('\u0000') as [string, string, string, string, string];
        const k = keyOf(metric, level, key, dim, day);
        expected.set(k, (expected.get(k) ?? 0) + v);
      }
    }
    const scanMs = performance.now() - t;
    return metrics.map((metric) => {
      const keys = new Set([...actual.keys(), ...expected.keys()].filter((k) => k.startsWith(`${metric}\u0000`)));
      let mismatches = 0;
      for (const k of keys) if ((actual.get(k) ?? 0) !== (expected.get(k) ?? 0)) mismatches++;
      return { level: metric, keys: keys.size, mismatches, rollupMs: Math.round(rollupMs), scanMs: Math.round(scanMs) };
    });
  }

  // --- scope ---------------------------------------------------------------------------------------

  /** The area a view is about: the one asked for (inside the scope), or the top of the scope. */
  async focus(actor: Actor, scope: Scope, areaId?: string): Promise<AreaRef> {
    const d = actor.districtId;
    if (areaId) {
      const a = await this.repo.area(d, areaId);
      if (!a || !(scope.all || scope.paths.some((p) => a.path.startsWith(p)))) throw notFound('area');
      if (a.level === 'compound' || a.level === 'building') throw fieldError('areaId', 'choose a district, street or community');
      return a;
    }
    if (scope.all) {
      const r = await this.repo.root(d);
      if (!r) throw notFound('district');
      return r;
    }
    const [first] = topPaths(scope);
    const id = first!.split('/').filter(Boolean).at(-1)!;
    const a = await this.repo.area(d, id);
    if (!a) throw notFound('area');
    return a;
  }

  // --- dashboard -----------------------------------------------------------------------------------

  async dashboard(actor: Actor, query: { areaId?: string; from?: string; to?: string }): Promise<Dashboard> {
    const scope = viewScope(actor);
    const d = actor.districtId;
    await this.ensureBuilt(d);
    const area = await this.focus(actor, scope, query.areaId);
    const asOf = chinaToday();
    const to = query.to ?? asOf;
    const from = query.from ?? `${to.slice(0, 4)}-01-01`;
    if (from > to) throw fieldError('from', 'must not be after to');

    const byCommunity = await this.repo.groups(d, 'c', area.path, asOf);
    const groups = [...byCommunity.values()].reduce(addGroups, { ...ZERO_GROUPS });

    const figureMetrics = FIGURES.filter((f) => this.counters.declared(f.metric)).map((f) => f.metric);
    const flows = await this.repo.counters(d, figureMetrics.filter((m) => FIGURES.find((f) => f.metric === m)!.kind === 'flow'), 'c', area.path, from, to);
    const stocks = await this.repo.counters(d, figureMetrics.filter((m) => FIGURES.find((f) => f.metric === m)!.kind === 'stock'), 'c', area.path, null, to);
    const counterRows = [...flows, ...stocks];
    const figuresFor = (match: (key: string) => boolean) => {
      const out: Record<string, number | null> = {};
      for (const f of FIGURES) {
        if (!this.counters.declared(f.metric)) {
          out[f.key] = null;
          continue;
        }
        const sum = counterRows.filter((r) => r.metric === f.metric && match(r.key)).reduce((s, r) => s + r.value, 0);
        out[f.key] = 'divide' in f ? Math.round((sum / f.divide) * 10) / 10 : sum;
      }
      return out;
    };

    // Children side by side: streets of the district, communities of a street, grids of a community.
    const children: Dashboard['children'] = [];
    if (area.level === 'district' || area.level === 'street') {
      const kids = await this.repo.areasAt(d, area.level === 'district' ? 'street' : 'community', area.path);
      for (const k of kids) {
        const g = [...byCommunity].filter(([key]) => key.startsWith(k.path)).reduce((s, [, v]) => addGroups(s, v), { ...ZERO_GROUPS });
        children.push({ id: k.id, name: k.name, level: k.level, groups: g, figures: figuresFor((key) => key.startsWith(k.path)) });
      }
    } else if (area.level === 'community') {
      const [grids, byGrid] = await Promise.all([this.repo.gridsUnder(d, area.path), this.repo.groups(d, 'g', area.path, asOf)]);
      const gridRows = await this.repo.counters(d, figureMetrics, 'g', area.path, from, to);
      for (const g of grids) {
        const key = `${area.path}|${g.id}`;
        const figures: Record<string, number | null> = {};
        for (const f of FIGURES) figures[f.key] = this.counters.declared(f.metric) ? gridRows.filter((r) => r.metric === f.metric && r.key === key).reduce((s, r) => s + r.value, 0) : null;
        children.push({ id: g.id, name: g.name, level: 'grid', groups: byGrid.get(key) ?? { ...ZERO_GROUPS }, figures });
      }
    }

    const ancestorIds = area.path.split('/').filter(Boolean).slice(0, -1);
    const ancestors = await this.repo.areasByIds(d, ancestorIds);
    const visible = (a: { path: string }) => scope.all || scope.paths.some((p) => a.path.startsWith(p));

    const dimRows = async (metric: string, stock: boolean) => (this.counters.declared(metric) ? this.repo.counters(d, [metric], 'c', area.path, stock ? null : from, to) : null);
    const [status, closed, onTime, ratingSum, ratingCount] = await Promise.all([
      dimRows(METRICS.caseStatus, true),
      dimRows(METRICS.casesClosedByOrg, false),
      dimRows(METRICS.casesOnTimeByOrg, false),
      dimRows(METRICS.ratingSum, false),
      dimRows(METRICS.ratingCount, false),
    ]);
    const byDim = (rows: { dim: string; value: number }[]) => {
      const m = new Map<string, number>();
      for (const r of rows) m.set(r.dim, (m.get(r.dim) ?? 0) + r.value);
      return m;
    };
    let onTimeByDepartment: Dashboard['onTimeByDepartment'] = null;
    if (closed) {
      const c = byDim(closed);
      const o = byDim(onTime ?? []);
      const names = await this.repo.orgNames(d, [...c.keys()].filter((k) => /^[0-9a-f-]{36}$/.test(k)));
      onTimeByDepartment = [...c]
        .map(([orgId, n]) => ({ orgId, name: names.get(orgId) ?? orgId, closed: n, onTime: o.get(orgId) ?? 0, rate: n > 0 ? (o.get(orgId) ?? 0) / n : null }))
        .sort((a, b) => b.closed - a.closed);
    }
    let satisfaction: Dashboard['satisfaction'] = null;
    if (ratingSum && ratingCount) {
      const s = byDim(ratingSum);
      const n = byDim(ratingCount);
      satisfaction = [...n].map(([source, count]) => ({ source, count, average: count > 0 ? Math.round(((s.get(source) ?? 0) / count) * 100) / 100 : null }));
    }

    return {
      area: { id: area.id, name: area.name, level: area.level, path: area.path },
      breadcrumbs: ancestorIds.map((id) => ancestors.find((a) => a.id === id)).filter((a) => a !== undefined && visible(a)).map((a) => ({ id: a!.id, name: a!.name, level: a!.level })),
      period: { from, to },
      asOf,
      groups,
      figures: figuresFor(() => true),
      children,
      casesByStatus: status ? [...byDim(status)].filter(([, n]) => n !== 0).map(([s, count]) => ({ status: s, count })) : null,
      onTimeByDepartment,
      satisfaction,
      sources: ['residents', ...this.counters.sources.keys()],
    };
  }

  // --- demand map ----------------------------------------------------------------------------------

  /** Streets, communities or grids as polygons with every group's count (and module figures). */
  async demandAreas(actor: Actor, level: DemandLevel, areaId?: string): Promise<FeatureCollection> {
    const scope = viewScope(actor);
    const d = actor.districtId;
    await this.ensureBuilt(d);
    const prefixes = areaId ? [(await this.focus(actor, scope, areaId)).path] : scope.all ? [(await this.focus(actor, scope)).path] : topPaths(scope);
    const asOf = chinaToday();
    const year = asOf.slice(0, 4);
    const features: Feature[] = [];
    const flowMetrics = FIGURES.filter((f) => f.kind === 'flow' && this.counters.declared(f.metric)).map((f) => f.metric);
    for (const prefix of prefixes) {
      if (level === 'grid') {
        const [grids, groups, counters] = await Promise.all([this.repo.gridsUnder(d, prefix), this.repo.groups(d, 'g', prefix, asOf), this.repo.counters(d, flowMetrics, 'g', prefix, `${year}-01-01`, asOf)]);
        for (const g of grids) {
          const key = `${g.areaPath}|${g.id}`;
          features.push({ type: 'Feature', id: g.id, geometry: g.geometry as Geometry, properties: { id: g.id, name: g.name, code: g.code, level: 'grid', communityId: g.communityId, ...(groups.get(key) ?? ZERO_GROUPS), ...signals(counters.filter((c) => c.key === key)) } });
        }
      } else {
        const [areas, groups, counters] = await Promise.all([this.repo.areasAt(d, level, prefix), this.repo.groups(d, 'c', prefix, asOf), this.repo.counters(d, flowMetrics, 'c', prefix, `${year}-01-01`, asOf)]);
        // A street official asking for streets gets their own street.
        const rows = areas.length ? areas : level === 'street' ? (await this.repo.areasAt(d, 'street', '')).filter((s) => prefix.startsWith(s.path)) : [];
        for (const a of rows) {
          const g = [...groups].filter(([k]) => k.startsWith(a.path)).reduce((s, [, v]) => addGroups(s, v), { ...ZERO_GROUPS });
          features.push({ type: 'Feature', id: a.id, geometry: a.geometry as Geometry, properties: { id: a.id, name: a.name, code: a.code, level: a.level, ...g, ...signals(counters.filter((c) => c.key.startsWith(a.path))) } });
        }
      }
    }
    return { type: 'FeatureCollection', features };
  }

  /** H3 hexagons with every group's count (resolution 9 and 8 from roll-ups; 7 from 8). */
  async hexes(actor: Actor, res: number, areaId?: string): Promise<FeatureCollection> {
    const cells = await this.hexCounts(actor, res, areaId);
    const features: Feature[] = [];
    for (const [cell, g] of cells) {
      const ring = cellToBoundary(cell, true);
      ring.push(ring[0]!);
      features.push({ type: 'Feature', id: cell, geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id: cell, res, ...g } });
    }
    return { type: 'FeatureCollection', features };
  }

  async hexCounts(actor: Actor, res: number, areaId?: string): Promise<Map<string, GroupCounts>> {
    const scope = viewScope(actor);
    const d = actor.districtId;
    await this.ensureBuilt(d);
    const prefixes = areaId ? [(await this.focus(actor, scope, areaId)).path] : scope.all ? [(await this.focus(actor, scope)).path] : topPaths(scope);
    const asOf = chinaToday();
    const out = new Map<string, GroupCounts>();
    for (const prefix of prefixes) {
      const rows = await this.repo.groups(d, res === 9 ? 'h9' : 'h8', prefix, asOf);
      for (const [key, g] of rows) {
        const cell = res === 7 ? cellToParent(keyTail(key), 7) : keyTail(key);
        out.set(cell, addGroups(out.get(cell) ?? { ...ZERO_GROUPS }, g));
      }
    }
    return out;
  }

  /** Demand points for coverage and siting: resolution-9 hexagon centres weighted by a group. */
  async demandPoints(actor: Actor, group: InsightGroup, areaId?: string): Promise<DemandPoint[]> {
    const cells = await this.hexCounts(actor, 9, areaId);
    const out: DemandPoint[] = [];
    for (const [cell, g] of cells) {
      if (g[group] <= 0) continue;
      const [lat, lon] = cellToLatLng(cell);
      out.push({ cell, lat, lon, weight: g[group] });
    }
    return out.sort((a, b) => (a.cell < b.cell ? -1 : 1));
  }

  // --- resource map --------------------------------------------------------------------------------

  /** Buildings with a location, cached per district (they change rarely). */
  buildings(districtId: string) {
    const hit = this.buildingsCache.get(districtId);
    if (hit && Date.now() - hit.at < 600_000) return hit.rows;
    const rows = this.repo.buildings(districtId, '').then((r) => r.map((b) => ({ ...b, lat: b.lat!, lon: b.lon! })));
    this.buildingsCache.set(districtId, { at: Date.now(), rows });
    rows.catch(() => this.buildingsCache.delete(districtId));
    return rows;
  }

  /** Facilities under a path: from the modules that own them, else providers placed in their community. */
  async facilities(districtId: string, prefix: string, kind?: ResourceKind): Promise<Facility[]> {
    const owned: Facility[] = [];
    const ownedKinds = new Set<ResourceKind>();
    for (const s of this.facilitySources.values()) {
      s.kinds.forEach((k) => ownedKinds.add(k));
      owned.push(...(await s.list(districtId, prefix)));
    }
    const fallback: Facility[] = [];
    const providers = await this.repo.providers(districtId, prefix);
    if (providers.length) {
      const buildings = await this.buildings(districtId);
      const byCommunity = new Map<string, typeof buildings>();
      for (const b of buildings) {
        const c = communityKey(b.path);
        const list = byCommunity.get(c);
        if (list) list.push(b);
        else byCommunity.set(c, [b]);
      }
      for (const p of providers) {
        const service = (p.properties as { service?: string }).service as ResourceKind | undefined;
        if (!service || ownedKinds.has(service)) continue;
        const props = p.properties as { lat?: number; lon?: number; capacity?: number };
        let lat = props.lat ?? null;
        let lon = props.lon ?? null;
        if (lat === null || lon === null) {
          // No address on file: a building of its community, chosen by the provider's id so it stays put.
          const inside = byCommunity.get(p.areaPath!) ?? buildings.filter((b) => b.path.startsWith(p.areaPath!));
          const pick = inside.length ? inside[hash(p.id) % inside.length]! : null;
          lat = pick?.lat ?? p.lat;
          lon = pick?.lon ?? p.lon;
        }
        if (lat === null || lon === null) continue;
        fallback.push({ id: p.id, name: p.name, kind: service, lat, lon, capacity: props.capacity ?? DEFAULT_CAPACITY[service] ?? null, areaPath: p.areaPath!, source: 'organisations' });
      }
    }
    return [...owned, ...fallback].filter((f) => !kind || f.kind === kind);
  }

  async resources(actor: Actor, query: { kind?: ResourceKind; areaId?: string; walkM: number }): Promise<FeatureCollection> {
    const scope = viewScope(actor);
    const prefixes = query.areaId ? [(await this.focus(actor, scope, query.areaId)).path] : scope.all ? [''] : topPaths(scope);
    const features: Feature[] = [];
    const radiusM = query.walkM / NETWORK_FACTOR;
    for (const prefix of prefixes) {
      for (const f of await this.facilities(actor.districtId, prefix, query.kind)) {
        features.push({ type: 'Feature', id: f.id, geometry: { type: 'Point', coordinates: [f.lon, f.lat] }, properties: { ...f, layer: 'facility', walkM: query.walkM, radiusM: Math.round(radiusM) } });
        features.push({ type: 'Feature', id: `${f.id}-reach`, geometry: circle([f.lon, f.lat], radiusM / 1000, { steps: 48, units: 'kilometers' }).geometry, properties: { id: f.id, kind: f.kind, name: f.name, layer: 'reach', walkM: query.walkM } });
      }
    }
    return { type: 'FeatureCollection', features };
  }

  // --- candidates ----------------------------------------------------------------------------------

  async candidates(actor: Actor) {
    const scope = planScope(actor);
    const prefixes = scope.all ? [''] : topPaths(scope);
    const rows = (await Promise.all(prefixes.map((p) => this.repo.candidates(actor.districtId, p)))).flat();
    return { items: rows.map((r) => ({ id: r.id, name: r.name, lat: r.lat, lon: r.lon, note: r.note, areaPath: r.areaPath, createdAt: new Date(r.createdAt).toISOString() })) };
  }

  async addCandidate(actor: Actor, input: { name: string; lat: number; lon: number; note: string }) {
    const scope = planScope(actor);
    const where = await this.areas().locate(actor.districtId, input.lat, input.lon).catch(() => null);
    if (!where) throw fieldError('lat', 'the point is outside the district');
    const community = await this.repo.area(actor.districtId, where.communityId);
    const path = community!.path;
    if (!(scope.all || scope.paths.some((p) => path.startsWith(p)))) throw fieldError('lat', 'the point is outside your area');
    return this.ctx.db.tx(async () => {
      const id = await this.repo.addCandidate(actor.districtId, { ...input, areaPath: path, createdBy: actor.userId });
      await audit(this.ctx.db, actor, actor.districtId, { action: 'insight.candidate_add', entityType: 'insight_candidate', entityId: id, areaPath: path, details: { name: input.name, lat: input.lat, lon: input.lon } });
      return { id, ...input, areaPath: path, createdAt: new Date().toISOString() };
    });
  }

  async deleteCandidate(actor: Actor, id: string) {
    const scope = planScope(actor);
    return this.ctx.db.tx(async () => {
      let gone: { areaPath: string } | null = null;
      for (const p of scope.all ? [''] : topPaths(scope)) gone ??= await this.repo.deleteCandidate(actor.districtId, id, p);
      if (!gone) throw notFound('insight_candidate');
      await audit(this.ctx.db, actor, actor.districtId, { action: 'insight.candidate_delete', entityType: 'insight_candidate', entityId: id, areaPath: gone.areaPath });
      return { ok: true as const };
    });
  }

  /** Distance helper shared with the siting service. */
  walkingM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
    return distanceM(a, b) * NETWORK_FACTOR;
  }
}

/** Module figures of a set of counter rows, keyed by figure. */
function signals(rows: { metric: string; value: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of FIGURES) {
    const v = rows.filter((r) => r.metric === f.metric).reduce((s, r) => s + r.value, 0);
    if (rows.some((r) => r.metric === f.metric)) out[f.key] = v;
  }
  return out;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
