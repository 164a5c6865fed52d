// Datum conversion round trips and the metric helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Polygon } from 'geojson';
import { areaM2, centroid, distanceM, gcj02ToWgs84, geometryToGcj02, interiorPoint, wgs84ToGcj02 } from './coords.ts';

test('WGS-84 -> GCJ-02 -> WGS-84 returns within 1 m across the district', () => {
  for (let i = 0; i < 200; i++) {
    const p = { lat: 22.95 + (i % 20) * 0.006, lon: 113.0 + Math.floor(i / 20) * 0.02 };
    const gcj = wgs84ToGcj02(p);
    // The offset in Foshan is a few hundred metres; a no-op conversion would pass the round trip.
    assert.ok(distanceM(p, gcj) > 100, 'GCJ-02 differs visibly from WGS-84');
    assert.ok(distanceM(p, gcj02ToWgs84(gcj)) < 1);
  }
});

test('points outside China are left alone', () => {
  const paris = { lat: 48.8566, lon: 2.3522 };
  assert.deepEqual(wgs84ToGcj02(paris), paris);
});

test('geometry conversion copies rather than mutates', () => {
  const square: Polygon = { type: 'Polygon', coordinates: [[[113.1, 23.0], [113.11, 23.0], [113.11, 23.01], [113.1, 23.01], [113.1, 23.0]]] };
  const before = JSON.stringify(square);
  const converted = geometryToGcj02(square);
  assert.equal(JSON.stringify(square), before);
  assert.notDeepEqual(converted.coordinates, square.coordinates);
});

test('area, centroid, interior point and distance in metres', () => {
  // 0.01 degree squares near 23 N: about 1113 m x 1025 m.
  const square: Polygon = { type: 'Polygon', coordinates: [[[113.1, 23.0], [113.11, 23.0], [113.11, 23.01], [113.1, 23.01], [113.1, 23.0]]] };
  assert.ok(Math.abs(areaM2(square) - 1_140_000) < 20_000, String(areaM2(square)));
  const c = centroid(square);
  assert.ok(Math.abs(c.lat - 23.005) < 1e-6 && Math.abs(c.lon - 113.105) < 1e-6);
  const horseshoe: Polygon = {
    type: 'Polygon',
    coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]],
  };
  const inside = interiorPoint(horseshoe);
  assert.ok(!(inside.lon > 1 && inside.lon < 2 && inside.lat > 1), 'not in the notch');
  assert.ok(Math.abs(distanceM({ lat: 23, lon: 113.1 }, { lat: 23.01, lon: 113.1 }) - 1112) < 5);
});
