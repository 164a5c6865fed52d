// Who is logged in, and their preferences (language, elder mode), shared with every page.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Locale, Me, Role } from '@linli/contracts';
import { api, setUnauthorizedHandler } from './api.ts';
import { applyLocale, storedLocale } from '../i18n/index.ts';

const ELDER_KEY = 'linli.elder';

function storedElder(): boolean {
  try {
    return localStorage.getItem(ELDER_KEY) === '1';
  } catch {
    return false;
  }
}

export interface SiteConfig {
  districtId: string;
  districtName: string;
  center: { lat: number; lon: number };
  basemap: null | { url: string; crs: 'wgs84' | 'gcj02' };
}

export interface Health {
  status: string;
  database: string;
  version: string;
  demo: boolean;
}

interface SessionValue {
  status: 'loading' | 'anonymous' | 'authenticated';
  me: Me | null;
  locale: Locale;
  elderMode: boolean;
  /** Set after a 401 from an ordinary request, so the login page can say why. */
  expired: boolean;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  setLocale: (locale: Locale) => Promise<void>;
  setElderMode: (on: boolean) => Promise<void>;
  reload: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionValue['status']>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [locale, setLocaleState] = useState<Locale>(storedLocale());
  const [elderMode, setElderState] = useState<boolean>(storedElder());
  const [expired, setExpired] = useState(false);

  const adopt = useCallback((user: Me | null) => {
    setMe(user);
    setStatus(user ? 'authenticated' : 'anonymous');
    if (user) {
      setExpired(false);
      setLocaleState(user.locale);
      applyLocale(user.locale);
      setElderState(user.elderMode);
      saveElder(user.elderMode);
    }
  }, []);

  const reload = useCallback(async () => {
    try {
      const info = await api.me();
      adopt(info?.user ?? null);
    } catch {
      adopt(null);
    }
  }, [adopt]);

  useEffect(() => {
    void reload();
    setUnauthorizedHandler(() => {
      setMe(null);
      setStatus('anonymous');
      setExpired(true);
    });
    return () => setUnauthorizedHandler(null);
  }, [reload]);

  useEffect(() => {
    document.documentElement.toggleAttribute('data-elder', elderMode);
  }, [elderMode]);

  const login = useCallback(
    async (username: string, password: string) => {
      const info = await api.login(username, password);
      adopt(info.user);
      return info.user;
    },
    [adopt],
  );

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setMe(null);
      setStatus('anonymous');
      setExpired(false);
    }
  }, []);

  const setLocale = useCallback(
    async (next: Locale) => {
      setLocaleState(next);
      applyLocale(next);
      if (me) setMe(await api.patch<Me>('/api/auth/me/preferences', { locale: next }));
    },
    [me],
  );

  const setElderMode = useCallback(
    async (on: boolean) => {
      setElderState(on);
      saveElder(on);
      if (me) setMe(await api.patch<Me>('/api/auth/me/preferences', { elderMode: on }));
    },
    [me],
  );

  const value = useMemo(
    () => ({ status, me, locale, elderMode, expired, login, logout, setLocale, setElderMode, reload }),
    [status, me, locale, elderMode, expired, login, logout, setLocale, setElderMode, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

function saveElder(on: boolean) {
  try {
    localStorage.setItem(ELDER_KEY, on ? '1' : '0');
  } catch {
    /* ignore */
  }
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The logged-in user; only for pages behind the login guard. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}

export function hasRole(me: Me | null, ...roles: Role[]): boolean {
  return !!me && me.roles.some((a) => roles.includes(a.role));
}
