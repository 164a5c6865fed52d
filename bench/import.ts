// Importing residents from a CSV on PostgreSQL (1 million rows; 50,000 with LINLI_BENCH_QUICK=1),
// through the real import path (stream, map, validate ID numbers, resolve against the register,
// place into buildings and households, write residents and source records), in rows per second;
// then re-importing the same file (every row unchanged); beside a raw COPY of the same file into a
// bare table of text columns on the same database, in the same run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { idNumberCheckChar } from '@linli/contracts';
import { loadConfig } from '../apps/server/src/config.ts';
import { seedDemoDistrict } from '../apps/server/src/modules/demo/extras.ts';
import { loadAssignments } from '../apps/server/src/platform/auth/index.ts';
import type { Actor } from '../apps/server/src/platform/auth/actor.ts';
import { EventBus } from '../apps/server/src/platform/events.ts';
import { Notifier } from '../apps/server/src/platform/notify.ts';
import { AreasService } from '../apps/server/src/modules/areas/service.ts';
import { ImportsService } from '../apps/server/src/modules/imports/service.ts';
import { freshBenchDatabase } from './lib/postgres.ts';
import { formatRate, option, printHeader, QUICK, rate, resultRow } from './lib/report.ts';

const ROWS = Number(option('rows', QUICK ? '50000' : '1000000'));
const url = process.env.LINLI_BENCH_IMPORT_URL ?? 'postgres://root@127.0.0.1:5432/linli_bench_imports';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-import-'));
const log = (m: string) => console.error(m);

const db = await freshBenchDatabase(url);
try {
  await seedDemoDistrict(db, { scale: 0.002, log: () => {} });
  const buildings = (await db.q.selectFrom('areas').select('code').where('level', '=', 'building').orderBy('code').execute()).map((b) => b.code);
  const admin = await db.q.selectFrom('users').select(['id', 'username', 'displayName', 'districtId', 'personId']).where('username', '=', 'admin').executeTakeFirstOrThrow();
  const assignments = await loadAssignments(db, admin.id);
  const actor: Actor = { userId: admin.id, username: admin.username, displayName: admin.displayName, districtId: admin.districtId, personId: null, assignments, roles: new Set(assignments.map((a) => a.role)), ip: '127.0.0.1' };

  // The file: one resident a row, with a valid and unique ID number, a mobile, a building and a room.
  const file = path.join(dataDir, 'residents.csv');
  const out = fs.createWriteStream(file);
  const SURNAMES = [...'陈李黄张梁何吴林罗郑周谢冯邓麦潘区欧杨刘'];
  const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华荣锦泉志坚少芬淑贞国雄建新玉珍'];
  const start = Date.UTC(1930, 0, 1);
  let chunk = '编号,姓名,性别,出生日期,身份证号,手机,楼栋,房号\n';
  for (let i = 0; i < ROWS; i++) {
    const day = i % 32000;
    const birth = new Date(start + day * 86400_000).toISOString().slice(0, 10);
    const seq = Math.floor(i / 32000);
    const male = i % 2 === 0;
    const first17 = `440604${birth.replaceAll('-', '')}${String(seq * 2 + (male ? 1 : 0)).padStart(3, '0')}`;
    const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]! + GIVEN[(i * 13) % GIVEN.length]!;
    chunk += `MZ${i},${name},${male ? '男' : '女'},${birth},${first17}${idNumberCheckChar(first17)},13${String(100000000 + ((i * 7919) % 900000000)).slice(0, 9)},${buildings[i % buildings.length]},${1 + (i % 30)}-${100 + (i % 7)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.once('finish', () => r()));
  const size = fs.statSync(file).size;
  log(`generated ${ROWS.toLocaleString()} rows (${(size / 1e6).toFixed(0)} MB)`);

  const config = loadConfig({ DATABASE_URL: url, LINLI_DATA_DIR: dataDir, LINLI_LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
  const events = new EventBus();
  const quiet = { info() {}, warn() {}, error: (o: unknown) => console.error(o), debug() {}, fatal() {}, trace() {}, silent() {}, level: 'silent', child: () => quiet } as never;
  const base = { config, db, events, notifier: new Notifier(db, events, []), log: quiet, version: 'bench' };
  const service = new ImportsService({ ...base, areas: new AreasService(base) });
  const root = await db.q.selectFrom('areas').select('id').where('level', '=', 'district').executeTakeFirstOrThrow();
  const source = await service.createSource(actor, { name: '区民政局救助系统', entity: 'residents', areaId: root.id });
  const mapping = { columns: { sourceKey: '编号', name: '姓名', gender: '性别', birthDate: '出生日期', idNumber: '身份证号', phone: '手机', building: '楼栋', room: '房号' }, valueMaps: {}, defaults: {} };

  const runImport = async () => {
    const job = await service.upload(actor, source.id, fs.createReadStream(file), 'residents.csv');
    const t0 = performance.now();
    await service.start(actor, job.id, { mapping, dryRun: false, allOrNothing: false });
    await new Promise((r) => setTimeout(r, 50));
    await ImportsService.settled(job.id, 3_600_000);
    const ms = performance.now() - t0;
    const done = await service.job(actor, job.id);
    if (done.status !== 'done') throw new Error(`import ended ${done.status}: ${done.message}`);
    return { ms, done };
  };

  const first = await runImport();
  log(`import: ${first.done.createdRows} created, ${first.done.errorRows} errors in ${(first.ms / 1000).toFixed(1)} s`);
  if (first.done.errorRows) log(JSON.stringify((await service.errors(actor, first.done.id, 5)).items));
  // A generated ID number may belong to a seeded resident: that row joins them instead.
  if (first.done.createdRows + first.done.matchedRows !== ROWS) throw new Error(`expected ${ROWS} residents, created ${first.done.createdRows}, matched ${first.done.matchedRows}`);
  const again = await runImport();
  log(`re-import: ${again.done.unchangedRows} unchanged, ${again.done.createdRows} created in ${(again.ms / 1000).toFixed(1)} s`);

  // Baseline: COPY the same bytes into a bare table of text columns, no indexes, one transaction.
  const client = await db.pool!.connect();
  let copyMs: number;
  try {
    await client.query('drop table if exists bench_import_copy; create unlogged table bench_import_copy (source_key text, name text, gender text, birth text, id_number text, phone text, building text, room text)');
    const t0 = performance.now();
    await pipeline(fs.createReadStream(file), client.query(copyFrom(`copy bench_import_copy from stdin with (format csv, header true)`)));
    copyMs = performance.now() - t0;
    const { rows } = await client.query('select count(*)::int as n from bench_import_copy');
    if (rows[0].n !== ROWS) throw new Error(`COPY loaded ${rows[0].n} rows`);
    await client.query('drop table bench_import_copy');
  } finally {
    client.release();
  }

  const copyRate = rate(ROWS, copyMs);
  const importRate = rate(ROWS, first.ms);
  const reRate = rate(ROWS, again.ms);
  const label = `${ROWS >= 1e6 ? `${ROWS / 1e6}M` : `${ROWS / 1e3}k`}`;
  printHeader();
  console.log(resultRow(`import ${label} residents from CSV, PostgreSQL (validate, resolve, place, write with provenance)`, formatRate(importRate, 'rows'), `COPY into a bare table: ${formatRate(copyRate, 'rows')}`, importRate / copyRate));
  console.log(resultRow(`re-import the same ${label} rows (all unchanged, nothing duplicated)`, formatRate(reRate, 'rows'), `COPY into a bare table: ${formatRate(copyRate, 'rows')}`, reRate / copyRate));
} finally {
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
