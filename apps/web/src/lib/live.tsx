// Live updates over one EventSource on /api/events, and the notifications inbox built on it.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Notification } from '@linli/contracts';
import { api } from './api.ts';
import { useSession } from './session.tsx';
import { feedback } from './feedback.ts';
import i18n from '../i18n/index.ts';

type Listener = (data: unknown) => void;

/** Subscribers per event type (notification, person.changed, case.updated, area, ...). */
const listeners = new Map<string, Set<Listener>>();

// The one open stream, and the event types it already forwards. EventSource delivers a named event
// only to listeners for that name, so each type gets attached when someone first subscribes to it.
let source: EventSource | null = null;
const attached = new Set<string>();
let onEvent: (type: string, raw: string) => void = () => undefined;

function attach(type: string): void {
  if (!source || attached.has(type)) return;
  attached.add(type);
  source.addEventListener(type, (e) => onEvent(type, (e as MessageEvent<string>).data));
}

export function useLiveEvent(type: string, handler: Listener): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const fn: Listener = (d) => ref.current(d);
    let set = listeners.get(type);
    if (!set) listeners.set(type, (set = new Set()));
    set.add(fn);
    attach(type);
    return () => {
      set.delete(fn);
    };
  }, [type]);
}

interface InboxValue {
  items: Notification[];
  unread: number;
  loading: boolean;
  refresh: () => Promise<void>;
  markRead: (id: string) => Promise<void>;
  markAllRead: () => Promise<void>;
}

const InboxContext = createContext<InboxValue | null>(null);


export function LiveProvider({ children }: { children: ReactNode }) {
  const { status: sessionStatus, me, reload: reloadSession } = useSession();
  // A reset (temporary) password opens nothing but the change, so nothing live until then.
  const status = me?.mustChangePassword ? 'restricted' : sessionStatus;
  const [items, setItems] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);
  const [loading, setLoading] = useState(false);

  const refresh = useCallback(async () => {
    setLoading(true);
    try {
      const r = await api.get<{ items: Notification[]; unread: number }>('/api/notifications');
      setItems(r.items);
      setUnread(r.unread);
    } catch {
      /* the bell simply stays as it was */
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (status !== 'authenticated') {
      setItems([]);
      setUnread(0);
      return;
    }
    void refresh();
    if (typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/events', { withCredentials: true });
    source = es;
    attached.clear();
    const dispatch = (type: string, raw: string) => {
      let data: unknown = raw;
      try {
        data = JSON.parse(raw);
      } catch {
        /* plain text event */
      }
      if (type === 'notification' && data && typeof data === 'object' && 'id' in data) {
        const n = data as Notification;
        setItems((prev) => [n, ...prev.filter((p) => p.id !== n.id)]);
        if (!n.readAt) setUnread((u) => u + 1);
        feedback.notification?.info({ message: i18n.t('notifications.newArrived'), description: n.title, placement: 'topRight' });
        // A granted or revoked role changes the menu: fetch the user's roles again.
        if (n.kind.startsWith('role.')) void reloadSession();
      }
      listeners.get(type)?.forEach((fn) => fn(data));
    };
    onEvent = dispatch;
    attach('notification');
    for (const type of listeners.keys()) attach(type);
    es.onmessage = (e: MessageEvent<string>) => dispatch('message', e.data);
    return () => {
      es.close();
      if (source === es) source = null;
      attached.clear();
    };
  }, [status, refresh, reloadSession]);

  const itemsRef = useRef(items);
  itemsRef.current = items;

  const markRead = useCallback(async (id: string) => {
    await api.post(`/api/notifications/${id}/read`);
    const wasUnread = itemsRef.current.some((n) => n.id === id && !n.readAt);
    const now = new Date().toISOString();
    setItems((prev) => prev.map((n) => (n.id === id && !n.readAt ? { ...n, readAt: now } : n)));
    if (wasUnread) setUnread((u) => Math.max(0, u - 1));
  }, []);

  const markAllRead = useCallback(async () => {
    await api.post('/api/notifications/read-all');
    const now = new Date().toISOString();
    setItems((prev) => prev.map((n) => (n.readAt ? n : { ...n, readAt: now })));
    setUnread(0);
  }, []);

  const value = useMemo(() => ({ items, unread, loading, refresh, markRead, markAllRead }), [items, unread, loading, refresh, markRead, markAllRead]);
  return <InboxContext.Provider value={value}>{children}</InboxContext.Provider>;
}

export function useInbox(): InboxValue {
  const v = useContext(InboxContext);
  if (!v) throw new Error('useInbox outside LiveProvider');
  return v;
}
