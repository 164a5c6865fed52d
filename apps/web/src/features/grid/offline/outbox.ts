// The outbox: field submissions (case reports, patrol records) wait here until the network is back.
// Each carries the Idempotency-Key it was given when the worker pressed submit, so however often a
// send is retried (lost answers, flaky signal, a reload mid-send) the server applies it once.
// Photos are uploaded first and their ids written back, so a retry never uploads a photo twice
// unless its answer was lost.
import { useEffect, useState } from 'react';
import { ApiError, api, newIdempotencyKey } from '../../../lib/api.ts';
import { errorText } from '../../../lib/feedback.ts';
import { uploadPhoto } from '../../cases/photos.ts';
import { deleteItem, itemsOf, putItem, type OutboxItem, type OutboxKind, type OutboxPhoto } from './store.ts';

const PATHS: Record<OutboxKind, string> = { case: '/api/cases', patrol: '/api/patrols' };
/** Sent items stay listed for a week so the worker sees what became of them. */
const KEEP_SENT_MS = 7 * 86_400_000;

/** 2 s, 4 s, 8 s ... capped at 5 minutes, with jitter so many phones do not retry in step. */
export function backoff(attempts: number): number {
  const base = Math.min(300_000, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** Retry later: the network, the server's own trouble, or the first copy still being applied. */
function transient(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true;
  return err.status === 0 || err.status >= 500 || err.status === 429 || err.code === 'idempotency.in_progress';
}

/** Put uploaded ids where the body expects them: "photos" (a list) or "places.0.results.2.photoId" (one). */
export function assemble(item: OutboxItem): Record<string, unknown> {
  const body = structuredClone(item.body);
  for (const [path, photos] of Object.entries(item.photos)) {
    const ids = photos.map((p) => p.fileId).filter((id): id is string => !!id);
    const parts = path.split('.');
    let node: Record<string, unknown> | unknown[] = body;
    for (const part of parts.slice(0, -1)) node = (node as Record<string, unknown>)[part] as Record<string, unknown>;
    const last = parts[parts.length - 1]!;
    (node as Record<string, unknown>)[last] = last === 'photos' ? ids : ids[0];
  }
  return body;
}

type Listener = () => void;

class Outbox {
  private userId: string | null = null;
  private running = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<Listener>();
  private started = false;
  /** Set after a 401: nothing is sent until the user logs in again. */
  private needsLogin = false;

  start(userId: string): void {
    if (this.userId !== userId) {
      this.userId = userId;
      this.needsLogin = false;
      this.changed();
    }
    if (!this.started && typeof window !== 'undefined') {
      this.started = true;
      window.addEventListener('online', () => void this.retryAll());
      window.addEventListener('offline', () => this.changed());
      // A tab brought back to the front may have missed the online event.
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') void this.kick();
      });
    }
    void this.prune().then(() => this.kick());
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    this.listeners.forEach((fn) => fn());
  }

  get user(): string | null {
    return this.userId;
  }

  /** Queue a submission; it is sent now if the network allows, later otherwise. */
  async enqueue(kind: OutboxKind, label: string, body: Record<string, unknown>, photos: Record<string, Blob[]> = {}): Promise<OutboxItem> {
    if (!this.userId) throw new Error('outbox not started');
    const item: OutboxItem = {
      key: `${kind}-${newIdempotencyKey()}`,
      userId: this.userId,
      kind,
      label,
      createdAt: new Date().toISOString(),
      body,
      photos: Object.fromEntries(Object.entries(photos).map(([path, blobs]) => [path, blobs.map((blob): OutboxPhoto => ({ blob, fileId: null }))])),
      state: 'queued',
      attempts: 0,
      nextAttemptAt: 0,
      error: null,
      result: null,
      sentAt: null,
    };
    await putItem(item);
    this.changed();
    void this.kick();
    return item;
  }

  async items(): Promise<OutboxItem[]> {
    return this.userId ? itemsOf(this.userId) : [];
  }

  async remove(key: string): Promise<void> {
    await deleteItem(key);
    this.changed();
  }

  /** Send everything waiting now (the network came back, or the worker pressed retry). */
  async retryAll(): Promise<void> {
    this.needsLogin = false;
    for (const item of await this.items()) {
      if (item.state === 'queued' || item.state === 'failed' || item.state === 'sending') {
        await putItem({ ...item, state: 'queued', nextAttemptAt: 0 });
      }
    }
    this.changed();
    await this.kick();
  }

  private async prune(): Promise<void> {
    const now = Date.now();
    for (const item of await this.items()) {
      if (item.state === 'sent' && item.sentAt && now - Date.parse(item.sentAt) > KEEP_SENT_MS) await deleteItem(item.key);
      // A send cut off by a reload or a closed tab: queue it again (its key keeps it single).
      else if (item.state === 'sending') await putItem({ ...item, state: 'queued' });
    }
  }

  /** Work through what is due, one at a time and oldest first, then sleep until the next is due. */
  async kick(): Promise<void> {
    if (this.running || !this.userId) return;
    this.running = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      for (;;) {
        if (this.needsLogin || (typeof navigator !== 'undefined' && navigator.onLine === false)) break;
        const due = (await this.items()).find((i) => i.state === 'queued' && i.nextAttemptAt <= Date.now());
        if (!due) break;
        const ok = await this.send(due);
        if (!ok) break;
      }
    } finally {
      this.running = false;
    }
    const waiting = (await this.items()).filter((i) => i.state === 'queued');
    if (waiting.length && !this.needsLogin) {
      const next = Math.max(1000, Math.min(...waiting.map((i) => i.nextAttemptAt)) - Date.now());
      this.timer = setTimeout(() => void this.kick(), next);
    }
  }

  /** Returns false when sending should pause (the network or the session is gone). */
  private async send(item: OutboxItem): Promise<boolean> {
    let current: OutboxItem = { ...item, state: 'sending' };
    await putItem(current);
    this.changed();
    try {
      for (const path of Object.keys(current.photos)) {
        const photos = [...current.photos[path]!];
        for (let i = 0; i < photos.length; i++) {
          const p = photos[i]!;
          if (p.fileId || !p.blob) continue;
          photos[i] = { blob: null, fileId: await uploadPhoto(p.blob) };
          current = { ...current, photos: { ...current.photos, [path]: [...photos] } };
          await putItem(current);
        }
      }
      const answer = await api.post<{ id: string; number?: string; possibleDuplicates?: unknown[] }>(PATHS[current.kind], assemble(current), { idempotencyKey: current.key });
      current = {
        ...current,
        state: 'sent',
        error: null,
        sentAt: new Date().toISOString(),
        result: { id: answer.id, number: answer.number, duplicates: answer.possibleDuplicates?.length ?? 0 },
      };
      await putItem(current);
      this.changed();
      return true;
    } catch (err) {
      const attempts = current.attempts + 1;
      if (err instanceof ApiError && err.status === 401) {
        this.needsLogin = true;
        await putItem({ ...current, state: 'queued', error: errorText(err) });
        this.changed();
        return false;
      }
      if (transient(err)) {
        await putItem({ ...current, state: 'queued', attempts, nextAttemptAt: Date.now() + backoff(attempts), error: errorText(err) });
        this.changed();
        // The network is down: stop here; the online event or the timer resumes.
        return !(err instanceof ApiError && err.status === 0);
      }
      // Refused (bad input, outside the district ...): retrying would not help; the worker decides.
      await putItem({ ...current, state: 'failed', attempts, error: errorText(err) });
      this.changed();
      return true;
    }
  }
}

export const outbox = new Outbox();

/** The current user's outbox, live. */
export function useOutbox(): { items: OutboxItem[]; online: boolean } {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);
  useEffect(() => {
    let alive = true;
    const load = () => {
      setOnline(navigator.onLine);
      void outbox.items().then((v) => alive && setItems(v)).catch(() => undefined);
    };
    load();
    const off = outbox.subscribe(load);
    window.addEventListener('online', load);
    window.addEventListener('offline', load);
    return () => {
      alive = false;
      off();
      window.removeEventListener('online', load);
      window.removeEventListener('offline', load);
    };
  }, []);
  return { items, online };
}
