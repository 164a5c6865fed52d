// The area registry by role: the district's tree with counts, grid map, drill-down and point location.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pointOnFeature } from '@turf/turf';
import { TEST_DB, type TestApp, type Client, expectProblem, startTestApp } from './helpers.ts';

describe(`areas (${TEST_DB})`, () => {
  let t: TestApp;
  let official: Client;
  before(async () => {
    t = await startTestApp();
    official = await t.login('official');
  });
  after(() => t.close());

  it('shows a district official the whole district: 4 streets, 147 communities, 478 grids with counts', async () => {
    const [root] = (await official.json('/api/areas/root')).items;
    assert.equal(root.level, 'district');
    const district = await official.json(`/api/areas/${root.id}`);
    assert.equal(district.children.length, 4);
    const sum = district.children.reduce((s: number, c: { stats: { residents: number } }) => s + c.stats.residents, 0);
    assert.equal(sum, district.stats.residents, 'street counts add up to the district');
    assert.ok(district.stats.aged60 > 0 && district.stats.aged80 > 0 && district.stats.minors > 0);
    const communities = await official.json('/api/map/areas?level=community');
    assert.equal(communities.features.length, 147);
    const grids = await official.json('/api/map/grids');
    assert.equal(grids.features.length, 478);
    const gridResidents = grids.features.reduce((s: number, f: { properties: { residents: number } }) => s + f.properties.residents, 0);
    assert.equal(gridResidents, district.stats.residents, 'grid counts add up to the district');
    for (const key of ['residents', 'households', 'aged60', 'aged80', 'livingAlone', 'disabled', 'lowIncome', 'minors']) {
      assert.equal(typeof grids.features[0].properties[key], 'number', key);
    }
  });

  it('drills down district -> street -> community -> compound -> building with breadcrumbs', async () => {
    const [root] = (await official.json('/api/areas/root')).items;
    let area = await official.json(`/api/areas/${root.id}`);
    const trail = [area.level];
    while (area.children.length) {
      area = await official.json(`/api/areas/${area.children[0].id}`);
      trail.push(area.level);
      assert.equal(area.breadcrumbs.length, trail.length - 1);
    }
    assert.deepEqual(trail, ['district', 'street', 'community', 'compound', 'building']);
  });

  it('gives a street official their street and none of another street', async () => {
    const street = await t.login('street');
    const [mine] = (await street.json('/api/areas/root')).items;
    assert.equal(mine.level, 'street');
    const detail = await street.json(`/api/areas/${mine.id}`);
    for (const c of detail.children) assert.equal((await street.get(`/api/areas/${c.id}`)).statusCode, 200);
    const [root] = (await official.json('/api/areas/root')).items;
    const others = (await official.json(`/api/areas/${root.id}`)).children.filter((s: { id: string }) => s.id !== mine.id);
    for (const s of others) {
      expectProblem(await street.get(`/api/areas/${s.id}`), 404, 'area.not_found');
      for (const c of (await official.json(`/api/areas/${s.id}`)).children) expectProblem(await street.get(`/api/areas/${c.id}`), 404);
    }
    expectProblem(await street.get(`/api/areas/${root.id}`), 404);
    const grids = await street.json('/api/map/grids');
    assert.ok(grids.features.length > 0 && grids.features.length < 478);
    assert.ok(grids.features.every((f: { properties: { streetName: string } }) => f.properties.streetName === mine.name));
  });

  it('locates a point in its grid, community and street, and refuses points outside the district', async () => {
    const grids = await official.json('/api/map/grids');
    for (const g of grids.features.slice(0, 40)) {
      const [lon, lat] = pointOnFeature(g).geometry.coordinates;
      const located = await official.json(`/api/geo/locate?lat=${lat}&lon=${lon}`);
      assert.equal(located.gridId, g.id);
      assert.equal(located.communityId, g.properties.communityId);
    }
    const g = grids.features[17];
    const detail = await official.json(`/api/areas/${g.properties.communityId}`);
    // Buildings carry the grid they stand in.
    const building = await findBuildingInGrid(official, detail, g.id);
    if (!building) return;
    const located = await official.json(`/api/geo/locate?lat=${building.lat}&lon=${building.lon}`);
    assert.equal(located.gridId, g.id);
    assert.equal(located.communityId, g.properties.communityId);
    expectProblem(await official.get('/api/geo/locate?lat=39.9&lon=116.4'), 404, 'location.outside_district');
    expectProblem(await official.get('/api/geo/locate?lat=abc&lon=116.4'), 400, 'validation.failed');
  });

  it('keeps the registry from roles that do not need it', async () => {
    for (const who of ['department', 'provider', 'volunteer', 'resident']) {
      expectProblem(await (await t.login(who)).get('/api/areas/root'), 403, 'areas.forbidden');
    }
  });
});

async function findBuildingInGrid(client: Client, community: { children: { id: string }[] }, gridId: string) {
  for (const compound of community.children) {
    const detail = await client.json(`/api/areas/${compound.id}`);
    const b = detail.children.find((x: { gridId: string }) => x.gridId === gridId);
    if (b) return b;
  }
  return null;
}
