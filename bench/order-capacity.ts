// Order capacity on PostgreSQL: 1,000 order placements sent at once over HTTP (the hotline ordering
// a home-cleaning service for 1,000 different resident/item pairs) against one slot of 100 places.
// Every round must book exactly 100 and refuse 900 with 409, with the slot's counter, the orders
// table and the CHECK constraint agreeing: zero overbooking. Beside it, in the same run on the same
// database, a raw single-row INSERT loop at the same concurrency (1,000 in flight, same pool size).
import crypto from 'node:crypto';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config.ts';
import { buildApp } from '../apps/server/src/app.ts';
import { Database } from '../apps/server/src/platform/db/database.ts';
import { seedDemo } from '../apps/server/src/modules/demo/index.ts';
import { servicesDemo } from '../apps/server/src/modules/orders/demo.ts';
import { freshBenchDatabase } from './lib/postgres.ts';
import { formatRate, option, printHeader, QUICK, resultRow } from './lib/report.ts';

const REQUESTS = Number(option('requests', '1000'));
const PLACES = Number(option('places', '100'));
const ROUNDS = Number(option('rounds', QUICK ? '1' : '3'));
const POOL = 20;
const base = new URL(process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/linli_bench_orders');
base.pathname = '/linli_bench_orders';
const url = base.toString();

// The server runs in a child process so the load does not share its event loop.
if (process.env.ORDER_CAPACITY_ROLE === 'server') {
  const db = await Database.open({ kind: 'postgres', url, max: POOL });
  const config = loadConfig({ LINLI_LOG_LEVEL: 'silent', DATABASE_URL: url, LINLI_DATA_DIR: '/tmp/linli-bench' } as NodeJS.ProcessEnv);
  const { app } = await buildApp({ config, db, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
  process.on('disconnect', () => void app.close().then(() => db.close()).then(() => process.exit(0)));
  await new Promise(() => {});
}

const started = performance.now();
const setup = await freshBenchDatabase(url);
await seedDemo(setup, { scale: 0.002 });
await setup.tx(() => servicesDemo.seed(setup, 'chancheng', { scale: 0.002, log: () => {} }));
await setup.execScript('analyze');
console.log(`database ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const server = fork(fileURLToPath(import.meta.url), process.argv.slice(2), { env: { ...process.env, ORDER_CAPACITY_ROLE: 'server' }, execArgv: process.execArgv });
const port = await new Promise<number>((resolve, reject) => {
  server.once('message', (m) => resolve((m as { port: number }).port));
  server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
const origin = `http://127.0.0.1:${port}`;

const login = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'hotline', password: 'linli-demo' }) });
if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
const cookie = login.headers.getSetCookie().find((c) => c.startsWith('linli_session='))!.split(';')[0]!;
const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf };
const get = async <T>(path: string): Promise<T> => {
  const r = await fetch(`${origin}${path}`, { headers });
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};

// One street's residents and its cleaning items: resident x item pairs, all different.
const q = setup.q;
const street = await q.selectFrom('areas').select(['id', 'path']).where('districtId', '=', 'chancheng').where('level', '=', 'street').where('name', '=', '祖庙街道').executeTakeFirstOrThrow();
const persons = await q.selectFrom('persons').select('id').where('districtId', '=', 'chancheng').where('areaPath', 'like', `${street.path}%`).where('status', '=', 'active').orderBy('id').execute();
const items = await q.selectFrom('serviceItems').select(['id', 'code']).where('districtId', '=', 'chancheng').where('code', 'like', 'CLEAN%').orderBy('code').execute();
const perItem = Math.ceil(REQUESTS / items.length);
if (persons.length < perItem) throw new Error(`only ${persons.length} residents in the street; need ${perItem}`);
const pairs = Array.from({ length: REQUESTS }, (_, i) => ({ personId: persons[i % perItem]!.id, itemId: items[Math.floor(i / perItem)]!.id }));
const schedule = await q
  .selectFrom('serviceSchedules as s')
  .innerJoin('serviceCategories as c', (j) => j.onRef('c.districtId', '=', 's.districtId').onRef('c.id', '=', 's.categoryId'))
  .select('s.id')
  .where('s.districtId', '=', 'chancheng')
  .where('s.streetId', '=', street.id)
  .where('c.code', '=', 'CLEAN')
  .executeTakeFirstOrThrow();
