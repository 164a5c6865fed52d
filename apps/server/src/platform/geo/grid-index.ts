// Point -> grid lookup: an H3 cell table narrows a point to a few candidate grids, then an exact
// point-in-polygon test decides. Grid polygons are WGS-84 GeoJSON, as stored in grids.geometry.
import { booleanPointInPolygon } from '@turf/turf';
import { gridDisk, latLngToCell, polygonToCellsExperimental, POLYGON_TO_CELLS_FLAGS } from 'h3-js';
import type { MultiPolygon, Polygon } from 'geojson';

export type GridGeometry = Polygon | MultiPolygon;
export interface GridShape {
  id: string;
  geometry: GridGeometry;
}

/** Resolution 9 cells are ~0.1 km2, about the size of the smallest grids in Zumiao. */
export const DEFAULT_H3_RESOLUTION = 9;

type BBox = [number, number, number, number];
interface Entry {
  id: string;
  /** The geometry with its bbox member set, which turf checks before the full test. */
  geometry: GridGeometry;
  box: BBox;
}

export class GridIndex {
  /** Grids in tie-break order: a point on a shared edge belongs to the earliest grid that holds it. */
  private readonly entries: Entry[];
  /** H3 cell -> positions in `entries` of every grid the cell overlaps, ascending. */
  private readonly cells = new Map<string, number[]>();

  constructor(
    grids: readonly GridShape[],
    readonly resolution = DEFAULT_H3_RESOLUTION,
  ) {
    // Ordering by id rather than by input makes edge points land the same way however the
    // caller happened to load the rows.
    this.entries = [...grids]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((g) => {
        const box = bboxOf(g.geometry);
        return { id: g.id, geometry: { ...g.geometry, bbox: box }, box };
      });
    this.entries.forEach((entry, position) => {
      for (const cell of coveringCells(entry.geometry, resolution)) {
        const list = this.cells.get(cell);
        if (!list) this.cells.set(cell, [position]);
        else if (list[list.length - 1] !== position) list.push(position);
      }
    });
  }

  get size(): number {
    return this.entries.length;
  }

  /** Number of H3 cells indexed and mean candidates per cell, for benchmarks and tuning. */
  stats(): { cells: number; meanCandidates: number } {
    let total = 0;
    for (const list of this.cells.values()) total += list.length;
    return { cells: this.cells.size, meanCandidates: this.cells.size ? total / this.cells.size : 0 };
  }

  /** The grid holding the point, or null outside every grid. */
  locate(lat: number, lon: number): string | null {
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
    const cell = latLngToCell(lat, lon, this.resolution);
    const found = this.firstContaining(this.cells.get(cell), lon, lat);
    if (found !== null) return found;
    // H3 cell edges are great-circle arcs in a gnomonic projection, grid edges are straight in
    // lon/lat; within millimetres of a cell edge the two can disagree, so look one ring further
    // before answering "outside". Only points outside every grid normally get here.
    const ring = new Set<number>();
    for (const neighbour of gridDisk(cell, 1)) for (const p of this.cells.get(neighbour) ?? []) ring.add(p);
    return this.firstContaining([...ring].sort((a, b) => a - b), lon, lat);
  }

  /** The same answer as locate() by testing every grid in turn; the benchmark's baseline. */
  locateNaive(lat: number, lon: number): string | null {
    const point = [lon, lat];
    for (const entry of this.entries) {
      if (booleanPointInPolygon(point, stripBBox(entry.geometry))) return entry.id;
    }
    return null;
  }

  private firstContaining(positions: readonly number[] | undefined, lon: number, lat: number): string | null {
    if (!positions) return null;
    const point = [lon, lat];
    for (const p of positions) {
      const entry = this.entries[p]!;
      const [w, s, e, n] = entry.box;
      // The box test is turf's own first step; doing it here skips the call for most misses.
      if (lon < w || lon > e || lat < s || lat > n) continue;
      if (booleanPointInPolygon(point, entry.geometry)) return entry.id;
    }
    return null;
  }
}

/** Every cell that overlaps the geometry, so a point near a grid's edge still finds the grid. */
function coveringCells(geometry: GridGeometry, resolution: number): string[] {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const cells: string[] = [];
  for (const rings of parts) {
    cells.push(...polygonToCellsExperimental(rings, resolution, POLYGON_TO_CELLS_FLAGS.containmentOverlapping, true));
  }
  return cells;
}

function bboxOf(geometry: GridGeometry): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of parts) {
    for (const [x, y] of rings[0] ?? []) {
      if (x! < box[0]) box[0] = x!;
      if (y! < box[1]) box[1] = y!;
      if (x! > box[2]) box[2] = x!;
      if (y! > box[3]) box[3] = y!;
    }
  }
  return box;
}

/** The naive baseline gets no bounding-box shortcut: it is the loop a first version would write. */
const bare = new WeakMap<object, GridGeometry>();
function stripBBox(geometry: GridGeometry): GridGeometry {
  let plain = bare.get(geometry);
  if (!plain) {
    plain = { type: geometry.type, coordinates: geometry.coordinates } as GridGeometry;
    bare.set(geometry, plain);
  }
  return plain;
}
