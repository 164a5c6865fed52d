// The demo district's land: an irregular 154 km2 outline around 23.02 N 113.11 E, cut by nested
// Voronoi diagrams into 4 streets, 147 communities and 478 grids, with compounds inside grids.
// Nothing here depends on the population scale, so the map is the same at every scale.
import { bbox as bboxOf, booleanPointInPolygon, featureCollection, intersect, point, voronoi } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { areaM2, GridIndex, interiorPoint } from '../../platform/geo/index.ts';
import { apportion, Random } from './random.ts';
import {
  COMPOUND_STEMS,
  COMPOUND_SUFFIXES,
  STREETS,
  VILLAGE_WARD_STEMS,
  VILLAGE_WARD_SUFFIXES,
  WORK_UNIT_HOUSING,
  type StreetSpec,
} from './place-names.ts';
import type { AreaRow, DistrictRow, GridRow } from './rows.ts';

export const DISTRICT = {
  id: 'chancheng',
  code: '440604',
  name: '禅城区',
  nameEn: 'Chancheng',
  centerLat: 23.02,
  centerLon: 113.11,
  areaKm2: 154,
  population: 1_330_000,
  grids: 478,
} as const;

/** Published populations pinned on particular communities (丽豪: "居民1.2万人"). */
const KNOWN_POPULATION: Record<string, number> = { 丽豪社区: 12_000 };

type Shape = Polygon | MultiPolygon;

export interface Street {
  spec: StreetSpec;
  row: AreaRow;
  geometry: Shape;
}
export interface Community {
  row: AreaRow;
  street: Street;
  kind: 'urban' | 'village';
  /** Residents at scale 1. */
  population: number;
  geometry: Shape;
  grids: GridRow[];
  compounds: Compound[];
}
export interface Compound {
  row: AreaRow;
  community: Community;
  grid: GridRow;
  /** Relative share of the community's households. */
  weight: number;
  /** [lon, lat] */
  center: Position;
}
export interface Geography {
  seed: number;
  district: DistrictRow;
  root: AreaRow;
  streets: Street[];
  communities: Community[];
  grids: GridRow[];
  compounds: Compound[];
  index: GridIndex;
}

export function generateGeography(seed: number): Geography {
  const boundary = districtBoundary(new Random(seed, 'boundary'));
  const ids = new Random(seed, 'area-ids');
  const rootId = ids.uuid();
  const rootCenter = { lat: DISTRICT.centerLat, lon: DISTRICT.centerLon };
  const root: AreaRow = {
    districtId: DISTRICT.id,
    id: rootId,
    parentId: null,
    level: 'district',
    kind: 'district',
    code: DISTRICT.code,
    name: DISTRICT.name,
    nameEn: DISTRICT.nameEn,
    path: `${rootId}/`,
    gridId: null,
    lat: rootCenter.lat,
    lon: rootCenter.lon,
    geometry: boundary,
    properties: { areaKm2: round(areaM2(boundary) / 1e6, 2), population: DISTRICT.population },
  };
  const district: DistrictRow = { id: DISTRICT.id, name: DISTRICT.name, nameEn: DISTRICT.nameEn, centerLat: DISTRICT.centerLat, centerLon: DISTRICT.centerLon, boundary };

  const streets = streetsOf(boundary, root, ids, new Random(seed, 'streets'));
  const communities = streets.flatMap((s) => communitiesOf(s, ids, new Random(seed, 'communities', s.spec.key)));
  assignPopulations(communities, new Random(seed, 'populations'));
  const gridCounts = apportion(DISTRICT.grids, communities.map((c) => c.population), 1);
  communities.forEach((c, i) => (c.grids = gridsOf(c, gridCounts[i]!, ids, new Random(seed, 'grids', c.row.code))));
  const grids = communities.flatMap((c) => c.grids);
  const index = new GridIndex(grids);
  const byId = new Map(grids.map((g) => [g.id, g]));
  for (const c of communities) c.compounds = compoundsOf(c, index, byId, ids, new Random(seed, 'compounds', c.row.code));
  return { seed, district, root, streets, communities, grids, compounds: communities.flatMap((c) => c.compounds), index };
}

