// Area keys of the roll-ups and the exact age arithmetic they rely on. Every key starts with a
// community path (see migrations/0005_insight.sql), so scoping is one prefix test.
import { cellToParent, latLngToCell } from 'h3-js';

export type Level = 'c' | 'g' | 'h8' | 'h9';
export const LEVELS: readonly Level[] = ['c', 'g', 'h8', 'h9'];

/** The path of the community a row at `areaPath` belongs to (the path itself above community level). */
export function communityKey(areaPath: string): string {
  const parts = areaPath.split('/').filter(Boolean);
  return parts.length >= 3 ? `${parts.slice(0, 3).join('/')}/` : areaPath;
}

export interface Place {
  areaPath: string;
  gridId: string | null;
  lat: number | null;
  lon: number | null;
}

export interface PlaceKeys {
  c: string;
  g: string | null;
  h8: string | null;
  h9: string | null;
  /** Bare values for the birthday rows. */
  grid: string;
  cell8: string;
  cell9: string;
}

export function cellsOf(lat: number | null, lon: number | null): { h8: string; h9: string } | null {
  if (lat === null || lon === null || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  const h9 = latLngToCell(lat, lon, 9);
  return { h9, h8: cellToParent(h9, 8) };
}

export function placeKeys(p: Place): PlaceKeys {
  const c = communityKey(p.areaPath);
  const cells = cellsOf(p.lat, p.lon);
  return {
    c,
    g: p.gridId ? `${c}|${p.gridId}` : null,
    h8: cells ? `${c}|${cells.h8}` : null,
    h9: cells ? `${c}|${cells.h9}` : null,
    grid: p.gridId ?? '',
    cell8: cells?.h8 ?? '',
    cell9: cells?.h9 ?? '',
  };
}

/** The part of a key after the community path: grid id or H3 cell (the path itself for 'c'). */
export function keyTail(key: string): string {
  const bar = key.indexOf('|');
  return bar < 0 ? key : key.slice(bar + 1);
}

/** Today's date in China (UTC+8, no daylight saving), as YYYY-MM-DD. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The latest birth date of someone aged at least `years` on `asOf`. A 29 February birthday in a
 * year without one counts on 28 February, as ageOn() in the people module does.
 */
export function bornOnOrBefore(asOf: string, years: number): string {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  const year = y - years;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The age thresholds the bands need. */
export const THRESHOLDS = [18, 60, 80] as const;
