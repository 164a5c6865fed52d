// The registry: social organisations registered (district) or filed (street and community), social
// workers with certificate levels, and service projects whose actual outputs are computed from the
// hours ledger, never typed in; the map endpoint for the district resource map; scope.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chinaToday } from '@linli/contracts';
import { TEST_DB, type TestApp, type Client, expectProblem, startTestApp } from './helpers.ts';

describe(`projects and organisations (${TEST_DB})`, () => {
  let t: TestApp;
  let admin: Client;
  let community: Client;
  let tapo: { id: string; name: string };
  let orgId: string;
  let projectId: string;
  const today = chinaToday();

  before(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    community = await t.login('community');
    [tapo] = (await community.json('/api/areas/root')).items;
  });
  after(() => t.close());

  it('files a community organisation with the community, and registers one with the district only', async () => {
    const filed = await community.post('/api/social-orgs', { name: '塔坡长者合唱团（测试）', registration: 'filed', category: 'culture_sports', areaId: tapo.id, contactName: '梁姨' });
    assert.equal(filed.statusCode, 201, filed.body);
    assert.equal(filed.json().registration, 'filed');
    expectProblem(await community.post('/api/social-orgs', { name: '某社工中心', registration: 'registered', creditCode: '52440604MJL123456X', category: 'social_service', areaId: tapo.id }), 403, 'registry.forbidden');
    const missing = expectProblem(await admin.post('/api/social-orgs', { name: '无代码社工中心', registration: 'registered', category: 'social_service', areaId: tapo.id }), 400);
    assert.equal(missing.fields[0].path, 'body.creditCode');
    const reg = await admin.post('/api/social-orgs', { name: '禅城区乐邻社会工作服务中心（测试）', registration: 'registered', creditCode: '52440604MJL123456X', category: 'social_service', areaId: tapo.id, establishedOn: '2015-03-01' });
    assert.equal(reg.statusCode, 201, reg.body);
    orgId = reg.json().id;
    expectProblem(await admin.post('/api/social-orgs', { name: '另一个名字', registration: 'registered', creditCode: '52440604MJL123456X', category: 'charity', areaId: tapo.id }), 409, 'social_org.credit_code_taken');
    expectProblem(await (await t.login('community2')).patch(`/api/social-orgs/${filed.json().id}`, { status: 'deregistered' }), 403);
    const found = await (await t.login('resident')).json(`/api/social-orgs?q=${encodeURIComponent('合唱团（测试）')}`);
    assert.equal(found.total, 1, 'the registry is public to residents');
  });

  it('registers social workers with their certificate level, visible to staff and their employer only', async () => {
    const w = await admin.post('/api/social-workers', { name: '张洁', level: 'intermediate', certificateNo: 'SW-2019-0001', certifiedOn: '2019-06-01', organisationId: orgId });
    assert.equal(w.statusCode, 201, w.body);
    assert.equal(w.json().level, 'intermediate');
    expectProblem(await admin.post('/api/social-workers', { name: '重复', level: 'assistant', certificateNo: 'SW-2019-0001', organisationId: orgId }), 409, 'social_worker.certificate_taken');
    expectProblem(await admin.post('/api/social-workers', { name: '错级', level: 'master', certificateNo: 'SW-2019-0002', organisationId: orgId }), 400);
    const list = await community.json(`/api/social-workers?organisationId=${orgId}`);
    assert.equal(list.items[0].name, '张洁');
    expectProblem(await (await t.login('resident')).get('/api/social-workers'), 403, 'registry.workers_forbidden');
    const levels = await (await t.login('resident')).json('/api/social-workers/levels');
    assert.ok(levels.intermediate >= 1);
    const org = await community.json(`/api/social-orgs/${orgId}`);
    assert.equal(org.workerCount, 1);
  });

  it('keeps a project\'s budget in fen, its period, groups and area, and refuses bad input', async () => {
    const body = {
      name: '塔坡长者关爱计划（测试）', organisationId: orgId, funderName: '禅城区民政局', budgetFen: 28_000_000, startsOn: '2026-01-01', endsOn: '2026-12-31',
      targetGroups: ['elderly', 'disabled'], areaId: tapo.id, planned: { services: 400, activities: 24, personTimes: 3000, minutes: 120_000 }, description: '独居长者探访与活动',
    };
    for (const [field, value] of [['budgetFen', -1], ['budgetFen', 100.5], ['endsOn', '2025-12-31'], ['targetGroups', []]] as const) {
      const p = expectProblem(await admin.post('/api/projects', { ...body, [field]: value }), 400);
      assert.ok(p.fields.some((f: { path: string }) => f.path === `body.${field}`), JSON.stringify(p.fields));
    }
    expectProblem(await community.post('/api/projects', body), 403, 'registry.forbidden');
    const res = await admin.post('/api/projects', body);
    assert.equal(res.statusCode, 201, res.body);
    const p = res.json();
    projectId = p.id;
    assert.equal(p.budgetFen, 28_000_000);
    assert.match(p.code, /^SP2026-\d{4}$/);
    assert.deepEqual(p.actual, { services: 0, activities: 0, personTimes: 0, minutes: 0 });
    assert.ok(p.lat > 22 && p.lat < 24 && p.lon > 112 && p.lon < 114, 'placed at its community');
  });

  it('computes actual outputs from the hours ledger, not from typed totals', async () => {
    const userId = (await (await t.login('volunteer')).json('/api/auth/me')).user.id;
    const residentUser = (await (await t.login('resident')).json('/api/auth/me')).user;
    const base = { source: 'activity', sourceId: 'proj-act-1', minutes: 120, servedOn: today, description: '长者生日会', areaId: tapo.id, projectId };
    assert.equal((await community.post('/api/volunteering/hours', { ...base, userId })).statusCode, 201);
    assert.equal((await community.post('/api/volunteering/hours', { ...base, personId: residentUser.personId })).statusCode, 201);
    assert.equal((await community.post('/api/volunteering/hours', { ...base, userId, source: 'wish', sourceId: 'proj-wish-1', minutes: 30 })).statusCode, 201);
    const bad = expectProblem(await community.post('/api/volunteering/hours', { ...base, userId, sourceId: 'x', projectId: tapo.id }), 400);
    assert.equal(bad.fields[0].path, 'projectId');
    const p = await community.json(`/api/projects/${projectId}`);
    assert.deepEqual(p.actual, { services: 1, activities: 1, personTimes: 3, minutes: 270 });
    assert.deepEqual(p.actualSources, ['volunteer_hours']);
    assert.equal(p.planned.activities, 24, 'planned outputs stay as typed');
    expectProblem(await admin.patch(`/api/projects/${projectId}`, { actual: { services: 9999 } }), 400);
  });

  it('lists running projects with their place for the resource map', async () => {
    const map = await (await t.login('resident')).json('/api/projects/map');
    const mine = map.items.find((i: { id: string }) => i.id === projectId);
    assert.ok(mine, 'the project is on the map');
    assert.equal(typeof mine.lat, 'number');
    assert.equal(mine.areaName, tapo.name);
    await admin.patch(`/api/projects/${projectId}`, { status: 'closed' });
    assert.ok(!(await community.json('/api/projects/map')).items.some((i: { id: string }) => i.id === projectId), 'closed projects leave the map');
    const inArea = await community.json(`/api/projects?areaId=${tapo.id}`);
    assert.ok(inArea.items.some((i: { id: string }) => i.id === projectId));
  });
});
