// The patrol in progress, kept on the phone (IndexedDB) so a reload, a dead battery or a lost signal
// loses nothing; turned into one outbox submission when the worker finishes.
import { dropDraft, loadDraft, saveDraft } from './offline/store.ts';
import { outbox } from './offline/outbox.ts';

export interface DraftResult {
  result: 'pass' | 'fail';
  note: string;
  photo: Blob | null;
}

export interface DraftPlace {
  name: string;
  lat?: number;
  lon?: number;
  /** By checklist item id. */
  results: Record<string, DraftResult>;
}

export interface DraftVisit {
  personId: string;
  personName: string;
  condition: 'ok' | 'needs_help' | 'not_home' | 'hospitalised';
  note: string;
  visitedAt: string;
}

export interface PatrolDraft {
  gridId: string;
  gridName: string;
  startedAt: string;
  route: { lat: number; lon: number; at: string }[];
  places: DraftPlace[];
  visits: DraftVisit[];
  notes: string;
}

export const draftKey = (userId: string) => `patrol:${userId}`;
export const loadPatrol = (userId: string) => loadDraft<PatrolDraft>(draftKey(userId));
export const savePatrol = (userId: string, d: PatrolDraft) => saveDraft(draftKey(userId), d);
export const dropPatrol = (userId: string) => dropDraft(draftKey(userId));

/** Metres between two WGS-84 points (haversine). */
export function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

export function routeLength(route: { lat: number; lon: number }[]): number {
  let m = 0;
  for (let i = 1; i < route.length; i++) m += metres(route[i - 1]!, route[i]!);
  return Math.round(m);
}

/** Queue the finished patrol: places with their results, photos by result, visits and the route. */
export async function submitPatrol(userId: string, d: PatrolDraft): Promise<void> {
  const photos: Record<string, Blob[]> = {};
  const places = d.places
    .map((p) => ({ ...p, entries: Object.entries(p.results) }))
    .filter((p) => p.entries.length || p.name.trim())
    .map((p, pi) => ({
      name: p.name.trim() || d.gridName,
      ...(p.lat !== undefined && p.lon !== undefined ? { lat: p.lat, lon: p.lon } : {}),
      results: p.entries.map(([itemId, r], ri) => {
        if (r.photo) photos[`places.${pi}.results.${ri}.photoId`] = [r.photo];
        return { itemId, result: r.result, note: r.note };
      }),
    }));
  const body = {
    gridId: d.gridId,
    startedAt: d.startedAt,
    endedAt: new Date().toISOString(),
    route: d.route,
    places,
    visits: d.visits.map((v) => ({ personId: v.personId, condition: v.condition, note: v.note, visitedAt: v.visitedAt })),
    notes: d.notes,
  };
  await outbox.enqueue('patrol', d.gridName, body, photos);
  await dropPatrol(userId);
}
