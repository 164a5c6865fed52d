#!/usr/bin/env node
// Runs every benchmark in bench/ and writes one markdown table of their figures, each beside the
// baseline it measured in the same run, to bench/results/latest.md (and a dated copy); a quick run
// writes bench/results/quick.md.
// Each benchmark prints its result rows as markdown table lines:
//   | benchmark | figure | baseline (same run) | ratio |
// `--quick` (or LINLI_BENCH_QUICK=1) asks each benchmark for a short run; `--only=name` picks one.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const quick = process.argv.includes('--quick') || process.env.LINLI_BENCH_QUICK === '1';
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const files = fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.ts') && (!only || f.startsWith(only))).sort();

const rows = [];
const failures = [];
for (const file of files) {
  console.log(`\n=== bench/${file}${quick ? ' (quick)' : ''} ===`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', file)], {
    cwd: root,
    env: { ...process.env, ...(quick ? { LINLI_BENCH_QUICK: '1' } : {}) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(r.stdout ?? '');
  const own = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('| ') && !/^\|\s*-/.test(l) && !/^\|\s*benchmark\s*\|/i.test(l));
  rows.push(...own);
  if (r.status !== 0) failures.push(`${file} exited ${r.status}`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const stamp = new Date().toISOString();
const table = [
  `# Linli benchmarks`,
  ``,
  `Run ${stamp}${quick ? ' (quick)' : ''} on ${process.platform} ${process.arch}, Node ${process.version}, ${(await import('node:os')).cpus().length} cores.`,
  `Every figure stands beside a baseline measured in the same run on the same machine.`,
  ``,
  `| benchmark | figure | baseline (same run) | ratio |`,
  `|---|---|---|---|`,
  ...rows,
  ...(failures.length ? ['', `Failed: ${failures.join('; ')}`] : []),
  '',
].join('\n');
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
// A quick run (CI) writes quick.md, so it never overwrites the figures of the last full run.
if (quick) fs.writeFileSync(path.join(root, 'bench/results/quick.md'), table);
else {
  fs.writeFileSync(path.join(root, 'bench/results/latest.md'), table);
  fs.writeFileSync(path.join(root, `bench/results/${stamp.slice(0, 10)}.md`), table);
}
console.log(`\n${table}`);
process.exit(failures.length ? 1 : 0);
