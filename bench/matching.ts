// Matching residents' needs to helpers' offers across the district: 100,000 needs against 20,000
// offers (each helper taking a few at once), placed on the demo district's compounds. Figures:
//   - the engine's time (index by skill category and cell, best 30 offers per need, best pairs
//     first with augmenting swaps), against scoring every offer for every need, measured on a
//     sample and scaled;
//   - the total match score the engine reaches on sampled sub-instances (all needs and offers in a
//     small square), against the exact optimum of the same sub-instance (Hungarian method on
//     capacity slots), and first come, first served as a simple baseline.
// LINLI_BENCH_QUICK=1 runs 10,000 needs against 2,000 offers and fewer sub-instances.
import { type AudienceGroup, type Availability, SKILLS, type SkillCode } from '@linli/contracts';
import { generateGeography, DEFAULT_SEED } from '../apps/server/src/modules/demo/index.ts';
import { Random } from '../apps/server/src/modules/demo/random.ts';
import { type NeedInput, type OfferInput, DISTANCE_ZERO_M, OfferIndex, assign, candidateEdges, compileNeed, compileOffers, scoreCompiled, scoreCompiledPair, scoreMatch, scoreValue } from '../apps/server/src/modules/matching/engine.ts';
import { option, printHeader, QUICK, resultRow } from './lib/report.ts';

const NEEDS = Number(option('needs', QUICK ? '10000' : '100000'));
const OFFERS = Number(option('offers', QUICK ? '2000' : '20000'));
const WINDOWS = Number(option('windows', QUICK ? '6' : '24'));
const NAIVE_SAMPLE = Math.min(NEEDS, Number(option('naive-sample', QUICK ? '500' : '1000')));
const PER_NEED = 30;
const REACH_M = Number(option('reach-m', '1500'));
const CELL_M = REACH_M / 2;

// --- a synthetic district on the demo geography ---------------------------------------------------

const geography = generateGeography(DEFAULT_SEED);
const random = new Random(DEFAULT_SEED, 'bench-matching');
const places = geography.compounds.map((c) => ({ lon: c.center[0]!, lat: c.center[1]!, w: c.weight * c.community.population }));
const totalW = places.reduce((n, p) => n + p.w, 0);
const cumulative = new Float64Array(places.length);
places.reduce((acc, p, i) => (cumulative[i] = acc + p.w / totalW), 0);
function somewhere(): { lat: number; lon: number } {
  const x = random.next();
  let lo = 0;
  let hi = places.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  const p = places[lo]!;
  // Within about 150 m of the compound's centre.
  return { lat: p.lat + random.normal(0, 150 / 111_320), lon: p.lon + random.normal(0, 150 / 102_000) };
}

const SKILL_CODES = Object.keys(SKILLS) as SkillCode[];
// What residents ask for most: company, phones, errands, repairs, health (elders are most of the asks).
const POPULAR: SkillCode[] = ['chatting', 'phone_help', 'shopping', 'plumbing', 'hospital_escort', 'blood_pressure', 'haircut', 'appliance_repair', 'online_booking', 'homework_primary'];
const SLOTS: Availability[] = ['weekday_day', 'weekday_evening', 'weekend'];
const subset = <T,>(items: readonly T[], min: number) => {
  const out = items.filter(() => random.chance(0.5));
  while (out.length < min) out.push(random.pick(items));
  return [...new Set(out)];
};

const needs: NeedInput[] = Array.from({ length: NEEDS }, () => {
  const at = somewhere();
  return {
    skill: random.chance(0.6) ? random.pick(POPULAR) : random.pick(SKILL_CODES),
    availability: random.chance(0.1) ? ['on_call'] : subset(SLOTS, 1),
    targetGroup: (random.chance(0.6) ? 'elderly' : random.chance(0.3) ? 'disabled' : random.chance(0.3) ? 'children' : 'all_residents') as AudienceGroup,
    ...at,
  };
});
const offers: OfferInput[] = Array.from({ length: OFFERS }, () => {
  const at = somewhere();
  const first = random.chance(0.5) ? random.pick(POPULAR) : random.pick(SKILL_CODES);
  const sameCategory = SKILL_CODES.filter((s) => SKILLS[s].category === SKILLS[first].category);
  const capacity = random.int(1, 5);
  const ratingCount = random.chance(0.6) ? random.int(1, 20) : 0;
  return {
    skills: [...new Set([first, ...subset(sameCategory, 0).slice(0, 2)])],
    availability: random.chance(0.15) ? ['on_call'] : subset(SLOTS, 1),
    targetGroups: (random.chance(0.5) ? ['all_residents'] : [random.pick(['elderly', 'disabled', 'children'] as const)]) as AudienceGroup[],
    ...at,
    capacity,
    load: random.chance(0.3) ? random.int(0, capacity - 1) : 0,
    ratingSum: ratingCount * random.range(2.5, 5),
    ratingCount,
  };
});
const freeSlots = offers.reduce((n, o) => n + o.capacity - o.load, 0);

