// Test harness: a real database (PGlite in memory, or a fresh PostgreSQL database when
// LINLI_TEST_DB=postgres), migrated and seeded with a small deterministic demo district, and an
// HTTP client that speaks to the app through Fastify's inject with a real session cookie.
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { idNumberCheckChar } from '@linli/contracts';
import { loadConfig } from '../src/config.ts';
import { Database, type DatabaseConfig } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { buildApp, type Modules } from '../src/app.ts';
import { seedDemoDistrict } from '../src/modules/demo/extras.ts';

export const TEST_DB = (process.env.LINLI_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const PG_ADMIN_URL = process.env.LINLI_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
export const DEMO_PASSWORD = 'linli-demo';
/** Small but complete: every street, community and grid exists; few residents. */
export const TEST_SCALE = Number(process.env.LINLI_TEST_SCALE ?? 0.002);

export async function freshDatabase(): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (TEST_DB === 'pglite') {
    const db = await Database.open({ kind: 'pglite', dir: null });
    return { db, drop: () => db.close() };
  }
  const scratch = await scratchPostgres();
  const config: DatabaseConfig = { kind: 'postgres', url: scratch.url, max: 10 };
  const db = await Database.open(config);
  return {
    db,
    drop: async () => {
      await db.close();
      await scratch.drop();
    },
  };
}

/** An empty PostgreSQL database of its own for one test file, dropped afterwards. */
export async function scratchPostgres(prefix = 'linli_test', template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  const run = async (sqlText: string) => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    try {
      await c.query(sqlText);
    } finally {
      await c.end();
    }
  };
  await run(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

export interface TestApp {
  app: FastifyInstance;
  ctx: Modules;
  db: Database;
  login(username: string, password?: string): Promise<Client>;
  anonymous(): Client;
  close(): Promise<void>;
}

/**
 * A migrated database holding the demo district: cloned from the run's snapshot when
 * scripts/test.mjs prepared one (see snapshot.ts), otherwise seeded from scratch.
 */
export async function seededDatabase(): Promise<{ db: Database; drop: () => Promise<void> }> {
  const pgliteSnapshot = process.env.LINLI_TEST_SNAPSHOT_PGLITE;
  const pgTemplate = process.env.LINLI_TEST_SNAPSHOT_PG;
  if (TEST_DB === 'pglite' && pgliteSnapshot && fs.existsSync(pgliteSnapshot)) {
    const db = await Database.open({ kind: 'pglite', dir: null, loadDataDir: new Blob([fs.readFileSync(pgliteSnapshot)]) });
    return { db, drop: () => db.close() };
  }
  if (TEST_DB === 'postgres' && pgTemplate) {
    const scratch = await scratchPostgres('linli_test', pgTemplate);
    const db = await Database.open({ kind: 'postgres', url: scratch.url, max: 10 });
    return { db, drop: async () => (await db.close(), await scratch.drop()) };
  }
  const fresh = await freshDatabase();
  await migrate(fresh.db);
  await seedDemoDistrict(fresh.db, { scale: TEST_SCALE });
  return fresh;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const { db, drop } = await seededDatabase();
  const config = loadConfig({ LINLI_LOG_LEVEL: 'silent', LINLI_DATA_DIR: '/tmp/linli-test', ...env } as NodeJS.ProcessEnv);
  const { app, ctx } = await buildApp({ config, db, logger: config.logLevel !== 'silent' });
  await app.ready();
  return {
    app,
    ctx,
    db,
    anonymous: () => new Client(app),
    async login(username, password = DEMO_PASSWORD) {
      const client = new Client(app);
      const res = await client.post('/api/auth/login', { username, password });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return client;
    },
    async close() {
      await app.close();
      await drop();
    },
  };
}

type Body = Record<string, unknown> | unknown[] | string | undefined;

export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(private readonly app: FastifyInstance) {}

  async request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: Body, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in headers)) h['x-csrf-token'] = this.csrf;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await this.app.inject({ method, url, headers: h, payload });
    const set = res.cookies.find((c) => c.name === 'linli_session');
    if (set) this.cookie = set.value ? `linli_session=${set.value}` : null;
    if (res.statusCode === 200 && res.headers['content-type']?.toString().includes('json')) {
      const json = safeJson(res.body);
      if (json && typeof json === 'object' && 'csrfToken' in json) this.csrf = (json as { csrfToken: string }).csrfToken;
    }
    return res;
  }
  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body?: Body, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
  patch(url: string, body?: Body, headers?: Record<string, string>) {
    return this.request('PATCH', url, body ?? {}, headers);
  }
  delete(url: string, headers?: Record<string, string>) {
    return this.request('DELETE', url, undefined, headers);
  }
  /** GET and parse, failing loudly on anything but 200. */
  async json<T = any>(url: string): Promise<T> {
    const res = await this.get(url);
    if (res.statusCode !== 200) throw new Error(`GET ${url} -> ${res.statusCode}: ${res.body}`);
    return res.json() as T;
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** Assert an answer is a problem+json with the given status (and code, when given). */
export function expectProblem(res: LightMyRequestResponse, status: number, code?: string | RegExp): any {
  const type = String(res.headers['content-type'] ?? '');
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  if (!type.startsWith('application/problem+json')) throw new Error(`expected problem+json, got ${type}: ${res.body}`);
  const body = res.json();
  if (body.status !== status || typeof body.code !== 'string' || typeof body.title !== 'string') throw new Error(`malformed problem: ${res.body}`);
  if (code instanceof RegExp ? !code.test(body.code) : code && body.code !== code) throw new Error(`expected code ${code}, got ${body.code}`);
  if (/at .+\(.+:\d+:\d+\)|node_modules|select |insert into/i.test(res.body)) throw new Error(`problem leaks internals: ${res.body}`);
  return body;
}

/** A valid resident ID number for a birth date (Chancheng's area code, a sequence number). */
export function makeIdNumber(birth: string, seq: number): string {
  const first17 = `440604${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}
