// Geometry helpers for the maps: datum shift for GCJ-02 basemaps, bounds, label points, colour classes.
import gcoord from 'gcoord';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { AreaStats } from '@linli/contracts';

export type StatKey = keyof AreaStats;

export interface GridProps extends AreaStats {
  id: string;
  code: string;
  name: string;
  communityId: string;
  communityName: string;
  streetName: string;
}

export interface AreaProps extends AreaStats {
  id: string;
  name: string;
  level: 'street' | 'community';
}

export type MapProps = (GridProps & { kind: 'grid' }) | (AreaProps & { kind: 'area' });

/**
 * Linli stores WGS-84. Chinese web basemaps are usually drawn in GCJ-02, so when the configured
 * basemap says so, our geometry is shifted to sit on it (the shift is 100-700 m in Foshan).
 */
export function toBasemapDatum<T extends FeatureCollection>(fc: T, crs: 'wgs84' | 'gcj02' | undefined): T {
  if (crs !== 'gcj02') return fc;
  return gcoord.transform(structuredClone(fc) as never, gcoord.WGS84, gcoord.GCJ02) as unknown as T;
}

/** A point on the basemap back to WGS-84 (for locating a click). */
export function fromBasemapDatum(lon: number, lat: number, crs: 'wgs84' | 'gcj02' | undefined): [number, number] {
  if (crs !== 'gcj02') return [lon, lat];
  return gcoord.transform([lon, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
}

function eachPosition(g: Geometry, fn: (p: Position) => void): void {
  switch (g.type) {
    case 'Point':
      fn(g.coordinates);
      break;
    case 'MultiPoint':
    case 'LineString':
      g.coordinates.forEach(fn);
      break;
    case 'MultiLineString':
    case 'Polygon':
      g.coordinates.forEach((r) => r.forEach(fn));
      break;
    case 'MultiPolygon':
      g.coordinates.forEach((p) => p.forEach((r) => r.forEach(fn)));
      break;
    case 'GeometryCollection':
      g.geometries.forEach((x) => eachPosition(x, fn));
      break;
  }
}

export type Bounds = [number, number, number, number];

export function boundsOf(features: Feature[]): Bounds | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const f of features) {
    if (!f.geometry) continue;
    eachPosition(f.geometry, (p) => {
      const x = p[0]!;
      const y = p[1]!;
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    });
  }
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}

/** Where to put a feature's label: the centre of its largest ring's bounding box. */
export function labelPoint(f: Feature): [number, number] | null {
  const g = f.geometry;
  if (!g) return null;
  let ring: Position[] | undefined;
  if (g.type === 'Polygon') ring = g.coordinates[0];
  else if (g.type === 'MultiPolygon') {
    let best = -1;
    for (const poly of g.coordinates) {
      const r = poly[0];
      if (r && r.length > best) {
        best = r.length;
        ring = r;
      }
    }
  } else if (g.type === 'Point') return [g.coordinates[0]!, g.coordinates[1]!];
  if (!ring || ring.length === 0) return null;
  // Area-weighted centroid of the ring; falls back to the bbox centre for degenerate rings.
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j] as [number, number];
    const [x1, y1] = ring[i] as [number, number];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(a) < 1e-14) {
    const b = boundsOf([f]);
    return b ? [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] : null;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/** Sequential palettes: calm blues normally, stronger steps in elder (high-contrast) mode. */
export const PALETTE = ['#eaf1fb', '#bcd3f0', '#7eaadf', '#3f7cc6', '#1d4f91'];
export const PALETTE_ELDER = ['#ffffcc', '#fed976', '#fd8d3c', '#e31a1c', '#800026'];

/** Class breaks (quantiles) for a set of counts; ascending, without repeats. */
export function classBreaks(values: number[], classes = 5): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks: number[] = [];
  for (let i = 1; i < classes; i++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / classes))]!;
    if (v > (breaks[breaks.length - 1] ?? sorted[0]!)) breaks.push(v);
  }
  return breaks;
}

export function classOf(value: number, breaks: number[]): number {
  let c = 0;
  for (const b of breaks) if (value >= b) c++;
  return c;
}