// The fast scorers must agree with the explained one, pair by pair.
const compiledAll = compileOffers(offers);
for (let k = 0; k < 20_000; k++) {
  const n = needs[random.int(0, needs.length - 1)]!;
  const j = random.int(0, offers.length - 1);
  const explained = scoreMatch(n, offers[j]!)?.score ?? -1;
  if (explained !== scoreValue(n, offers[j]!) || explained !== scoreCompiledPair(n, compiledAll, j)) {
    throw new Error(`the scorers disagree: ${explained} / ${scoreValue(n, offers[j]!)} / ${scoreCompiledPair(n, compiledAll, j)}`);
  }
}

// --- the engine on the whole district ---------------------------------------------------------------

function engine(ns: readonly NeedInput[], os: readonly OfferInput[]) {
  const t0 = performance.now();
  const index = new OfferIndex(os, CELL_M, 23.0);
  const edges = candidateEdges(ns, os, index, REACH_M, PER_NEED);
  const t1 = performance.now();
  const result = assign(ns.length, os, edges);
  const t2 = performance.now();
  return { ...result, edges: edges.length, candidateMs: t1 - t0, assignMs: t2 - t1, ms: t2 - t0 };
}

// Warm the JIT on a small run first.
engine(needs.slice(0, 2000), offers.slice(0, 400));
const full = engine(needs, offers);

/** Scoring every offer for each need (no index), keeping the best 30, on a sample. */
function naiveCandidates(sample: readonly NeedInput[]): number {
  const t0 = performance.now();
  let kept = 0;
  const top = new Float64Array(PER_NEED);
  for (const n of sample) {
    let k = 0;
    const cn = compileNeed(n);
    for (let j = 0; j < compiledAll.count; j++) {
      const s = scoreCompiled(cn, compiledAll, j);
      if (s < 0 || (k === PER_NEED && s <= top[k - 1]!)) continue;
      let p = k < PER_NEED ? k++ : PER_NEED - 1;
      while (p > 0 && top[p - 1]! < s) (top[p] = top[p - 1]!), p--;
      top[p] = s;
    }
    kept += k;
  }
  if (kept < 0) console.log(kept);
  return performance.now() - t0;
}
const naiveSampleMs = naiveCandidates(needs.slice(0, NAIVE_SAMPLE));
const naiveMs = (naiveSampleMs * NEEDS) / NAIVE_SAMPLE + full.assignMs;

// --- quality on sub-instances against the exact optimum -------------------------------------------------

/** Minimum-cost assignment of rows to columns (rows <= columns), Hungarian method, O(n^2 m). */
function hungarian(cost: Float64Array, n: number, m: number): Int32Array {
  const INF = Number.POSITIVE_INFINITY;
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(INF);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * m + (j - 1)]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) (minv[j] = cur), (way[j] = j0);
        if (minv[j]! < delta) (delta = minv[j]!), (j1 = j);
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!]! += delta;
          v[j]! -= delta;
        } else minv[j]! -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0);
  }
  const rowOf = new Int32Array(m).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]) rowOf[j - 1] = p[j]! - 1;
  return rowOf;
}

/** The best total score of a sub-instance: every offer expanded into its free slots, plus a "nobody" column per need. */
function optimum(ns: readonly NeedInput[], os: readonly OfferInput[]): number {
  const slots: number[] = [];
  os.forEach((o, j) => {
    for (let k = 0; k < o.capacity - o.load; k++) slots.push(j);
  });
  const n = ns.length;
  const m = slots.length + n;
  const cost = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < slots.length; s++) {
      const score = scoreValue(ns[i]!, os[slots[s]!]!);
      if (score > 0) cost[i * m + s] = -score;
    }
  }
  const rowOf = hungarian(cost, n, m);
  let total = 0;
  for (let s = 0; s < slots.length; s++) if (rowOf[s]! >= 0) total -= cost[rowOf[s]! * m + s]!;
  return total;
}

