// Fault-suite harness: the real server as a child process (so it can be killed with SIGKILL), a
// seeded PostgreSQL database (a scratch copy on the machine's server, or a private cluster this
// suite may stop and restart), and a small HTTP client that retries a keyed write until the server
// acknowledges it, the way the grid worker's outbox does.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PG_ADMIN_URL, TEST_SCALE, scratchPostgres } from '../apps/server/test/helpers.ts';
import { preparePostgres } from '../apps/server/test/snapshot.ts';

export const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
/** CI runs the suite small (`--short`); `npm run test:reliability` runs it at full size. */
export const SHORT = process.env.LINLI_RELIABILITY === 'short';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const log = (m: string) => console.log(`# [${new Date().toISOString().slice(11, 23)}] ${m}`);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

// --- databases ----------------------------------------------------------------------------------

/** The test run's seeded template on the machine's PostgreSQL (built once per code version). */
export async function seededTemplate(): Promise<string> {
  return preparePostgres(PG_ADMIN_URL, TEST_SCALE);
}

/** A scratch copy of the seeded template on the machine's PostgreSQL, dropped afterwards. */
export async function seededScratch(prefix: string) {
  return scratchPostgres(prefix, await seededTemplate());
}

function pgBin(): string {
  if (process.env.LINLI_PG_BIN) return process.env.LINLI_PG_BIN;
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const fromConfig = r.status === 0 ? r.stdout.trim() : '';
  if (fromConfig && fs.existsSync(path.join(fromConfig, 'initdb'))) return fromConfig;
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)) return `/usr/lib/postgresql/${v}/bin`;
  throw new Error('no PostgreSQL server binaries found (set LINLI_PG_BIN to the directory holding initdb and pg_ctl)');
}

