// One validated environment schema; Linli refuses to start on bad configuration.
import { z } from 'zod';
import path from 'node:path';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  /** postgres://... selects a PostgreSQL server; absent, Linli runs on embedded PGlite. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  LINLI_DATA_DIR: z.string().default('./data'),
  /** Seed the demo district on first start (default: on for PGlite, off for PostgreSQL). */
  LINLI_DEMO: z.enum(['on', 'off']).optional(),
  /** Fraction of Chancheng's 1.33 million residents the demo seed generates. */
  LINLI_DEMO_SCALE: z.coerce.number().min(0.0002, 'at least 0.0002, so every community has residents').max(1).default(0.02),
  LINLI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Set when served behind TLS so cookies are marked Secure. */
  LINLI_SECURE_COOKIES: z.enum(['on', 'off']).default('off'),
  LINLI_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Failed logins per username (and per IP) in 15 minutes before further tries are refused. */
  LINLI_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  /** Optional raster basemap, e.g. https://tile.example/{z}/{x}/{y}.png; and its datum. */
  LINLI_BASEMAP_URL: z.string().optional(),
  LINLI_BASEMAP_CRS: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  LINLI_WEB_DIST: z.string().optional(),
  /** Optional cap on the bytes of stored photos; beyond it uploads answer 507, as a full disk does. */
  LINLI_FILES_MAX_BYTES: z.coerce.number().int().min(1).optional(),
});

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const database = e.DATABASE_URL ? ({ kind: 'postgres', url: e.DATABASE_URL } as const) : ({ kind: 'pglite', dir: path.resolve(e.LINLI_DATA_DIR, 'pglite') } as const);
  return {
    port: e.PORT,
    host: e.HOST,
    database,
    dataDir: path.resolve(e.LINLI_DATA_DIR),
    filesMaxBytes: e.LINLI_FILES_MAX_BYTES ?? null,
    demo: (e.LINLI_DEMO ?? (database.kind === 'pglite' ? 'on' : 'off')) === 'on',
    demoScale: e.LINLI_DEMO_SCALE,
    logLevel: e.LINLI_LOG_LEVEL,
    secureCookies: e.LINLI_SECURE_COOKIES === 'on',
    sessionHours: e.LINLI_SESSION_HOURS,
    loginMaxFailures: e.LINLI_LOGIN_MAX_FAILURES,
    basemap: e.LINLI_BASEMAP_URL ? { url: e.LINLI_BASEMAP_URL, crs: e.LINLI_BASEMAP_CRS } : null,
    webDist: path.resolve(e.LINLI_WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname),
  };
}
