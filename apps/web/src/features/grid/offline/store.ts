// The phone's own storage for field work (IndexedDB via idb): the outbox of submissions waiting for
// the network, the patrol in progress, and the last good copy of what the forms need (catalogue,
// checklist, grid outline) so they open offline.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export type OutboxKind = 'case' | 'patrol';
export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

/** One photo of a submission: the resized bytes until uploaded, then the server's file id. */
export interface OutboxPhoto {
  blob: Blob | null;
  fileId: string | null;
}

export interface OutboxItem {
  /** Also the Idempotency-Key: the server applies a submission once, however often it is sent. */
  key: string;
  userId: string;
  kind: OutboxKind;
  /** What the list shows: the type name or the patrol's grid. */
  label: string;
  createdAt: string;
  /** The JSON body without photo ids; photoSlots says where uploaded ids go. */
  body: Record<string, unknown>;
  /** case: photos of the report; patrol: one photo per checklist result (by "place.result" index). */
  photos: Record<string, OutboxPhoto[]>;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  error: string | null;
  /** The server's answer once sent: the case or patrol id (and the case number). */
  result: { id: string; number?: string; duplicates?: number } | null;
  sentAt: string | null;
}

interface FieldDB extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { byUser: string } };
  drafts: { key: string; value: { key: string; value: unknown; savedAt: string } };
  cache: { key: string; value: { key: string; value: unknown; savedAt: string } };
}

let dbPromise: Promise<IDBPDatabase<FieldDB>> | null = null;

function db(): Promise<IDBPDatabase<FieldDB>> {
  dbPromise ??= openDB<FieldDB>('linli-field', 1, {
    upgrade(d) {
      const outbox = d.createObjectStore('outbox', { keyPath: 'key' });
      outbox.createIndex('byUser', 'userId');
      d.createObjectStore('drafts', { keyPath: 'key' });
      d.createObjectStore('cache', { keyPath: 'key' });
    },
  });
  return dbPromise;
}

export async function putItem(item: OutboxItem): Promise<void> {
  await (await db()).put('outbox', item);
}

export async function getItem(key: string): Promise<OutboxItem | undefined> {
  return (await db()).get('outbox', key);
}

export async function deleteItem(key: string): Promise<void> {
  await (await db()).delete('outbox', key);
}

/** A user's submissions, oldest first. */
export async function itemsOf(userId: string): Promise<OutboxItem[]> {
  const all = await (await db()).getAllFromIndex('outbox', 'byUser', userId);
  return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function saveDraft(key: string, value: unknown): Promise<void> {
  await (await db()).put('drafts', { key, value, savedAt: new Date().toISOString() });
}

export async function loadDraft<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('drafts', key))?.value as T | undefined;
}

export async function dropDraft(key: string): Promise<void> {
  await (await db()).delete('drafts', key);
}

export async function cachePut(key: string, value: unknown): Promise<void> {
  await (await db()).put('cache', { key, value, savedAt: new Date().toISOString() });
}

export async function cacheGet<T>(key: string): Promise<{ value: T; savedAt: string } | undefined> {
  const row = await (await db()).get('cache', key);
  return row ? { value: row.value as T, savedAt: row.savedAt } : undefined;
}
