// Decision support on the district's own data: coverage gaps of a facility kind for a group of
// residents, and choosing k new sites (maximal covering or p-median) with a proven bound.
//
// Demand is the group's residents aggregated to H3 resolution-9 hexagons (~0.1 km2; every resident
// is within ~175 m of their hexagon's centre). Walking distance is straight-line distance times
// NETWORK_FACTOR (1.3), a usual detour ratio for dense street grids; a walking reach of 1 km is a
// circle of ~770 m. Candidates: one building per hexagon (the one nearest its centre), shared huts
// and the premises officials mark.
import { cellToLatLng, latLngToCell } from 'h3-js';
import type { Coverage, ResourceKind, InsightGroup, SitingRequest, SitingResult } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { chinaToday, keyTail } from '../insight/keys.ts';
import { planScope, topPaths, viewScope } from '../insight/policy.ts';
import { NETWORK_FACTOR, type InsightService } from '../insight/service.ts';
import { solveCover, coverValue, type CoverProblem } from './mclp.ts';
import { pMedianCost, pMedianLowerBound, solvePMedian, type PMedianProblem } from './pmedian.ts';
import { exactCover, exactPMedian } from './highs.ts';

interface Point {
  lat: number;
  lon: number;
}
interface Demand extends Point {
  cell: string;
  community: string;
  weight: number;
}

export class SitingService {
  constructor(private readonly insight: InsightService) {}

  /** The group's demand per (community, hexagon) under the actor's focus area. */
  async demand(actor: Actor, group: InsightGroup, areaId?: string): Promise<{ area: { id: string; name: string; path: string; level: string }; points: Demand[] }> {
    const scope = viewScope(actor);
    await this.insight.ensureBuilt(actor.districtId);
    const area = await this.insight.focus(actor, scope, areaId);
    const rows = await this.insight.repo.groups(actor.districtId, 'h9', area.path, chinaToday());
    const points: Demand[] = [];
    for (const [key, g] of rows) {
      if (g[group] <= 0) continue;
      const cell = keyTail(key);
      const [lat, lon] = cellToLatLng(cell);
      points.push({ cell, community: key.slice(0, key.indexOf('|')), lat, lon, weight: g[group] });
    }
    points.sort((a, b) => (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : a.community < b.community ? -1 : 1));
    return { area, points };
  }

