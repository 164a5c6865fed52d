// p-median: choose p sites among m candidates to minimise the weighted distance from n demand
// points to their nearest open site (or to an existing facility, when that is nearer).
//
// Heuristic: greedy construction, then Whitaker's fast interchange (best swap per pass, using each
// point's nearest and second-nearest open site), inside an iterated local search that perturbs the
// best solution with random swaps. Bound: Lagrangian relaxation of the assignment constraints,
// maximised by subgradient steps; every value it reaches is a proven lower bound.
import { Rng } from './random.ts';

export interface PMedianProblem {
  /** Demand points. */
  n: number;
  /** Candidate sites. */
  m: number;
  /** d[j * n + i]: distance from candidate j to demand point i. */
  d: Float64Array;
  /** Weight (demand) of each point. */
  w: Float64Array;
  p: number;
  /** Distance from each point to its nearest existing facility (Infinity: none). */
  fixed?: Float64Array;
}

export interface PMedianSolution {
  open: number[];
  cost: number;
}

export interface PMedianOptions {
  seed?: number;
  /** Perturbation rounds after the first local optimum. */
  rounds?: number;
  /** Stop early once this cost is reached (e.g. a known bound). */
  target?: number;
}

/** Stands for "no facility": finite, so differences never become NaN. */
const BIG = 1e15;

/** The assignment state of a solution: nearest and second-nearest open site per point. */
class State {
  readonly c1: Int32Array;
  readonly c2: Int32Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly isOpen: Uint8Array;
  open: number[];
  constructor(
    private readonly P: PMedianProblem,
    open: number[],
  ) {
    this.c1 = new Int32Array(P.n);
    this.c2 = new Int32Array(P.n);
    this.d1 = new Float64Array(P.n);
    this.d2 = new Float64Array(P.n);
    this.isOpen = new Uint8Array(P.m);
    this.open = [...open];
    for (const j of open) this.isOpen[j] = 1;
    for (let i = 0; i < P.n; i++) this.refresh(i);
  }

  /** Recompute a point's two nearest (the existing facilities count as site -1, never removed). */
  refresh(i: number) {
    const { n, d, fixed } = this.P;
    let b1 = fixed ? Math.min(fixed[i]!, BIG) : BIG;
    let j1 = -1;
    let b2 = BIG;
    let j2 = -2;
    for (const j of this.open) {
      const v = d[j * n + i]!;
      if (v < b1) {
        b2 = b1;
        j2 = j1;
        b1 = v;
        j1 = j;
      } else if (v < b2) {
        b2 = v;
        j2 = j;
      }
    }
    this.c1[i] = j1;
    this.d1[i] = b1;
    this.c2[i] = j2;
    this.d2[i] = b2;
  }

  cost(): number {
    let s = 0;
    for (let i = 0; i < this.P.n; i++) s += this.P.w[i]! * this.d1[i]!;
    return s;
  }

  swap(inJ: number, outJ: number) {
    const { n, d } = this.P;
    this.open[this.open.indexOf(outJ)] = inJ;
    this.isOpen[outJ] = 0;
    this.isOpen[inJ] = 1;
    for (let i = 0; i < n; i++) {
      if (this.c1[i] === outJ || this.c2[i] === outJ) {
        this.refresh(i);
        continue;
      }
      const v = d[inJ * n + i]!;
      if (v < this.d1[i]!) {
        this.c2[i] = this.c1[i]!;
        this.d2[i] = this.d1[i]!;
        this.c1[i] = inJ;
        this.d1[i] = v;
      } else if (v < this.d2[i]!) {
        this.c2[i] = inJ;
        this.d2[i] = v;
      }
    }
  }
}

/** Greedy construction: add the site that lowers the cost most, p times (randomised among the best few when rng is given). */
function greedy(P: PMedianProblem, rng: Rng | null): number[] {
  const { n, m, d, w, p } = P;
  const best = new Float64Array(n);
  for (let i = 0; i < n; i++) best[i] = P.fixed ? Math.min(P.fixed[i]!, BIG) : BIG;
  // Without existing facilities the first pick is the 1-median; "Infinity" gains are compared by cost.
  const open: number[] = [];
  const isOpen = new Uint8Array(m);
  for (let step = 0; step < p; step++) {
    const scored: { j: number; cost: number }[] = [];
    for (let j = 0; j < m; j++) {
      if (isOpen[j]) continue;
      let cost = 0;
      const row = j * n;
      for (let i = 0; i < n; i++) {
        const v = d[row + i]!;
        const b = best[i]!;
        cost += w[i]! * (v < b ? v : b);
      }
      scored.push({ j, cost });
    }
    scored.sort((a, b) => a.cost - b.cost);
    const pick = rng ? scored[rng.int(Math.min(3, scored.length))]! : scored[0]!;
    open.push(pick.j);
    isOpen[pick.j] = 1;
    const row = pick.j * n;
    for (let i = 0; i < n; i++) if (d[row + i]! < best[i]!) best[i] = d[row + i]!;
  }
  return open;
}

