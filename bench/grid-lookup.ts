// Point -> grid lookup over the demo district's 478 grids: GridIndex.locate (H3 cell, then exact
// test on a few candidates) against the naive loop over every grid, on random points in the
// district. The naive loop runs on a subsample; its per-point rate is what is compared.
import { booleanPointInPolygon, bbox as bboxOf } from '@turf/turf';
import { generateGeography, DEFAULT_SEED } from '../apps/server/src/modules/demo/index.ts';
import { GridIndex } from '../apps/server/src/platform/geo/index.ts';
import { Random } from '../apps/server/src/modules/demo/random.ts';
import { formatRate, option, printHeader, QUICK, rate, resultRow } from './lib/report.ts';

const points = Number(option('points', QUICK ? '100000' : '1000000'));
const naivePoints = Math.min(points, Number(option('naive-points', QUICK ? '5000' : '50000')));

const geography = generateGeography(DEFAULT_SEED);
const buildStarted = performance.now();
const index = new GridIndex(geography.grids.map((g) => ({ id: g.id, geometry: g.geometry })));
const buildMs = performance.now() - buildStarted;

// Points drawn uniformly inside the district outline, generated before any timing starts.
const random = new Random(DEFAULT_SEED, 'bench-grid-lookup');
const [w, s, e, n] = bboxOf(geography.district.boundary);
const lat = new Float64Array(points);
const lon = new Float64Array(points);
for (let i = 0; i < points; ) {
  const x = random.range(w, e);
  const y = random.range(s, n);
  if (!booleanPointInPolygon([x, y], geography.district.boundary)) continue;
  lon[i] = x;
  lat[i] = y;
  i++;
}

// Warm both paths so the JIT has compiled them before the clock runs.
for (let i = 0; i < 2000; i++) {
  index.locate(lat[i]!, lon[i]!);
  index.locateNaive(lat[i]!, lon[i]!);
}

let found = 0;
const fastStarted = performance.now();
for (let i = 0; i < points; i++) if (index.locate(lat[i]!, lon[i]!) !== null) found++;
const fastMs = performance.now() - fastStarted;

let agree = 0;
const naive: (string | null)[] = new Array(naivePoints);
const naiveStarted = performance.now();
for (let i = 0; i < naivePoints; i++) naive[i] = index.locateNaive(lat[i]!, lon[i]!);
const naiveMs = performance.now() - naiveStarted;
for (let i = 0; i < naivePoints; i++) if (naive[i] === index.locate(lat[i]!, lon[i]!)) agree++;

const fastRate = rate(points, fastMs);
const naiveRate = rate(naivePoints, naiveMs);
const stats = index.stats();
console.log(
  `${geography.grids.length} grids; index of ${stats.cells} H3 cells (res ${index.resolution}, ${stats.meanCandidates.toFixed(2)} grids per cell) built in ${buildMs.toFixed(0)} ms`,
);
console.log(`locate: ${points} points in ${fastMs.toFixed(0)} ms, ${found} inside a grid; naive: ${naivePoints} points in ${naiveMs.toFixed(0)} ms; agreement ${agree}/${naivePoints}\n`);
if (found !== points || agree !== naivePoints) {
  console.error('lookup disagrees with the naive loop or misses points inside the district');
  process.exitCode = 1;
}
printHeader();
console.log(
  resultRow(
    `point -> grid lookup, ${geography.grids.length} grids, ${points.toLocaleString('en')} random points in the district`,
    formatRate(fastRate, 'points'),
    `${formatRate(naiveRate, 'points')} naive loop over all grids (${naivePoints.toLocaleString('en')}-point sample)`,
    fastRate / naiveRate,
  ),
);
