// Load: a mixed workload against the real server on real PostgreSQL. Residents browse the service
// catalogue and place and cancel orders, grid workers report cases (with Idempotency-Key), staff
// take cases from filing to verification, officials load dashboards and hold the live stream
// open, and CSV imports of residents run back to back in the background. Arrivals are open-loop
// (a fixed schedule of journeys, each timed from when it was due), so a slow server cannot slow
// the generator down and hide its own latency (coordinated omission). Prints per-kind latency,
// throughput, errors and the server's RSS as markdown and writes bench/results/load-latest.md;
// exits 1 on any error.
//
//   node --import tsx reliability/load.ts --seconds=N [--rate=R] [--scale=S] [--find-max]
//     --seconds     length of the measured run (default 20)
//     --rate        requests per second offered (default 20: held for ten minutes with no errors even while
//                   other suites kept two shared cores at a load average of 13; --find-max found 39-55 on
//                   the same machine, depending on what else ran: bench/results/load-*.md)
//     --scale       demo district scale (default 0.002 for runs under 5 minutes, else LONG_SCALE)
//     --find-max    step the rate up (x1.4, --step-seconds each) until errors or p99 > 1 s
//     --residents   resident accounts created besides the demo ones (default 12)
//     --import-rows residents per CSV import (default 20000); imports follow one another, --import-pause
//                   seconds apart (default 30); 0 runs none
//     --connections keep-alive connections in the client pool (default 64)
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client as HttpClient, Pool } from 'undici';
import * as hdr from 'hdr-histogram-js';
import pg from 'pg';
import { idNumberCheckChar } from '@linli/contracts';
import { Database } from '../apps/server/src/platform/db/database.ts';
import { migrate } from '../apps/server/src/platform/db/migrate.ts';
import { seedDemoDistrict } from '../apps/server/src/modules/demo/extras.ts';
import { GridIndex, type GridShape } from '../apps/server/src/platform/geo/index.ts';
import { option } from '../bench/lib/report.ts';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const flag = (name: string) => process.argv.includes(`--${name}`);

/**
 * The largest scale that seeds in a few minutes on two shared cores: 0.25 (332,500 residents) took
 * 237 s; scale 1 (1.33 M) wrote its residents in 98 s but its module extras had not finished after
 * 11.5 minutes (insight 222 s, volunteers 112 s, party members still running).
 */
const LONG_SCALE = 0.25;
const SECONDS = Number(option('seconds', '20'));
const RATE = Number(option('rate', '20'));
const SCALE = Number(option('scale', SECONDS >= 300 ? String(LONG_SCALE) : '0.002'));
const FIND_MAX = flag('find-max');
const STEP_SECONDS = Number(option('step-seconds', '20'));
const EXTRA_RESIDENTS = Number(option('residents', '12'));
const CONNECTIONS = Number(option('connections', '64'));
const IMPORT_ROWS = Number(option('import-rows', '20000'));
/** Quiet time between one import's end and the next upload. */
const IMPORT_PAUSE_MS = Number(option('import-pause', '30')) * 1000;
const ADMIN_URL = process.env.LINLI_LOAD_ADMIN_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
/** One scratch database per run, so two runs side by side never drop each other's. */
const DB_NAME = process.env.LINLI_LOAD_DB ?? `linli_load_run_${process.pid}`;
const P99_LIMIT_MS = 1000;
const TIMEOUT_MS = 30_000;
if (!(SECONDS > 0 && RATE > 0 && SCALE > 0 && SCALE <= 1)) throw new Error('--seconds and --rate: positive numbers; --scale: in (0, 1]');

const log = (m: string) => console.error(`[load ${new Date().toISOString().slice(11, 19)}] ${m}`);

// --- the database: a seeded template per scale, cloned for every run ------------------------------------

