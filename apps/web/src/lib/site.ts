// Site-wide facts fetched once: the district's config and whether this is a demo.
import { api } from './api.ts';
import type { Health, SiteConfig } from './session.tsx';

let config: Promise<SiteConfig> | null = null;
let health: Promise<Health> | null = null;

export function getConfig(): Promise<SiteConfig> {
  config ??= api.get<SiteConfig>('/api/config').catch((err: unknown) => {
    config = null;
    throw err;
  });
  return config;
}

export function getHealth(): Promise<Health> {
  health ??= api.get<Health>('/api/health').catch((err: unknown) => {
    health = null;
    throw err;
  });
  return health;
}
