// Exact models solved by HiGHS (WebAssembly build of the HiGHS MIP solver): the maximal covering
// MIP and the p-median MIP, with a time limit; an unfinished solve still gives a proven bound.
import loadHighs from 'highs';
import type { CoverProblem } from './mclp.ts';
import type { PMedianProblem } from './pmedian.ts';

// The package's default export is its loader; its typings describe the module namespace.
type Highs = Awaited<ReturnType<typeof import('highs').default>>;
const load = loadHighs as unknown as () => Promise<Highs>;
let loading: Promise<Highs> | null = null;
function highs(): Promise<Highs> {
  return (loading ??= load());
}

export interface ExactResult {
  /** Optimal, or the best found when the time ran out. */
  status: 'optimal' | 'time_limit' | 'other';
  value: number | null;
  /** Proven bound: an upper bound when maximising, a lower bound when minimising. */
  bound: number;
  open: number[];
  ms: number;
}

interface Sparse {
  rowLower: number[];
  rowUpper: number[];
  starts: number[];
  indices: number[];
  values: number[];
}

function run(h: Highs, model: Parameters<Highs['createModel']>[0], timeLimit: number, ncolsY: number, yOffset: number, sense: 'max' | 'min'): ExactResult {
  const started = performance.now();
  const m = h.createModel(model);
  try {
    m.options.set({ output_flag: false, time_limit: timeLimit, mip_rel_gap: 1e-6 });
    m.run();
    const status = m.getModelStatus();
    const optimal = status === h.constants.modelStatus.optimal;
    const timeUp = status === h.constants.modelStatus.timeLimit;
    let value: number | null = null;
    let open: number[] = [];
    try {
      const sol = m.getSolution();
      if (sol.colValue && sol.colValue.length) {
        value = m.getObjectiveValue();
        for (let j = 0; j < ncolsY; j++) if (sol.colValue[yOffset + j]! > 0.5) open.push(j);
      }
    } catch {
      value = null;
      open = [];
    }
    const dual = Number(m.info.get('mip_dual_bound'));
    const bound = optimal && value !== null ? value : Number.isFinite(dual) ? dual : sense === 'max' ? Infinity : -Infinity;
    return { status: optimal ? 'optimal' : timeUp ? 'time_limit' : 'other', value, bound, open, ms: Math.round(performance.now() - started) };
  } finally {
    m.dispose();
  }
}

/** max sum w_i z_i  s.t. z_i <= sum_{j covers i} y_j, sum y_j = k, y binary, 0 <= z_i <= 1. */
export async function exactCover(P: CoverProblem, timeLimit = 10): Promise<ExactResult> {
  const h = await highs();
  const live: number[] = [];
  for (let i = 0; i < P.n; i++) if (!P.covered?.[i] && P.w[i]! > 0) live.push(i);
  const rowOf = new Map(live.map((i, r) => [i, r]));
  const coveredBy: number[][] = live.map(() => []);
  P.covers.forEach((list, j) => list.forEach((i) => rowOf.has(i) && coveredBy[rowOf.get(i)!]!.push(j)));
  // Columns: y_0..y_{m-1}, then z for each live point. Rows: one per live point, then the count.
  const ncols = P.m + live.length;
  const rows: Sparse = { rowLower: [], rowUpper: [], starts: [0], indices: [], values: [] };
  live.forEach((_, r) => {
    for (const j of coveredBy[r]!) {
      rows.indices.push(j);
      rows.values.push(-1);
    }
    rows.indices.push(P.m + r);
    rows.values.push(1);
    rows.starts.push(rows.indices.length);
    rows.rowLower.push(-Infinity);
    rows.rowUpper.push(0);
  });
  for (let j = 0; j < P.m; j++) {
    rows.indices.push(j);
    rows.values.push(1);
  }
  rows.starts.push(rows.indices.length);
  rows.rowLower.push(P.k);
  rows.rowUpper.push(P.k);
  const colCost = new Float64Array(ncols);
  live.forEach((i, r) => (colCost[P.m + r] = P.w[i]!));
  const integrality = new Int32Array(ncols);
  for (let j = 0; j < P.m; j++) integrality[j] = 1;
  return run(
    h,
    {
      numCols: ncols,
      numRows: rows.rowLower.length,
      sense: h.constants.objectiveSense.maximize,
      colCost,
      colLower: new Float64Array(ncols),
      colUpper: new Float64Array(ncols).fill(1),
      rowLower: rows.rowLower,
      rowUpper: rows.rowUpper,
      matrix: { format: 'csr', numRows: rows.rowLower.length, numCols: ncols, starts: rows.starts, indices: rows.indices, values: rows.values },
      integrality,
    } as Parameters<Highs['createModel']>[0],
    timeLimit,
    P.m,
    0,
    'max',
  );
}