export interface PrivateCluster {
  /** postgres:// URL of the seeded database in this cluster. */
  url: string;
  /** `pg_ctl restart -m mode`, or stop, wait gapMs, start when a gap is asked for. Resolves once it accepts connections again. */
  restart(mode: 'fast' | 'immediate', gapMs?: number): Promise<{ downAt: number; upAt: number }>;
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL cluster of this suite's own (initdb in a temp dir, trust auth, a free port), so it
 * can be restarted under load without touching the machine's server. initdb refuses to run as
 * root, so as root the cluster runs as the `postgres` user.
 */
export async function privateCluster(): Promise<PrivateCluster> {
  const bin = pgBin();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-pg-'));
  if (asRoot) spawnSync('chown', ['postgres:postgres', dir]);
  const pgdata = path.join(dir, 'data');
  const run = (cmd: string, args: string[]) => {
    const argv = asRoot ? ['runuser', '-u', 'postgres', '--', path.join(bin, cmd), ...args] : [path.join(bin, cmd), ...args];
    const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  run('initdb', ['-D', pgdata, '-U', 'root', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=100`;
  const ctl = (...args: string[]) => run('pg_ctl', ['-D', pgdata, '-w', '-t', '60', '-l', path.join(dir, 'log'), '-o', opts, ...args]);
  ctl('start');
  // Seed: the machine's seeded template, copied over with pg_dump.
  const template = await seededTemplate();
  const src = new URL(PG_ADMIN_URL);
  src.pathname = `/${template}`;
  const url = `postgres://root@127.0.0.1:${port}/linli`;
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'root', 'linli']);
  const dump = spawnSync(path.join(bin, 'pg_dump'), ['--no-owner', '-d', src.toString()], { maxBuffer: 1024 * 1024 * 1024 });
  if (dump.status !== 0) throw new Error(`pg_dump failed: ${dump.stderr}`);
  const restore = spawnSync(path.join(bin, 'psql'), ['-q', '-v', 'ON_ERROR_STOP=1', '-d', url], { input: dump.stdout, maxBuffer: 64 * 1024 * 1024 });
  if (restore.status !== 0) throw new Error(`restoring the seed failed: ${restore.stderr}`);
  return {
    url,
    async restart(mode, gapMs = 0) {
      const downAt = Date.now();
      if (gapMs > 0) {
        ctl('stop', '-m', mode);
        await sleep(gapMs);
        ctl('start');
      } else ctl('restart', '-m', mode);
      return { downAt, upAt: Date.now() };
    },
    async destroy() {
      try {
        ctl('stop', '-m', 'immediate');
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// --- the server ---------------------------------------------------------------------------------

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  /** Everything the server wrote to stderr (and stdout lines at warn level and above). */
  output: string[];
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** `tsx apps/server/src/main.ts` on Node 24, as `npm start` runs it; resolves once /api/health answers 200. */
export async function startServer(env: { DATABASE_URL: string; LINLI_DATA_DIR: string; PORT?: number; [k: string]: string | number | undefined }): Promise<ServerProcess> {
  const port = env.PORT ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', LINLI_LOG_LEVEL: 'warn', LINLI_DEMO: 'off', ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the server exited (${exitCode}) while starting:\n${output.join('')}`);
    if (Date.now() - started > 120_000) throw new Error(`the server did not become healthy in 120 s:\n${output.join('')}`);
    if ((await health(base)) === 200) break;
    await sleep(100);
  }
  return {
    base,
    child,
    output,
    exited,
    async kill(signal) {
      if (exitCode === undefined) child.kill(signal);
      await exited;
    },
  };
}

/** The health endpoint's status, or 0 when nothing answered. */
export async function health(base: string): Promise<number> {
  try {
    const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

// --- a client -----------------------------------------------------------------------------------

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export class Session {
  private cookie = '';
  private csrf = '';
  /** Where requests go; tests point it at a restarted server. */
  constructor(public base: string) {}

  static async login(base: string, username: string, password = 'linli-demo'): Promise<Session> {
    const s = new Session(base);
    const res = await s.send('POST', '/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return s;
  }

  /** One HTTP request; throws only when no answer came back (refused, reset, timed out). */
  async send(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    let payload: string | Uint8Array<ArrayBuffer> | undefined;
    if (Buffer.isBuffer(body)) payload = Uint8Array.from(body);
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.base}${url}`, { method, headers: h, body: payload, signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    const set = res.headers.getSetCookie().find((c) => c.startsWith('linli_session='));
    if (set) this.cookie = set.split(';')[0]!;
    let json: any = text;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    if (json && typeof json === 'object' && typeof json.csrfToken === 'string') this.csrf = json.csrfToken;
    return { status: res.status, headers: res.headers, body: json };
  }

  /** A photo upload as multipart/form-data (field "file"). */
  upload(bytes: Buffer, filename = 'photo.jpg', type = 'image/jpeg'): Promise<Answer> {
    const boundary = `----linli-reliability-${Math.random().toString(16).slice(2)}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.send('POST', '/api/files', payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  }
}

/** What the clients saw while retrying: every answer by status, and the 503s' shape. */
export class Tally {
  byStatus = new Map<number | 'no answer', number>();
  unavailable = { total: 0, problemJson: 0, retryAfter: 0 };
  /** Answers that should never happen (500s, unexpected 4xx), kept for the failure message. */
  surprises: string[] = [];
  note(a: Answer | null) {
    const key = a ? a.status : 'no answer';
    this.byStatus.set(key, (this.byStatus.get(key) ?? 0) + 1);
    if (a?.status === 503) {
      this.unavailable.total++;
      if (a.headers.get('content-type')?.startsWith('application/problem+json') && a.body?.status === 503 && typeof a.body?.code === 'string') this.unavailable.problemJson++;
      if (Number(a.headers.get('retry-after')) > 0) this.unavailable.retryAfter++;
    }
  }
  count(status: number | 'no answer') {
    return this.byStatus.get(status) ?? 0;
  }
  summary(): string {
    return [...this.byStatus.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0]))).map(([k, v]) => `${k}: ${v}`).join(', ');
  }
}

/**
 * Send a keyed write until the server acknowledges it (201), as the grid worker's outbox does:
 * no answer, 5xx, 429 and "still in progress" are retried with the same Idempotency-Key after a
 * jittered pause; any other answer is final and returned as it is.
 */
export async function untilAcknowledged(session: Session, url: string, body: unknown, key: string, tally: Tally, opts: { deadline: number; /** Stop retrying (the test has failed already). */ abandon?: () => boolean }): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    let answer: Answer | null = null;
    try {
      answer = await session.send('POST', url, body, { 'idempotency-key': key });
    } catch {
      answer = null;
    }
    tally.note(answer);
    if (answer && answer.status < 500 && answer.status !== 429 && answer.body?.code !== 'idempotency.in_progress') return answer;
    if (answer?.status === 500) tally.surprises.push(`500 for ${key}: ${JSON.stringify(answer.body)}`);
    if (Date.now() > opts.deadline || opts.abandon?.()) throw new Error(`${key} was never acknowledged (last: ${answer ? answer.status : 'no answer'})`);
    const retryAfter = Number(answer?.headers.get('retry-after') ?? 0) * 1000;
    const pause = Math.min(2000, 50 * 2 ** Math.min(attempt, 5));
    await sleep(Math.max(retryAfter > 0 ? Math.min(retryAfter, 2000) * Math.random() : 0, pause * (0.5 + Math.random())));
  }
}

/** The demo grid worker's session, a leaf case type and a point in the worker's grid, for case reports. */
export async function caseFixture(base: string, databaseUrl: string): Promise<{ session: Session; typeId: string; location: { lat: number; lon: number } }> {
  const session = await Session.login(base, 'grid');
  const gridId = (await session.send('GET', '/api/auth/me')).body.user.roles.find((r: { role: string }) => r.role === 'grid_worker').gridId as string;
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const type = await c.query(`select id from case_types where district_id = 'chancheng' and code = 'CG0101'`);
    const grid = await c.query(`select lat, lon from grids where district_id = 'chancheng' and id = $1`, [gridId]);
    return { session, typeId: type.rows[0].id, location: { lat: Number(grid.rows[0].lat), lon: Number(grid.rows[0].lon) } };
  } finally {
    await c.end();
  }
}

/** Run one query against a database and return its rows. */
export async function query<T = Record<string, unknown>>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/**
 * Check acknowledged keyed case reports against the database: the cases whose description is
 * "reliability report <key>" for keys starting with prefix, how many keys have more than one case,
 * and how many acknowledged cases are missing.
 */
export async function storedReports(databaseUrl: string, prefix: string, acknowledged: Map<string, string>) {
  const rows = await query<{ id: string; description: string }>(databaseUrl, `select id, description from cases where description like $1`, [`reliability report ${prefix}%`]);
  const byKey = new Map<string, string[]>();
  for (const r of rows) {
    const key = r.description.slice('reliability report '.length);
    byKey.set(key, [...(byKey.get(key) ?? []), r.id]);
  }
  const duplicates = [...byKey.values()].filter((ids) => ids.length > 1).length;
  const lost = [...acknowledged].filter(([key, id]) => !byKey.get(key)?.includes(id)).length;
  return { rows, duplicates, lost };
}
