// Open311 GeoReport v2: discovery, services, service definitions, requests (list, one, create
// with an API key) and tokens, in JSON and XML, checked field by field against the spec
// (../shared/data/open311/georeport-v2-spec.md), with the spec's error format.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { TEST_DB, type Client, type TestApp } from './helpers.ts';
import { gridOf, pointInGrid, startSmartGrid } from './smart-grid.ts';

const SERVICE_FIELDS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'];
const REQUEST_FIELDS = [
  'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
  'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
];
const ATTRIBUTE_FIELDS = ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values'];
const W3 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

const xml = new XMLParser({ parseTagValue: false, ignoreDeclaration: false, isArray: (name) => ['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format'].includes(name) });

describe(`Open311 GeoReport v2 (${TEST_DB})`, () => {
  let t: TestApp;
  let anon: Client;
  let admin: Client;
  let apiKey: string;
  let keyId: string;
  let here: { lat: number; lon: number };

  before(async () => {
    t = await startSmartGrid();
    anon = t.anonymous();
    admin = await t.login('admin');
    const key = await admin.post('/api/open311/keys', { name: '随手拍 App' });
    assert.equal(key.statusCode, 201, key.body);
    apiKey = key.json().apiKey;
    keyId = key.json().id;
    here = await pointInGrid(t, await gridOf(await t.login('grid')));
  });
  after(() => t.close());

  const form = (fields: Record<string, string | string[]>) =>
    Object.entries(fields)
      .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(x)}`))
      .join('&');
  const post = (format: 'json' | 'xml', fields: Record<string, string | string[]>, client: Client = anon) =>
    client.request('POST', `/open311/v2/requests.${format}`, form(fields), { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });

  const expectJson = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    return JSON.parse(res.body);
  };
  const expectXml = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    assert.match(res.body, /^<\?xml version="1\.0" encoding="utf-8"\?>\n/);
    return xml.parse(res.body);
  };
  const expectError = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, format: 'json' | 'xml' = 'json') => {
    if (format === 'json') {
      const body = expectJson(res, status);
      assert.ok(Array.isArray(body) && body.length >= 1);
      assert.deepEqual(Object.keys(body[0]).sort(), ['code', 'description']);
      assert.equal(body[0].code, status);
      return body[0].description as string;
    }
    const doc = expectXml(res, status);
    assert.equal(doc.errors.error[0].code, String(status));
    return doc.errors.error[0].description as string;
  };

  it('answers discovery with its endpoint and both formats', async () => {
    const j = expectJson(await anon.get('/open311/v2/discovery.json'));
    assert.ok(W3.test(j.changeset));
    assert.equal(j.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.deepEqual(j.endpoints[0].formats, ['text/xml', 'application/json']);
    const x = expectXml(await anon.get('/open311/v2/discovery.xml'));
    assert.deepEqual(x.discovery.endpoints.endpoint[0].formats.format, ['text/xml', 'application/json']);
    assert.match(x.discovery.endpoints.endpoint[0].url, /\/open311\/v2$/);
  });

  it('lists services with exactly the spec\'s fields, the same in JSON and XML', async () => {
    const j = expectJson(await anon.get('/open311/v2/services.json'));
    assert.ok(j.length >= 90, `${j.length} services`);
    for (const s of j) {
      assert.deepEqual(Object.keys(s), SERVICE_FIELDS);
      assert.equal(typeof s.metadata, 'boolean');
      assert.ok(['realtime', 'batch', 'blackbox'].includes(s.type));
      assert.equal(typeof s.service_code, 'string');
    }
    const stall = j.find((s: { service_code: string }) => s.service_code === 'CG0101');
    assert.deepEqual({ name: stall.service_name, metadata: stall.metadata, group: stall.group }, { name: '占道经营', metadata: true, group: '城市管理/市容环境' });
    // Disputes and public-order types are not public services.
    assert.ok(!j.some((s: { service_code: string }) => s.service_code.startsWith('MD') || s.service_code.startsWith('ZA')));
    const x = expectXml(await anon.get('/open311/v2/services.xml'));
    assert.equal(x.services.service.length, j.length);
    x.services.service.forEach((s: Record<string, string>, i: number) => {
      assert.deepEqual(Object.keys(s), SERVICE_FIELDS);
      for (const f of SERVICE_FIELDS) assert.equal(s[f], String(j[i][f]), `${f} of ${j[i].service_code}`);
    });
  });

  it('defines a service\'s attributes with the spec\'s fields', async () => {
    const j = expectJson(await anon.get('/open311/v2/services/CG0101.json'));
    assert.deepEqual(Object.keys(j), ['service_code', 'attributes']);
    assert.equal(j.service_code, 'CG0101');
    for (const a of j.attributes) assert.deepEqual(Object.keys(a), ATTRIBUTE_FIELDS);
    const goods = j.attributes[0];
    assert.deepEqual([goods.variable, goods.code, goods.datatype, goods.required, goods.order], [true, 'GOODS', 'singlevaluelist', true, 1]);
    assert.deepEqual(goods.values[0], { key: 'food', name: '食品' });
    assert.equal(goods.datatype_description, null);
    const x = expectXml(await anon.get('/open311/v2/services/CG0101.xml'));
    const a = x.service_definition.attributes.attribute[0];
    assert.deepEqual([a.variable, a.code, a.datatype, a.required, a.order], ['true', 'GOODS', 'singlevaluelist', 'true', '1']);
    assert.equal(a.values.value[1].name, '水果蔬菜');
    assert.equal(a.datatype_description, '');
    expectError(await anon.get('/open311/v2/services/NOPE.json'), 404);
    expectError(await anon.get('/open311/v2/services/MD0101.xml'), 404, 'xml'); // not offered publicly
  });

  it('creates a request with an API key and shows it field by field in JSON and XML', async () => {
    const created = expectJson(
      await post('json', {
        api_key: apiKey, service_code: 'SS0201', lat: String(here.lat), long: String(here.lon), address_string: '福贤路与祖庙路交界', description: '井盖缺失，夜间危险',
        email: 'someone@example.com', device_id: 'dev-1', account_id: 'acc-9', first_name: '明', last_name: '陈', phone: '13900001111',
        media_url: 'https://example.com/p/1.jpg', 'attribute[COVER][]': ['rain', 'power'],
      }),
      201,
    );
    assert.equal(created.length, 1);
    assert.deepEqual(Object.keys(created[0]), ['service_request_id', 'service_notice', 'account_id']);
    assert.equal(created[0].account_id, 'acc-9');
    const id = created[0].service_request_id;

    const [r] = expectJson(await anon.get(`/open311/v2/requests/${id}.json`));
    assert.deepEqual(Object.keys(r), REQUEST_FIELDS);
    assert.equal(r.service_request_id, id);
    assert.equal(r.status, 'open');
    assert.equal(r.service_code, 'SS0201');
    assert.equal(r.service_name, '井盖缺失');
    assert.equal(r.description, '井盖缺失，夜间危险');
    assert.equal(r.address, '福贤路与祖庙路交界');
    assert.equal(r.lat, here.lat);
    assert.equal(r.long, here.lon);
    assert.equal(r.media_url, 'https://example.com/p/1.jpg');
    assert.ok(W3.test(r.requested_datetime) && W3.test(r.updated_datetime));
    assert.equal(r.expected_datetime, null); // not yet dispatched
    assert.equal(r.agency_responsible, null);
    assert.doesNotMatch(JSON.stringify(r), /13900001111|someone@example/); // contact details stay private

    const doc = expectXml(await anon.get(`/open311/v2/requests/${id}.xml`));
    const x = doc.service_requests.request[0];
    assert.deepEqual(Object.keys(x), REQUEST_FIELDS);
    for (const f of REQUEST_FIELDS) assert.equal(x[f], r[f] === null ? '' : String(r[f]), f);

    // The case inside Linli carries the caller and the attributes.
    const official = await t.login('official');
    const c = (await official.json('/api/cases?source=open311')).items.find((k: { number: string }) => k.number === id);
    const detail = await official.json(`/api/cases/${c.id}`);
    assert.deepEqual(detail.caller, { name: '陈明', phone: '139****1111' });
    assert.equal(detail.history[0].actorName, 'Open311: 随手拍 App');
  });

  it('shows status and status_notes as the case moves, with the agency and expected time', async () => {
    const [created] = expectJson(await post('json', { api_key: apiKey, service_code: 'SS0301', lat: String(here.lat), long: String(here.lon), description: '路灯不亮' }), 201);
    const official = await t.login('official');
    const dept = await t.login('department');
    const c = (await official.json('/api/cases?source=open311&pageSize=100')).items.find((k: { number: string }) => k.number === created.service_request_id);
    await official.post(`/api/cases/${c.id}/transition`, { action: 'file' });
    const chengguan = (await t.db.q.selectFrom('organisations').select('id').where('name', '=', '区城管局').executeTakeFirstOrThrow()).id;
    await official.post(`/api/cases/${c.id}/transition`, { action: 'dispatch', orgId: chengguan, note: '路灯由城管照明所维护' });
    let [r] = expectJson(await anon.get(`/open311/v2/requests/${created.service_request_id}.json`));
    assert.equal(r.status, 'open');
    assert.equal(r.agency_responsible, '区城管局');
    assert.equal(r.status_notes, '已派遣至区城管局');
    assert.ok(W3.test(r.expected_datetime));
    for (const a of ['accept', 'start']) await dept.post(`/api/cases/${c.id}/transition`, { action: a });
    await dept.post(`/api/cases/${c.id}/transition`, { action: 'handle', note: '已更换灯泡' });
    await (await t.login('grid')).post(`/api/cases/${c.id}/transition`, { action: 'verify_pass' });
    [r] = expectJson(await anon.get(`/open311/v2/requests/${created.service_request_id}.json`));
    assert.equal(r.status, 'closed');
    assert.equal(r.status_notes, '已更换灯泡');
    const closed = expectJson(await anon.get('/open311/v2/requests.json?status=closed'));
    assert.ok(closed.some((x: { service_request_id: string }) => x.service_request_id === created.service_request_id));
    assert.ok(closed.every((x: { status: string }) => x.status === 'closed'));
    const open = expectJson(await anon.get('/open311/v2/requests.json?status=open'));
    assert.ok(!open.some((x: { service_request_id: string }) => x.service_request_id === created.service_request_id));
  });

  it('filters requests by id, service code and date window as the spec says', async () => {
    const a = expectJson(await post('json', { api_key: apiKey, service_code: 'CG0201', lat: String(here.lat), long: String(here.lon), description: '暴露垃圾' }), 201)[0];
    const b = expectXml(await post('xml', { api_key: apiKey, service_code: 'CG0203', lat: String(here.lat), long: String(here.lon), description: '垃圾满溢' }), 201);
    assert.match(b.service_requests.request[0].service_request_id, /^\d{12}$/);
    const byCode = expectJson(await anon.get('/open311/v2/requests.json?service_code=CG0201,CG0203'));
    assert.ok(byCode.length >= 2 && byCode.every((x: { service_code: string }) => ['CG0201', 'CG0203'].includes(x.service_code)));
    const byId = expectJson(await anon.get(`/open311/v2/requests.json?service_request_id=${a.service_request_id}&service_code=XX`));
    assert.deepEqual(byId.map((x: { service_request_id: string }) => x.service_request_id), [a.service_request_id]); // id overrides other filters
    const past = expectJson(await anon.get('/open311/v2/requests.json?start_date=2010-01-01T00:00:00Z&end_date=2010-02-01T00:00:00Z'));
    assert.deepEqual(past, []);
    const now = new Date();
    const window = expectJson(await anon.get(`/open311/v2/requests.json?start_date=${new Date(now.getTime() - 86_400_000).toISOString()}&end_date=${new Date(now.getTime() + 60_000).toISOString()}`));
    assert.ok(window.some((x: { service_request_id: string }) => x.service_request_id === a.service_request_id));
    assert.match(expectError(await anon.get('/open311/v2/requests.json?start_date=2024-01-01T00:00:00Z&end_date=2024-06-01T00:00:00Z'), 400), /90 days/);
    expectError(await anon.get('/open311/v2/requests.xml?start_date=yesterday'), 400, 'xml');
    expectError(await anon.get('/open311/v2/requests.json?status=pending'), 400);
  });

  it('resolves a token to its request', async () => {
    const [created] = expectJson(await post('json', { api_key: apiKey, service_code: 'CG0101', lat: String(here.lat), long: String(here.lon), description: '占道', 'attribute[GOODS]': 'fruit' }), 201);
    const row = await t.db.q.selectFrom('cases').select('open311Token').where('number', '=', created.service_request_id).executeTakeFirstOrThrow();
    const [tok] = expectJson(await anon.get(`/open311/v2/tokens/${row.open311Token}.json`));
    assert.deepEqual(tok, { service_request_id: created.service_request_id, token: row.open311Token });
    const x = expectXml(await anon.get(`/open311/v2/tokens/${row.open311Token}.xml`));
    assert.equal(x.service_requests.request[0].service_request_id, created.service_request_id);
    expectError(await anon.get('/open311/v2/tokens/nothing.json'), 404);
  });

  it('answers errors in the spec\'s format: 403 for the key, 404 for unknown, 400 for the rest', async () => {
    const cases = async () => Number((await t.db.q.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await cases();
    const base = { service_code: 'SS0201', lat: String(here.lat), long: String(here.lon), description: '测试' };
    assert.match(expectError(await post('json', base), 403), /api_key/);
    assert.match(expectError(await post('xml', { ...base, api_key: 'wrong' }), 403, 'xml'), /Invalid api_key/);
    expectError(await post('json', { ...base, api_key: apiKey, service_code: 'NOPE' }), 404);
    assert.match(expectError(await post('json', { api_key: apiKey, lat: base.lat, long: base.long }), 400), /service_code/);
    assert.match(expectError(await post('json', { api_key: apiKey, service_code: 'SS0201', address_string: '某地' }), 400), /lat/);
    assert.match(expectError(await post('json', { ...base, api_key: apiKey, lat: '23.129', long: '113.264' }), 400), /outside/);
    assert.match(expectError(await post('json', { ...base, api_key: apiKey, service_code: 'CG0101' }), 400), /GOODS/); // required attribute
    expectError(await post('json', { ...base, api_key: apiKey, service_code: 'CG0101', 'attribute[GOODS]': 'guns' }), 400);
    expectError(await post('json', { ...base, api_key: apiKey, jurisdiction_id: 'elsewhere' }), 403);
    expectError(await anon.get('/open311/v2/services.json?jurisdiction_id=nowhere'), 404);
    expectError(await anon.get('/open311/v2/services.csv'), 400);
    expectError(await anon.get('/open311/v2/requests/999999999999.json'), 404);
    expectError(await anon.get('/open311/v2/unknown.json'), 404);
    // Revoked keys stop working; only the district admin manages keys.
    assert.equal((await (await t.login('official')).post('/api/open311/keys', { name: '越权客户端' })).statusCode, 403);
    assert.equal((await admin.delete(`/api/open311/keys/${keyId}`)).statusCode, 200);
    expectError(await post('json', { ...base, api_key: apiKey }), 403);
    assert.equal(await cases(), before);
    const keys = (await admin.json('/api/open311/keys')).items;
    assert.ok(keys[0].revokedAt && keys[0].lastUsedAt);
    assert.doesNotMatch(JSON.stringify(keys), new RegExp(apiKey));
  });

  it('needs no CSRF token for API-key clients, even with a session cookie', async () => {
    const key = (await admin.post('/api/open311/keys', { name: '第二个客户端' })).json().apiKey;
    const withSession = await admin.request('POST', '/open311/v2/requests.json', form({ api_key: key, service_code: 'SS0301', lat: String(here.lat), long: String(here.lon), description: '路灯' }), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-csrf-token': 'not-the-token',
    });
    assert.equal(withSession.statusCode, 201, withSession.body);
  });
});
