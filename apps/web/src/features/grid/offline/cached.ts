// GET with a fallback: the last good answer, kept on the phone, when the network is down. Forms in
// the field (catalogue, checklist, grid outlines, my cases) open offline this way.
import { ApiError, api, withQuery, type Query } from '../../../lib/api.ts';
import { cacheGet, cachePut } from './store.ts';

export interface Cached<T> {
  data: T;
  /** Set when the answer came from the phone rather than the server. */
  offlineSince: string | null;
}

export async function cachedGet<T>(userId: string, path: string, query?: Query, signal?: AbortSignal): Promise<Cached<T>> {
  const key = `${userId}:${withQuery(path, query)}`;
  try {
    const data = await api.get<T>(path, query, signal);
    void cachePut(key, data).catch(() => undefined);
    return { data, offlineSince: null };
  } catch (err) {
    if (err instanceof ApiError && err.status === 0) {
      const hit = await cacheGet<T>(key).catch(() => undefined);
      if (hit) return { data: hit.value, offlineSince: hit.savedAt };
    }
    throw err;
  }
}