/**
 * The strong p-median MIP: min sum w_i d_ji x_ji, sum_j x_ji (+ e_i) = 1, x_ji <= y_j, sum y_j = p.
 * Pairs farther than a point's existing facility are left out (it would never use them).
 */
export async function exactPMedian(P: PMedianProblem, timeLimit = 10): Promise<ExactResult> {
  const h = await highs();
  const { n, m, d, w } = P;
  const pairs: [number, number][] = [];
  for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) if (!P.fixed || d[j * n + i]! < P.fixed[i]!) pairs.push([j, i]);
  const hasFixed = !!P.fixed;
  // Columns: y_j (m), x pairs, then e_i (served by an existing facility) when any.
  const ncols = m + pairs.length + (hasFixed ? n : 0);
  const colCost = new Float64Array(ncols);
  pairs.forEach(([j, i], k) => (colCost[m + k] = w[i]! * d[j * n + i]!));
  if (hasFixed) for (let i = 0; i < n; i++) colCost[m + pairs.length + i] = w[i]! * Math.min(P.fixed![i]!, 1e12);
  const rows: Sparse = { rowLower: [], rowUpper: [], starts: [0], indices: [], values: [] };
  const byPoint: number[][] = Array.from({ length: n }, () => []);
  pairs.forEach(([, i], k) => byPoint[i]!.push(m + k));
  for (let i = 0; i < n; i++) {
    for (const c of byPoint[i]!) {
      rows.indices.push(c);
      rows.values.push(1);
    }
    if (hasFixed) {
      rows.indices.push(m + pairs.length + i);
      rows.values.push(1);
    }
    rows.starts.push(rows.indices.length);
    rows.rowLower.push(1);
    rows.rowUpper.push(1);
  }
  pairs.forEach(([j], k) => {
    rows.indices.push(m + k, j);
    rows.values.push(1, -1);
    rows.starts.push(rows.indices.length);
    rows.rowLower.push(-Infinity);
    rows.rowUpper.push(0);
  });
  for (let j = 0; j < m; j++) {
    rows.indices.push(j);
    rows.values.push(1);
  }
  rows.starts.push(rows.indices.length);
  rows.rowLower.push(P.p);
  rows.rowUpper.push(P.p);
  const integrality = new Int32Array(ncols);
  for (let j = 0; j < m; j++) integrality[j] = 1;
  return run(
    h,
    {
      numCols: ncols,
      numRows: rows.rowLower.length,
      sense: h.constants.objectiveSense.minimize,
      colCost,
      colLower: new Float64Array(ncols),
      colUpper: new Float64Array(ncols).fill(1),
      rowLower: rows.rowLower,
      rowUpper: rows.rowUpper,
      matrix: { format: 'csr', numRows: rows.rowLower.length, numCols: ncols, starts: rows.starts, indices: rows.indices, values: rows.values },
      integrality,
    } as Parameters<Highs['createModel']>[0],
    timeLimit,
    m,
    0,
    'min',
  );
}
