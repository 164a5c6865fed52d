// The resident register: masking, edits with versions, moves, unmasking with audit, idempotent
// creation, and scope — a community worker sees nothing of another community.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_DB, type TestApp, type Client, expectProblem, makeIdNumber, startTestApp } from './helpers.ts';

describe(`people (${TEST_DB})`, () => {
  let t: TestApp;
  let worker: Client;
  let admin: Client;
  let myCommunity: { id: string; name: string };
  let buildings: { id: string; name: string }[];
  before(async () => {
    t = await startTestApp();
    worker = await t.login('community');
    admin = await t.login('admin');
    [myCommunity] = (await worker.json('/api/areas/root')).items;
    buildings = (await worker.json(`/api/areas/${myCommunity.id}/buildings`)).items;
    assert.ok(buildings.length >= 2, 'the test community has buildings');
  });
  after(() => t.close());

  it('lists only residents of the worker\'s community, with ID numbers and phones masked', async () => {
    const page = await worker.json('/api/persons?pageSize=200');
    assert.ok(page.total > 0);
    for (const p of page.items) {
      assert.equal(p.communityName, myCommunity.name);
      assert.equal(p.masked, true);
      if (p.idNumber) assert.match(p.idNumber, /^\d{3}\*{11}[\dX]{4}$/);
      if (p.phone) assert.match(p.phone, /^1\d{2}\*{4}\d{4}$/);
    }
  });

  it('adds a resident into a new household, masked in the answer and in the audit log', async () => {
    const idNumber = makeIdNumber('1941-03-15', 11);
    const res = await worker.post('/api/persons', {
      name: '梁桂英', gender: 'female', birthDate: '1941-03-15', idNumber, phone: '13800138000',
      tags: ['living_alone', 'disabled'], buildingId: buildings[0]!.id, room: '9-901',
    });
    assert.equal(res.statusCode, 201, res.body);
    const p = res.json();
    assert.equal(p.idNumber, `440***********${idNumber.slice(-4)}`);
    assert.equal(p.phone, '138****8000');
    assert.ok(p.age >= 84);
    assert.deepEqual(p.tags, ['living_alone', 'disabled']);
    const audit = (await admin.json(`/api/audit?entityType=person&entityId=${p.id}`)).items;
    assert.equal(audit[0].action, 'person.create');
    assert.doesNotMatch(JSON.stringify(audit), new RegExp(idNumber));
    const household = await worker.json(`/api/households/${p.householdId}`);
    assert.equal(household.room, '9-901');
    assert.match(household.address, new RegExp(`^.+(街道|镇)${myCommunity.name}.+9-901$`));
    assert.equal(household.members.length, 1);
  });

  it('edits with optimistic versions: a stale version gets 409 and changes nothing', async () => {
    const [p] = (await worker.json('/api/persons?pageSize=1')).items;
    const ok = await worker.patch(`/api/persons/${p.id}`, { tags: ['empty_nest'], version: p.version });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().version, p.version + 1);
    expectProblem(await worker.patch(`/api/persons/${p.id}`, { name: '改名', version: p.version }), 409, 'person.version_conflict');
    assert.equal((await worker.json(`/api/persons/${p.id}`)).name, p.name);
    // An update changes only what it names: tags and relation survive a notes-only edit.
    const notes = await worker.patch(`/api/persons/${p.id}`, { notes: '每周回访', version: p.version + 1 });
    assert.equal(notes.statusCode, 200, notes.body);
    assert.deepEqual(notes.json().tags, ['empty_nest']);
    assert.equal(notes.json().relation, p.relation);
  });

  it('moves a resident to another building of the community', async () => {
    const created = (await worker.post('/api/persons', { name: '何志强', gender: 'male', birthDate: '1958-07-01', buildingId: buildings[0]!.id, room: '1-101' })).json();
    const moved = await worker.post(`/api/persons/${created.id}/move`, { buildingId: buildings[1]!.id, room: '2-202' });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().buildingId, buildings[1]!.id);
    assert.notEqual(moved.json().householdId, created.householdId);
    const audit = (await admin.json(`/api/audit?entityType=person&entityId=${created.id}&action=person.move`)).items;
    assert.equal(audit.length, 1);
  });

  it('unmasks only for roles that need it, and audits every unmasking', async () => {
    const [p] = (await worker.json('/api/persons?pageSize=1&tag=living_alone')).items;
    const revealed = await worker.post(`/api/persons/${p.id}/reveal`, { fields: ['idNumber', 'phone'], reason: '上门走访核实' });
    assert.equal(revealed.statusCode, 200);
    assert.match(revealed.json().idNumber, /^\d{17}[\dX]$/);
    const audit = (await admin.json(`/api/audit?action=person.reveal&entityId=${p.id}`)).items;
    assert.equal(audit[0].details.reason, '上门走访核实');
    assert.deepEqual(audit[0].details.fields, ['idNumber', 'phone']);
    for (const who of ['official', 'street', 'admin']) {
      expectProblem(await (await t.login(who)).post(`/api/persons/${p.id}/reveal`, { fields: ['idNumber'], reason: '查看' }), 403, 'people.reveal_forbidden');
    }
    expectProblem(await worker.post(`/api/persons/${p.id}/reveal`, { fields: ['idNumber'] }), 400);
  });

  it('shows a resident their own record and nobody else\'s', async () => {
    const resident = await t.login('resident');
    const me = (await resident.json('/api/auth/me')).user;
    const list = await resident.json('/api/persons');
    assert.equal(list.total, 1);
    assert.equal(list.items[0].id, me.personId);
    const someone = (await worker.json('/api/persons?pageSize=5')).items.find((p: { id: string }) => p.id !== me.personId);
    expectProblem(await resident.get(`/api/persons/${someone.id}`), 404, 'person.not_found');
    const home = await resident.json(`/api/households/${list.items[0].householdId}`);
    assert.ok(home.members.some((m: { id: string }) => m.id === me.personId));
    expectProblem(await resident.get(`/api/households/${someone.householdId}`), 404);
    const own = await resident.post(`/api/persons/${me.personId}/reveal`, { fields: ['phone'], reason: '本人查看' });
    assert.equal(own.statusCode, 200);
    expectProblem(await resident.patch(`/api/persons/${me.personId}`, { name: 'x', version: 1 }), 403, 'people.edit_forbidden');
  });

  it('applies a retried creation with the same Idempotency-Key once', async () => {
    const body = { name: '冯小明', gender: 'male', birthDate: '2015-05-05', relation: 'child', buildingId: buildings[1]!.id, room: '3-303' };
    const headers = { 'idempotency-key': 'retry-test-0001' };
    const [a, b] = await Promise.all([worker.post('/api/persons', body, headers), worker.post('/api/persons', body, headers)]);
    const c = await worker.post('/api/persons', body, headers);
    const ok = [a, b, c].filter((r) => r.statusCode === 201);
    assert.ok(ok.length >= 2, `${a.statusCode} ${b.statusCode} ${c.statusCode}`);
    assert.equal(new Set(ok.map((r) => r.json().id)).size, 1);
    const found = await worker.json(`/api/persons?q=${encodeURIComponent('冯小明')}`);
    assert.equal(found.total, 1);
    expectProblem(await worker.post('/api/persons', { ...body, name: '别人' }, headers), 422, 'idempotency.key_reused');
  });

  it('gives a community worker 404 for every area, resident and household of another community', async () => {
    const other = await t.login('community2');
    const [theirs] = (await other.json('/api/areas/root')).items;
    assert.notEqual(theirs.id, myCommunity.id);
    const areaIds = [theirs.id];
    const walk = async (id: string) => {
      for (const c of (await other.json(`/api/areas/${id}`)).children) {
        areaIds.push(c.id);
        await walk(c.id);
      }
    };
    await walk(theirs.id);
    const persons = (await other.json('/api/persons?pageSize=200')).items;
    const households = (await other.json('/api/households?pageSize=200')).items;
    assert.ok(persons.length > 0 && households.length > 0);
    for (const id of areaIds) {
      expectProblem(await worker.get(`/api/areas/${id}`), 404);
      expectProblem(await worker.get(`/api/persons?areaId=${id}`), 404);
    }
    for (const p of persons) {
      expectProblem(await worker.get(`/api/persons/${p.id}`), 404);
      expectProblem(await worker.patch(`/api/persons/${p.id}`, { name: 'x', version: p.version }), 404);
      expectProblem(await worker.post(`/api/persons/${p.id}/reveal`, { fields: ['phone'], reason: '越权' }), 404);
      expectProblem(await worker.post(`/api/persons/${p.id}/move`, { buildingId: buildings[0]!.id, room: '1' }), 404);
    }
    for (const h of households) {
      expectProblem(await worker.get(`/api/households/${h.id}`), 404);
      assert.equal((await worker.json(`/api/persons?householdId=${h.id}`)).total, 0);
    }
    // Moving one's own resident into the other community's building is refused too.
    const mine = (await worker.json('/api/persons?pageSize=1')).items[0];
    const theirBuilding = (await other.json(`/api/areas/${theirs.id}/buildings`)).items[0];
    const refused = expectProblem(await worker.post(`/api/persons/${mine.id}/move`, { buildingId: theirBuilding.id, room: '1-1' }), 400);
    assert.equal(refused.fields[0].path, 'buildingId');
  });

  it('gives a grid worker only the residents of their grid', async () => {
    const grid = await t.login('grid');
    const me = (await grid.json('/api/auth/me')).user;
    const gridId = me.roles.find((r: { role: string }) => r.role === 'grid_worker').gridId;
    const list = await grid.json('/api/persons?pageSize=200');
    assert.ok(list.items.every((p: { gridId: string }) => p.gridId === gridId));
    const outside = (await worker.json('/api/persons?pageSize=200')).items.find((p: { gridId: string }) => p.gridId !== gridId);
    if (outside) expectProblem(await grid.get(`/api/persons/${outside.id}`), 404);
  });
});
