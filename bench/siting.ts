// Siting time per OR-Library p-median instance (pmed1-20) and per maximal covering instance,
// beside HiGHS solving the exact MIP of the same model in the same run (with a time limit; an
// unfinished HiGHS run is reported with its bound). The data is read from ../shared/data; without
// it the benchmark says so and prints nothing.
import fs from 'node:fs';
import path from 'node:path';
import { readCover, readPMedian, readPMedianOptima, sharedDataDir } from '../apps/server/src/modules/siting/instances.ts';
import { pMedianLowerBound, solvePMedian } from '../apps/server/src/modules/siting/pmedian.ts';
import { solveCover } from '../apps/server/src/modules/siting/mclp.ts';
import { exactCover, exactPMedian } from '../apps/server/src/modules/siting/highs.ts';
import { option, printHeader, QUICK, resultRow } from './lib/report.ts';

const PMED = path.join(sharedDataDir(), 'orlib-pmed');
const MCLP = path.join(sharedDataDir(), 'mclp');
const limit = Number(option('highs-limit', QUICK ? '10' : '60'));
const upTo = Number(option('up-to', QUICK ? '5' : '20'));

if (!fs.existsSync(PMED)) {
  console.error(`siting bench: ${PMED} absent; skipped`);
  process.exit(0);
}
const optima = readPMedianOptima(fs.readFileSync(path.join(PMED, 'pmedopt.txt'), 'utf8'));
printHeader();
const fmt = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`);
for (let k = 1; k <= upTo; k++) {
  const name = `pmed${k}`;
  const P = readPMedian(fs.readFileSync(path.join(PMED, `${name}.txt`), 'utf8'));
  const opt = optima.get(name)!;
  let t = performance.now();
  const s = solvePMedian(P, { rounds: 300 });
  const lb = pMedianLowerBound(P, s.cost);
  const heurMs = performance.now() - t;
  t = performance.now();
  const exact = await exactPMedian(P, limit);
  const highsMs = performance.now() - t;
  const gap = ((s.cost - opt) / opt) * 100;
  const highsText =
    exact.status === 'optimal' ? `HiGHS ${fmt(highsMs)} (optimal ${Math.round(exact.value!)})` : `HiGHS stopped at ${limit} s (best ${exact.value === null ? '—' : Math.round(exact.value)}, bound ${exact.bound.toFixed(0)})`;
  console.log(resultRow(`siting: ${name} p-median n=${P.n} p=${P.p}`, `${fmt(heurMs)} to ${s.cost} (gap ${gap.toFixed(2)}% to optimum ${opt}; Lagrangian bound ${lb.toFixed(0)})`, highsText, highsMs / heurMs));
}
if (fs.existsSync(MCLP)) {
  const cases: [string, number, number][] = QUICK ? [['SJC324', 800, 3], ['GR100', 60, 8]] : [['SJC324', 800, 2], ['SJC324', 800, 3], ['SJC402', 800, 4], ['SJC500', 800, 4], ['SJC500', 800, 6], ['GR100', 60, 8], ['GR150', 80, 8], ['GR150', 60, 10]];
  for (const [name, radius, k] of cases) {
    const P = readCover(name, fs.readFileSync(path.join(MCLP, `${name}.txt`), 'utf8'), radius, k);
    let t = performance.now();
    const h = solveCover(P);
    const heurMs = performance.now() - t;
    t = performance.now();
    const exact = await exactCover(P, limit);
    const highsMs = performance.now() - t;
    const highsText = exact.status === 'optimal' ? `HiGHS ${fmt(highsMs)} (optimal ${exact.value!.toFixed(0)})` : `HiGHS stopped at ${limit} s (bound ${exact.bound.toFixed(0)})`;
    console.log(resultRow(`siting: ${name} maximal covering r=${radius} p=${k}`, `${fmt(heurMs)} to ${h.value.toFixed(0)}`, highsText, highsMs / heurMs));
  }
}
