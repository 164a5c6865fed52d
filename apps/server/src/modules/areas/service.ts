// The area registry as its users see it: roots, drill-down with counts, map layers and the
// point -> grid -> community -> street lookup every module uses for reported locations.
import type { AreaDetail, AreaStats, AreaSummary, LocateResult } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { isEmpty } from '../../platform/auth/scope.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { GridIndexCache, type GridIndex, type GridShape } from '../../platform/geo/index.ts';
import { AreasRepository } from './repository.ts';
import { areaScope } from './policy.ts';
import { StatsService, ZERO_STATS } from './stats.ts';

type AreaRow = Awaited<ReturnType<AreasRepository['children']>>[number];

export class AreasService {
  readonly stats: StatsService;
  private readonly repo: AreasRepository;
  // Per app rather than process-wide: tests run several databases in one process.
  private readonly indexes = new GridIndexCache();

  constructor(private readonly ctx: AppContext) {
    this.repo = new AreasRepository(ctx.db);
    this.stats = new StatsService(ctx.db);
  }

  /** Registry writes call this so counts and lookups reflect them. */
  changed(districtId: string, { grids = false } = {}) {
    this.stats.invalidate(districtId);
    if (grids) this.indexes.invalidate(districtId);
  }

  private scopeOrDeny(actor: Actor) {
    const scope = areaScope(actor);
    if (isEmpty(scope)) throw forbidden('areas.forbidden', 'your roles do not include viewing areas');
    return scope;
  }

  /** The top areas the actor may see: the district, or their streets, communities, grids' communities. */
  async roots(actor: Actor): Promise<{ items: AreaSummary[] }> {
    const scope = this.scopeOrDeny(actor);
    const d = actor.districtId;
    let rows: AreaRow[];
    if (scope.all) {
      const root = await this.repo.root(d);
      rows = root ? [root] : [];
    } else {
      const ids = [...new Set(scope.paths.map((p) => p.split('/').filter(Boolean).at(-1)!))];
      // Drop areas already inside another granted area.
      rows = (await this.repo.findMany(d, ids)).filter((a, _, all) => !all.some((b) => b.id !== a.id && a.path.startsWith(b.path)));
    }
    return { items: await this.summaries(d, rows, null) };
  }

  async detail(actor: Actor, id: string): Promise<AreaDetail> {
    const scope = this.scopeOrDeny(actor);
    const d = actor.districtId;
    const area = await this.repo.find(d, scope, id);
    if (!area) throw notFound('area');
    const ancestorIds = area.path.split('/').filter(Boolean).slice(0, -1);
    const [ancestors, children, grids, stats, counts] = await Promise.all([
      this.repo.findMany(d, ancestorIds),
      this.repo.children(d, area.id),
      area.level === 'community' || area.level === 'street' ? this.repo.grids(d, area.path) : Promise.resolve([]),
      this.stats.forPath(d, area.path),
      this.repo.childCounts(d, [area.id]),
    ]);
    const gridStats = grids.length ? await this.stats.byGrid(d, area.path) : new Map<string, AreaStats>();
    const byId = new Map(ancestors.map((a) => [a.id, a]));
    return {
      ...this.summary(area, stats, counts.get(area.id) ?? 0),
      breadcrumbs: ancestorIds.map((aid) => byId.get(aid)).filter((a) => a !== undefined).map((a) => ({ id: a.id, name: a.name, level: a.level })),
      children: await this.summaries(d, children, area.path),
      grids: area.level === 'community' ? grids.map((g) => ({ id: g.id, code: g.code, name: g.name, stats: gridStats.get(g.id) ?? ZERO_STATS })) : [],
    };
  }

  async buildings(actor: Actor, id: string) {
    const scope = this.scopeOrDeny(actor);
    const area = await this.repo.find(actor.districtId, scope, id);
    if (!area) throw notFound('area');
    const rows = await this.repo.buildings(actor.districtId, scope, area.path, 5000);
    return { items: rows.map((b) => this.summary(b, ZERO_STATS, 0)) };
  }