// ---------------------------------------------------------------------------------------------
// A local flat frame in km around the district centre: good to well under 0.1% over 20 km.
const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON = 111.32 * Math.cos((DISTRICT.centerLat * Math.PI) / 180);
const toLonLat = (x: number, y: number): Position => [DISTRICT.centerLon + x / KM_PER_DEG_LON, DISTRICT.centerLat + y / KM_PER_DEG_LAT];
const kmBetween = (a: Position, b: Position) => Math.hypot((a[0]! - b[0]!) * KM_PER_DEG_LON, (a[1]! - b[1]!) * KM_PER_DEG_LAT);

/** A smooth, irregular outline, wider east-west like the real district, scaled to 154 km2. */
function districtBoundary(random: Random): Polygon {
  const harmonics = [3, 4, 5, 6, 7, 9].map((k) => ({ k, amp: random.range(0.015, 0.05) * (3 / k), phase: random.range(0, 2 * Math.PI) }));
  const vertices = 144;
  const ring: [number, number][] = [];
  for (let i = 0; i < vertices; i++) {
    const t = (2 * Math.PI * i) / vertices;
    let r = 1 + 0.14 * Math.cos(2 * t);
    for (const h of harmonics) r += h.amp * Math.cos(h.k * t + h.phase);
    ring.push([1.1 * r * Math.cos(t), 0.9 * r * Math.sin(t)]);
  }
  const shape = (scale: number): Polygon => {
    const coords = ring.map(([x, y]) => toLonLat(x * scale, y * scale));
    return { type: 'Polygon', coordinates: [[...coords, coords[0]!]] };
  };
  // Area grows with the square of the scale; two steps of the correction land within 1e-6.
  let scale = 7;
  for (let i = 0; i < 3; i++) scale *= Math.sqrt((DISTRICT.areaKm2 * 1e6) / areaM2(shape(scale)));
  return roundShape(shape(scale));
}

/** Voronoi cells of `seeds`, each cut to `parent`; the cells tile the parent exactly. */
function voronoiWithin(seeds: readonly Position[], parent: Shape): Shape[] {
  if (seeds.length === 1) return [parent];
  const box = bboxOf(parent);
  const pad = 0.01;
  const cells = voronoi(featureCollection(seeds.map((s) => point(s))), { bbox: [box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad] });
  const parentFeature: Feature<Shape> = { type: 'Feature', properties: {}, geometry: parent };
  return cells.features.map((cell, i) => {
    const clipped = cell && intersect(featureCollection<Shape>([cell, parentFeature]));
    if (!clipped) throw new Error(`Voronoi cell ${i} is empty; seeds must be distinct and inside the parent`);
    return clipped.geometry;
  });
}

/**
 * Street outlines: Voronoi cells of four seeds, nudged until each street has its target area.
 * A seed moves towards a neighbour whose cell is too large (taking land from it) and away from
 * one whose cell is too small; a few dozen rounds settle within 1%.
 */
function streetsOf(boundary: Polygon, root: AreaRow, ids: Random, random: Random): Street[] {
  const seeds = STREETS.map((s) => [s.anchor[0] + random.range(-0.3, 0.3), s.anchor[1] + random.range(-0.3, 0.3)] as [number, number]);
  const cellsFor = () => voronoiWithin(seeds.map(([x, y]) => toLonLat(x, y)), boundary);
  let cells = cellsFor();
  for (let round = 0; round < 200; round++) {
    const error = cells.map((c, i) => Math.log(areaM2(c) / 1e6 / STREETS[i]!.areaKm2));
    if (Math.max(...error.map(Math.abs)) < 0.005) break;
    const step = 0.6;
    const moves = seeds.map((): [number, number] => [0, 0]);
    for (let i = 0; i < seeds.length; i++) {
      for (let j = 0; j < seeds.length; j++) {
        if (i === j) continue;
        const dx = seeds[j]![0] - seeds[i]![0];
        const dy = seeds[j]![1] - seeds[i]![1];
        const d = Math.hypot(dx, dy);
        const push = step * (error[j]! - error[i]!);
        moves[i]![0] += (push * dx) / d;
        moves[i]![1] += (push * dy) / d;
      }
    }
    seeds.forEach((s, i) => {
      s[0] += moves[i]![0];
      s[1] += moves[i]![1];
    });
    cells = cellsFor();
  }
  return STREETS.map((spec, i) => {
    const id = ids.uuid();
    const geometry = cells[i]!;
    const center = interiorPoint(geometry);
    return {
      spec,
      geometry,
      row: {
        districtId: DISTRICT.id,
        id,
        parentId: root.id,
        level: 'street',
        kind: spec.kind,
        code: spec.code,
        name: spec.name,
        nameEn: spec.nameEn,
        path: `${root.path}${id}/`,
        gridId: null,
        lat: round(center.lat, 6),
        lon: round(center.lon, 6),
        geometry,
        properties: { areaKm2: round(areaM2(geometry) / 1e6, 2), population: spec.population },
      },
    };
  });
}

