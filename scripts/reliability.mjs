#!/usr/bin/env node
// The long fault and load suites: the fault tests in reliability/*.test.ts (kill -9 during
// concurrent keyed submissions, PostgreSQL restarts under load, photo storage out of space), then
// the mixed load of reliability/load.ts. `--short` runs the CI size (200 submissions, one
// restart, 20 s of load, a few minutes in all); `--only=faults|load` runs one half.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const short = process.argv.includes('--short');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
if (only && !['faults', 'load'].includes(only)) {
  console.error('usage: node scripts/reliability.mjs [--short] [--only=faults|load]');
  process.exit(2);
}
const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`;
const results = [];

if (only !== 'load') {
  const files = fs.readdirSync(path.join(root, 'reliability')).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join('reliability', f));
  console.log(`\n=== faults (${short ? 'short' : 'full size'}): ${files.length} files ===`);
  const t = Date.now();
  // One file at a time: each drives the server hard, and the machine's cores are shared.
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files], {
    cwd: root,
    env: { ...process.env, LINLI_RELIABILITY: short ? 'short' : 'full' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
  process.stdout.write(r.stdout ?? '');
  const count = (label) => Number((r.stdout ?? '').match(new RegExp(`^ℹ ${label} (\\d+)`, 'm'))?.[1] ?? 0);
  const failed = count('fail') + count('cancelled') + (r.status !== 0 && count('fail') + count('cancelled') === 0 ? 1 : 0);
  results.push({ name: 'faults', ok: failed === 0 && r.status === 0, line: `faults: ${count('pass')} passed, ${failed} failed in ${seconds(t)}` });
}

if (only !== 'faults') {
  const load = path.join(root, 'reliability/load.ts');
  const args = [`--seconds=${short ? 20 : 600}`];
  console.log(`\n=== load (${args.join(' ')}) ===`);
  if (!fs.existsSync(load)) {
    console.log('reliability/load.ts is not in this tree yet: the load suite is skipped.');
    results.push({ name: 'load', ok: true, line: 'load: skipped (reliability/load.ts not present)' });
  } else {
    const t = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', load, ...args], { cwd: root, stdio: 'inherit' });
    results.push({ name: 'load', ok: r.status === 0, line: `load: ${r.status === 0 ? 'passed' : `failed (exit ${r.status ?? r.signal})`} in ${seconds(t)}` });
  }
}

console.log(`\n${results.map((r) => r.line).join('; ')}; ${seconds(started)} in all`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
