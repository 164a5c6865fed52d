// Case intake over HTTP on PostgreSQL: autocannon with 50 connections POSTs /api/cases (a grid
// worker's session, a fresh Idempotency-Key per request, random points and Open311 types across the
// district) for ~10 s; beside it, in the same run on the same database, a raw single-row INSERT loop
// into a table shaped and indexed like cases, at the same concurrency.
import crypto from 'node:crypto';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config.ts';
import { buildApp } from '../apps/server/src/app.ts';
import { Database } from '../apps/server/src/platform/db/database.ts';
import { seedDemo } from '../apps/server/src/modules/demo/index.ts';
import { seedSmartGrid } from '../apps/server/src/modules/cases/seed.ts';
import { GridIndex, type GridShape } from '../apps/server/src/platform/geo/index.ts';
import { freshBenchDatabase } from './lib/postgres.ts';
import { formatRate, option, printHeader, QUICK, resultRow } from './lib/report.ts';

const CONNECTIONS = Number(option('connections', '50'));
const SECONDS = Number(option('seconds', QUICK ? '3' : '10'));
const url = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/linli_bench_cases';

// The server runs in a child process so the load generator does not share its event loop.
if (process.env.CASE_INTAKE_ROLE === 'server') {
  const db = await Database.open({ kind: 'postgres', url, max: 20 });
  const config = loadConfig({ LINLI_LOG_LEVEL: 'silent', DATABASE_URL: url, LINLI_DATA_DIR: '/tmp/linli-bench' } as NodeJS.ProcessEnv);
  const { app } = await buildApp({ config, db, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
  process.on('disconnect', () => void app.close().then(() => db.close()).then(() => process.exit(0)));
  await new Promise(() => {});
}

// Schema and demo district (small: intake cost does not depend on the number of residents).
const setup = await freshBenchDatabase(url);
await seedDemo(setup, { scale: 0.002 });
await seedSmartGrid(setup, 'chancheng');
await setup.execScript('analyze');
await setup.close();

const server = fork(fileURLToPath(import.meta.url), process.argv.slice(2), { env: { ...process.env, CASE_INTAKE_ROLE: 'server' }, execArgv: process.execArgv });
const port = await new Promise<number>((resolve, reject) => {
  server.once('message', (m) => resolve((m as { port: number }).port));
  server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
const base = `http://127.0.0.1:${port}`;
const db = await Database.open({ kind: 'postgres', url, max: 4 });

// Points inside grids all over the district, and the Open311 leaf types, drawn before timing.
const grids = await db.q.selectFrom('grids').select(['id', 'lat', 'lon', 'geometry']).where('districtId', '=', 'chancheng').execute();
const index = new GridIndex(grids.map((g) => ({ id: g.id, geometry: g.geometry as GridShape['geometry'] })));
const points = grids.map((g) => ({ lat: g.lat, lon: g.lon })).filter((p) => index.locate(p.lat, p.lon) !== null);
const types = (await db.q.selectFrom('caseTypes').select(['id', 'code']).where('districtId', '=', 'chancheng').where('open311', '=', true).where('level', '=', 3).execute()).map((t) => t.id);

const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'grid', password: 'linli-demo' }) });
if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
const cookie = login.headers.getSetCookie().find((c) => c.startsWith('linli_session='))!.split(';')[0]!;
const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;

let n = 0;
const body = () => {
  n++;
  const p = points[n % points.length]!;
  return JSON.stringify({ typeId: types[n % types.length], description: `压测上报 #${n}：门口占道经营，影响通行`, location: { lat: p.lat, lon: p.lon }, urgency: 'normal' });
};

// Warm up: JIT, pools, the grid index and the catalogue caches.
await autocannon({ url: `${base}/api/cases`, connections: 10, amount: 200, method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, requests: [{ setupRequest: (r: autocannon.Request) => ({ ...r, body: body(), headers: { ...r.headers, 'idempotency-key': crypto.randomUUID() } }) }] });

const before = Number((await db.q.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const http = await autocannon({
  url: `${base}/api/cases`,
  connections: CONNECTIONS,
  duration: SECONDS,
  method: 'POST',
  headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
  requests: [{ setupRequest: (r: autocannon.Request) => ({ ...r, body: body(), headers: { ...r.headers, 'idempotency-key': crypto.randomUUID() } }) }],
});
const after = Number((await db.q.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
server.disconnect();
await db.close();

// Baseline: the same concurrency of clients, each inserting one case-shaped row per statement.
const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
await pool.query('drop table if exists bench_cases_baseline; create table bench_cases_baseline (like cases including all)');
const latencies: number[] = [];
let inserted = 0;
const deadline = performance.now() + SECONDS * 1000;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONNECTIONS }, async (_, worker) => {
    const client = await pool.connect();
    try {
      for (let i = 0; performance.now() < deadline; i++) {
        const p = points[(worker * 7919 + i) % points.length]!;
        const t0 = performance.now();
        await client.query(
          `insert into bench_cases_baseline (district_id, id, number, source, case_type_id, status, description, lat, lon, grid_id, area_path, reporter_id, reported_at, updated_at)
           values ('chancheng', $1, $2, 'grid_worker', $3, 'reported', $4, $5, $6, $7, $8, $9, now(), now())`,
          [crypto.randomUUID(), `B${worker}-${i}`, types[i % types.length], `baseline #${i}`, p.lat, p.lon, crypto.randomUUID(), `root/${worker}/`, crypto.randomUUID()],
        );
        latencies.push(performance.now() - t0);
        inserted++;
      }
    } finally {
      client.release();
    }
  }),
);
const baselineMs = performance.now() - started;
await pool.query('drop table bench_cases_baseline');
await pool.end();

latencies.sort((a, b) => a - b);
const p99Insert = latencies[Math.floor(latencies.length * 0.99)] ?? 0;
const httpRate = http.requests.average;
const insertRate = (inserted / baselineMs) * 1000;
const non2xx = http.non2xx + http.errors;

console.log(
  `\nHTTP: ${http.requests.total} requests in ${SECONDS} s at ${CONNECTIONS} connections, ${http['2xx']} created (${after - before} new cases), ${non2xx} failed; ` +
    `latency p50 ${http.latency.p50} ms, p99 ${http.latency.p99} ms`,
);
console.log(`baseline: ${inserted} single-row INSERTs in ${(baselineMs / 1000).toFixed(1)} s on ${CONNECTIONS} connections; p99 ${p99Insert.toFixed(1)} ms\n`);
// Requests still in flight when the clock stops complete on the server but are not counted as 2xx.
if (non2xx > 0 || after - before < http['2xx'] || after - before > http['2xx'] + CONNECTIONS) {
  console.error('some requests failed, or the new cases do not match the 201 answers');
  process.exitCode = 1;
}
printHeader();
console.log(resultRow(`case intake, POST /api/cases over HTTP on PostgreSQL, ${CONNECTIONS} connections (p99 ${http.latency.p99} ms)`, formatRate(httpRate, 'cases'), `${formatRate(insertRate, 'rows')} raw single-row INSERT, same concurrency (p99 ${p99Insert.toFixed(1)} ms)`, httpRate / insertRate));