/**
 * Communities: urban ones packed around the street's centre, villages on its outer land, so the
 * map shows a dense core of small communities and a rural rim of large villages.
 */
function communitiesOf(street: Street, ids: Random, random: Random): Community[] {
  const { spec, geometry } = street;
  const center: Position = [street.row.lon!, street.row.lat!];
  const box = bboxOf(geometry);
  const inside = (p: Position) => containsPoint(geometry, p);
  const samplePoint = (): Position => {
    for (;;) {
      const p: Position = [random.range(box[0], box[2]), random.range(box[1], box[3])];
      if (inside(p)) return p;
    }
  };
  // The radius enclosing the urban share of the street's land, from a sample of its points.
  const distances = Array.from({ length: 4000 }, () => kmBetween(samplePoint(), center)).sort((a, b) => a - b);
  const urbanRadius = distances[Math.floor(spec.urbanShare * (distances.length - 1))]!;
  const streetKm2 = areaM2(geometry) / 1e6;
  const placed: Position[] = [];
  const scatter = (count: number, zone: (d: number) => boolean, zoneKm2: number): Position[] => {
    const chosen: Position[] = [];
    let spacing = 0.7 * Math.sqrt(zoneKm2 / count);
    for (let attempts = 0; chosen.length < count; attempts++) {
      if (attempts > 0 && attempts % 300 === 0) spacing *= 0.9;
      const p = samplePoint();
      if (!zone(kmBetween(p, center))) continue;
      if (placed.some((q) => kmBetween(p, q) < spacing)) continue;
      chosen.push(p);
      placed.push(p);
    }
    return chosen.sort((a, b) => kmBetween(a, center) - kmBetween(b, center));
  };
  const urbanSeeds = scatter(spec.urban.length, (d) => d <= urbanRadius, streetKm2 * spec.urbanShare);
  const villageSeeds = scatter(spec.villages.length, (d) => d > urbanRadius, streetKm2 * (1 - spec.urbanShare));
  const cells = voronoiWithin([...urbanSeeds, ...villageSeeds], geometry);

  const named = [
    ...spec.urban.map(([root, pinyin], i) => ({ kind: 'urban' as const, name: `${root}社区`, nameEn: `${pinyin} Community`, code: `${spec.code}${pad(i + 1, 3)}` })),
    // Statistical division codes number villagers' committees from 200.
    ...spec.villages.map(([root, pinyin], i) => ({ kind: 'village' as const, name: `${root}村`, nameEn: `${pinyin} Village`, code: `${spec.code}${pad(i + 201, 3)}` })),
  ];
  return named.map((n, i) => {
    const id = ids.uuid();
    const geometry = cells[i]!;
    const c = interiorPoint(geometry);
    return {
      kind: n.kind,
      street,
      population: 0,
      geometry,
      grids: [],
      compounds: [],
      row: {
        districtId: DISTRICT.id,
        id,
        parentId: street.row.id,
        level: 'community',
        kind: n.kind,
        code: n.code,
        name: n.name,
        nameEn: n.nameEn,
        path: `${street.row.path}${id}/`,
        gridId: null,
        lat: round(c.lat, 6),
        lon: round(c.lon, 6),
        geometry,
        properties: { areaKm2: round(areaM2(geometry) / 1e6, 3) },
      },
    };
  });
}

/** Residents at scale 1: each street's published total shared out, villages somewhat smaller. */
function assignPopulations(communities: Community[], random: Random): void {
  for (const spec of STREETS) {
    const members = communities.filter((c) => c.street.spec === spec);
    const pinned = members.filter((c) => KNOWN_POPULATION[c.row.name] !== undefined);
    const free = members.filter((c) => KNOWN_POPULATION[c.row.name] === undefined);
    for (const c of pinned) c.population = KNOWN_POPULATION[c.row.name]!;
    const villageWeight = spec.key === 'zumiao' ? 0.5 : spec.key === 'zhangcha' ? 1.1 : 0.85;
    const weights = free.map((c) => (c.kind === 'urban' ? 1 : villageWeight) * Math.exp(random.normal(0, c.kind === 'urban' ? 0.3 : 0.4)));
    const rest = spec.population - pinned.reduce((s, c) => s + c.population, 0);
    apportion(rest, weights, 1500).forEach((p, i) => (free[i]!.population = p));
  }
  for (const c of communities) c.row.properties = { ...c.row.properties, population: c.population };
}

