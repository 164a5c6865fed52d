// Volunteers and the one hours ledger: profiles, teams with leaders, hours from activities and
// micro-wishes recorded once only (by HTTP and by other modules through the service), manual claims
// approved by a team leader, no future days and no day of more than 24 hours, rankings,
// certificates, and scope.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { chinaToday } from '@linli/contracts';
import { TEST_DB, type TestApp, type Client, expectProblem, startTestApp } from './helpers.ts';

describe(`volunteering (${TEST_DB})`, () => {
  let t: TestApp;
  let community: Client;
  let volunteer: Client;
  let resident: Client;
  let tapo: { id: string; name: string };
  let team: { id: string };
  let volunteerId: string;
  let residentVolunteerId: string;
  const today = chinaToday();
  const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86400_000).toISOString().slice(0, 10);
  const ledgerRows = async () => Number((await sql<{ n: number }>`select count(*) as n from volunteer_hours`.execute(t.db.q)).rows[0]!.n);
  const approvedMinutes = async (who: Client) => (await who.json('/api/volunteering/me')).volunteer?.approvedMinutes ?? 0;

  before(async () => {
    t = await startTestApp();
    community = await t.login('community');
    volunteer = await t.login('volunteer');
    resident = await t.login('resident');
    [tapo] = (await community.json('/api/areas/root')).items;
  });
  after(() => t.close());

  it('lets a volunteer keep a profile of skills, availability and areas', async () => {
    const res = await volunteer.request('PUT', '/api/volunteering/me', { communityId: tapo.id, skills: ['elder_care', '理发'], availability: ['weekend', 'weekday_evening'], serviceAreaIds: [tapo.id], intro: '退休电工，会修电器' });
    assert.equal(res.statusCode, 200, res.body);
    const v = res.json();
    volunteerId = v.id;
    assert.equal(v.communityName, tapo.name);
    assert.deepEqual(v.skills, ['elder_care', '理发']);
    const buildings = (await community.json(`/api/areas/${tapo.id}/buildings`)).items;
    const bad = expectProblem(await volunteer.request('PUT', '/api/volunteering/me', { serviceAreaIds: [buildings[0].id] }), 400);
    assert.equal(bad.fields[0].path, 'serviceAreaIds.0');
    expectProblem(await volunteer.request('PUT', '/api/volunteering/me', { availability: ['sometimes'] }), 400);
  });

  it('has community staff create a team with a leader, and volunteers join and leave it', async () => {
    const res = await community.post('/api/volunteering/teams', { name: '塔坡邻里守望队（测试）', areaId: tapo.id, description: '探访独居长者', leaderVolunteerId: volunteerId });
    assert.equal(res.statusCode, 201, res.body);
    team = res.json();
    assert.deepEqual(res.json().leaders.map((l: { volunteerId: string }) => l.volunteerId), [volunteerId]);
    expectProblem(await community.post('/api/volunteering/teams', { name: '塔坡邻里守望队（测试）', areaId: tapo.id }), 409, 'team.name_taken');
    expectProblem(await (await t.login('community2')).post('/api/volunteering/teams', { name: '越界队', areaId: tapo.id }), 403, 'volunteering.forbidden');
    expectProblem(await resident.post('/api/volunteering/teams', { name: '居民自建队', areaId: tapo.id }), 403);

    const joined = await resident.post(`/api/volunteering/teams/${team.id}/join`);
    assert.equal(joined.statusCode, 200, joined.body);
    assert.equal(joined.json().myRole, 'member');
    assert.equal(joined.json().memberCount, 2);
    expectProblem(await resident.post(`/api/volunteering/teams/${team.id}/join`), 409, 'team.already_member');
    const me = await resident.json('/api/volunteering/me');
    residentVolunteerId = me.volunteer.id;
    assert.equal(me.volunteer.communityName, tapo.name, 'a resident volunteer is placed in the community they live in');
    assert.equal((await resident.post(`/api/volunteering/teams/${team.id}/leave`)).json().memberCount, 1);
    expectProblem(await resident.post(`/api/volunteering/teams/${team.id}/leave`), 409, 'team.not_member');
    await resident.post(`/api/volunteering/teams/${team.id}/join`);
  });

  it('records hours from an activity once, however often the same item is sent', async () => {
    const rows = await ledgerRows();
    const body = { userId: (await volunteer.json('/api/auth/me')).user.id, source: 'activity', sourceId: 'act-2026-001', minutes: 120, servedOn: daysAgo(2), description: '重阳节敬老活动', areaId: tapo.id };
    const first = await community.post('/api/volunteering/hours', body);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().status, 'approved');
    const again = await community.post('/api/volunteering/hours', body);
    assert.equal(again.statusCode, 200, 'a repeat answers with the first entry');
    assert.equal(again.json().id, first.json().id);
    const parallel = await Promise.all(Array.from({ length: 6 }, () => community.post('/api/volunteering/hours', body)));
    assert.ok(parallel.every((r) => r.statusCode === 200 && r.json().id === first.json().id), parallel.map((r) => r.statusCode).join(','));
    expectProblem(await community.post('/api/volunteering/hours', { ...body, minutes: 180 }), 409, 'hours.already_recorded');
    assert.equal(await ledgerRows(), rows + 1, 'one row for one activity');
    assert.equal(await approvedMinutes(volunteer), 120);
  });

  it('takes hours from other modules through the service, under the same unique key', async () => {
    const rows = await ledgerRows();
    const huts = { system: 'huts', districtId: (await volunteer.json('/api/auth/me')).user.districtId };
    const wish = { volunteerId, source: 'wish' as const, sourceId: 'wish-77', minutes: 45, servedOn: daysAgo(1), description: '微心愿：为陈婆婆买助听器电池', areaId: tapo.id };
    const a = await t.ctx.volunteering.recordHours(huts, wish);
    assert.equal(a.created, true);
    assert.equal(a.entry.recordedByName, 'system:huts');
    const b = await t.ctx.volunteering.recordHours(huts, wish);
    assert.equal(b.created, false);
    assert.equal(b.entry.id, a.entry.id);
    // The same wish item for a different volunteer is a different entry.
    const c = await t.ctx.volunteering.recordHours(huts, { ...wish, volunteerId: residentVolunteerId });
    assert.equal(c.created, true);
    assert.equal(await ledgerRows(), rows + 2);
    assert.equal(await approvedMinutes(volunteer), 165);
  });

  it('refuses a day of more than 24 hours', async () => {
    const userId = (await volunteer.json('/api/auth/me')).user.id;
    const day = daysAgo(5);
    assert.equal((await community.post('/api/volunteering/hours', { userId, source: 'pairing', sourceId: 'pair-1', minutes: 1000, servedOn: day, description: '结对陪护', areaId: tapo.id })).statusCode, 201);
    const body = expectProblem(await community.post('/api/volunteering/hours', { userId, source: 'skill_help', sourceId: 'skill-1', minutes: 500, servedOn: day, description: '修理', areaId: tapo.id }), 409, 'hours.day_exceeded');
    assert.equal(body.fields[0].path, 'minutes');
  });

  it('refuses future days, fractional minutes and missing fields with the field named, writing nothing', async () => {
    const rows = await ledgerRows();
    const userId = (await volunteer.json('/api/auth/me')).user.id;
    const base = { userId, source: 'activity', sourceId: 'act-bad', minutes: 60, servedOn: daysAgo(1), description: '活动', areaId: tapo.id };
    const future = expectProblem(await community.post('/api/volunteering/hours', { ...base, servedOn: daysAgo(-1) }), 400);
    assert.deepEqual(future.fields, [{ path: 'servedOn', message: 'is in the future' }]);
    for (const minutes of [1.5, 0, -30, 1441]) {
      const p = expectProblem(await community.post('/api/volunteering/hours', { ...base, minutes }), 400, 'validation.failed');
      assert.equal(p.fields[0].path, 'body.minutes');
    }
    assert.equal(expectProblem(await community.post('/api/volunteering/hours', { ...base, sourceId: undefined }), 400).fields[0].path, 'sourceId');
    assert.equal(expectProblem(await community.post('/api/volunteering/hours', { ...base, servedOn: '2026-02-30' }), 400).fields[0].path, 'body.servedOn');
    await assert.rejects(t.ctx.volunteering.recordHours({ system: 'huts', districtId: 'x' }, { ...base, minutes: 30.5, source: 'activity', sourceId: 'x' }), /minutes/);
    assert.equal(await ledgerRows(), rows);
  });

  it('has a team leader approve manual claims, never their own, and decide each once', async () => {
    const claim = await resident.post('/api/volunteering/hours', { source: 'manual', minutes: 90, servedOn: daysAgo(3), description: '帮邻居搬运物资', teamId: team.id });
    assert.equal(claim.statusCode, 201, claim.body);
    assert.equal(claim.json().status, 'pending');
    const before = await approvedMinutes(resident);
    expectProblem(await resident.post('/api/volunteering/hours', { source: 'manual', minutes: 60, servedOn: daysAgo(3), description: '无队', teamId: undefined }), 400);
    expectProblem(await resident.post('/api/volunteering/hours', { source: 'activity', sourceId: 'self-act', minutes: 60, servedOn: daysAgo(3), description: '自己记', areaId: tapo.id }), 403, 'hours.record_forbidden');

    const waiting = await volunteer.json('/api/volunteering/hours/approvals');
    assert.ok(waiting.items.some((e: { id: string }) => e.id === claim.json().id));
    assert.equal((await volunteer.json('/api/volunteering/me')).pendingApprovals, waiting.items.length);
    expectProblem(await resident.post(`/api/volunteering/hours/${claim.json().id}/decision`, { decision: 'approve' }), 403, 'hours.own_claim');
    expectProblem(await (await t.login('community2')).post(`/api/volunteering/hours/${claim.json().id}/decision`, { decision: 'approve' }), 404);
    const ok = await volunteer.post(`/api/volunteering/hours/${claim.json().id}/decision`, { decision: 'approve', note: '属实' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'approved');
    expectProblem(await volunteer.post(`/api/volunteering/hours/${claim.json().id}/decision`, { decision: 'reject' }), 409, 'hours.already_decided');
    assert.equal(await approvedMinutes(resident), before + 90);

    // The leader's own claim waits for another leader.
    const own = await volunteer.post('/api/volunteering/hours', { source: 'manual', minutes: 30, servedOn: daysAgo(1), description: '整理活动室', teamId: team.id });
    expectProblem(await volunteer.post(`/api/volunteering/hours/${own.json().id}/decision`, { decision: 'approve' }), 403, 'hours.own_claim');
    const notices = await resident.json('/api/notifications');
    assert.ok(notices.items.some((n: { kind: string }) => n.kind === 'volunteering.approve'));
  });

  it('keeps the ledger to its viewers: organisers by area, leaders by team, volunteers their own', async () => {
    const other = await t.login('community2');
    const theirs = await other.json('/api/volunteering/hours?pageSize=200');
    assert.ok(theirs.items.every((e: { communityName: string }) => e.communityName !== tapo.name));
    const userId = (await volunteer.json('/api/auth/me')).user.id;
    expectProblem(await other.post('/api/volunteering/hours', { userId, source: 'activity', sourceId: 'x-1', minutes: 30, servedOn: today, description: '越界', areaId: tapo.id }), 403, 'hours.record_forbidden');
    const mine = await resident.json('/api/volunteering/hours?pageSize=200');
    assert.ok(mine.items.length > 0);
    assert.ok(mine.items.every((e: { volunteerId: string }) => e.volunteerId === residentVolunteerId), 'a member sees only their own');
    const led = await volunteer.json(`/api/volunteering/hours?teamId=${team.id}&pageSize=200`);
    assert.ok(led.items.some((e: { volunteerId: string }) => e.volunteerId === residentVolunteerId), 'a leader sees the team\'s entries');
    expectProblem(await other.get(`/api/volunteering/volunteers/${residentVolunteerId}`), 404, 'volunteer.not_found');
    const list = await community.json('/api/volunteering/volunteers?pageSize=200');
    assert.ok(list.items.some((v: { id: string }) => v.id === residentVolunteerId));
    expectProblem(await resident.get('/api/volunteering/volunteers'), 403);
  });

  it('ranks volunteers per community and per team by approved hours', async () => {
    const byCommunity = await resident.json(`/api/volunteering/rankings?communityId=${tapo.id}&limit=100`);
    assert.equal(byCommunity.scope.kind, 'community');
    const minutes = byCommunity.volunteers.map((v: { minutes: number }) => v.minutes);
    assert.deepEqual(minutes, [...minutes].sort((a: number, b: number) => b - a));
    const top = byCommunity.volunteers.find((v: { volunteerId: string }) => v.volunteerId === volunteerId);
    assert.equal(top.minutes, 1165, 'activity 120 + wish 45 + pairing 1000; pending claims do not count');
    assert.ok(byCommunity.teams.some((x: { teamId: string }) => x.teamId === team.id));
    const byTeam = await volunteer.json(`/api/volunteering/rankings?teamId=${team.id}`);
    assert.deepEqual(byTeam.volunteers.map((v: { volunteerId: string }) => v.volunteerId).sort(), [volunteerId, residentVolunteerId].sort());
    expectProblem(await resident.get(`/api/volunteering/rankings?from=${today}&to=${daysAgo(3)}`), 400);
  });

  it('issues a certificate that shows the hours from an activity and a micro-wish', async () => {
    const res = await volunteer.post('/api/volunteering/certificates', {});
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json();
    assert.match(c.number, /^ZY\d{4}\d{6}$/);
    assert.equal(c.totalMinutes, 1165);
    assert.equal(c.bySource.activity, 120);
    assert.equal(c.bySource.wish, 45);
    assert.ok(c.entries.some((e: { description: string }) => e.description === '重阳节敬老活动'));
    assert.equal((await volunteer.json(`/api/volunteering/certificates/${c.id}`)).number, c.number);
    assert.equal((await community.get(`/api/volunteering/certificates/${c.id}`)).statusCode, 200, 'staff of the area may print it');
    expectProblem(await (await t.login('community2')).get(`/api/volunteering/certificates/${c.id}`), 404);
    expectProblem(await (await t.login('grid')).post('/api/volunteering/certificates', { to: daysAgo(-2) }), 400);
    assert.equal((await volunteer.json('/api/volunteering/me')).certificates[0].id, c.id);
  });
});
