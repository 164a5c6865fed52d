// The siting solvers against the outside world: OR-Library p-median instances with their proven
// optima, and maximal covering instances against an exact MIP solved by HiGHS. The data is read
// from ../shared/data at run time; without it these tests skip and say so.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readCover, readPMedian, readPMedianOptima, sharedDataDir } from '../src/modules/siting/instances.ts';
import { pMedianLowerBound, solvePMedian } from '../src/modules/siting/pmedian.ts';
import { solveCover } from '../src/modules/siting/mclp.ts';
import { exactCover, exactPMedian } from '../src/modules/siting/highs.ts';

const PMED = path.join(sharedDataDir(), 'orlib-pmed');
const MCLP = path.join(sharedDataDir(), 'mclp');
const noPmed = fs.existsSync(path.join(PMED, 'pmedopt.txt')) ? false : `OR-Library data absent (${PMED}); skipped`;
const noMclp = fs.existsSync(MCLP) ? false : `MCLP data absent (${MCLP}); skipped`;

/** Instance, covering radius, sites: chosen so the optimum is not "cover everything". */
export const MCLP_CASES: [string, number, number][] = [
  ['SJC324', 800, 2],
  ['SJC324', 800, 3],
  ['SJC402', 800, 4],
  ['SJC500', 800, 4],
  ['SJC500', 800, 6],
  ['GR100', 60, 8],
  ['GR150', 80, 8],
  ['GR150', 60, 10],
];

describe('siting solvers', () => {
  it('reaches within 1% of the proven optimum on every OR-Library p-median instance (pmed1-20), mean gap at most 0.2%', { skip: noPmed }, (t) => {
    const optima = readPMedianOptima(fs.readFileSync(path.join(PMED, 'pmedopt.txt'), 'utf8'));
    const gaps: number[] = [];
    for (let k = 1; k <= 20; k++) {
      const name = `pmed${k}`;
      const P = readPMedian(fs.readFileSync(path.join(PMED, `${name}.txt`), 'utf8'));
      const started = performance.now();
      const s = solvePMedian(P, { rounds: 300 });
      const ms = performance.now() - started;
      const opt = optima.get(name)!;
      const gap = (s.cost - opt) / opt;
      gaps.push(gap);
      assert.equal(s.open.length, P.p);
      assert.ok(s.cost >= opt, `${name}: ${s.cost} below the proven optimum ${opt}?`);
      assert.ok(gap <= 0.01, `${name}: gap ${(gap * 100).toFixed(3)}%`);
      t.diagnostic(`${name} n=${P.n} p=${P.p}: ${s.cost} vs ${opt} (gap ${(gap * 100).toFixed(3)}%) in ${ms.toFixed(0)} ms`);
    }
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    t.diagnostic(`mean gap ${(mean * 100).toFixed(3)}%`);
    assert.ok(mean <= 0.002, `mean gap ${(mean * 100).toFixed(3)}%`);
  });

  it('proves Lagrangian lower bounds that never exceed the optimum and come within 1% of it', { skip: noPmed }, (t) => {
    const optima = readPMedianOptima(fs.readFileSync(path.join(PMED, 'pmedopt.txt'), 'utf8'));
    for (const k of [1, 4, 8, 13, 18, 20]) {
      const name = `pmed${k}`;
      const P = readPMedian(fs.readFileSync(path.join(PMED, `${name}.txt`), 'utf8'));
      const opt = optima.get(name)!;
      const lb = pMedianLowerBound(P, opt, { iterations: 600 });
      t.diagnostic(`${name}: bound ${lb.toFixed(1)} vs optimum ${opt} (${(((opt - lb) / opt) * 100).toFixed(2)}% below)`);
      assert.ok(lb <= opt + 1e-6, `${name}: bound ${lb} above the optimum ${opt}`);
      assert.ok(lb >= opt * 0.99, `${name}: bound ${lb} weak`);
    }
  });

  it('agrees with the exact p-median MIP solved by HiGHS on pmed1', { skip: noPmed }, async () => {
    const P = readPMedian(fs.readFileSync(path.join(PMED, 'pmed1.txt'), 'utf8'));
    const exact = await exactPMedian(P, 60);
    assert.equal(exact.status, 'optimal');
    assert.equal(Math.round(exact.value!), 5819);
    assert.equal(solvePMedian(P).cost, 5819);
  });

  it('matches the exact maximal covering MIP (HiGHS) within 1% on the SJC and G&R instances where HiGHS finishes', { skip: noMclp }, async (t) => {
    for (const [name, radius, k] of MCLP_CASES) {
      const P = readCover(name, fs.readFileSync(path.join(MCLP, `${name}.txt`), 'utf8'), radius, k);
      const started = performance.now();
      const h = solveCover(P);
      const ms = performance.now() - started;
      const exact = await exactCover(P, 30);
      assert.ok(h.value <= exact.bound + 1e-6, `${name}: heuristic above the proven bound`);
      if (exact.status !== 'optimal') {
        t.diagnostic(`${name} r=${radius} p=${k}: HiGHS did not finish in 30 s (bound ${exact.bound.toFixed(1)}); heuristic ${h.value.toFixed(1)}`);
        continue;
      }
      const gap = (exact.value! - h.value) / exact.value!;
      t.diagnostic(`${name} r=${radius} p=${k}: ${h.value.toFixed(1)} in ${ms.toFixed(0)} ms vs optimum ${exact.value!.toFixed(1)} in ${exact.ms} ms (gap ${(gap * 100).toFixed(3)}%)`);
      assert.ok(gap <= 0.01, `${name}: gap ${(gap * 100).toFixed(3)}%`);
    }
  });
});
