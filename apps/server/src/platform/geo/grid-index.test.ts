// GridIndex against the naive loop on a synthetic Voronoi tiling, plus edges, outside points and the cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bboxPolygon, featureCollection, intersect, point, voronoi } from '@turf/turf';
import type { Polygon } from 'geojson';
import { GridIndex, type GridShape } from './grid-index.ts';
import { GridIndexCache } from './grid-index-cache.ts';

/** Deterministic points from a linear congruential sequence; enough for a fixture. */
function* sequence(seed: number) {
  let s = seed >>> 0;
  for (;;) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    yield s / 2 ** 32;
  }
}

const BOX: [number, number, number, number] = [113.0, 22.95, 113.2, 23.1];

function tiling(count: number, seed = 7): GridShape[] {
  const r = sequence(seed);
  const seeds = Array.from({ length: count }, () => point([BOX[0] + (BOX[2] - BOX[0]) * r.next().value!, BOX[1] + (BOX[3] - BOX[1]) * r.next().value!]));
  const cells = voronoi(featureCollection(seeds), { bbox: BOX });
  // Clip to a diamond so the outline is not the bounding box and some cells are cut.
  const diamond = { type: 'Polygon', coordinates: [[[113.1, 22.95], [113.2, 23.025], [113.1, 23.1], [113.0, 23.025], [113.1, 22.95]]] } as Polygon;
  const grids: GridShape[] = [];
  cells.features.forEach((cell, i) => {
    if (!cell) return;
    const clipped = intersect(featureCollection([cell, { type: 'Feature', properties: {}, geometry: diamond }]));
    if (clipped) grids.push({ id: `g${String(i).padStart(4, '0')}`, geometry: clipped.geometry });
  });
  return grids;
}

test('locate agrees with the naive loop for random points, inside and outside', () => {
  const grids = tiling(300);
  const index = new GridIndex(grids);
  const r = sequence(42);
  let inside = 0;
  for (let i = 0; i < 20_000; i++) {
    const lon = 112.99 + 0.22 * r.next().value!;
    const lat = 22.94 + 0.17 * r.next().value!;
    const fast = index.locate(lat, lon);
    assert.equal(fast, index.locateNaive(lat, lon), `disagree at ${lat},${lon}`);
    if (fast) inside++;
  }
  assert.ok(inside > 7_000 && inside < 9_000, `the diamond covers 40% of the sampled box (${inside})`);
});

test('points outside every grid are null', () => {
  const index = new GridIndex(tiling(50));
  assert.equal(index.locate(23.09, 113.19), null);
  assert.equal(index.locate(0, 0), null);
  assert.equal(index.locate(Number.NaN, 113.1), null);
});

test('a point on a shared edge or vertex goes to the same single grid whatever the input order', () => {
  const square = (id: string, x0: number, y0: number): GridShape => ({
    id,
    geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + 0.01, y0], [x0 + 0.01, y0 + 0.01], [x0, y0 + 0.01], [x0, y0]]] },
  });
  const shapes = [square('b', 113.1, 23.0), square('a', 113.11, 23.0), square('d', 113.1, 23.01), square('c', 113.11, 23.01)];
  const forward = new GridIndex(shapes);
  const backward = new GridIndex([...shapes].reverse());
  // Edge between b (left) and a (right): 'a' sorts first.
  assert.equal(forward.locate(23.005, 113.11), 'a');
  assert.equal(backward.locate(23.005, 113.11), 'a');
  // The vertex shared by all four.
  assert.equal(forward.locate(23.01, 113.11), 'a');
  assert.equal(forward.locateNaive(23.01, 113.11), 'a');
  // Edge between b (below) and d (above): 'b' sorts first.
  assert.equal(backward.locate(23.01, 113.105), 'b');
});

test('MultiPolygon grids are found in every part', () => {
  const index = new GridIndex([
    {
      id: 'split',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [[[113.0, 23.0], [113.01, 23.0], [113.01, 23.01], [113.0, 23.0]]],
          [[[113.05, 23.0], [113.06, 23.0], [113.06, 23.01], [113.05, 23.0]]],
        ],
      },
    },
  ]);
  assert.equal(index.locate(23.002, 113.008), 'split');
  assert.equal(index.locate(23.002, 113.058), 'split');
  assert.equal(index.locate(23.002, 113.03), null);
  assert.equal(index.locate(23.009, 113.001), null);
});

test('the cache loads once per district, shares concurrent loads, and reloads after invalidate', async () => {
  const cache = new GridIndexCache();
  let loads = 0;
  const loader = async () => {
    loads++;
    return tiling(20);
  };
  const [a, b] = await Promise.all([cache.get('chancheng', loader), cache.get('chancheng', loader)]);
  assert.equal(a, b);
  assert.equal(loads, 1);
  cache.invalidate('chancheng');
  const c = await cache.get('chancheng', loader);
  assert.notEqual(c, a);
  assert.equal(loads, 2);
  await assert.rejects(cache.get('other', async () => Promise.reject(new Error('db down'))));
  assert.equal((await cache.get('other', loader)).size > 0, true, 'a failed load is retried');
});