/** Whitaker's fast interchange to a local optimum (best improving swap each pass). */
function localSearch(P: PMedianProblem, s: State): void {
  const { n, m, d, w } = P;
  const loss = new Float64Array(m);
  const extra = new Float64Array(m);
  for (;;) {
    // loss[r]: the rise if r closed and its points fell back to their second-nearest.
    loss.fill(0);
    for (let i = 0; i < n; i++) {
      const r = s.c1[i]!;
      if (r >= 0) loss[r] = loss[r]! + w[i]! * (s.d2[i]! - s.d1[i]!);
    }
    let bestProfit = 1e-9 * Math.max(1, s.cost());
    let bestIn = -1;
    let bestOut = -1;
    for (let j = 0; j < m; j++) {
      if (s.isOpen[j]) continue;
      const row = j * n;
      let gain = 0;
      for (const r of s.open) extra[r] = 0;
      for (let i = 0; i < n; i++) {
        const v = d[row + i]!;
        const d1 = s.d1[i]!;
        const r = s.c1[i]!;
        if (v < d1) {
          // The point moves to j whichever site closes, so r's loss for it never happens.
          gain += w[i]! * (d1 - v);
          if (r >= 0) extra[r] = extra[r]! + w[i]! * (s.d2[i]! - d1);
        } else if (r >= 0 && v < s.d2[i]!) extra[r] = extra[r]! + w[i]! * (s.d2[i]! - v);
      }
      for (const r of s.open) {
        const profit = gain - loss[r]! + extra[r]!;
        if (profit > bestProfit) {
          bestProfit = profit;
          bestIn = j;
          bestOut = r;
        }
      }
    }
    if (bestIn < 0) return;
    s.swap(bestIn, bestOut);
  }
}

export function solvePMedian(P: PMedianProblem, opts: PMedianOptions = {}): PMedianSolution {
  if (P.p >= P.m) {
    const open = Array.from({ length: P.m }, (_, j) => j);
    return { open, cost: new State(P, open).cost() };
  }
  const rng = new Rng(opts.seed ?? 12345);
  const s = new State(P, greedy(P, null));
  localSearch(P, s);
  let best = { open: [...s.open], cost: s.cost() };
  const rounds = opts.rounds ?? 40;
  for (let round = 0; round < rounds; round++) {
    if (opts.target !== undefined && best.cost <= opts.target + 1e-9) break;
    // Perturb the best solution by a few random swaps, then descend again.
    const t = new State(P, best.open);
    const kicks = 1 + rng.int(Math.min(3, P.p));
    for (let k = 0; k < kicks; k++) {
      let inJ = rng.int(P.m);
      while (t.isOpen[inJ]) inJ = rng.int(P.m);
      t.swap(inJ, t.open[rng.int(t.open.length)]!);
    }
    localSearch(P, t);
    const c = t.cost();
    if (c < best.cost - 1e-9) best = { open: [...t.open], cost: c };
  }
  return best;
}

/** The cost of a given set of open sites. */
export function pMedianCost(P: PMedianProblem, open: number[]): number {
  return new State(P, open).cost();
}

/**
 * Lagrangian lower bound: relax "each point is served once" with multipliers lambda_i. Then
 * L(lambda) = sum_i lambda_i + sum_i min(0, w_i e_i - lambda_i) + (sum of the p most negative
 * rho_j), rho_j = sum_i min(0, w_i d_ji - lambda_i); every L(lambda) is <= the optimum.
 */
export function pMedianLowerBound(P: PMedianProblem, upper: number, opts: { iterations?: number } = {}): number {
  const { n, m, d, w, p } = P;
  const fixed = P.fixed;
  // Candidates of each point sorted by distance, so only those nearer than lambda_i/w_i are visited.
  const order: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const idx = Int32Array.from({ length: m }, (_, j) => j);
    idx.sort((a, b) => d[a * n + i]! - d[b * n + i]!);
    order.push(idx);
  }
  const lambda = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Start between the nearest and second-nearest candidate.
    const o = order[i]!;
    const a = d[o[0]! * n + i]!;
    const b = m > 1 ? d[o[1]! * n + i]! : a;
    lambda[i] = w[i]! * Math.min(fixed ? fixed[i]! : Infinity, (a + b) / 2);
  }
  const rho = new Float64Array(m);
  const g = new Float64Array(n);
  const chosen = new Uint8Array(m);
  let best = -Infinity;
  let theta = 2;
  let sinceBest = 0;
  const iterations = opts.iterations ?? 600;
  for (let it = 0; it < iterations; it++) {
    rho.fill(0);
    let L = 0;
    for (let i = 0; i < n; i++) {
      const li = lambda[i]!;
      L += li;
      if (fixed && w[i]! * fixed[i]! < li) L += w[i]! * fixed[i]! - li;
      const o = order[i]!;
      const wi = w[i]!;
      for (let k = 0; k < m; k++) {
        const j = o[k]!;
        const c = wi * d[j * n + i]! - li;
        if (c >= 0) break;
        rho[j] = rho[j]! + c;
      }
    }
    // The p most negative rho (zeros are as good as any when fewer are negative).
    const idx = Array.from({ length: m }, (_, j) => j).sort((a, b) => rho[a]! - rho[b]!);
    chosen.fill(0);
    for (let k = 0; k < p; k++) {
      chosen[idx[k]!] = 1;
      L += rho[idx[k]!]!;
    }
    if (L > best + 1e-9) {
      best = L;
      sinceBest = 0;
    } else if (++sinceBest >= 25) {
      theta /= 2;
      sinceBest = 0;
    }
    if (upper - best <= 1e-9 * Math.max(1, Math.abs(upper)) || theta < 1e-6) break;
    // Subgradient: 1 - (times point i is served in the relaxed solution).
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let served = fixed && w[i]! * fixed[i]! < lambda[i]! ? 1 : 0;
      const o = order[i]!;
      for (let k = 0; k < m; k++) {
        const j = o[k]!;
        if (w[i]! * d[j * n + i]! - lambda[i]! >= 0) break;
        if (chosen[j]) served++;
      }
      g[i] = 1 - served;
      norm += g[i]! * g[i]!;
    }
    if (norm === 0) break; // the relaxed solution is feasible: L is optimal
    const step = (theta * (upper - L)) / norm;
    for (let i = 0; i < n; i++) lambda[i] = Math.max(0, lambda[i]! + step * g[i]!);
  }
  return best;
}
