// Which provider the centre should send an order to: those that deliver the category and cover the
// place, ranked by rating (40), free capacity that day (30) and nearness (30). A provider with no
// capacity left is listed last and cannot be chosen; a low performer is shown as flagged.
import type { ProviderSuggestion } from '@linli/contracts';
import { distanceKm } from '../catalogue/local-time.ts';

export interface Candidate {
  id: string;
  name: string;
  categoryIds: string[];
  coveragePaths: string[];
  dailyCapacity: number;
  ratingSum: number;
  ratingCount: number;
  lat: number | null;
  lon: number | null;
  active: boolean;
}

/** A new provider starts at the prior (4.0 from 3 ratings' weight), so one review neither makes nor breaks it. */
const PRIOR_MEAN = 4;
const PRIOR_WEIGHT = 3;

export function covers(c: Pick<Candidate, 'categoryIds' | 'coveragePaths' | 'active'>, order: { categoryId: string; areaPath: string }): boolean {
  return c.active && c.categoryIds.includes(order.categoryId) && c.coveragePaths.some((p) => order.areaPath.startsWith(p));
}

export function rank(
  candidates: Candidate[],
  order: { categoryId: string; areaPath: string; lat: number | null; lon: number | null },
  booked: Map<string, { capacity: number; booked: number }>,
  flagged: ReadonlySet<string>,
): ProviderSuggestion[] {
  const out = candidates.map((c) => {
    const day = booked.get(c.id);
    const capacity = day?.capacity ?? c.dailyCapacity;
    const free = Math.max(0, capacity - (day?.booked ?? 0));
    const rating = c.ratingCount ? c.ratingSum / c.ratingCount : null;
    const smoothed = (c.ratingSum + PRIOR_MEAN * PRIOR_WEIGHT) / (c.ratingCount + PRIOR_WEIGHT);
    const km = order.lat != null && order.lon != null && c.lat != null && c.lon != null ? distanceKm({ lat: order.lat, lon: order.lon }, { lat: c.lat, lon: c.lon }) : null;
    const score = free > 0 ? 40 * ((smoothed - 1) / 4) + 30 * Math.min(1, free / Math.max(1, capacity)) + 30 * (km === null ? 0.5 : 1 / (1 + km)) - (flagged.has(c.id) ? 10 : 0) : 0;
    return {
      provider: { id: c.id, name: c.name },
      score: Math.round(score * 10) / 10,
      rating: rating === null ? null : Math.round(rating * 100) / 100,
      free,
      capacity,
      distanceKm: km === null ? null : Math.round(km * 100) / 100,
      flagged: flagged.has(c.id),
      covers: covers(c, order),
    };
  });
  return out.sort((a, b) => Number(b.covers) - Number(a.covers) || Number(b.free > 0) - Number(a.free > 0) || b.score - a.score || a.provider.name.localeCompare(b.provider.name));
}
