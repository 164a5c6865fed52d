// Party members: a working party member reports (报到) to the community where they live, the
// community accepts, the member takes items from the service list, the time is recorded in the
// hours ledger, and the community's party organisation sees the member's participation; compound
// branches with members and activities; scope.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chinaToday } from '@linli/contracts';
import { TEST_DB, type TestApp, type Client, expectProblem, startTestApp } from './helpers.ts';

describe(`party (${TEST_DB})`, () => {
  let t: TestApp;
  let community: Client;
  let volunteer: Client;
  let resident: Client;
  let tapo: { id: string; name: string };
  let memberId: string;
  let itemId: string;
  const today = chinaToday();

  before(async () => {
    t = await startTestApp();
    community = await t.login('community');
    volunteer = await t.login('volunteer');
    resident = await t.login('resident');
    [tapo] = (await community.json('/api/areas/root')).items;
    // The demo may have reported the volunteer already; start from a clean report.
    if ((await volunteer.json('/api/party/me')).member?.status === 'active') await volunteer.post('/api/party/me/withdraw');
  });
  after(() => t.close());

  it('takes a working party member\'s report to the community, which the community accepts', async () => {
    expectProblem(await volunteer.post('/api/party/report', { workUnit: '区城管局', homeOrg: '区城管局机关党支部' }), 400);
    const res = await volunteer.post('/api/party/report', { communityId: tapo.id, workUnit: '区城管局', homeOrg: '区城管局机关党支部' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().status, 'pending');
    assert.equal(res.json().communityName, tapo.name);
    memberId = res.json().id;
    expectProblem(await volunteer.post('/api/party/report', { communityId: tapo.id, workUnit: '区城管局', homeOrg: '机关党支部' }), 409, 'party.already_reported');

    const notices = await community.json('/api/notifications');
    assert.ok(notices.items.some((n: { kind: string }) => n.kind === 'party.report'), 'the community is told');
    const pending = await community.json('/api/party/members?status=pending&pageSize=200');
    assert.ok(pending.items.some((m: { id: string }) => m.id === memberId));
    expectProblem(await (await t.login('community2')).post(`/api/party/members/${memberId}/decision`, { decision: 'accept' }), 404);
    expectProblem(await volunteer.post(`/api/party/members/${memberId}/decision`, { decision: 'accept' }), 404);
    const ok = await community.post(`/api/party/members/${memberId}/decision`, { decision: 'accept' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'active');
    expectProblem(await community.post(`/api/party/members/${memberId}/decision`, { decision: 'reject' }), 409, 'party.already_decided');
  });

  it('reports a resident to the community they live in without naming it', async () => {
    const res = await resident.post('/api/party/report', { workUnit: '退休', homeOrg: '塔坡社区离退休党支部' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().communityId, tapo.id);
    assert.equal((await resident.post('/api/party/me/withdraw')).json().status, 'withdrawn');
  });

  it('lets a member take an item from the community\'s service list while places are left', async () => {
    const res = await community.post('/api/party/service-items', { communityId: tapo.id, title: '探访独居长者（测试）', description: '每周一次上门探访', category: 'elder_visit', slots: 1 });
    assert.equal(res.statusCode, 201, res.body);
    itemId = res.json().id;
    expectProblem(await (await t.login('community2')).post('/api/party/service-items', { communityId: tapo.id, title: '越界清单', category: 'other', slots: 1 }), 403, 'party.forbidden');
    const list = await volunteer.json('/api/party/service-items');
    assert.ok(list.items.some((i: { id: string }) => i.id === itemId), 'a member sees their community\'s list');
    assert.ok(list.items.every((i: { communityId: string; claims?: unknown }) => i.communityId === tapo.id && i.claims === undefined), 'and only theirs, without who took what');
    const claimed = await volunteer.post(`/api/party/service-items/${itemId}/claim`);
    assert.equal(claimed.statusCode, 200, claimed.body);
    assert.equal(claimed.json().myClaim, 'claimed');
    assert.equal(claimed.json().taken, 1);
    expectProblem(await volunteer.post(`/api/party/service-items/${itemId}/claim`), 409, 'service_item.already_claimed');
    expectProblem(await resident.post(`/api/party/service-items/${itemId}/claim`), 403, 'party.not_member');
  });

  it('records a completed item in the hours ledger once, and shows it to the party organisation', async () => {
    const body = { minutes: 90, servedOn: today };
    expectProblem(await community.post(`/api/party/service-items/${itemId}/claims/${memberId}/complete`, { minutes: 90.5, servedOn: today }), 400);
    const done = await community.post(`/api/party/service-items/${itemId}/claims/${memberId}/complete`, body);
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().claims[0].status, 'done');
    expectProblem(await community.post(`/api/party/service-items/${itemId}/claims/${memberId}/complete`, body), 409, 'service_item.not_claimed');

    // Hours from elsewhere (an activity, a micro-wish) count in the member's participation too.
    const userId = (await volunteer.json('/api/auth/me')).user.id;
    await community.post('/api/volunteering/hours', { userId, source: 'activity', sourceId: 'party-act-1', minutes: 60, servedOn: today, description: '主题党日：清洁家园', areaId: tapo.id });
    await community.post('/api/volunteering/hours', { userId, source: 'wish', sourceId: 'party-wish-1', minutes: 30, servedOn: today, description: '微心愿：代购药品', areaId: tapo.id });

    const p = await community.json(`/api/party/members/${memberId}/participation`);
    assert.equal(p.bySource.service_item.minutes, 90);
    assert.equal(p.bySource.activity.count, 1);
    assert.equal(p.bySource.wish.count, 1);
    assert.ok(p.totalMinutes >= 180);
    assert.equal(p.claims[0].status, 'done');
    const mine = await volunteer.json('/api/party/me');
    assert.equal(mine.participation.totalMinutes, p.totalMinutes, 'the member sees the same figures');
    const ledger = await volunteer.json('/api/volunteering/hours?source=service_item');
    assert.equal(ledger.items.filter((e: { sourceId: string }) => e.sourceId === itemId).length, 1);
    expectProblem(await (await t.login('community2')).get(`/api/party/members/${memberId}/participation`), 404, 'party_member.not_found');
    expectProblem(await (await t.login('grid')).get('/api/party/members'), 403, 'party.forbidden');
  });

  it('keeps compound party branches with members, a secretary and activities', async () => {
    const compound = (await community.json(`/api/areas/${tapo.id}`)).children.find((c: { level: string }) => c.level === 'compound');
    const created = await community.post('/api/party/branches', { compoundId: compound.id, name: `${compound.name}党支部（测试）`, foundedOn: '2021-07-01' });
    assert.equal(created.statusCode, 201, created.body);
    const branch = created.json();
    expectProblem(await community.post('/api/party/branches', { compoundId: tapo.id, name: '不是小区' }), 400);
    const withSecretary = await community.post(`/api/party/branches/${branch.id}/members`, { memberId, secretary: true });
    assert.equal(withSecretary.statusCode, 200, withSecretary.body);
    assert.equal(withSecretary.json().secretaryId, memberId);
    const people = (await community.json('/api/persons?pageSize=5')).items;
    const added = await community.post(`/api/party/branches/${branch.id}/members`, { personId: people[0].id });
    assert.equal(added.json().memberCount, 2);
    const ids = added.json().members.map((m: { id: string }) => m.id);

    // The secretary records an activity of the branch.
    const act = await volunteer.post(`/api/party/branches/${branch.id}/activities`, { title: '小区议事会', heldOn: today, place: '共享小屋', attendeeIds: ids });
    assert.equal(act.statusCode, 200, act.body);
    assert.equal(act.json().activities[0].attendees, 2);
    const future = new Date(Date.parse(`${today}T00:00:00Z`) + 3 * 86400_000).toISOString().slice(0, 10);
    expectProblem(await volunteer.post(`/api/party/branches/${branch.id}/activities`, { title: '未来活动', heldOn: future }), 400);
    expectProblem(await volunteer.post(`/api/party/branches/${branch.id}/activities`, { title: '外人参加', heldOn: today, attendeeIds: [tapo.id] }), 400);
    expectProblem(await resident.post(`/api/party/branches/${branch.id}/activities`, { title: '无权', heldOn: today }), 404);
    assert.equal((await community.json(`/api/party/members/${memberId}/participation`)).branchActivities, 1);
    const list = await community.json(`/api/party/branches?areaId=${tapo.id}`);
    assert.ok(list.items.some((b: { id: string; secretaryName: string }) => b.id === branch.id && b.secretaryName));
    expectProblem(await (await t.login('community2')).get(`/api/party/branches/${branch.id}`), 404);
  });
});
