#!/usr/bin/env node
// Runs every test: module unit tests, the HTTP integration suite on PGlite and again on
// PostgreSQL, the browser journeys in real Chromium, then the short fault/load suites and a quick
// benchmark run. Prints one closing line
// "N passed, N failed" over all of them. `--only=server|postgres|pglite|e2e|reliability|bench`
// narrows the run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const extra = process.argv.slice(2).filter((a) => !a.startsWith('--only='));

function find(dir, pattern) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath ?? e.path, e.name)))
    .filter((f) => !f.includes('node_modules'))
    .sort();
}

const unit = find(path.join(root, 'apps/server/src'), /\.test\.ts$/);
const integration = find(path.join(root, 'apps/server/test'), /\.test\.ts$/);
const e2e = find(path.join(root, 'e2e'), /\.test\.ts$/);

const phases = [
  { name: 'unit', files: unit, env: { LINLI_TEST_DB: 'pglite' }, when: ['server', 'pglite', 'unit'] },
  { name: 'integration on PGlite', files: integration, env: { LINLI_TEST_DB: 'pglite' }, when: ['server', 'pglite'] },
  { name: 'integration on PostgreSQL', files: integration, env: { LINLI_TEST_DB: 'postgres' }, when: ['server', 'postgres'] },
  { name: 'browser (Chromium)', files: e2e, env: {}, when: ['e2e'], before: ensureWebBuild },
];

function ensureWebBuild() {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/ensure-web-build.mjs')], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) throw new Error('web build failed');
}

// Seed the test district once for the whole run; every test file clones it (apps/server/test/snapshot.ts).
function prepareSnapshots(kinds) {
  const script = `
    import { preparePglite, preparePostgres } from './apps/server/test/snapshot.ts';
    const scale = ${scale};
    const out = {};
    if (${JSON.stringify(kinds)}.includes('pglite')) out.pglite = await preparePglite(scale);
    if (${JSON.stringify(kinds)}.includes('postgres')) out.postgres = await preparePostgres(${JSON.stringify(pgAdmin)}, scale);
    console.log('SNAPSHOTS ' + JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('SNAPSHOTS '));
  if (r.status !== 0 || !line) {
    console.log('(could not prepare seeded snapshots; each test file seeds its own)');
    return {};
  }
  const snaps = JSON.parse(line.slice(10));
  return { ...(snaps.pglite ? { LINLI_TEST_SNAPSHOT_PGLITE: snaps.pglite } : {}), ...(snaps.postgres ? { LINLI_TEST_SNAPSHOT_PG: snaps.postgres } : {}) };
}
const scale = Number(process.env.LINLI_TEST_SCALE ?? 0.002);
const pgAdmin = process.env.LINLI_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const wanted = phases.filter((p) => !only || p.when.includes(only));
const snapshotEnv = prepareSnapshots([
  ...(wanted.some((p) => p.env.LINLI_TEST_DB === 'pglite' || p.name.startsWith('browser')) ? ['pglite'] : []),
  ...(wanted.some((p) => p.env.LINLI_TEST_DB === 'postgres') ? ['postgres'] : []),
]);

let passed = 0;
let failed = 0;
let skipped = 0;
for (const phase of phases) {
  if (only && !phase.when.includes(only)) continue;
  if (!phase.files.length) continue;
  console.log(`\n=== ${phase.name}: ${phase.files.length} files ===`);
  phase.before?.();
  const args = ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.LINLI_TEST_CONCURRENCY ?? 2}`, ...extra, ...phase.files];
  const r = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ...snapshotEnv, ...phase.env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024 });
  process.stdout.write(r.stdout ?? '');
  const count = (label) => Number((r.stdout ?? '').match(new RegExp(`^ℹ ${label} (\\d+)`, 'm'))?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  skipped += count('skipped');
  if (r.status !== 0 && count('fail') + count('cancelled') === 0) failed += 1; // the runner itself failed
}
// Then the short fault and load suites and a quick run of every benchmark: in CI they prove the
// commands still work and the figures still come out; the long versions are `npm run
// test:reliability` and `npm run bench`.
const scripts = [
  { name: 'reliability (short)', args: ['scripts/reliability.mjs', '--short'], when: ['reliability'] },
  { name: 'benchmarks (quick)', args: ['scripts/bench.mjs', '--quick'], when: ['bench'] },
];
for (const s of scripts) {
  if (only && !s.when.includes(only)) continue;
  if (extra.length) continue; // a run narrowed to named test files skips these
  console.log(`\n=== ${s.name} ===`);
  const r = spawnSync(process.execPath, s.args, { cwd: root, env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024 });
  process.stdout.write(r.stdout ?? '');
  // The fault suite reports its own test counts; the load run and each benchmark count as one.
  const faults = (r.stdout ?? '').match(/faults: (\d+) passed, (\d+) failed/);
  if (faults) {
    passed += Number(faults[1]);
    failed += Number(faults[2]);
  }
  const load = (r.stdout ?? '').match(/load: (passed|failed)/);
  if (load) load[1] === 'passed' ? passed++ : failed++;
  if (s.name.startsWith('benchmarks')) {
    const ran = ((r.stdout ?? '').match(/^=== bench\//gm) ?? []).length;
    const broken = ((r.stdout ?? '').match(/^Failed: (.*)$/m)?.[1] ?? '').split(';').filter((x) => x.trim()).length;
    passed += ran - broken;
    failed += broken;
  }
  if (r.status !== 0 && !faults && !load && !s.name.startsWith('benchmarks')) failed += 1;
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
