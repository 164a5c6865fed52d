// Patrols: one merged checklist instead of ten forms; a patrol with its route, places, results and
// visits; a failed item becomes a case in one call; residents overdue for a visit per grid.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_DB, type Client, type TestApp, expectProblem } from './helpers.ts';
import { count, gridOf, jpeg, pointInGrid, startSmartGrid, upload, userWith } from './smart-grid.ts';

describe(`patrols (${TEST_DB})`, () => {
  let t: TestApp;
  let grid: Client;
  let community: Client;
  let community2: Client;
  let admin: Client;
  let gridId: string;
  let here: { lat: number; lon: number };
  let items: { id: string; code: string; category: string; caseType: { code: string } | null; org: { name: string | null } | null }[];
  let elder: { id: string; name: string };

  before(async () => {
    t = await startSmartGrid();
    [grid, community, community2, admin] = await Promise.all(['grid', 'community', 'community2', 'admin'].map((u) => t.login(u))) as [Client, Client, Client, Client];
    gridId = await gridOf(grid);
    here = await pointInGrid(t, gridId);
    items = (await grid.json('/api/patrol-checklist')).items;
    // An elder living alone in the patrolled grid, registered by the community.
    const tapo = (await community.json('/api/areas/root')).items[0];
    const building = (await community.json(`/api/areas/${tapo.id}/buildings`)).items.find((b: { gridId: string }) => b.gridId === gridId);
    const created = await community.post('/api/persons', { name: '何婆婆', gender: 'female', birthDate: '1938-02-03', tags: ['living_alone'], buildingId: building.id, room: '3-302' });
    assert.equal(created.statusCode, 201, created.body);
    elder = created.json();
  });
  after(() => t.close());

  const patrol = (extra: Record<string, unknown> = {}) => ({
    gridId,
    startedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    endedAt: new Date(Date.now() - 600_000).toISOString(),
    route: [here, { lat: here.lat + 0.0009, lon: here.lon }, { lat: here.lat + 0.0009, lon: here.lon + 0.001 }],
    places: [
      {
        name: '广东粤剧博物馆',
        lat: here.lat,
        lon: here.lon,
        results: [
          { itemId: items.find((i) => i.code === 'XF01')!.id, result: 'fail', note: '后门通道堆放杂物' },
          { itemId: items.find((i) => i.code === 'HW01')!.id, result: 'pass' },
          { itemId: items.find((i) => i.code === 'FW01')!.id, result: 'pass' },
        ],
      },
    ],
    visits: [{ personId: elder.id, condition: 'ok', note: '身体尚好，叮嘱按时服药' }],
    ...extra,
  });

  it('serves one merged checklist of about thirty items from ten departmental forms', async () => {
    assert.ok(items.length >= 28 && items.length <= 40, `${items.length} items`);
    const categories = new Set(items.map((i) => i.category));
    assert.ok(categories.size >= 8, [...categories].join());
    for (const c of ['fire_safety', 'food_safety', 'sanitation', 'building_safety', 'epidemic']) assert.ok(categories.has(c), c);
    for (const i of items) {
      assert.ok(i.caseType, `${i.code} maps to a case type`);
      assert.ok(i.org?.name, `${i.code} has an owning department`);
    }
  });

  it('records a patrol with route, places, results with a photo and a visit, once per Idempotency-Key', async () => {
    const photo = (await upload(t, grid, jpeg())).json();
    const body = patrol();
    (body.places as { results: Record<string, unknown>[] }[])[0]!.results[0]!.photoId = photo.id;
    const headers = { 'idempotency-key': 'patrol-offline-0001' };
    const first = await grid.post('/api/patrols', body, headers);
    assert.equal(first.statusCode, 201, first.body);
    const again = await grid.post('/api/patrols', body, headers);
    assert.equal(again.json().id, first.json().id);
    const p = first.json();
    assert.equal(p.passCount, 2);
    assert.equal(p.failCount, 1);
    assert.equal(p.visitCount, 1);
    assert.equal(p.routePoints, 3);
    assert.ok(p.distanceM > 150 && p.distanceM < 250, `${p.distanceM} m`);
    assert.equal(p.visits[0].personName, '何婆婆');
    assert.equal(p.results.find((r: { result: string }) => r.result === 'fail').photo.id, photo.id);
    assert.equal((await community.get(photo.url)).statusCode, 200);
    expectProblem(await community2.get(photo.url), 404);
    assert.equal((await community.json(`/api/patrols?gridId=${gridId}`)).total, 1);
    assert.equal((await community2.json('/api/patrols')).total, 0);
    expectProblem(await community2.get(`/api/patrols/${p.id}`), 404);
  });

  it('turns a failed item into a case of the mapped type with one call, and only once', async () => {
    const p = (await grid.post('/api/patrols', patrol())).json();
    const failed = p.results.find((r: { result: string }) => r.result === 'fail');
    const passed = p.results.find((r: { result: string }) => r.result === 'pass');
    const res = await grid.post(`/api/patrols/${p.id}/results/${failed.id}/case`, {});
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json().case;
    assert.equal(c.source, 'patrol');
    assert.equal(c.type.code, 'AQ0101');
    assert.equal(c.grid.id, gridId);
    assert.match(c.description, /消防通道畅通.*后门通道堆放杂物.*粤剧博物馆/);
    const repeat = await grid.post(`/api/patrols/${p.id}/results/${failed.id}/case`, {});
    assert.equal(repeat.statusCode, 200);
    assert.equal(repeat.json().case.id, c.id);
    expectProblem(await grid.post(`/api/patrols/${p.id}/results/${passed.id}/case`, {}), 409, 'patrol.result_passed');
    assert.equal((await grid.json(`/api/patrols/${p.id}`)).results.find((r: { id: string }) => r.id === failed.id).caseId, c.id);
    // The community dispatches it like any other case.
    assert.equal((await community.post(`/api/cases/${c.id}/transition`, { action: 'file' })).statusCode, 200);
  });

  it('lists vulnerable residents overdue for a visit per grid, by the configured interval', async () => {
    const fresh = await userWith(t, admin, 'grid-visits', { role: 'grid_worker', gridId });
    const listed = async () => (await fresh.json(`/api/visits/overdue?gridId=${gridId}`)).items.find((x: { personId: string }) => x.personId === elder.id);
    // Visited above: not overdue.
    assert.equal(await listed(), undefined);
    await t.db.q.updateTable('visits').set({ visitedAt: new Date(Date.now() - 40 * 86_400_000) }).where('personId', '=', elder.id).execute();
    const overdue = await listed();
    assert.ok(overdue, 'overdue after 40 days');
    assert.equal(overdue.intervalDays, 30);
    assert.ok(overdue.daysSince >= 40);
    assert.ok(overdue.age >= 80);
    // A longer interval for living_alone clears it.
    assert.equal((await admin.request('PATCH', '/api/cases/settings', { visitIntervals: { living_alone: 60 } })).statusCode, 200);
    assert.equal(await listed(), undefined);
    await admin.request('PATCH', '/api/cases/settings', { visitIntervals: { living_alone: 30 } });
    for (const x of (await fresh.json('/api/visits/overdue')).items) assert.equal(x.gridId, gridId);
    expectProblem(await community2.get(`/api/visits/overdue?gridId=${gridId}`), 404);
  });

  it('refuses a patrol outside one\'s grid and bad records, writing nothing', async () => {
    const before = { patrols: await count(t, 'patrols'), results: await count(t, 'patrolResults'), visits: await count(t, 'visits') };
    const otherGrid = (await t.db.q.selectFrom('grids').select('id').where('id', '!=', gridId).limit(1).executeTakeFirstOrThrow()).id;
    expectProblem(await grid.post('/api/patrols', patrol({ gridId: otherGrid })), 403, 'patrol.not_your_grid');
    expectProblem(await community.post('/api/patrols', patrol()), 403);
    const noNote = patrol();
    (noNote.places as { results: Record<string, unknown>[] }[])[0]!.results[0]!.note = '';
    expectProblem(await grid.post('/api/patrols', noNote), 400);
    const unknown = patrol({ places: [{ name: 'x', results: [{ itemId: '00000000-0000-4000-8000-000000000000', result: 'pass' }] }] });
    expectProblem(await grid.post('/api/patrols', unknown), 400);
    expectProblem(await grid.post('/api/patrols', patrol({ endedAt: new Date(Date.now() - 5 * 3600_000).toISOString() })), 400);
    const stranger = (await t.db.q.selectFrom('persons').select('id').where('gridId', '!=', gridId).limit(1).executeTakeFirstOrThrow()).id;
    expectProblem(await grid.post('/api/patrols', patrol({ visits: [{ personId: stranger }] })), 400);
    assert.deepEqual({ patrols: await count(t, 'patrols'), results: await count(t, 'patrolResults'), visits: await count(t, 'visits') }, before);
  });
});
