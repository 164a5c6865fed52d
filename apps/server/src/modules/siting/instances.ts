// Readers for published benchmark instances (OR-Library p-median, MCLP sets), so tests and
// benchmarks can check the solvers against the outside world. The files are read at run time
// from ../shared/data and never copied into the repository.
import fs from 'node:fs';
import path from 'node:path';
import type { PMedianProblem } from './pmedian.ts';
import type { CoverProblem } from './mclp.ts';

/** ../shared/data beside the project root, or LINLI_SHARED_DATA. */
export function sharedDataDir(): string {
  return process.env.LINLI_SHARED_DATA ?? path.resolve(new URL('../../../../../', import.meta.url).pathname, '..', 'shared', 'data');
}

/** All-pairs shortest paths (Floyd–Warshall) of an undirected graph given as edges; 1-based ids. */
export function shortestPaths(n: number, edges: [number, number, number][]): Float64Array {
  const d = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) d[i * n + i] = 0;
  // Where an edge appears twice, the last cost counts (OR-Library's convention).
  for (const [a, b, c] of edges) {
    d[(a - 1) * n + (b - 1)] = c;
    d[(b - 1) * n + (a - 1)] = c;
  }
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      const dik = d[ri + k]!;
      if (dik === Infinity) continue;
      for (let j = 0; j < n; j++) {
        const v = dik + d[rk + j]!;
        if (v < d[ri + j]!) d[ri + j] = v;
      }
    }
  }
  return d;
}

/** OR-Library pmedN.txt: "n m p", then m lines "i j cost"; every vertex is demand (weight 1) and candidate. */
export function readPMedian(text: string): PMedianProblem {
  const nums = text.trim().split(/\s+/).map(Number);
  const [n, m, p] = nums as [number, number, number];
  const edges: [number, number, number][] = [];
  for (let k = 0; k < m; k++) edges.push([nums[3 + 3 * k]!, nums[4 + 3 * k]!, nums[5 + 3 * k]!]);
  return { n, m: n, p, d: shortestPaths(n, edges), w: new Float64Array(n).fill(1) };
}

/** pmedopt.txt: "pmedN value" lines. */
export function readPMedianOptima(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(pmed\d+)\s+(\d+)/.exec(line.trim());
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/**
 * MCLP sets: SJC files are "x y demand" per node (Euclidean metres); G&R files are graph edges
 * "i j cost w" whose k-th line's last column is node k's demand (distances: shortest paths).
 * Every node is both a demand point and a candidate.
 */
export function readCover(name: string, text: string, radius: number, k: number): CoverProblem {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const n = Number(lines[0]!.split(/\s+/)[0]);
  let dist: (i: number, j: number) => number;
  const w = new Float64Array(n);
  if (/^GR/i.test(name)) {
    const edges: [number, number, number][] = [];
    lines.slice(1).forEach((l, idx) => {
      const [a, b, c, pop] = l.split(/\s+/).map(Number) as [number, number, number, number];
      edges.push([a, b, c]);
      if (idx < n) w[idx] = pop;
    });
    const d = shortestPaths(n, edges);
    dist = (i, j) => d[i * n + j]!;
  } else {
    const xy = lines.slice(1, n + 1).map((l) => l.split(/\s+/).map(Number));
    xy.forEach((r, i) => (w[i] = r[2]!));
    dist = (i, j) => Math.hypot(xy[i]![0]! - xy[j]![0]!, xy[i]![1]! - xy[j]![1]!);
  }
  const covers: number[][] = [];
  for (let j = 0; j < n; j++) {
    const list: number[] = [];
    for (let i = 0; i < n; i++) if (i === j || dist(j, i) <= radius) list.push(i);
    covers.push(list);
  }
  return { n, m: n, w, k, covers };
}
