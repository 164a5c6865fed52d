// The demo map: the published counts, the nesting of areas, and grids that tile the district.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bbox as bboxOf, booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { areaM2 } from '../../platform/geo/index.ts';
import { generateGeography } from './geography.ts';
import { DEFAULT_SEED } from './seed.ts';
import { Random } from './random.ts';

const geography = generateGeography(DEFAULT_SEED);
type Shape = Polygon | MultiPolygon;

test('Chancheng has 4 streets, 147 communities (94 urban, 53 villages) and 478 grids', () => {
  assert.deepEqual(
    geography.streets.map((s) => s.row.name),
    ['祖庙街道', '张槎街道', '石湾镇街道', '南庄镇'],
  );
  assert.equal(geography.communities.length, 147);
  assert.equal(geography.communities.filter((c) => c.kind === 'urban').length, 94);
  assert.equal(geography.communities.filter((c) => c.kind === 'village').length, 53);
  assert.equal(geography.grids.length, 478);
  assert.ok(geography.communities.every((c) => c.grids.length >= 1 && c.compounds.length >= 1));
  const names = new Set(geography.communities.map((c) => c.row.name));
  assert.equal(names.size, 147, 'community names are unique');
  assert.ok(names.has('塔坡社区') && names.has('丽豪社区'));
  assert.equal(geography.communities.find((c) => c.row.name === '塔坡社区')!.street.row.name, '祖庙街道');
  assert.equal(geography.communities.find((c) => c.row.name === '丽豪社区')!.street.row.name, '石湾镇街道');
});

test('the district is about 154 km2 around 23.02 N 113.11 E, and Zumiao about 21.5 km2', () => {
  const km2 = areaM2(geography.district.boundary) / 1e6;
  assert.ok(Math.abs(km2 - 154) < 0.5, `${km2}`);
  const [w, s, e, n] = bboxOf(geography.district.boundary);
  assert.ok(w < 113.11 && e > 113.11 && s < 23.02 && n > 23.02);
  const zumiao = areaM2(geography.streets[0]!.geometry) / 1e6;
  assert.ok(Math.abs(zumiao - 21.5) / 21.5 < 0.01, `${zumiao}`);
});

test('grid areas add up to the district area within 0.1%, and street and community areas too', () => {
  const district = areaM2(geography.district.boundary);
  const sum = (shapes: Shape[]) => shapes.reduce((s, g) => s + areaM2(g), 0);
  for (const [label, shapes] of [
    ['streets', geography.streets.map((s) => s.geometry)],
    ['communities', geography.communities.map((c) => c.geometry)],
    ['grids', geography.grids.map((g) => g.geometry)],
  ] as const) {
    const error = Math.abs(sum(shapes) - district) / district;
    assert.ok(error < 0.001, `${label} cover the district to ${(error * 100).toFixed(4)}%`);
  }
});

test('random points in the district fall in exactly one grid, the one the index finds', () => {
  const random = new Random(1, 'tiling-test');
  const [w, s, e, n] = bboxOf(geography.district.boundary);
  const boxes = geography.grids.map((g) => bboxOf(g.geometry));
  let inside = 0;
  for (let i = 0; i < 20_000; i++) {
    const p = [random.range(w, e), random.range(s, n)];
    const inDistrict = booleanPointInPolygon(p, geography.district.boundary);
    const holders = geography.grids.filter(
      (g, k) => p[0]! >= boxes[k]![0] && p[0]! <= boxes[k]![2] && p[1]! >= boxes[k]![1] && p[1]! <= boxes[k]![3] && booleanPointInPolygon(p, g.geometry),
    );
    assert.equal(holders.length, inDistrict ? 1 : 0, `point ${p} lies in ${holders.length} grids`);
    const found = geography.index.locate(p[1]!, p[0]!);
    assert.equal(found, holders[0]?.id ?? null);
    assert.equal(found, geography.index.locateNaive(p[1]!, p[0]!));
    if (inDistrict) inside++;
  }
  assert.ok(inside > 10_000, 'most of the bounding box is district');
});

test('areas nest by path and code, and every grid lies within its community', () => {
  const root = geography.root;
  assert.equal(root.path, `${root.id}/`);
  assert.equal(root.level, 'district');
  for (const s of geography.streets) {
    assert.equal(s.row.path, `${root.id}/${s.row.id}/`);
    assert.match(s.row.code, /^44060400[1-4]$/);
  }
  const codes = new Set<string>();
  for (const c of geography.communities) {
    assert.equal(c.row.path, `${c.street.row.path}${c.row.id}/`);
    assert.equal(c.row.parentId, c.street.row.id);
    assert.ok(c.row.code.startsWith(c.street.row.code) && c.row.code.length === 12);
    codes.add(c.row.code);
    for (const g of c.grids) {
      assert.equal(g.areaPath, c.row.path);
      assert.equal(g.communityId, c.row.id);
      assert.ok(booleanPointInPolygon([g.lon, g.lat], g.geometry), `${g.code} label point inside`);
      assert.ok(booleanPointInPolygon([g.lon, g.lat], c.geometry), `${g.code} inside ${c.row.name}`);
      codes.add(g.code);
    }
    for (const k of c.compounds) {
      assert.equal(k.row.path, `${c.row.path}${k.row.id}/`);
      assert.ok(c.grids.some((g) => g.id === k.row.gridId), `${k.row.name} stands in a grid of ${c.row.name}`);
      assert.equal(geography.index.locate(k.row.lat!, k.row.lon!), k.row.gridId);
      codes.add(k.row.code);
    }
  }
  assert.equal(codes.size, 147 + 478 + geography.compounds.length, 'codes are unique');
});

test('grids follow population: dense Zumiao has the most, each grid serves a few thousand people', () => {
  const byStreet = geography.streets.map((s) => geography.communities.filter((c) => c.street === s).reduce((n, c) => n + c.grids.length, 0));
  assert.equal(Math.max(...byStreet), byStreet[0]);
  const total = geography.communities.reduce((n, c) => n + c.population, 0);
  assert.equal(total, 1_330_000);
  const perGrid = total / 478;
  for (const c of geography.communities) assert.ok(c.population / c.grids.length < perGrid * 2.5, `${c.row.name}: ${c.population} people in ${c.grids.length} grids`);
});