function gridsOf(community: Community, count: number, ids: Random, random: Random): GridRow[] {
  const { geometry } = community;
  const box = bboxOf(geometry);
  const km2 = areaM2(geometry) / 1e6;
  const seeds: Position[] = [];
  let spacing = 0.75 * Math.sqrt(km2 / count);
  for (let attempts = 1; seeds.length < count; attempts++) {
    if (attempts % 300 === 0) spacing *= 0.9;
    const p: Position = [random.range(box[0], box[2]), random.range(box[1], box[3])];
    if (containsPoint(geometry, p) && !seeds.some((q) => kmBetween(p, q) < spacing)) seeds.push(p);
  }
  // Number grids from north-west to south-east, the order a map is read in.
  seeds.sort((a, b) => b[1]! - a[1]! + (a[0]! - b[0]!) * 0.5);
  return voronoiWithin(seeds, geometry).map((cell, i) => {
    const c = interiorPoint(cell);
    return {
      districtId: DISTRICT.id,
      id: ids.uuid(),
      communityId: community.row.id,
      code: `${community.row.code}${pad(i + 1, 2)}`,
      name: `${community.row.name}第${i + 1}网格`,
      areaPath: community.row.path,
      geometry: cell,
      lat: round(c.lat, 6),
      lon: round(c.lon, 6),
      areaM2: round(areaM2(cell), 1),
    };
  });
}

/** Compounds (小区) in urban grids, natural villages and wards (自然村/片区) in village grids. */
function compoundsOf(community: Community, index: GridIndex, gridsById: Map<string, GridRow>, ids: Random, random: Random): Compound[] {
  const urban = community.kind === 'urban';
  const used = new Set<string>();
  const root = community.row.name.replace(/(社区|村)$/, '');
  const nameOne = (): { name: string; type: string } => {
    for (;;) {
      let name: string;
      let type = urban ? 'residential' : 'ward';
      if (!urban) name = random.pick(VILLAGE_WARD_STEMS) + random.pick(VILLAGE_WARD_SUFFIXES);
      else if (random.chance(community.street.spec.key === 'zumiao' ? 0.12 : 0.05)) {
        name = random.pick(WORK_UNIT_HOUSING);
        type = 'work_unit';
      } else if (random.chance(0.08)) name = `${root}新村`;
      else name = random.pick(COMPOUND_STEMS) + random.pick(COMPOUND_SUFFIXES);
      if (!used.has(name)) {
        used.add(name);
        return { name, type };
      }
    }
  };
  const compounds: Compound[] = [];
  for (const grid of community.grids) {
    const shape = grid.geometry as Shape;
    const box = bboxOf(shape);
    const count = urban ? random.int(2, 4) : random.int(1, 3);
    for (let k = 0; k < count; k++) {
      let center: Position | null = null;
      for (let attempt = 0; attempt < 500 && !center; attempt++) {
        const p: Position = [round(random.range(box[0], box[2]), 6), round(random.range(box[1], box[3]), 6)];
        if (index.locate(p[1]!, p[0]!) === grid.id) center = p;
      }
      center ??= [grid.lon, grid.lat];
      const gridId = index.locate(center[1]!, center[0]!) ?? grid.id;
      const id = ids.uuid();
      const { name, type } = nameOne();
      compounds.push({
        community,
        grid: gridsById.get(gridId)!,
        weight: Math.exp(random.normal(0, 0.5)),
        center,
        row: {
          districtId: DISTRICT.id,
          id,
          parentId: community.row.id,
          level: 'compound',
          kind: 'compound',
          code: `${community.row.code}${pad(compounds.length + 1, 3)}`,
          name,
          nameEn: null,
          path: `${community.row.path}${id}/`,
          gridId,
          lat: center[1]!,
          lon: center[0]!,
          geometry: null,
          properties: { type },
        },
      });
    }
  }
  return compounds;
}

// ---------------------------------------------------------------------------------------------
function containsPoint(shape: Shape, p: Position): boolean {
  return booleanPointInPolygon(p, shape);
}
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
function roundShape(p: Polygon): Polygon {
  return { type: 'Polygon', coordinates: p.coordinates.map((ring) => ring.map(([x, y]) => [round(x!, 7), round(y!, 7)])) };
}