  async coverage(actor: Actor, q: { kind: ResourceKind; group: InsightGroup; walkM: number; areaId?: string }): Promise<Coverage> {
    const { area, points } = await this.demand(actor, q.group, q.areaId);
    // Facilities anywhere in the district serve residents near the area's edge too.
    const facilities = await this.insight.facilities(actor.districtId, '', q.kind);
    const reach = q.walkM;
    let demand = 0;
    let covered = 0;
    const uncovered = new Map<string, { cell: string; lat: number; lon: number; demand: number; nearestM: number | null }>();
    const perCommunity = new Map<string, { demand: number; covered: number; reachSum: number }>();
    for (const p of points) {
      let within = 0;
      let nearest = Infinity;
      for (const f of facilities) {
        const m = walking(p, f);
        if (m < nearest) nearest = m;
        if (m <= reach) within++;
      }
      demand += p.weight;
      const c = perCommunity.get(p.community) ?? { demand: 0, covered: 0, reachSum: 0 };
      c.demand += p.weight;
      c.reachSum += p.weight * within;
      if (within > 0) {
        covered += p.weight;
        c.covered += p.weight;
      } else {
        const u = uncovered.get(p.cell) ?? { cell: p.cell, lat: p.lat, lon: p.lon, demand: 0, nearestM: Number.isFinite(nearest) ? Math.round(nearest) : null };
        u.demand += p.weight;
        uncovered.set(p.cell, u);
      }
      perCommunity.set(p.community, c);
    }
    const communities = await this.insight.repo.areasAt(actor.districtId, 'community', area.path);
    const named = communities.length ? communities : [{ id: area.id, name: area.name, path: area.path }];
    const capacityIn = (path: string) => facilities.filter((f) => f.areaPath.startsWith(path));
    const totalCapacity = facilities.filter((f) => f.areaPath.startsWith(area.path)).reduce((s, f) => s + (f.capacity ?? 0), 0);
    const baseRatio = demand > 0 ? totalCapacity / demand : 0;
    const byArea = named.map((a) => {
      const c = [...perCommunity].filter(([k]) => k.startsWith(a.path)).reduce((s, [, v]) => ({ demand: s.demand + v.demand, covered: s.covered + v.covered, reachSum: s.reachSum + v.reachSum }), { demand: 0, covered: 0, reachSum: 0 });
      const fs = capacityIn(a.path);
      const capacity = fs.reduce((s, f) => s + (f.capacity ?? 0), 0);
      return { id: a.id, name: a.name, demand: c.demand, covered: c.covered, share: c.demand > 0 ? c.covered / c.demand : 1, facilities: fs.length, capacity, meanReach: c.demand > 0 ? c.reachSum / c.demand : 0 };
    });
    // Over-served: the average resident of the group reaches two or more facilities, or the area's
    // capacity per resident is at least twice the whole area's.
    const overServed = byArea
      .filter((a) => a.demand > 0 && (a.meanReach >= 2 || (baseRatio > 0 && a.capacity / a.demand >= 2 * baseRatio)))
      .map((a) => ({ id: a.id, name: a.name, demand: a.demand, facilities: a.facilities, capacity: a.capacity, ratio: a.demand > 0 ? Math.round((a.capacity / a.demand) * 1000) / 1000 : null }))
      .sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0))
      .slice(0, 15);
    return {
      kind: q.kind,
      group: q.group,
      walkM: q.walkM,
      networkFactor: NETWORK_FACTOR,
      facilities: facilities.length,
      demand,
      covered,
      share: demand > 0 ? covered / demand : 1,
      hotSpots: [...uncovered.values()].sort((a, b) => b.demand - a.demand).slice(0, 20),
      overServed,
      byArea: byArea.map(({ id, name, demand: dd, covered: cc, share }) => ({ id, name, demand: dd, covered: cc, share })).sort((a, b) => a.share - b.share),
    };
  }

  async site(actor: Actor, req: SitingRequest): Promise<SitingResult> {
    const started = performance.now();
    const scope = planScope(actor);
    const { area, points: raw } = await this.demand(actor, req.group, req.areaId);
    // One demand point per hexagon (communities sharing a hexagon are summed).
    const byCell = new Map<string, Demand>();
    for (const p of raw) {
      const c = byCell.get(p.cell);
      if (c) c.weight += p.weight;
      else byCell.set(p.cell, { ...p });
    }
    const demand = [...byCell.values()];
    const existing = await this.insight.facilities(actor.districtId, '', req.kind);

    const candidates: (Point & { name: string; source: string })[] = [];
    if (req.candidates.includes('buildings')) {
      const best = new Map<string, { b: Point & { name: string }; d: number }>();
      for (const b of await this.insight.buildings(actor.districtId)) {
        if (!b.path.startsWith(area.path)) continue;
        const cell = latLngToCell(b.lat, b.lon, 9);
        const [clat, clon] = cellToLatLng(cell);
        const d = (b.lat - clat) ** 2 + (b.lon - clon) ** 2;
        const cur = best.get(cell);
        if (!cur || d < cur.d) best.set(cell, { b: { lat: b.lat, lon: b.lon, name: b.name }, d });
      }
      for (const { b } of [...best.entries()].sort(([a], [c]) => (a < c ? -1 : 1)).map(([, v]) => v)) candidates.push({ ...b, source: 'building' });
    }
    if (req.candidates.includes('huts')) for (const h of await this.insight.facilities(actor.districtId, area.path, 'shared_hut')) candidates.push({ lat: h.lat, lon: h.lon, name: h.name, source: 'hut' });
    if (req.candidates.includes('marked')) {
      for (const p of topPaths(scope).length || scope.all ? [area.path] : []) for (const c of await this.insight.repo.candidates(actor.districtId, p)) candidates.push({ lat: c.lat, lon: c.lon, name: c.name, source: 'marked' });
    }
    for (const p of req.points) candidates.push({ lat: p.lat, lon: p.lon, name: p.name ?? `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`, source: 'point' });

    const n = demand.length;
    const m = candidates.length;
    const w = new Float64Array(demand.map((p) => p.weight));
    const total = w.reduce((s, v) => s + v, 0);
    const nearestExisting = new Float64Array(n).fill(Infinity);
    demand.forEach((p, i) => {
      for (const f of existing) nearestExisting[i] = Math.min(nearestExisting[i]!, walking(p, f));
    });
    const coveredBefore = demand.reduce((s, p, i) => s + (nearestExisting[i]! <= req.walkM ? p.weight : 0), 0);
    const meanBefore = existing.length && total > 0 ? demand.reduce((s, _, i) => s + w[i]! * nearestExisting[i]!, 0) / total : null;
    const k = Math.min(req.k, m);

    const base = {
      objective: req.objective,
      kind: req.kind,
      group: req.group,
      walkM: req.walkM,
      k,
      demandPoints: n,
      candidates: m,
      existing: existing.map((f) => ({ name: f.name, lat: f.lat, lon: f.lon })),
      demand: total,
      coveredBefore,
      meanWalkBefore: meanBefore === null ? null : Math.round(meanBefore),
    };
    if (n === 0 || m === 0 || k === 0) {
      return { ...base, chosen: [], coveredAfter: coveredBefore, meanWalkAfter: base.meanWalkBefore, value: 0, bound: 0, gap: 0, boundBy: 'trivial', ms: Math.round(performance.now() - started) };
    }

    const d = new Float64Array(m * n);
    for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) d[j * n + i] = walking(candidates[j]!, demand[i]!);

    let open: number[];
    let value: number;
    let bound: number;
    let boundBy: string;
    if (req.objective === 'coverage') {
      const covers: number[][] = [];
      for (let j = 0; j < m; j++) {
        const list: number[] = [];
        for (let i = 0; i < n; i++) if (d[j * n + i]! <= req.walkM) list.push(i);
        covers.push(list);
      }
      const covered = new Uint8Array(n);
      for (let i = 0; i < n; i++) covered[i] = nearestExisting[i]! <= req.walkM ? 1 : 0;
      const P: CoverProblem = { n, m, w, k, covers, covered };
      const heuristic = solveCover(P);
      const exact = await exactCover(P, req.timeLimit).catch(() => null);
      open = heuristic.open;
      value = heuristic.value;
      if (exact && exact.value !== null && exact.value > value + 1e-9 && exact.open.length === k) {
        open = exact.open;
        value = coverValue(P, open);
      }
      bound = exact ? Math.min(exact.bound, total - coveredBefore) : total - coveredBefore;
      boundBy = exact ? (exact.status === 'optimal' ? 'highs (optimal)' : 'highs (MIP dual bound)') : 'uncovered demand';
    } else {
      const fixed = existing.length ? nearestExisting : undefined;
      const P: PMedianProblem = { n, m, d, w, p: k, fixed };
      const heuristic = solvePMedian(P, { rounds: 20 });
      open = heuristic.open;
      value = heuristic.cost;
      bound = pMedianLowerBound(P, value, { iterations: 300 });
      boundBy = 'Lagrangian relaxation';
      if (n * m <= 60_000) {
        const exact = await exactPMedian(P, req.timeLimit).catch(() => null);
        if (exact && exact.bound > bound) {
          bound = exact.bound;
          boundBy = exact.status === 'optimal' ? 'highs (optimal)' : 'highs (MIP dual bound)';
        }
        if (exact && exact.value !== null && exact.value < value - 1e-9 && exact.open.length === k) {
          open = exact.open;
          value = pMedianCost(P, open);
        }
      }
    }

    // After: nearest of existing and chosen, per demand point.
    const after = new Float64Array(nearestExisting);
    for (const j of open) for (let i = 0; i < n; i++) after[i] = Math.min(after[i]!, d[j * n + i]!);
    const coveredAfter = demand.reduce((s, p, i) => s + (after[i]! <= req.walkM ? p.weight : 0), 0);
    const meanAfter = total > 0 ? demand.reduce((s, _, i) => s + w[i]! * after[i]!, 0) / total : null;
    // Each chosen site's own contribution: how much worse the others would do without it.
    const chosen = open.map((j) => {
      const rest = open.filter((o) => o !== j);
      let without = 0;
      for (let i = 0; i < n; i++) {
        let best = nearestExisting[i]!;
        for (const o of rest) best = Math.min(best, d[o * n + i]!);
        without += req.objective === 'coverage' ? (best <= req.walkM ? w[i]! : 0) : w[i]! * Math.min(best, 1e7);
      }
      const withAll = req.objective === 'coverage' ? coveredAfter : demand.reduce((s, _, i) => s + w[i]! * Math.min(after[i]!, 1e7), 0);
      const c = candidates[j]!;
      return { name: c.name, lat: c.lat, lon: c.lon, source: c.source, gain: Math.round(req.objective === 'coverage' ? withAll - without : (without - withAll) / Math.max(total, 1)) };
    });
    const gap = req.objective === 'coverage' ? (bound > 0 ? Math.max(0, (bound - value) / bound) : 0) : value > 0 ? Math.max(0, (value - bound) / value) : 0;
    return {
      ...base,
      chosen,
      coveredAfter,
      meanWalkAfter: meanAfter === null ? null : Math.round(meanAfter),
      value: Math.round(value * 100) / 100,
      bound: Math.round(bound * 100) / 100,
      gap: Math.round(gap * 1e6) / 1e6,
      boundBy,
      ms: Math.round(performance.now() - started),
    };
  }
}

const R = 6371008.8;
const RAD = Math.PI / 180;
/** Walking metres: great-circle distance (haversine, as turf) times the network factor. */
function walking(a: Point, b: Point): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h))) * NETWORK_FACTOR;
}
