// Bad input: malformed JSON, missing or mistyped fields, oversized bodies, unknown ids and ids
// from another district all get a 4xx problem+json naming the field, and nothing is written.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { TEST_DB, type TestApp, type Client, expectProblem, makeIdNumber, startTestApp } from './helpers.ts';

describe(`bad input (${TEST_DB})`, () => {
  let t: TestApp;
  let worker: Client;
  let building: { id: string };
  let foreign: { areaId: string; personId: string; householdId: string };
  const counts = async () => {
    const q = (table: 'persons' | 'households' | 'auditLog' | 'users') => t.db.q.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { persons: (await q('persons')).n, households: (await q('households')).n, audit: (await q('auditLog')).n, users: (await q('users')).n };
  };

  before(async () => {
    t = await startTestApp();
    worker = await t.login('community');
    const [c] = (await worker.json('/api/areas/root')).items;
    [building] = (await worker.json(`/api/areas/${c.id}/buildings`)).items;
    // A second district in the same database, whose ids must be invisible from Chancheng.
    foreign = { areaId: crypto.randomUUID(), personId: crypto.randomUUID(), householdId: crypto.randomUUID() };
    await t.db.tx(async (q) => {
      await q.insertInto('districts').values({ id: 'nanhai', name: '南海区', nameEn: 'Nanhai', centerLat: 23.03, centerLon: 113.14 }).execute();
      await q.insertInto('areas').values({ districtId: 'nanhai', id: foreign.areaId, parentId: null, level: 'building', kind: 'building', code: 'N1', name: '南海楼', path: `${foreign.areaId}/` }).execute();
      await q.insertInto('households').values({ districtId: 'nanhai', id: foreign.householdId, buildingId: foreign.areaId, areaPath: `${foreign.areaId}/`, room: '1', address: '南海' }).execute();
      await q.insertInto('persons').values({ districtId: 'nanhai', id: foreign.personId, householdId: foreign.householdId, buildingId: foreign.areaId, areaPath: `${foreign.areaId}/`, name: '外区人', gender: 'male', birthDate: '1980-01-01' }).execute();
    });
  });
  after(() => t.close());

  it('answers malformed JSON with 400 request.malformed_json', async () => {
    const before = await counts();
    expectProblem(await worker.request('POST', '/api/persons', '{"name": "x",', { 'content-type': 'application/json' }), 400, 'request.malformed_json');
    assert.deepEqual(await counts(), before);
  });

  it('names every missing or mistyped field', async () => {
    const before = await counts();
    const missing = expectProblem(await worker.post('/api/persons', { gender: 'female' }), 400, 'validation.failed');
    const paths = missing.fields.map((f: { path: string }) => f.path);
    assert.ok(paths.includes('body.name') && paths.includes('body.birthDate'), paths.join());
    const typed = expectProblem(await worker.post('/api/persons', { name: 42, gender: 'unknown', birthDate: '1990-13-45', buildingId: building.id, room: '1' }), 400);
    const tpaths = typed.fields.map((f: { path: string }) => f.path);
    for (const p of ['body.name', 'body.gender', 'body.birthDate']) assert.ok(tpaths.includes(p), `${p} in ${tpaths}`);
    const badId = expectProblem(await worker.post('/api/persons', { name: '甲', gender: 'male', birthDate: '1990-01-01', idNumber: '440604199001010000', buildingId: building.id, room: '1' }), 400);
    assert.equal(badId.fields[0].path, 'body.idNumber');
    const mismatch = expectProblem(await worker.post('/api/persons', { name: '甲', gender: 'male', birthDate: '1990-01-02', idNumber: makeIdNumber('1990-01-01', 5), buildingId: building.id, room: '1' }), 400);
    assert.equal(mismatch.fields[0].path, 'idNumber');
    const future = expectProblem(await worker.post('/api/persons', { name: '甲', gender: 'male', birthDate: '2999-01-01', buildingId: building.id, room: '1' }), 400);
    assert.equal(future.fields[0].path, 'birthDate');
    const nowhere = expectProblem(await worker.post('/api/persons', { name: '甲', gender: 'male', birthDate: '1990-01-01' }), 400);
    assert.equal(nowhere.fields[0].path, 'buildingId');
    expectProblem(await worker.get('/api/persons?pageSize=100000'), 400, 'validation.failed');
    expectProblem(await worker.get('/api/persons?ageMin=80&ageMax=60'), 400);
    expectProblem(await worker.get('/api/persons/not-a-uuid'), 400, 'validation.failed');
    assert.deepEqual(await counts(), before);
  });

  it('refuses NUL characters anywhere, naming the field', async () => {
    const before = await counts();
    const q = expectProblem(await worker.get('/api/persons?q=%00abc'), 400, 'validation.nul_character');
    assert.equal(q.fields[0].path, 'query.q');
    const b = expectProblem(await worker.post('/api/persons', { name: 'a\u0000b', gender: 'male', birthDate: '1990-01-01', buildingId: building.id, room: '1' }), 400, 'validation.nul_character');
    assert.equal(b.fields[0].path, 'body.name');
    assert.deepEqual(await counts(), before);
  });

  it('refuses an oversized body with 413', async () => {
    const before = await counts();
    const huge = { name: '甲', gender: 'male', birthDate: '1990-01-01', notes: 'x'.repeat(2 * 1024 * 1024) };
    expectProblem(await worker.post('/api/persons', huge), 413, 'request.too_large');
    assert.deepEqual(await counts(), before);
  });

  it('refuses a wrong content type with 415', async () => {
    expectProblem(await worker.request('POST', '/api/persons', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
  });

  it('answers unknown ids with 404 and writes nothing', async () => {
    const before = await counts();
    const unknown = crypto.randomUUID();
    expectProblem(await worker.get(`/api/persons/${unknown}`), 404, 'person.not_found');
    expectProblem(await worker.get(`/api/households/${unknown}`), 404, 'household.not_found');
    expectProblem(await worker.get(`/api/areas/${unknown}`), 404, 'area.not_found');
    expectProblem(await worker.patch(`/api/persons/${unknown}`, { name: 'x', version: 1 }), 404);
    const b = expectProblem(await worker.post('/api/persons', { name: '甲', gender: 'male', birthDate: '1990-01-01', buildingId: unknown, room: '1' }), 400);
    assert.equal(b.fields[0].path, 'buildingId');
    assert.deepEqual(await counts(), before);
  });

  it('treats ids from another district as unknown, even for district-wide roles', async () => {
    const official = await t.login('official');
    const before = await counts();
    for (const client of [worker, official]) {
      expectProblem(await client.get(`/api/persons/${foreign.personId}`), 404);
      expectProblem(await client.get(`/api/households/${foreign.householdId}`), 404);
      expectProblem(await client.get(`/api/areas/${foreign.areaId}`), 404);
    }
    expectProblem(await worker.patch(`/api/persons/${foreign.personId}`, { name: 'x', version: 1 }), 404);
    const into = expectProblem(await worker.post('/api/persons', { name: '甲', gender: 'male', birthDate: '1990-01-01', householdId: foreign.householdId }), 400);
    assert.equal(into.fields[0].path, 'householdId');
    assert.deepEqual(await counts(), before);
  });

  it('leaves nothing half-written when a later step of a change fails', async () => {
    // Refused: neither the resident nor the new household at room B-2 may appear.
    const dup = makeIdNumber('1970-02-02', 77);
    const first = await worker.post('/api/persons', { name: '乙', gender: 'male', birthDate: '1970-02-02', idNumber: dup, buildingId: building.id, room: 'A-1' });
    assert.equal(first.statusCode, 201);
    const before = await counts();
    expectProblem(await worker.post('/api/persons', { name: '丙', gender: 'male', birthDate: '1970-02-02', idNumber: dup, buildingId: building.id, room: 'B-2' }), 409, 'person.duplicate_id_number');
    assert.deepEqual(await counts(), before);
  });
});