  /** Grid polygons with counts, as GeoJSON, for the actor's whole scope or under one area. */
  async gridMap(actor: Actor, areaId?: string) {
    const scope = this.scopeOrDeny(actor);
    const d = actor.districtId;
    const under = await this.underPaths(actor, scope, areaId);
    const features = [];
    for (const path of under) {
      const [grids, stats] = await Promise.all([this.repo.grids(d, path), this.stats.byGrid(d, path)]);
      for (const g of grids) {
        features.push({
          type: 'Feature' as const,
          id: g.id,
          geometry: g.geometry,
          properties: { id: g.id, code: g.code, name: g.name, communityId: g.communityId, communityName: g.communityName, streetName: g.streetName, areaM2: g.areaM2, ...(stats.get(g.id) ?? ZERO_STATS) },
        });
      }
    }
    return { type: 'FeatureCollection' as const, features };
  }

  /** Street or community polygons with counts, as GeoJSON. */
  async areaMap(actor: Actor, level: 'street' | 'community', areaId?: string) {
    const scope = this.scopeOrDeny(actor);
    const d = actor.districtId;
    const under = areaId ? await this.underPaths(actor, scope, areaId) : [undefined];
    const features = [];
    for (const path of under) {
      const rows = await this.repo.byLevel(d, scope, level, path);
      for (const a of rows) {
        const parentPath = a.path.slice(0, a.path.length - a.id.length - 1);
        const stats = (await this.stats.byChild(d, parentPath)).get(a.id) ?? ZERO_STATS;
        features.push({ type: 'Feature' as const, id: a.id, geometry: a.geometry, properties: { id: a.id, code: a.code, name: a.name, level: a.level, kind: a.kind, ...stats } });
      }
    }
    return { type: 'FeatureCollection' as const, features };
  }

  /** Which grid, community and street a point lies in; 404 outside the district. */
  async locate(districtId: string, lat: number, lon: number): Promise<LocateResult> {
    const index = await this.gridIndex(districtId);
    const gridId = index.locate(lat, lon);
    if (!gridId) throw new AppError('location.outside_district', 'not_found', 'the location is outside the district', [{ path: 'location', message: 'outside the district' }]);
    const g = (await this.repo.grid(districtId, gridId))!;
    return { gridId: g.id, gridCode: g.code, gridName: g.name, communityId: g.communityId, communityName: g.communityName, streetId: g.streetId, streetName: g.streetName };
  }

  async config(districtId: string) {
    const district = await this.repo.district(districtId);
    if (!district) throw notFound('district');
    return { districtId, districtName: district.name, center: { lat: district.centerLat, lon: district.centerLon }, basemap: this.ctx.config.basemap };
  }

  /** Loaded once per district and kept; grid edits call changed(districtId, { grids: true }). */
  gridIndex(districtId: string): Promise<GridIndex> {
    return this.indexes.get(districtId, async () => (await this.repo.allGridShapes(districtId)).map((r) => ({ id: r.id, geometry: r.geometry as GridShape['geometry'] })));
  }

  private async underPaths(actor: Actor, scope: ReturnType<typeof areaScope>, areaId?: string): Promise<string[]> {
    if (areaId) {
      const area = await this.repo.find(actor.districtId, scope, areaId);
      if (!area) throw notFound('area');
      return [area.path];
    }
    if (scope.all) {
      const root = await this.repo.root(actor.districtId);
      return root ? [root.path] : [];
    }
    return scope.paths.filter((p, _, all) => !all.some((q) => q !== p && p.startsWith(q)));
  }

  private summary(a: AreaRow, stats: AreaStats, childCount: number): AreaSummary {
    return { id: a.id, parentId: a.parentId, level: a.level, kind: a.kind, code: a.code, name: a.name, nameEn: a.nameEn, lat: a.lat, lon: a.lon, gridId: a.gridId, childCount, stats };
  }

  private async summaries(districtId: string, rows: AreaRow[], parentPath: string | null): Promise<AreaSummary[]> {
    if (!rows.length) return [];
    const counts = await this.repo.childCounts(districtId, rows.map((r) => r.id));
    const statsByChild = parentPath ? await this.stats.byChild(districtId, parentPath) : null;
    return Promise.all(
      rows.map(async (r) => this.summary(r, statsByChild ? (statsByChild.get(r.id) ?? ZERO_STATS) : await this.stats.forPath(districtId, r.path), counts.get(r.id) ?? 0)),
    );
  }
}