/** A hash of what decides the seeded data: migrations and every demo/seed file. */
function templateKey(scale: number): string {
  const hash = crypto.createHash('sha256').update(String(scale));
  for (const dir of ['apps/server/migrations', 'apps/server/src']) {
    const files = fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.endsWith('.test.ts'));
    for (const e of files.sort((a, b) => (a.parentPath + a.name).localeCompare(b.parentPath + b.name))) {
      const full = path.join(e.parentPath, e.name);
      if (dir.endsWith('migrations') || /(^|\/)(demo|seed)(\.ts|\/)/.test(path.relative(root, full)) || e.name === 'extras.ts') hash.update(e.name).update(fs.readFileSync(full));
    }
  }
  return hash.digest('hex').slice(0, 12);
}

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh database for this run, cloned from the seeded template (seeding it first if missing). */
async function prepareDatabase(scale: number): Promise<{ url: string; seedSeconds: number | null; cloneSeconds: number }> {
  const tag = String(Math.round(scale * 10000)).padStart(5, '0');
  const template = `linli_load_tpl_${tag}_${templateKey(scale)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    let seedSeconds: number | null = null;
    if (!(await admin.query('select 1 from pg_database where datname = $1 and datistemplate', [template])).rowCount) {
      for (const r of (await admin.query(`select datname from pg_database where datname like $1 and datname <> $2`, [`linli_load_tpl_${tag}_%`, template])).rows) {
        await admin.query(`alter database "${r.datname}" is_template false`);
        await admin.query(`drop database if exists "${r.datname}" with (force)`);
      }
      await admin.query(`drop database if exists "${template}" with (force)`);
      await admin.query(`create database "${template}"`);
      log(`seeding the demo district at scale ${scale} into ${template} (cached for later runs)`);
      const started = performance.now();
      const db = await Database.open({ kind: 'postgres', url: dbUrl(template), max: 4 });
      await migrate(db);
      await seedDemoDistrict(db, { scale, log: (m) => log(m) });
      await db.close();
      seedSeconds = (performance.now() - started) / 1000;
      await admin.query(`alter database "${template}" is_template true`);
    }
    const started = performance.now();
    // Scratch databases of runs that died without cleaning up.
    for (const r of (await admin.query(`select datname from pg_database where datname like 'linli_load_run_%' and datname <> $1`, [DB_NAME])).rows) {
      const pid = Number(String(r.datname).slice('linli_load_run_'.length));
      let alive = false;
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {}
      if (!alive) await admin.query(`drop database if exists "${r.datname}" with (force)`);
    }
    await admin.query(`drop database if exists "${DB_NAME}" with (force)`);
    await admin.query(`create database "${DB_NAME}" template "${template}" strategy file_copy`);
    return { url: dbUrl(DB_NAME), seedSeconds, cloneSeconds: (performance.now() - started) / 1000 };
  } finally {
    await admin.end();
  }
}

// --- the server: main.ts in a child process -----------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(url: string, dataDir: string): Promise<{ child: ChildProcess; base: string; stderr: string[] }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LINLI_DEMO: 'off', LINLI_LOG_LEVEL: 'warn', LINLI_DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr.push(d);
    if (stderr.length > 200) stderr.shift();
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${stderr.join('')}`);
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) return { child, base, stderr };
    await sleep(200);
  }
  throw new Error('the server did not answer /api/health within 2 minutes');
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Wait ms, or less if `until.stopping` turns true first. */
const sleep = async (ms: number, until?: { stopping: boolean }) => {
  const end = performance.now() + ms;
  while (performance.now() < end && !until?.stopping) await new Promise<void>((r) => setTimeout(r, Math.max(1, Math.min(250, end - performance.now()))));
};

// --- measuring ---------------------------------------------------------------------------------------------

interface KindStats {
  hist: hdr.Histogram;
  ok: number;
  expected: number;
  errors: number;
}

class Stats {
  readonly kinds = new Map<string, KindStats>();
  readonly samples: string[] = [];
  errors = 0;
  journeys = 0;
  dropped = 0;
  started = performance.now();
  ended = 0;

  kind(name: string): KindStats {
    let k = this.kinds.get(name);
    if (!k) {
      k = { hist: hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 }), ok: 0, expected: 0, errors: 0 };
      this.kinds.set(name, k);
    }
    return k;
  }

  record(name: string, ms: number, outcome: 'ok' | 'expected' | 'error', detail?: string) {
    const k = this.kind(name);
    k.hist.recordValue(Math.max(1, Math.round(ms * 1000)));
    k[outcome === 'error' ? 'errors' : outcome]++;
    if (outcome === 'error') this.error(name, detail ?? '');
  }

  error(name: string, detail: string) {
    this.errors++;
    if (this.samples.length < 25) this.samples.push(`${name}: ${detail.slice(0, 300)}`);
  }

  all(): hdr.Histogram {
    const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
    for (const k of this.kinds.values()) h.add(k.hist);
    return h;
  }

  seconds(): number {
    return ((this.ended || performance.now()) - this.started) / 1000;
  }
}

// --- HTTP sessions ---------------------------------------------------------------------------------------

class JourneyFailed extends Error {}

interface Session {
  username: string;
  cookie: string;
  csrf: string;
  user: { id: string; personId: string | null };
}

type Outcome = 'ok' | 'expected' | 'error';

let pool: Pool;
let stats: Stats;

