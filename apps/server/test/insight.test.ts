// The district cloud platform: roll-ups equal a full scan after any sequence of register writes
// (property-based), the dashboard and maps by scope, live updates, coverage, siting and exports.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { INSIGHT_GROUPS } from '@linli/contracts';
import { TEST_DB, type TestApp, type Client, expectProblem, startTestApp } from './helpers.ts';
import { bornOnOrBefore, chinaToday, type Level } from '../src/modules/insight/keys.ts';

const TAGS = ['living_alone', 'disabled', 'low_income', 'empty_nest'] as const;

function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe(`insight (${TEST_DB})`, () => {
  let t: TestApp;
  let official: Client;
  let admin: Client;
  let editor: Client;
  let rootPath: string;
  let rootId: string;
  let buildings: { id: string; path: string }[];

  before(async () => {
    t = await startTestApp();
    [official, admin] = await Promise.all([t.login('official'), t.login('admin')]);
    const root = await t.db.q.selectFrom('areas').select(['id', 'path']).where('level', '=', 'district').executeTakeFirstOrThrow();
    rootPath = root.path;
    rootId = root.id;
    // Buildings spread over four communities in two streets, and a register keeper for all four,
    // so moves cross streets and communities.
    const all = await t.db.q.selectFrom('areas').select(['id', 'path']).where('level', '=', 'building').orderBy('code').execute();
    const community = (p: string) => p.split('/').slice(0, 3).join('/');
    const street = (p: string) => p.split('/').slice(0, 2).join('/');
    const streets = [...new Set(all.map((b) => street(b.path)))].slice(0, 2);
    const communities = streets.flatMap((s) => [...new Set(all.filter((b) => street(b.path) === s).map((b) => community(b.path)))].slice(0, 2));
    buildings = communities.flatMap((c) => all.filter((b) => community(b.path) === c).slice(0, 3));
    const user = (await admin.post('/api/admin/users', { username: 'insight-editor', displayName: '登记员', password: 'insight-editor-pw' })).json();
    for (const c of communities) assert.equal((await admin.post(`/api/admin/users/${user.id}/roles`, { role: 'community_staff', areaId: c.split('/').at(-1) })).statusCode, 201);
    editor = await t.login('insight-editor', 'insight-editor-pw');
  });
  after(() => t.close());

  async function compareAll(asOfs: string[]) {
    const repo = t.ctx.insight.repo;
    await repo.ensurePlaces('chancheng');
    for (const asOf of asOfs) {
      for (const level of ['c', 'g', 'h8', 'h9'] as Level[]) {
        const [a, b] = await Promise.all([repo.groups('chancheng', level, rootPath, asOf), repo.groupsByScan('chancheng', level, rootPath, asOf)]);
        assert.deepEqual(Object.fromEntries([...a].sort()), Object.fromEntries([...b].sort()), `level ${level} as of ${asOf}`);
      }
    }
  }

  it('starts with roll-ups equal to a full scan at every level, for several dates', async () => {
    const today = chinaToday();
    await compareAll([today, shiftDays(today, 200), shiftDays(today, -400), `${today.slice(0, 4)}-02-28`]);
  });

  it('keeps roll-ups equal to a full scan after random sequences of creates, edits, moves, tags and low-income changes (property)', async () => {
    const today = chinaToday();
    const persons: { id: string; version: number }[] = [];
    const households: { id: string; version: number; lowIncome: boolean }[] = [];
    // Birth dates on and around the 18/60/80 boundaries (and 29 February), plus any date.
    const birthDate = fc.oneof(
      fc.tuple(fc.constantFrom(18, 60, 80), fc.integer({ min: -3, max: 3 })).map(([years, days]) => shiftDays(bornOnOrBefore(today, years), days)),
      fc.constantFrom('1944-02-29', '1964-02-29', '2008-02-29'),
      fc.date({ min: new Date('1925-01-01'), max: new Date(`${today}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    );
    const tags = fc.subarray([...TAGS]);
    const room = fc.constantFrom('1-101', '1-102', '2-201');
    const command = fc.oneof(
      fc.record({ op: fc.constant('create' as const), birthDate, tags, building: fc.nat(buildings.length - 1), room, join: fc.boolean() }),
      fc.record({ op: fc.constant('tag' as const), who: fc.nat(), tags }),
      fc.record({ op: fc.constant('birth' as const), who: fc.nat(), birthDate }),
      fc.record({ op: fc.constant('status' as const), who: fc.nat(), status: fc.constantFrom('active', 'moved_out', 'deceased') }),
      fc.record({ op: fc.constant('move' as const), who: fc.nat(), building: fc.nat(buildings.length - 1), room, join: fc.boolean() }),
      fc.record({ op: fc.constant('lowIncome' as const), which: fc.nat() }),
    );
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 10 }), async (cmds) => {
        for (const c of cmds) {
          if (c.op === 'create') {
            const h = c.join && households.length ? households[c.building % households.length]! : null;
            const body = { name: `性质${++seq}`, gender: seq % 2 ? 'male' : 'female', birthDate: c.birthDate, tags: c.tags, ...(h ? { householdId: h.id } : { buildingId: buildings[c.building]!.id, room: c.room }) };
            const res = await editor.post('/api/persons', body);
            assert.equal(res.statusCode, 201, res.body);
            const p = res.json();
            persons.push({ id: p.id, version: p.version });
            if (!households.some((x) => x.id === p.householdId)) {
              const hh = (await editor.json(`/api/households/${p.householdId}`)) as { id: string; version: number; lowIncome: boolean };
              households.push({ id: hh.id, version: hh.version, lowIncome: hh.lowIncome });
            }
          } else if (c.op === 'lowIncome') {
            if (!households.length) continue;
            const h = households[c.which % households.length]!;
            const res = await editor.patch(`/api/households/${h.id}`, { lowIncome: !h.lowIncome, version: h.version });
            assert.equal(res.statusCode, 200, res.body);
            h.version = res.json().version;
            h.lowIncome = !h.lowIncome;
            // Members' versions moved with the tag.
            for (const p of persons) p.version = (await editor.json(`/api/persons/${p.id}`)).version;
          } else {
            if (!persons.length) continue;
            const p = persons[c.who % persons.length]!;
            let res;
            if (c.op === 'tag') res = await editor.patch(`/api/persons/${p.id}`, { tags: c.tags, version: p.version });
            else if (c.op === 'birth') res = await editor.patch(`/api/persons/${p.id}`, { birthDate: c.birthDate, version: p.version });
            else if (c.op === 'status') res = await editor.patch(`/api/persons/${p.id}`, { status: c.status, version: p.version });
            else {
              const h = c.join && households.length ? households[c.building % households.length]! : null;
              res = await editor.post(`/api/persons/${p.id}/move`, h ? { buildingId: (await editor.json(`/api/households/${h.id}`)).buildingId, room: c.room, householdId: h.id } : { buildingId: buildings[c.building]!.id, room: c.room });
              // Moving an inactive resident, or into their own household, is refused; nothing changes.
              if (res.statusCode !== 200) {
                assert.ok([400, 409].includes(res.statusCode), res.body);
                continue;
              }
              const moved = res.json();
              if (!households.some((x) => x.id === moved.householdId)) {
                const hh = (await editor.json(`/api/households/${moved.householdId}`)) as { id: string; version: number; lowIncome: boolean };
                households.push({ id: hh.id, version: hh.version, lowIncome: hh.lowIncome });
              }
            }
            assert.equal(res.statusCode, 200, res.body);
            p.version = res.json().version;
          }
        }
        await compareAll([today, shiftDays(today, 365), `${today.slice(0, 4)}-02-28`, shiftDays(today, -1)]);
      }),
      { numRuns: Number(process.env.LINLI_PROPERTY_RUNS ?? 12), seed: 20260101 },
    );
  });

  it('shows the district dashboard: residents by group, four streets side by side, and "—" for modules that have not landed', async () => {
    const d = await official.json('/api/insight/dashboard');
    assert.equal(d.area.level, 'district');
    assert.equal(d.children.length, 4);
    for (const g of INSIGHT_GROUPS) assert.equal(d.children.reduce((s: number, c: { groups: Record<string, number> }) => s + c.groups[g]!, 0), d.groups[g], g);
    assert.equal(d.groups.minors + d.groups.aged18to59 + d.groups.aged60to79 + d.groups.aged80, d.groups.residents);
    // The foundation's own counts agree with the roll-ups.
    const area = await official.json(`/api/areas/${rootId}`);
    for (const k of ['residents', 'households', 'aged60', 'aged80', 'livingAlone', 'disabled', 'lowIncome', 'minors'] as const) assert.equal(d.groups[k], area.stats[k], k);
    for (const value of Object.values(d.figures)) assert.ok(value === null || typeof value === 'number');
    assert.ok(d.sources.includes('residents'));
  });

  it('moves the figures and announces them live when a resident is added', async () => {
    const before = await official.json('/api/insight/dashboard');
    const seen: unknown[] = [];
    const off = t.ctx.events.subscribe((e) => e.type === 'area' && seen.push(e.data));
    const res = await editor.post('/api/persons', { name: '新长者', gender: 'female', birthDate: '1940-03-03', tags: ['living_alone'], buildingId: buildings[0]!.id, room: '9-909' });
    assert.equal(res.statusCode, 201);
    const afterwards = await official.json('/api/insight/dashboard');
    assert.equal(afterwards.groups.residents, before.groups.residents + 1);
    assert.equal(afterwards.groups.aged80, before.groups.aged80 + 1);
    assert.equal(afterwards.groups.livingAlone60, before.groups.livingAlone60 + 1);
    assert.equal(afterwards.groups.households, before.groups.households + 1);
    await new Promise((r) => setTimeout(r, 700));
    off();
    assert.ok(seen.some((d) => (d as { kind: string }).kind === 'rollups'), 'a live event announced the change');
  });

  it('counts module figures bumped in a transaction, and shows them once the module declares them', async () => {
    const ins = t.ctx.insight;
    ins.declare({ name: 'test-orders', metrics: ['orders.completed'] });
    const tapo = buildings[0]!.path;
    const [before, beforeAll] = [await official.json('/api/insight/dashboard'), await official.json('/api/insight/dashboard?from=2000-01-01')];
    const bumps = [{ metric: 'orders.completed', areaPath: tapo, delta: 3 }, { metric: 'orders.completed', areaPath: tapo, day: '2001-01-01' }];
    await t.db.tx(() => ins.bump('chancheng', bumps));
    // A rolled-back write leaves no trace.
    await assert.rejects(t.db.tx(async () => {
      await ins.bump('chancheng', { metric: 'orders.completed', areaPath: tapo, delta: 100 });
      throw new Error('rollback');
    }));
    const d = await official.json('/api/insight/dashboard');
    assert.equal(d.figures.servicesCompleted, before.figures.servicesCompleted + 3, 'this year only');
    const all = await official.json('/api/insight/dashboard?from=2000-01-01');
    assert.equal(all.figures.servicesCompleted, beforeAll.figures.servicesCompleted + 4);
    // A figure no module declares is "—".
    const declaring = [...ins.counters.sources].filter(([, s]) => s.metrics.includes('orders.person_times'));
    for (const [name] of declaring) ins.counters.sources.delete(name);
    try {
      assert.equal((await official.json('/api/insight/dashboard')).figures.personTimes, null, 'not landed');
    } finally {
      for (const [name, s] of declaring) ins.counters.sources.set(name, s);
    }
    // Undone, so the orders module's counters equal its recount again (checked below).
    await t.db.tx(() => ins.bump('chancheng', bumps.map((b) => ({ ...b, delta: -(b.delta ?? 1) }))));
  });

  it('gives a street official their street only, and community staff their community', async () => {
    const street = await t.login('street');
    const d = await street.json('/api/insight/dashboard');
    assert.equal(d.area.level, 'street');
    assert.ok(d.children.length > 0 && d.children.every((c: { level: string }) => c.level === 'community'));
    expectProblem(await street.get(`/api/insight/dashboard?areaId=${rootId}`), 404, 'area.not_found');
    const hexes = await street.json('/api/insight/hexes?res=9');
    const total = hexes.features.reduce((s: number, f: { properties: { residents: number } }) => s + f.properties.residents, 0);
    assert.equal(total, d.groups.residents, 'hexagons hold only the street\'s residents');
    const community = await t.login('community');
    const c = await community.json('/api/insight/dashboard');
    assert.equal(c.area.level, 'community');
    assert.ok(c.children.every((g: { level: string }) => g.level === 'grid'));
    expectProblem(await community.post('/api/insight/siting', { k: 1 }), 403, 'insight.forbidden');
    const resident = await t.login('resident');
    expectProblem(await resident.get('/api/insight/dashboard'), 403, 'insight.forbidden');
  });

  it('draws the demand map as streets, communities, grids and hexagons at resolutions 7-9 with equal totals', async () => {
    const d = await official.json('/api/insight/dashboard');
    for (const level of ['street', 'community', 'grid']) {
      const fc = await official.json(`/api/insight/demand?level=${level}`);
      assert.equal(fc.features.length, level === 'street' ? 4 : level === 'community' ? 147 : 478);
      assert.equal(fc.features.reduce((s: number, f: { properties: { aged60: number } }) => s + f.properties.aged60, 0), d.groups.aged60, level);
    }
    for (const res of [7, 8, 9]) {
      const fc = await official.json(`/api/insight/hexes?res=${res}`);
      assert.ok(fc.features.length > 0);
      assert.equal(fc.features[0].geometry.type, 'Polygon');
      assert.equal(fc.features.reduce((s: number, f: { properties: { residents: number } }) => s + f.properties.residents, 0), d.groups.residents, `res ${res}`);
    }
  });

  it('shows resources with capacity and walking reach, coverage gaps, and sites chosen with a proven bound', async () => {
    const res = await official.json('/api/insight/resources?kind=elder_canteen&walkM=1000');
    const points = res.features.filter((f: { properties: { layer: string } }) => f.properties.layer === 'facility');
    const reach = res.features.filter((f: { properties: { layer: string } }) => f.properties.layer === 'reach');
    assert.equal(points.length, reach.length);
    const cov = await official.json('/api/insight/coverage?kind=elder_canteen&group=aged60&walkM=1000');
    assert.ok(cov.demand > 0 && cov.covered <= cov.demand && cov.share >= 0 && cov.share <= 1);
    assert.equal(cov.networkFactor, 1.3);
    const site = await official.post('/api/insight/siting', { kind: 'elder_canteen', group: 'aged60', walkM: 1000, k: 3, objective: 'coverage', timeLimit: 5 });
    assert.equal(site.statusCode, 200, site.body);
    const s = site.json();
    assert.equal(s.chosen.length, 3);
    assert.ok(s.coveredAfter >= s.coveredBefore);
    assert.ok(s.bound >= s.value - 1e-6 && s.gap >= 0 && s.gap <= 0.01, `gap ${s.gap}`);
    const pm = (await official.post('/api/insight/siting', { kind: 'elder_canteen', group: 'aged60', k: 2, objective: 'distance', timeLimit: 3 })).json();
    assert.equal(pm.chosen.length, 2);
    assert.ok(pm.bound <= pm.value + 1e-6, 'the lower bound is below the value');
    assert.ok(pm.meanWalkAfter <= (pm.meanWalkBefore ?? Infinity));
  });

  it('keeps marked premises by scope and uses them as siting candidates', async () => {
    const street = await t.login('street');
    const fcs = await street.json('/api/insight/demand?level=community');
    const [lon, lat] = centre(fcs.features[0].geometry);
    const created = await street.post('/api/insight/candidates', { name: '旧粮站', lat, lon });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((await street.json('/api/insight/candidates')).items.length, 1);
    const s = (await street.post('/api/insight/siting', { k: 1, candidates: ['marked'], group: 'residents' })).json();
    assert.equal(s.candidates, 1);
    assert.equal(s.chosen[0].name, '旧粮站');
    expectProblem(await street.post('/api/insight/candidates', { name: '外区', lat: 40, lon: 116 }), 400);
    assert.equal((await street.delete(`/api/insight/candidates/${created.json().id}`)).statusCode, 200);
  });

  it('exports layers as GeoJSON, tables as CSV and XLSX, and a printable report', async () => {
    const geo = await official.get('/api/insight/export/demand-hexes.geojson?res=8');
    assert.equal(geo.statusCode, 200);
    assert.equal(JSON.parse(geo.body).type, 'FeatureCollection');
    const csv = await official.get('/api/insight/export/demand-areas.csv?level=street');
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.equal(csv.body.trim().split('\n').length, 5);
    const xlsx = await official.get('/api/insight/export/dashboard.xlsx');
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
    const report = await official.get('/api/insight/report');
    assert.match(report.body, /@media print/);
    assert.match(report.body, /长者饭堂/);
    expectProblem(await official.get('/api/insight/export/nothing.csv'), 400);
  });

  it('lets an administrator check the roll-ups against a full scan and rebuild them', async () => {
    const check = await admin.json('/api/insight/check');
    assert.ok(check.items.every((r: { mismatches: number }) => r.mismatches === 0), JSON.stringify(check.items));
    assert.equal((await admin.post('/api/insight/rebuild')).statusCode, 200);
    expectProblem(await official.post('/api/insight/rebuild'), 403);
  });
});

function centre(g: { type: string; coordinates: number[][][] | number[][][][] }): [number, number] {
  const ring = (g.type === 'Polygon' ? g.coordinates[0] : (g.coordinates as number[][][][])[0]![0]) as number[][];
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
}