await q.updateTable('serviceSchedules').set({ capacity: PLACES, horizonDays: 30 }).where('districtId', '=', 'chancheng').where('id', '=', schedule.id).execute();
const slots = (await get<{ items: { id: string; capacity: number; booked: number }[] }>(`/api/service-slots?itemId=${items[0]!.id}&personId=${pairs[0]!.personId}&days=14`)).items.filter((s) => s.booked === 0 && s.capacity === PLACES);
if (slots.length < ROUNDS + 1) throw new Error('not enough empty slots');

async function placeAll(slotId: string, list: typeof pairs) {
  const t0 = performance.now();
  const codes = await Promise.all(
    list.map(async (p) => {
      const r = await fetch(`${origin}/api/service-orders`, { method: 'POST', headers: { ...headers, 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify({ itemId: p.itemId, personId: p.personId, slotId, caller: { name: '压测来电', relation: '本人' } }) });
      await r.arrayBuffer();
      return r.status;
    }),
  );
  return { ms: performance.now() - t0, codes };
}

// Warm up on its own slot: JIT, pools, caches.
await placeAll(slots[0]!.id, pairs.slice(0, 200));

const raw = new pg.Pool({ connectionString: url, max: POOL });
await raw.query('create table bench_raw_orders (district_id text not null, id uuid not null, person_id uuid not null, item_id uuid not null, slot_id uuid not null, quantity int not null, created_at timestamptz not null default now(), primary key (district_id, id))');
await raw.query('create index on bench_raw_orders (district_id, person_id, created_at desc)');

let overbooked = 0;
const placeMs: number[] = [];
const rawMs: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const slot = slots[round]!;
  const { ms, codes } = await placeAll(slot.id, pairs);
  placeMs.push(ms);
  const booked = codes.filter((c) => c === 201).length;
  const full = codes.filter((c) => c === 409).length;
  const row = await q.selectFrom('serviceSlots').select(['booked', 'capacity']).where('districtId', '=', 'chancheng').where('id', '=', slot.id).executeTakeFirstOrThrow();
  const orders = Number((await q.selectFrom('serviceOrders').select((eb) => eb.fn.countAll<number>().as('n')).where('slotId', '=', slot.id).where('status', 'not in', ['cancelled', 'refused']).executeTakeFirstOrThrow()).n);
  overbooked += Math.max(0, orders - PLACES) + Math.max(0, row.booked - row.capacity);
  const other = codes.filter((c) => c !== 201 && c !== 409);
  console.log(`round ${round}: ${REQUESTS} placements in ${ms.toFixed(0)} ms: ${booked} booked, ${full} refused as full${other.length ? `, other answers ${[...new Set(other)].join(',')}` : ''}; slot ${row.booked}/${row.capacity}, ${orders} orders`);
  if (booked !== PLACES || orders !== PLACES || row.booked !== PLACES || other.length) {
    console.error('capacity violated or orders lost');
    process.exitCode = 1;
  }

  const r0 = performance.now();
  await Promise.all(pairs.map((p) => raw.query('insert into bench_raw_orders (district_id, id, person_id, item_id, slot_id, quantity) values ($1, $2, $3, $4, $5, 1)', ['chancheng', crypto.randomUUID(), p.personId, p.itemId, slot.id])));
  rawMs.push(performance.now() - r0);
}
await raw.end();
server.disconnect();
await setup.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const placeRate = (REQUESTS / median(placeMs)) * 1000;
const rawRate = (REQUESTS / median(rawMs)) * 1000;
console.log(`\nmedian of ${ROUNDS}: placements ${median(placeMs).toFixed(0)} ms, raw INSERT loop ${median(rawMs).toFixed(0)} ms; overbooked ${overbooked}\n`);
printHeader();
console.log(resultRow(`order placement: ${REQUESTS.toLocaleString('en')} concurrent vs ${PLACES} places (HTTP, PostgreSQL)`, `${formatRate(placeRate, 'orders')}, ${PLACES} booked, ${overbooked} overbooked`, `raw INSERT loop ${formatRate(rawRate, 'rows')} (${REQUESTS.toLocaleString('en')} in flight, pool ${POOL})`, placeRate / rawRate));
if (overbooked) process.exitCode = 1;