interface Call {
  kind: string;
  as: Session | null;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Measure from this moment (the journey's due time) instead of from sending. */
  since?: number;
  /** Classify the answer; default: 2xx is ok, anything else an error. */
  classify?: (status: number, body: any) => Outcome;
}

/** One request, timed and classified; an error ends the journey. Returns the parsed body. */
async function call<T = any>(c: Call): Promise<{ status: number; body: T; outcome: Outcome }> {
  const t0 = c.since ?? performance.now();
  const headers: Record<string, string> = { ...c.headers };
  if (c.as) {
    headers.cookie = c.as.cookie;
    if (c.method !== 'GET') headers['x-csrf-token'] = c.as.csrf;
  }
  let payload: string | Buffer | undefined;
  if (Buffer.isBuffer(c.body)) payload = c.body;
  else if (c.body !== undefined) {
    payload = JSON.stringify(c.body);
    headers['content-type'] = 'application/json';
  }
  let status = 0;
  let text = '';
  try {
    const res = await pool.request({ path: c.path, method: c.method, headers, body: payload, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
    status = res.statusCode;
    text = await res.body.text();
  } catch (err) {
    stats.record(c.kind, performance.now() - t0, 'error', `transport: ${(err as Error).message}`);
    throw new JourneyFailed(c.kind);
  }
  const ms = performance.now() - t0;
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  const outcome = c.classify ? c.classify(status, body) : status >= 200 && status < 300 ? 'ok' : 'error';
  stats.record(c.kind, ms, outcome, `${status} ${text}`);
  if (outcome === 'error') throw new JourneyFailed(c.kind);
  return { status, body: body as T, outcome };
}

async function login(base: string, username: string, password = 'linli-demo'): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('linli_session='))!.split(';')[0]!;
  const body = (await res.json()) as { csrfToken: string; user: { id: string; personId: string | null } };
  return { username, cookie, csrf: body.csrfToken, user: body.user };
}

// --- the world the journeys act in -------------------------------------------------------------------------

interface Resident {
  session: Session;
  /** Home-care items this resident may order, with their upcoming slots. */
  offers: { itemId: string; slots: string[] }[];
}

interface World {
  residents: Resident[];
  grid: { session: Session; points: { lat: number; lon: number }[] };
  community: Session;
  department: Session;
  official: Session;
  street: Session;
  caseTypes: string[];
  communityId: string;
  buildings: string[];
}

const live = new Set<string>(); // person:item:slot of orders in flight, so a resident never double-books
let seq = 0;
const rand = (() => {
  // mulberry32: deterministic choices, so two runs at one rate offer the same mix.
  let a = 0x5eed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

async function buildWorld(base: string, url: string): Promise<World> {
  const [admin, grid, community, department, official, street] = (await Promise.all(['admin', 'grid', 'community', 'department', 'official', 'street'].map((u) => login(base, u)))) as [Session, Session, Session, Session, Session, Session];
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const gridId = (await db.query(`select r.grid_id from role_assignments r join users u on u.id = r.user_id where u.username = 'grid' and r.role = 'grid_worker'`)).rows[0].grid_id as string;
    const communityId = (await db.query(`select area_id from role_assignments r join users u on u.id = r.user_id where u.username = 'community' and r.role = 'community_staff'`)).rows[0].area_id as string;
    const grids = (await db.query(`select id, geometry, lat, lon from grids where community_id = $1`, [communityId])).rows as { id: string; geometry: GridShape['geometry']; lat: number; lon: number }[];
    const index = new GridIndex(grids.map((g) => ({ id: g.id, geometry: g.geometry })));
    const mine = grids.find((g) => g.id === gridId)!;
    const points: { lat: number; lon: number }[] = [];
    for (let r = 0; r < 60 && points.length < 200; r++) {
      for (let k = 0; k < Math.max(1, r * 8); k++) {
        const angle = (2 * Math.PI * k) / Math.max(1, r * 8);
        const p = { lat: Math.round((mine.lat + r * 0.00004 * Math.sin(angle)) * 1e7) / 1e7, lon: Math.round((mine.lon + r * 0.00004 * Math.cos(angle)) * 1e7) / 1e7 };
        if (index.locate(p.lat, p.lon) === gridId) points.push(p);
      }
    }
    if (!points.length) throw new Error('no point found in the demo grid');
    // Case types whose default department is the demo department account's (区城管局), so it can take them.
    const caseTypes = (
      await db.query(
        `select t.id from case_types t join organisations o on o.district_id = t.district_id and o.code = t.default_org_code
            join role_assignments r on r.org_id = o.id join users u on u.id = r.user_id
          where u.username = 'department' and t.open311 and not exists (select 1 from case_types c where c.parent_id = t.id) order by t.code limit 12`,
      )
    ).rows.map((r) => r.id as string);
    if (!caseTypes.length) throw new Error('no case type goes to the demo department');
    const communityPath = (await db.query('select path from areas where id = $1', [communityId])).rows[0].path as string;
    const buildings = (await db.query(`select code from areas where level = 'building' and path like $1 order by code limit 200`, [`${communityPath}%`])).rows.map((r) => r.code as string);

    // Residents: the demo accounts with a person, and elders of the community given accounts now.
    const demo = (await db.query(`select u.username from users u join role_assignments r on r.user_id = u.id where r.role = 'resident' and u.person_id is not null order by u.username`)).rows.map((r) => r.username as string);
    const taken = new Set((await db.query('select person_id from users where person_id is not null')).rows.map((r) => r.person_id as string));
    const elders = (
      await db.query(
        `select id from persons where area_path like $1 and birth_date < now() - interval '65 years' and household_id is not null order by id limit $2`,
        [`${communityPath}%`, EXTRA_RESIDENTS * 3],
      )
    ).rows.map((r) => r.id as string).filter((id) => !taken.has(id)).slice(0, EXTRA_RESIDENTS);
    const post = async (s: Session, p: string, body: unknown) => {
      const res = await fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ id: string }>;
    };
    const created = await Promise.all(
      elders.map(async (personId, i) => {
        const username = `load-resident-${i}`;
        const u = await post(admin, '/api/admin/users', { username, displayName: `压测居民${i}`, password: 'linli-load-password', personId });
        await post(admin, `/api/admin/users/${u.id}/roles`, { role: 'resident' });
        return username;
      }),
    );
    const sessions = await Promise.all([...demo.map((u) => login(base, u)), ...created.map((u) => login(base, u, 'linli-load-password'))]);
    const residents: Resident[] = await Promise.all(
      sessions.map(async (session) => {
        const headers = { cookie: session.cookie };
        const items = (await (await fetch(`${base}/api/service-items?fulfilment=home`, { headers })).json()) as { items: { id: string; eligible: boolean }[] };
        const offers = await Promise.all(
          items.items.filter((i) => i.eligible).slice(0, 6).map(async (item) => {
            const slots = (await (await fetch(`${base}/api/service-slots?itemId=${item.id}&days=14`, { headers })).json()) as { items: { id: string }[] };
            return { itemId: item.id, slots: slots.items.map((s) => s.id) };
          }),
        );
        return { session, offers: offers.filter((o) => o.slots.length) };
      }),
    );
    return { residents, grid: { session: grid, points }, community, department, official, street, caseTypes, communityId, buildings };
  } finally {
    await db.end();
  }
}

// --- journeys: what one user does in one visit --------------------------------------------------------------

type Journey = (w: World, since: number) => Promise<void>;

const problemCode = (body: any): string => (body && typeof body === 'object' && 'code' in body ? String(body.code) : '');

/** A resident looks through the home-care catalogue, an item and its free slots, and their inbox. */
const browse: Journey = async (w, since) => {
  const r = pick(w.residents);
  const items = (await call({ kind: 'GET /api/service-items', as: r.session, method: 'GET', path: '/api/service-items?fulfilment=home', since })).body.items as { id: string }[];
  const item = pick(items);
  await call({ kind: 'GET /api/service-items/:id', as: r.session, method: 'GET', path: `/api/service-items/${item.id}` });
  await call({ kind: 'GET /api/service-slots', as: r.session, method: 'GET', path: `/api/service-slots?itemId=${item.id}&days=7` });
  await call({ kind: 'GET /api/notifications', as: r.session, method: 'GET', path: '/api/notifications?limit=20' });
};

/** A resident books a home-care slot, looks at their orders, and cancels (plans changed). */
const order: Journey = async (w, since) => {
  const r = pick(w.residents.filter((x) => x.offers.length));
  let itemId = '';
  let slotId = '';
  let key = '';
  for (let tries = 0; tries < 10; tries++) {
    const offer = pick(r.offers);
    itemId = offer.itemId;
    slotId = pick(offer.slots);
    key = `${r.session.user.personId}:${itemId}:${slotId}`;
    if (!live.has(key)) break;
  }
  if (live.has(key)) return;
  live.add(key);
  try {
    const placed = await call({
      kind: 'POST /api/service-orders',
      as: r.session,
      method: 'POST',
      path: '/api/service-orders',
      body: { itemId, slotId, notes: '压测下单' },
      since,
      // A full slot is a business answer, not a failure: capacity is never overbooked.
      classify: (s, b) => (s === 201 ? 'ok' : s === 409 && problemCode(b) === 'order.slot_full' ? 'expected' : 'error'),
    });
    if (placed.outcome !== 'ok') return;
    await call({ kind: 'GET /api/service-orders?queue=mine', as: r.session, method: 'GET', path: '/api/service-orders?queue=mine&open=true' });
    await call({ kind: 'POST order cancel', as: r.session, method: 'POST', path: `/api/service-orders/${placed.body.id}/transition`, body: { action: 'cancel', note: '计划有变，取消预约' } });
  } finally {
    live.delete(key);
  }
};

async function report(w: World, since?: number): Promise<string> {
  const p = pick(w.grid.points);
  const body = { typeId: pick(w.caseTypes), description: `压测上报 #${++seq}：路口占道经营，影响通行`, location: p, urgency: 'normal' };
  const key = crypto.randomUUID();
  const first = await call({ kind: 'POST /api/cases', as: w.grid.session, method: 'POST', path: '/api/cases', body, headers: { 'idempotency-key': key }, since });
  // One report in ten is sent twice, as a phone on a bad network would: the same case must come back.
  if (rand() < 0.1) {
    await call({
      kind: 'POST /api/cases (retry, same key)',
      as: w.grid.session,
      method: 'POST',
      path: '/api/cases',
      body,
      headers: { 'idempotency-key': key },
      classify: (s, b) => (s === 201 && b?.id === first.body.id ? 'ok' : 'error'),
    });
  }
  return first.body.id as string;
}

/** A grid worker reports a case on their round. */
const gridReport: Journey = async (w, since) => {
  await report(w, since);
};

const transition = (who: Session, id: string, action: string, note = '') =>
  call({ kind: `POST case ${action}`, as: who, method: 'POST', path: `/api/cases/${id}/transition`, body: { action, note } });

/** A case's whole life: reported, filed and dispatched by the community, handled by the department, verified by the grid worker. */
const caseLife: Journey = async (w, since) => {
  const id = await report(w, since);
  await transition(w.community, id, 'file');
  await transition(w.community, id, 'dispatch');
  await transition(w.department, id, 'accept');
  await transition(w.department, id, 'start');
  await transition(w.department, id, 'handle', '已到场处置，现场已清理');
  await transition(w.grid.session, id, 'verify_pass');
};

/** Staff look at their queues: the dispatch board and the department's work list. */
const queues: Journey = async (w, since) => {
  await call({ kind: 'GET /api/cases (dispatch board)', as: w.community, method: 'GET', path: '/api/cases?open=true&pageSize=50', since });
  await call({ kind: 'GET /api/cases (department)', as: w.department, method: 'GET', path: '/api/cases?open=true&pageSize=50' });
  await call({ kind: 'GET /api/service-orders?queue=centre', as: w.street, method: 'GET', path: '/api/service-orders?queue=centre&open=true' });
};

/** An official opens the district dashboard: figures, demand map, case map, on-time rates. */
const dashboard: Journey = async (w, since) => {
  await call({ kind: 'GET /api/insight/dashboard', as: w.official, method: 'GET', path: '/api/insight/dashboard', since });
  await call({ kind: 'GET /api/insight/demand', as: w.official, method: 'GET', path: '/api/insight/demand?level=community' });
  await call({ kind: 'GET /api/cases/map', as: w.official, method: 'GET', path: '/api/cases/map' });
  await call({ kind: 'GET /api/cases/stats/on-time', as: w.official, method: 'GET', path: '/api/cases/stats/on-time?groupBy=department' });
};

/** The mix: journey, relative arrivals, requests per journey (for turning --rate into arrivals). */
const MIX: { name: string; run: Journey; weight: number; requests: number }[] = [
  { name: 'resident browses', run: browse, weight: 30, requests: 4 },
  { name: 'resident orders and cancels', run: order, weight: 15, requests: 3 },
  { name: 'grid worker reports', run: gridReport, weight: 20, requests: 1.1 },
  { name: 'case from report to close', run: caseLife, weight: 6, requests: 7.1 },
  { name: 'staff queues', run: queues, weight: 12, requests: 3 },
  { name: 'official dashboard', run: dashboard, weight: 8, requests: 4 },
];
const TOTAL_WEIGHT = MIX.reduce((a, m) => a + m.weight, 0);
const REQUESTS_PER_JOURNEY = MIX.reduce((a, m) => a + m.weight * m.requests, 0) / TOTAL_WEIGHT;

function chooseJourney() {
  let x = rand() * TOTAL_WEIGHT;
  for (const m of MIX) if ((x -= m.weight) < 0) return m;
  return MIX[0]!;
}

const MAX_IN_FLIGHT = 4000;

/** Offer `rate` requests per second for `seconds`: journeys start on a fixed schedule whatever the answers. */
async function runOpenLoop(w: World, rate: number, seconds: number): Promise<void> {
  const interval = 1000 / (rate / REQUESTS_PER_JOURNEY);
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let k = 0;
  for (;;) {
    const now = performance.now();
    if (now - start >= seconds * 1000) break;
    while (start + k * interval <= now) {
      const due = start + k * interval;
      k++;
      if (inFlight.size >= MAX_IN_FLIGHT) {
        stats.dropped++;
        stats.error('generator', `more than ${MAX_IN_FLIGHT} journeys waiting: the server is not keeping up`);
        continue;
      }
      const m = chooseJourney();
      stats.journeys++;
      const p: Promise<void> = m.run(w, due).catch((err) => {
        if (!(err instanceof JourneyFailed)) stats.error(m.name, (err as Error).stack ?? String(err));
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await sleep(2);
  }
  await Promise.all(inFlight);
}

// --- background: live streams and imports ------------------------------------------------------------------

interface LiveStreams {
  events: number;
  stop(): Promise<void>;
}

/** Officials and staff keep the live stream open for the whole run; a stream that ends early is an error. */
function openLiveStreams(base: string, sessions: Session[]): LiveStreams {
  const state = { events: 0, stopping: false };
  const controllers: AbortController[] = [];
  const clients: HttpClient[] = [];
  const done = sessions.map(async (s) => {
    const ac = new AbortController();
    controllers.push(ac);
    const client = new HttpClient(base);
    clients.push(client);
    try {
      const res = await client.request({ path: '/api/events', method: 'GET', headers: { cookie: s.cookie, accept: 'text/event-stream' }, signal: ac.signal, bodyTimeout: 0 });
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
      for await (const chunk of res.body) state.events += (String(chunk).match(/^event: /gm) ?? []).length;
      if (!state.stopping) stats.error('GET /api/events (live)', `${s.username}'s stream ended early`);
    } catch (err) {
      if (!state.stopping) stats.error('GET /api/events (live)', `${s.username}: ${(err as Error).message}`);
    }
  });
  return {
    get events() {
      return state.events;
    },
    async stop() {
      state.stopping = true;
      for (const c of controllers) c.abort();
      await Promise.all(done);
      await Promise.all(clients.map((c) => c.close().catch(() => {})));
    },
  };
}

const SURNAMES = [...'陈李黄张梁何吴林罗郑周谢冯邓麦潘区欧杨刘'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华荣锦泉志坚少芬淑贞国雄建新玉珍'];
let importRow = 0;

/** A CSV of new residents with valid, unique ID numbers, born in 广州荔湾 (440103, a code the demo never draws). */
function residentsCsv(rows: number, buildings: string[]): Buffer {
  const start = Date.UTC(1935, 0, 1);
  const lines = ['编号,姓名,性别,出生日期,身份证号,手机,楼栋,房号'];
  for (let n = 0; n < rows; n++) {
    const i = importRow++;
    const birth = new Date(start + (i % 24000) * 86400_000).toISOString().slice(0, 10);
    const male = i % 2 === 0;
    const first17 = `440103${birth.replaceAll('-', '')}${String(Math.floor(i / 24000) * 2 + (male ? 1 : 0)).padStart(3, '0')}`;
    const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]! + GIVEN[(i * 13) % GIVEN.length]!;
    lines.push(`LOAD${i},${name},${male ? '男' : '女'},${birth},${first17}${idNumberCheckChar(first17)},13${String(100000000 + ((i * 7919) % 900000000)).slice(0, 9)},${buildings[i % buildings.length]},${1 + (i % 30)}-${100 + (i % 7)}`);
  }
  return Buffer.from(lines.join('\r\n') + '\r\n');
}

interface ImportRunner {
  finished: { rows: number; seconds: number }[];
  stop(): Promise<void>;
}

/** Imports of IMPORT_ROWS new residents each, one after another, by the community's staff. */
function runImports(w: World): ImportRunner {
  const state = { stopping: false, finished: [] as { rows: number; seconds: number }[] };
  const mapping = { columns: { sourceKey: '编号', name: '姓名', gender: '性别', birthDate: '出生日期', idNumber: '身份证号', phone: '手机', building: '楼栋', room: '房号' }, valueMaps: {}, defaults: {} };
  const loop = (async () => {
    try {
      const source = (await call({ kind: 'POST /api/imports/sources', as: w.community, method: 'POST', path: '/api/imports/sources', body: { name: `压测导入源${Date.now()}`, entity: 'residents', areaId: w.communityId } })).body;
      while (!state.stopping) {
        const csv = residentsCsv(IMPORT_ROWS, w.buildings);
        const boundary = `----linli${crypto.randomBytes(8).toString('hex')}`;
        const payload = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="residents.csv"\r\nContent-Type: text/csv\r\n\r\n`),
          csv,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        if (state.finished.length) await sleep(IMPORT_PAUSE_MS, state);
        if (state.stopping) break;
        const t0 = performance.now();
        const job = (await call({ kind: 'POST import upload (CSV)', as: w.community, method: 'POST', path: `/api/imports/sources/${source.id}/uploads`, body: payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } })).body;
        await call({ kind: 'POST import start', as: w.community, method: 'POST', path: `/api/imports/jobs/${job.id}/start`, body: { mapping } });
        for (;;) {
          await sleep(1000);
          const j = (await call({ kind: 'GET import job (progress)', as: w.community, method: 'GET', path: `/api/imports/jobs/${job.id}` })).body;
          if (j.status === 'running') continue;
          const landed = (j.createdRows ?? 0) + (j.matchedRows ?? 0) + (j.updatedRows ?? 0) + (j.unchangedRows ?? 0);
          if (j.status !== 'done' || j.errorRows > 0 || landed !== IMPORT_ROWS) {
            const rows = j.errorRows > 0 ? (await call({ kind: 'GET import errors', as: w.community, method: 'GET', path: `/api/imports/jobs/${job.id}/errors` })).body.items.slice(0, 3) : [];
            stats.error('import', `job ${j.id} ended ${j.status}: ${j.message ?? ''} processed ${j.processedRows}, landed ${landed}, errors ${j.errorRows} ${JSON.stringify(rows)}`);
            return;
          }
          state.finished.push({ rows: IMPORT_ROWS, seconds: (performance.now() - t0) / 1000 });
          break;
        }
      }
    } catch (err) {
      if (!(err instanceof JourneyFailed)) stats.error('import', (err as Error).stack ?? String(err));
    }
  })();
  return {
    finished: state.finished,
    async stop() {
      state.stopping = true;
      await loop;
    },
  };
}

// --- baselines, measured in the same run -------------------------------------------------------------------

/** GET /api/health as fast as 16 keep-alive connections go, closed loop: the server's floor per request. */
async function healthBaseline(seconds: number): Promise<KindStats & { rate: number }> {
  const saved = stats;
  stats = new Stats();
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < end) await call({ kind: 'health', as: null, method: 'GET', path: '/api/health' }).catch(() => {});
    }),
  );
  const k = stats.kind('health');
  const out = { ...k, rate: (k.ok + k.errors) / seconds };
  stats = saved;
  return out;
}

/** Raw single-row INSERTs of case-shaped rows on 16 connections: what the database alone does per write. */
async function insertBaseline(url: string, seconds: number): Promise<{ hist: hdr.Histogram; count: number; rate: number }> {
  const p = new pg.Pool({ connectionString: url, max: 16 });
  await p.query('drop table if exists load_baseline; create table load_baseline (like cases including all)');
  const hist = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
  let count = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 16 }, async (_, worker) => {
      const c = await p.connect();
      try {
        for (let i = 0; performance.now() < end; i++) {
          const t0 = performance.now();
          await c.query(
            `insert into load_baseline (district_id, id, number, source, case_type_id, status, description, lat, lon, grid_id, area_path, reporter_id, reported_at, updated_at)
             values ('chancheng', $1, $2, 'grid_worker', $3, 'reported', $4, 23.02, 113.11, $5, $6, $7, now(), now())`,
            [crypto.randomUUID(), `B${worker}-${i}`, crypto.randomUUID(), `baseline #${i}`, crypto.randomUUID(), `root/${worker}/`, crypto.randomUUID()],
          );
          hist.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
          count++;
        }
      } finally {
        c.release();
      }
    }),
  );
  await p.query('drop table load_baseline');
  await p.end();
  return { hist, count, rate: count / seconds };
}

// --- the report --------------------------------------------------------------------------------------------

const ms = (us: number) => (us / 1000).toFixed(us >= 100_000 ? 0 : 1);

function kindTable(s: Stats, extra: string[] = []): string[] {
  const secs = s.seconds();
  const lines = ['| request kind | count | ok | expected business answers | errors | per second | p50 ms | p95 ms | p99 ms | max ms |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const [name, k] of [...s.kinds.entries()].sort((a, b) => b[1].hist.totalCount - a[1].hist.totalCount)) {
    const h = k.hist;
    lines.push(`| ${name} | ${h.totalCount} | ${k.ok} | ${k.expected} | ${k.errors} | ${(h.totalCount / secs).toFixed(1)} | ${ms(h.getValueAtPercentile(50))} | ${ms(h.getValueAtPercentile(95))} | ${ms(h.getValueAtPercentile(99))} | ${ms(h.maxValue)} |`);
  }
  const all = s.all();
  const errs = [...s.kinds.values()].reduce((a, k) => a + k.errors, 0);
  const expected = [...s.kinds.values()].reduce((a, k) => a + k.expected, 0);
  lines.push(`| **all requests** | ${all.totalCount} | ${all.totalCount - errs - expected} | ${expected} | ${s.errors} | ${(all.totalCount / secs).toFixed(1)} | ${ms(all.getValueAtPercentile(50))} | ${ms(all.getValueAtPercentile(95))} | ${ms(all.getValueAtPercentile(99))} | ${ms(all.maxValue)} |`);
  return [...lines, ...extra];
}

// --- main --------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const wall = performance.now();
  const load1 = os.loadavg()[0]!.toFixed(1);
  log(`scale ${SCALE}, ${FIND_MAX ? `find-max from ${RATE} req/s, ${STEP_SECONDS} s a step` : `${RATE} req/s for ${SECONDS} s`}`);
  const prepared = await prepareDatabase(SCALE);
  log(`database ready (${prepared.seedSeconds === null ? 'template reused' : `seeded in ${prepared.seedSeconds.toFixed(0)} s`}, cloned in ${prepared.cloneSeconds.toFixed(1)} s)`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-load-'));
  const server = await startServer(prepared.url, dataDir);
  const pid = server.child.pid!;
  let exitCode = 0;
  const rss: { t: number; mb: number }[] = [];
  let sampler: NodeJS.Timeout | undefined;
  const cleanup = () => {
    if (server.child.exitCode === null) server.child.kill('SIGTERM');
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    pool = new Pool(server.base, { connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 60_000 });
    stats = new Stats();
    const world = await buildWorld(server.base, prepared.url);
    const orderers = world.residents.filter((r) => r.offers.length).length;
    if (!orderers) throw new Error('no resident may order home care');
    log(`${world.residents.length} residents (${orderers} may order home care), ${world.grid.points.length} report points, ${world.buildings.length} buildings for imports`);
    const persons = await (async () => {
      const c = new pg.Client({ connectionString: prepared.url });
      await c.connect();
      const n = Number((await c.query('select count(*) as n from persons')).rows[0].n);
      await c.end();
      return n;
    })();

    // Warm up (JIT, caches, pools), then the baselines.
    await runOpenLoop(world, Math.min(RATE, 20), 3);
    if (stats.errors) {
      log(`errors while warming up:\n  ${stats.samples.join('\n  ')}`);
      return 1;
    }
    const health = await healthBaseline(3);
    const insert = await insertBaseline(prepared.url, 3);

    const rss0 = rssMb(pid);
    const t0 = performance.now();
    rss.push({ t: 0, mb: rss0 });
    sampler = setInterval(() => rss.push({ t: Math.round((performance.now() - t0) / 1000), mb: rssMb(pid) }), 10_000);
    stats = new Stats();
    const streams = openLiveStreams(server.base, [world.official, world.community, world.department, world.street]);
    const imports = IMPORT_ROWS > 0 ? runImports(world) : { finished: [], stop: async () => {} };

    const steps: { rate: number; stats: Stats }[] = [];
    if (FIND_MAX) {
      const whole = stats;
      for (let rate = RATE; ; rate = Math.round(rate * 1.4)) {
        const step = new Stats();
        stats = step;
        await runOpenLoop(world, rate, STEP_SECONDS);
        step.ended = performance.now();
        steps.push({ rate, stats: step });
        for (const [name, k] of step.kinds) {
          const into = whole.kind(name);
          into.hist.add(k.hist);
          into.ok += k.ok;
          into.expected += k.expected;
          into.errors += k.errors;
        }
        whole.journeys += step.journeys;
        whole.dropped += step.dropped;
        const p99 = step.all().getValueAtPercentile(99) / 1000;
        log(`step ${rate} req/s: ${(step.all().totalCount / step.seconds()).toFixed(1)} done/s, p99 ${p99.toFixed(0)} ms, ${step.errors} errors, RSS ${rssMb(pid).toFixed(0)} MB`);
        if (step.errors > 0 || p99 > P99_LIMIT_MS || steps.length >= 12) break;
      }
      stats = whole;
    } else {
      await runOpenLoop(world, RATE, SECONDS);
    }
    stats.ended = performance.now();
    const loadSeconds = stats.seconds();
    clearInterval(sampler);
    rss.push({ t: Math.round(loadSeconds), mb: rssMb(pid) });
    const live = streams.events;
    // The import in progress is finished (not cut off), so every run proves an import completes under load.
    const waitStarted = performance.now();
    const importsDone = imports.finished;
    let give: NodeJS.Timeout | undefined;
    await Promise.race([imports.stop(), new Promise<void>((r) => (give = setTimeout(() => r(stats.error('import', 'did not finish within 2 minutes of the end of the run')), 120_000)))]);
    clearTimeout(give);
    const importWait = (performance.now() - waitStarted) / 1000;
    await streams.stop();
    if (FIND_MAX) {
      // Only the steps count toward the verdict; the breaking step is expected to fail.
      stats.errors = 0;
    }

    // --- print ---
    const held = steps.filter((s) => s.stats.errors === 0 && s.stats.all().getValueAtPercentile(99) / 1000 <= P99_LIMIT_MS).at(-1);
    const maxRss = Math.max(...rss.map((r) => r.mb));
    const md: string[] = [];
    md.push(`# Load: mixed workload on PostgreSQL (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`, '');
    md.push(
      `Scale ${SCALE} (${persons.toLocaleString('en')} residents; ${prepared.seedSeconds === null ? 'seeded template reused' : `seeded in ${prepared.seedSeconds.toFixed(0)} s`}, cloned in ${prepared.cloneSeconds.toFixed(1)} s). ` +
        `${FIND_MAX ? `find-max from ${RATE} req/s, x1.4 every ${STEP_SECONDS} s` : `${RATE} requests/s offered open-loop for ${SECONDS} s`}; ` +
        `${world.residents.length} residents, 1 grid worker, community/street/department/official staff, ${CONNECTIONS} keep-alive connections, ` +
        `4 live streams open throughout (${live} events delivered), imports of ${IMPORT_ROWS.toLocaleString('en')} residents back to back (${importsDone.length} finished${importsDone.length ? `, ${importsDone.map((x) => `${x.seconds.toFixed(0)} s`).join(', ')}` : ''}; the last one's wait after the run: ${importWait.toFixed(0)} s). ` +
        `Machine: ${os.cpus().length} CPUs shared with other work (1-min load average ${load1} at start, ${os.loadavg()[0]!.toFixed(1)} at end).`,
      '',
    );
    if (FIND_MAX) {
      md.push('| offered req/s | done req/s | p50 ms | p95 ms | p99 ms | errors | held |', '|---:|---:|---:|---:|---:|---:|---|');
      for (const s of steps) {
        const a = s.stats.all();
        const ok = s.stats.errors === 0 && a.getValueAtPercentile(99) / 1000 <= P99_LIMIT_MS;
        md.push(`| ${s.rate} | ${(a.totalCount / s.stats.seconds()).toFixed(1)} | ${ms(a.getValueAtPercentile(50))} | ${ms(a.getValueAtPercentile(95))} | ${ms(a.getValueAtPercentile(99))} | ${s.stats.errors} | ${ok ? 'yes' : 'no'} |`);
      }
      md.push('', `Highest rate held (no errors, p99 <= ${P99_LIMIT_MS} ms): **${held ? `${held.rate} req/s` : 'none'}**.`, '');
      for (const s of steps) if (s.stats.samples.length) md.push(`Errors at ${s.rate} req/s: ${s.stats.samples.slice(0, 5).join('; ')}`, '');
    }
    const baselineRows = [
      `| baseline: GET /api/health, 16 connections closed loop, 3 s (same run) | ${health.hist.totalCount} | ${health.ok} | 0 | ${health.errors} | ${health.rate.toFixed(1)} | ${ms(health.hist.getValueAtPercentile(50))} | ${ms(health.hist.getValueAtPercentile(95))} | ${ms(health.hist.getValueAtPercentile(99))} | ${ms(health.hist.maxValue)} |`,
      `| baseline: raw single-row INSERT of a case-shaped row, 16 connections, 3 s (same run) | ${insert.count} | ${insert.count} | 0 | 0 | ${insert.rate.toFixed(1)} | ${ms(insert.hist.getValueAtPercentile(50))} | ${ms(insert.hist.getValueAtPercentile(95))} | ${ms(insert.hist.getValueAtPercentile(99))} | ${ms(insert.hist.maxValue)} |`,
    ];
    md.push(...kindTable(stats, baselineRows), '');
    md.push(`Journeys started: ${stats.journeys}${stats.dropped ? ` (${stats.dropped} dropped: generator backlog)` : ''}; errors: **${stats.errors}**.`, '');
    md.push('| seconds into the run | server RSS MB |', '|---:|---:|');
    for (const r of rss) md.push(`| ${r.t} | ${r.mb.toFixed(0)} |`);
    md.push('', `Server RSS: start ${rss0.toFixed(0)} MB, end ${rss.at(-1)!.mb.toFixed(0)} MB, max ${maxRss.toFixed(0)} MB. Wall time of the whole command: ${((performance.now() - wall) / 1000).toFixed(0)} s.`);
    if (stats.samples.length) md.push('', 'First errors:', '', ...stats.samples.map((s) => `- ${s.replaceAll('\n', ' ')}`));
    const text = md.join('\n') + '\n';
    console.log(text);
    fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench/results/load-latest.md'), text);
    // The long run is kept apart too, so a later short run does not overwrite its figures.
    if (!FIND_MAX && SECONDS >= 300) fs.writeFileSync(path.join(root, 'bench/results/load-long.md'), text);
    if (FIND_MAX) fs.writeFileSync(path.join(root, 'bench/results/load-find-max.md'), text);
    if (FIND_MAX ? !held : stats.errors > 0) exitCode = 1;
    return exitCode;
  } catch (err) {
    log(`failed: ${(err as Error).stack}`);
    log(`server stderr (last lines):\n${server.stderr.join('').split('\n').slice(-30).join('\n')}`);
    return 1;
  } finally {
    if (sampler) clearInterval(sampler);
    await pool?.close().catch(() => {});
    const stopping = performance.now();
    cleanup();
    const killer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
    await new Promise((r) => (server.child.exitCode !== null ? r(null) : server.child.once('exit', r)));
    clearTimeout(killer);
    log(`server stopped in ${((performance.now() - stopping) / 1000).toFixed(1)} s`);
    const tail = server.stderr.join('');
    if (/"level":(50|60)/.test(tail)) log(`the server logged errors:\n${tail.split('\n').filter((l) => /"level":(50|60)/.test(l)).slice(0, 10).join('\n')}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists "${DB_NAME}" with (force)`).catch(() => {});
    await admin.end();
  }
}

process.exitCode = await main();