/** First come, first served: each need in turn takes its best offer with room left. */
function firstCome(ns: readonly NeedInput[], os: readonly OfferInput[]): number {
  const free = os.map((o) => o.capacity - o.load);
  let total = 0;
  for (const n of ns) {
    let best = -1;
    let bestScore = 0;
    os.forEach((o, j) => {
      if (!free[j]) return;
      const s = scoreValue(n, o);
      if (s > bestScore) (bestScore = s), (best = j);
    });
    if (best >= 0) (free[best]!--, (total += bestScore));
  }
  return total;
}

const HALF_M = Number(option('window-m', '350'));
let engineTotal = 0;
let optimumTotal = 0;
let firstTotal = 0;
let windowNeeds = 0;
let windowOffers = 0;
let exactMs = 0;
for (let w = 0; w < WINDOWS; w++) {
  const c = needs[random.int(0, needs.length - 1)]!;
  const inside = (p: { lat: number | null; lon: number | null }) => Math.abs((p.lat! - c.lat!) * 111_320) <= HALF_M && Math.abs((p.lon! - c.lon!) * 102_000) <= HALF_M;
  const ns = needs.filter(inside).slice(0, 400);
  const os = offers.filter(inside);
  if (!ns.length || !os.length) continue;
  const e = engine(ns, os);
  const t0 = performance.now();
  const best = optimum(ns, os);
  exactMs += performance.now() - t0;
  if (e.total > best + 1e-6) throw new Error(`the engine beat the optimum (${e.total} > ${best}): the exact solver is wrong`);
  engineTotal += e.total;
  optimumTotal += best;
  firstTotal += firstCome(ns, os);
  windowNeeds += ns.length;
  windowOffers += os.length;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
console.log(
  `${fmt(NEEDS)} needs, ${fmt(OFFERS)} offers with ${fmt(freeSlots)} free places; ${fmt(full.edges)} candidate pairs (best ${PER_NEED} within ${REACH_M} m; distance scores to ${DISTANCE_ZERO_M} m)`,
);
console.log(`engine: candidates ${fmt(full.candidateMs)} ms + assignment ${fmt(full.assignMs)} ms; matched ${fmt(full.matched)} needs, total score ${fmt(full.total)} (mean ${(full.total / Math.max(1, full.matched)).toFixed(1)})`);
console.log(`naive: ${fmt(naiveSampleMs)} ms for ${fmt(NAIVE_SAMPLE)} needs against every offer -> ${fmt(naiveMs)} ms scaled to all`);
console.log(`sub-instances: ${WINDOWS} squares of ${HALF_M * 2} m, ${fmt(windowNeeds)} needs and ${fmt(windowOffers)} offers in all; exact optimum in ${fmt(exactMs)} ms\n`);

printHeader();
console.log(resultRow(`matching ${fmt(NEEDS)} needs against ${fmt(OFFERS)} offers (index + best ${PER_NEED} per need + best pairs first with swaps)`, `${(full.ms / 1000).toFixed(2)} s`, `${(naiveMs / 1000).toFixed(1)} s scoring every offer for every need (${fmt(NAIVE_SAMPLE)}-need sample, scaled)`, naiveMs / full.ms));
console.log(resultRow(`total match score on ${WINDOWS} sampled sub-instances (${fmt(windowNeeds)} needs, ${fmt(windowOffers)} offers), engine`, fmt(engineTotal), `${fmt(optimumTotal)} exact optimum (Hungarian method, same sub-instances)`, engineTotal / optimumTotal));
console.log(resultRow(`total match score on the same sub-instances, first come first served`, fmt(firstTotal), `${fmt(optimumTotal)} exact optimum`, firstTotal / optimumTotal));
console.log(resultRow(`needs matched of ${fmt(NEEDS)} (free places ${fmt(freeSlots)})`, fmt(full.matched), `${fmt(Math.min(NEEDS, freeSlots))} at most`, full.matched / Math.min(NEEDS, freeSlots)));
