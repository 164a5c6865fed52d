// Maximal covering: choose k of m candidate sites so that the demand within reach of at least
// one site (new or existing) is as large as possible.
//
// Heuristic: greedy by marginal coverage, then best-swap local search using each point's count of
// covering sites (a point covered once is lost if its only site closes), inside an iterated local
// search. Exact: the MIP below, solved by HiGHS (highs.ts), gives the optimum or a proven bound.
import { Rng } from './random.ts';

export interface CoverProblem {
  /** Demand points. */
  n: number;
  /** Candidate sites. */
  m: number;
  w: Float64Array;
  k: number;
  /** covers[j]: the demand points within reach of candidate j. */
  covers: number[][];
  /** Points already within reach of an existing facility (they add nothing). */
  covered?: Uint8Array;
}

export interface CoverSolution {
  open: number[];
  /** Demand newly covered by the open sites. */
  value: number;
}

class CoverState {
  readonly cnt: Int32Array;
  readonly isOpen: Uint8Array;
  open: number[];
  value = 0;
  constructor(
    private readonly P: CoverProblem,
    open: number[],
  ) {
    this.cnt = new Int32Array(P.n);
    this.isOpen = new Uint8Array(P.m);
    this.open = [];
    for (const j of open) this.add(j);
  }
  private live(i: number) {
    return !this.P.covered?.[i];
  }
  add(j: number) {
    this.open.push(j);
    this.isOpen[j] = 1;
    for (const i of this.P.covers[j]!) if (this.cnt[i]!++ === 0 && this.live(i)) this.value += this.P.w[i]!;
  }
  remove(j: number) {
    this.open.splice(this.open.indexOf(j), 1);
    this.isOpen[j] = 0;
    for (const i of this.P.covers[j]!) if (--this.cnt[i]! === 0 && this.live(i)) this.value -= this.P.w[i]!;
  }
}

function greedy(P: CoverProblem): number[] {
  const s = new CoverState(P, []);
  for (let step = 0; step < Math.min(P.k, P.m); step++) {
    let best = -1;
    let bestGain = -1;
    for (let j = 0; j < P.m; j++) {
      if (s.isOpen[j]) continue;
      let g = 0;
      for (const i of P.covers[j]!) if (s.cnt[i] === 0 && !P.covered?.[i]) g += P.w[i]!;
      if (g > bestGain) {
        bestGain = g;
        best = j;
      }
    }
    s.add(best);
  }
  return s.open;
}

/** Best-swap local search: profit(j in, r out) = gain(j) + bonus[r] - loss[r]. */
function localSearch(P: CoverProblem, s: CoverState): void {
  const loss = new Float64Array(P.m);
  const bonus = new Float64Array(P.m);
  // The single covering open site of each point covered once.
  const sole = new Int32Array(P.n);
  for (;;) {
    sole.fill(-1);
    for (const r of s.open) for (const i of P.covers[r]!) if (s.cnt[i] === 1) sole[i] = r;
    loss.fill(0);
    for (let i = 0; i < P.n; i++) if (sole[i]! >= 0 && !P.covered?.[i]) loss[sole[i]!] = loss[sole[i]!]! + P.w[i]!;
    let bestProfit = 1e-9;
    let bestIn = -1;
    let bestOut = -1;
    for (let j = 0; j < P.m; j++) {
      if (s.isOpen[j]) continue;
      let gain = 0;
      for (const r of s.open) bonus[r] = 0;
      for (const i of P.covers[j]!) {
        if (P.covered?.[i]) continue;
        if (s.cnt[i] === 0) gain += P.w[i]!;
        else if (s.cnt[i] === 1) bonus[sole[i]!] = bonus[sole[i]!]! + P.w[i]!;
      }
      for (const r of s.open) {
        const profit = gain + bonus[r]! - loss[r]!;
        if (profit > bestProfit) {
          bestProfit = profit;
          bestIn = j;
          bestOut = r;
        }
      }
    }
    if (bestIn < 0) return;
    s.remove(bestOut);
    s.add(bestIn);
  }
}

export function solveCover(P: CoverProblem, opts: { seed?: number; rounds?: number; target?: number } = {}): CoverSolution {
  if (P.k >= P.m) {
    const s = new CoverState(P, Array.from({ length: P.m }, (_, j) => j));
    return { open: s.open, value: s.value };
  }
  const rng = new Rng(opts.seed ?? 4242);
  const s = new CoverState(P, greedy(P));
  localSearch(P, s);
  let best = { open: [...s.open], value: s.value };
  // The walk moves on from any solution at least as good as where it stands (plateaus are common:
  // many sites cover the same points), and restarts from the best after a run without progress.
  let current = best;
  let stale = 0;
  for (let round = 0; round < (opts.rounds ?? 400); round++) {
    if (opts.target !== undefined && best.value >= opts.target - 1e-9) break;
    const t = new CoverState(P, current.open);
    const kicks = 1 + rng.int(Math.min(4, P.k));
    for (let q = 0; q < kicks; q++) {
      let j = rng.int(P.m);
      while (t.isOpen[j]) j = rng.int(P.m);
      t.remove(t.open[rng.int(t.open.length)]!);
      t.add(j);
    }
    localSearch(P, t);
    if (t.value >= current.value - 1e-9) current = { open: [...t.open], value: t.value };
    if (t.value > best.value + 1e-9) {
      best = { open: [...t.open], value: t.value };
      stale = 0;
    } else if (++stale >= 50) {
      current = best;
      stale = 0;
    }
  }
  return best;
}

export function coverValue(P: CoverProblem, open: number[]): number {
  return new CoverState(P, open).value;
}
