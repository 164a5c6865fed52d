// Coordinates and measures: WGS-84 <-> GCJ-02 for Chinese basemaps, and metric area, centroid and
// distance. Linli stores WGS-84 everywhere; GCJ-02 exists only at the edge, for tiles that use it.
import gcoordImport from 'gcoord';
import { area, centerOfMass, distance, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { Geometry, MultiPolygon, Polygon } from 'geojson';

/** The slice of gcoord used here. It ships CommonJS typed as an ES default export, which Node and
 *  TypeScript's module modes disagree about, so the import is normalised once. */
interface Gcoord {
  transform<T>(input: T, from: string, to: string): T;
  WGS84: string;
  GCJ02: string;
}
const gcoord: Gcoord = (gcoordImport as unknown as { default?: Gcoord }).default ?? (gcoordImport as unknown as Gcoord);

export interface LatLon {
  lat: number;
  lon: number;
}

/**
 * GCJ-02 is the obfuscated datum Chinese web maps (AMap, Tencent) are drawn in; a WGS-84 point
 * drawn on them lands a few hundred metres off. gcoord leaves points outside China unchanged.
 */
export function wgs84ToGcj02(p: LatLon): LatLon {
  const [lon, lat] = gcoord.transform([p.lon, p.lat], gcoord.WGS84, gcoord.GCJ02);
  return { lat: lat!, lon: lon! };
}

/** The inverse is iterative in gcoord; it returns within about a centimetre of the original. */
export function gcj02ToWgs84(p: LatLon): LatLon {
  const [lon, lat] = gcoord.transform([p.lon, p.lat], gcoord.GCJ02, gcoord.WGS84);
  return { lat: lat!, lon: lon! };
}

/** A converted copy of a GeoJSON geometry; the input is left as it was. */
export function geometryToGcj02<G extends Geometry>(geometry: G): G {
  return gcoord.transform(structuredClone(geometry), gcoord.WGS84, gcoord.GCJ02);
}

export function geometryToWgs84<G extends Geometry>(geometry: G): G {
  return gcoord.transform(structuredClone(geometry), gcoord.GCJ02, gcoord.WGS84);
}

/** Geodesic area in square metres. */
export function areaM2(geometry: Polygon | MultiPolygon): number {
  return area(geometry);
}

/** Centre of mass; for a concave or split shape this may fall outside it (see interiorPoint). */
export function centroid(geometry: Polygon | MultiPolygon): LatLon {
  const [lon, lat] = centerOfMass(geometry).geometry.coordinates;
  return { lat: lat!, lon: lon! };
}

/** A point guaranteed to lie on the shape, at its centre of mass whenever that is inside: map labels, pins. */
export function interiorPoint(geometry: Polygon | MultiPolygon): LatLon {
  const c = centroid(geometry);
  if (booleanPointInPolygon([c.lon, c.lat], geometry)) return c;
  const [lon, lat] = pointOnFeature(geometry).geometry.coordinates;
  return { lat: lat!, lon: lon! };
}

/** Great-circle distance in metres. */
export function distanceM(a: LatLon, b: LatLon): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
}
