// Shared huts and their activities: huts with keepers and monthly themes; activities created by
// staff and social workers; sign-ups onto a waitlist when full (also in parallel) and promotion on
// cancellation; volunteer roles; door check-in with a code; finishing records attendance and the
// volunteers' hours in the one ledger, once; scope by community; bad input.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { chinaToday } from '@linli/contracts';
import { TEST_DB, type TestApp, type Client, expectProblem, startTestApp } from './helpers.ts';

/** Log several demo users in at once, typed one Client per name. */
async function loginAll<const N extends readonly string[]>(t: TestApp, names: N): Promise<{ [K in keyof N]: Client }> {
  return (await Promise.all(names.map((u) => t.login(u)))) as { [K in keyof N]: Client };
}

describe(`shared huts and activities (${TEST_DB})`, () => {
  let t: TestApp;
  let staff: Client;
  let staff2: Client;
  let resident: Client;
  let neighbour: Client;
  let grid: Client;
  let volunteer: Client;
  let provider: Client;
  let tapo: { id: string; name: string };
  let hut: { id: string; communityId: string };
  const month = chinaToday().slice(0, 7);
  const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
  const ok = async (res: Promise<{ statusCode: number; body: string; json: () => any }>) => {
    const r = await res;
    assert.equal(r.statusCode, 200, r.body);
    return r.json();
  };
  async function activity(body: Record<string, unknown> = {}) {
    const res = await staff.post('/api/activities', { communityId: tapo.id, hutId: hut.id, title: '长者智能手机课堂', theme: '数字助老', place: '塔坡共享小屋', startsAt: inMinutes(-30), endsAt: inMinutes(90), capacity: 2, targetGroup: 'elderly', roles: [{ name: '助教', slots: 1 }], ...body });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  }

  before(async () => {
    t = await startTestApp();
    [staff, staff2, resident, neighbour, grid, volunteer, provider] = await loginAll(t, ['community', 'community2', 'resident', 'neighbour', 'grid', 'volunteer', 'provider']);
    [tapo] = (await staff.json('/api/areas/root')).items;
    hut = (await staff.json('/api/huts')).items[0];
  });
  after(() => t.close());

  it('has a hut in every community with this month\'s theme, shown to its own residents only', async () => {
    const mine = (await resident.json('/api/huts')).items;
    assert.equal(mine.length, 1);
    assert.equal(mine[0].communityName, tapo.name);
    assert.ok(mine[0].theme, 'a theme for this month');
    assert.ok(mine[0].themes.some((x: { month: string }) => x.month === month));
    assert.ok(mine[0].itemCount > 0, 'items on the shelves');
    const lihao = (await staff2.json('/api/huts')).items;
    assert.ok(lihao.length >= 1 && lihao.every((h: { communityName: string }) => h.communityName === '丽豪社区'));
    expectProblem(await staff2.get(`/api/huts/${hut.id}`), 404, 'hut.not_found');
  });

  it('lets staff open a hut and name keepers; keepers and staff set the month\'s theme, residents do not', async () => {
    const res = await staff.post('/api/huts', { communityId: tapo.id, name: '塔坡第二共享小屋', address: '塔坡社区文化广场', openingHours: '周六 9:00-17:00', keeperUsernames: ['neighbour'] });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json();
    assert.deepEqual(created.keepers.map((k: { name: string }) => k.name).length, 1);
    assert.equal(created.canManage, true);
    expectProblem(await staff.post('/api/huts', { communityId: tapo.id, name: '塔坡第二共享小屋', address: 'x' }), 409, 'hut.name_taken');
    assert.equal(expectProblem(await staff.post('/api/huts', { communityId: tapo.id, name: '另一个小屋', address: 'x', keeperUsernames: ['nobody-here'] }), 400).fields[0].path, 'keeperUsernames.0');
    expectProblem(await staff2.post('/api/huts', { communityId: tapo.id, name: '越界小屋', address: 'x' }), 403, 'sharing.forbidden');
    expectProblem(await resident.post('/api/huts', { communityId: tapo.id, name: '居民小屋', address: 'x' }), 403);

    const themed = await ok(neighbour.request('PUT', `/api/huts/${created.id}/theme`, { month, theme: '邻里节' }));
    assert.equal(themed.theme, '邻里节');
    assert.equal(themed.isKeeper, true);
    expectProblem(await resident.request('PUT', `/api/huts/${created.id}/theme`, { month, theme: '我的主题' }), 403, 'hut.theme_forbidden');
    assert.equal(expectProblem(await staff.request('PUT', `/api/huts/${created.id}/theme`, { month: '2025-13', theme: 'x' }), 400).fields[0].path, 'body.month');
    const patched = await ok(staff.patch(`/api/huts/${created.id}`, { openingHours: '周六、周日 9:00-17:00', keeperUsernames: [] }));
    assert.equal(patched.keepers.length, 0);
  });

  it('creates activities for staff and the community\'s social workers, refusing bad times and other communities', async () => {
    const a = await activity();
    assert.equal(a.canManage, true);
    assert.match(a.checkinCode, /^\d{6}$/);
    assert.equal((await resident.json(`/api/activities/${a.id}`)).checkinCode, null, 'the door code is not shown to participants');
    const back = expectProblem(await staff.post('/api/activities', { communityId: tapo.id, title: '倒过来', place: 'x', startsAt: inMinutes(60), endsAt: inMinutes(30), capacity: 5 }), 400);
    assert.equal(back.fields[0].path, 'endsAt');
    assert.equal(expectProblem(await staff.post('/api/activities', { communityId: tapo.id, title: '过去的', place: 'x', startsAt: inMinutes(-120), endsAt: inMinutes(-60), capacity: 5 }), 400).fields[0].path, 'endsAt');
    const lihaoHut = (await staff2.json('/api/huts')).items[0];
    assert.equal(expectProblem(await staff.post('/api/activities', { communityId: tapo.id, hutId: lihaoHut.id, title: '错小屋', place: 'x', startsAt: inMinutes(60), endsAt: inMinutes(90), capacity: 5 }), 400).fields[0].path, 'hutId');
    assert.equal(expectProblem(await staff.post('/api/activities', { communityId: tapo.id, title: '零人', place: 'x', startsAt: inMinutes(60), endsAt: inMinutes(90), capacity: 0 }), 400).fields[0].path, 'body.capacity');
    expectProblem(await staff2.post('/api/activities', { communityId: tapo.id, title: '越界活动', place: 'x', startsAt: inMinutes(60), endsAt: inMinutes(90), capacity: 5 }), 403, 'activity.forbidden');
    expectProblem(await resident.post('/api/activities', { communityId: tapo.id, title: '居民活动', place: 'x', startsAt: inMinutes(60), endsAt: inMinutes(90), capacity: 5 }), 403);
    // The demo provider is Tapo's family centre: its social workers run activities there.
    const social = await provider.post('/api/activities', { communityId: tapo.id, title: '家综亲子手工', place: '塔坡家综', startsAt: inMinutes(60), endsAt: inMinutes(150), capacity: 20, targetGroup: 'families' });
    assert.equal(social.statusCode, 201, social.body);
    expectProblem(await staff2.get(`/api/activities/${a.id}`), 404, 'activity.not_found');
    const lihao = (await staff2.json('/api/activities?pageSize=200')).items;
    assert.ok(lihao.every((x: { communityName: string }) => x.communityName === '丽豪社区'));
  });

  it('puts sign-ups beyond capacity on a waitlist and promotes the first when someone cancels', async () => {
    const a = await activity({ capacity: 2 });
    assert.equal((await ok(resident.post(`/api/activities/${a.id}/signup`))).mySignup.status, 'registered');
    assert.equal((await ok(neighbour.post(`/api/activities/${a.id}/signup`))).mySignup.status, 'registered');
    const waiting = await ok(grid.post(`/api/activities/${a.id}/signup`));
    assert.equal(waiting.mySignup.status, 'waitlisted');
    assert.equal(waiting.mySignup.waitlistPosition, 1);
    assert.equal(waiting.registered, 2);
    assert.equal(waiting.waitlisted, 1);
    expectProblem(await grid.post(`/api/activities/${a.id}/signup`), 409, 'activity.already_signed_up');
    const after1 = await ok(resident.post(`/api/activities/${a.id}/cancel-signup`));
    assert.equal(after1.mySignup, null);
    assert.equal((await grid.json(`/api/activities/${a.id}`)).mySignup.status, 'registered');
    assert.ok((await grid.json('/api/notifications')).items.some((n: { title: string }) => n.title.includes('候补转为正式')));
    // Signing up again after cancelling joins at the back.
    assert.equal((await ok(resident.post(`/api/activities/${a.id}/signup`))).mySignup.status, 'waitlisted');
    const sheet = (await staff.json(`/api/activities/${a.id}/signups`)).items;
    assert.deepEqual(sheet.map((s: { status: string }) => s.status), ['registered', 'registered', 'waitlisted']);
    expectProblem(await resident.get(`/api/activities/${a.id}/signups`), 403, 'activity.forbidden');
  });

  it('registers exactly the capacity when many sign up at once', async () => {
    const a = await activity({ capacity: 3, roles: [] });
    const people = await loginAll(t, ['resident', 'neighbour', 'grid', 'community', 'volunteer', 'provider', 'street']);
    const results = await Promise.all(people.map((p) => p.post(`/api/activities/${a.id}/signup`)));
    for (const r of results) assert.equal(r.statusCode, 200, r.body);
    const statuses = results.map((r) => r.json().mySignup.status);
    assert.equal(statuses.filter((s) => s === 'registered').length, 3, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 'waitlisted').length, people.length - 3);
    const positions = results.filter((r) => r.json().mySignup.status === 'waitlisted').map((r) => r.json().mySignup.waitlistPosition).sort();
    assert.deepEqual(positions, Array.from({ length: people.length - 3 }, (_, i) => i + 1));
  });

  it('gives volunteer roles to helpers only, while places remain', async () => {
    const a = await activity({ roles: [{ name: '助教', slots: 1 }, { name: '签到', slots: 2 }] });
    const tutor = a.roles.find((r: { name: string }) => r.name === '助教');
    const took = await ok(volunteer.post(`/api/activities/${a.id}/roles/${tutor.id}/take`));
    assert.equal(took.mySignup.kind, 'volunteer');
    assert.equal(took.roles.find((r: { id: string }) => r.id === tutor.id).mine, true);
    expectProblem(await resident.post(`/api/activities/${a.id}/roles/${tutor.id}/take`), 403, 'activity.not_volunteer');
    expectProblem(await provider.post(`/api/activities/${a.id}/roles/${tutor.id}/take`), 409, 'activity.role_full');
    expectProblem(await provider.post(`/api/activities/${a.id}/roles/00000000-0000-4000-8000-000000000000/take`), 404);
  });

  it('checks people in at the door with the code, refusing a wrong code naming the field', async () => {
    const a = await activity({ capacity: 1 });
    const code = a.checkinCode;
    await ok(resident.post(`/api/activities/${a.id}/signup`));
    await ok(neighbour.post(`/api/activities/${a.id}/signup`));
    const wrong = expectProblem(await resident.post(`/api/activities/${a.id}/check-in`, { code: code === '000000' ? '111111' : '000000' }), 400, 'activity.wrong_code');
    assert.equal(wrong.fields[0].path, 'code');
    expectProblem(await neighbour.post(`/api/activities/${a.id}/check-in`, { code }), 409, 'activity.on_waitlist');
    expectProblem(await grid.post(`/api/activities/${a.id}/check-in`, { code }), 409, 'activity.not_signed_up');
    const inside = await ok(resident.post(`/api/activities/${a.id}/check-in`, { code }));
    assert.equal(inside.mySignup.status, 'attended');
    assert.equal(inside.attended, 1);
    // Guessing is limited: after eight wrong codes, only the organiser can check you in.
    const b = await activity();
    await ok(neighbour.post(`/api/activities/${b.id}/signup`));
    for (let i = 0; i < 8; i++) expectProblem(await neighbour.post(`/api/activities/${b.id}/check-in`, { code: b.checkinCode === '999999' ? '888888' : '999999' }), 400);
    expectProblem(await neighbour.post(`/api/activities/${b.id}/check-in`, { code: b.checkinCode }), 429, 'activity.checkin_locked');
    const me = await neighbour.json('/api/auth/me');
    const byStaff = await ok(staff.post(`/api/activities/${b.id}/check-in`, { code: '-', userId: me.user.id }));
    assert.equal(byStaff.attended, 1);
  });

  it('finishes the activity: volunteers who came get their hours in the ledger, exactly once', async () => {
    const a = await activity({ roles: [{ name: '摄影', slots: 2 }] });
    const role = a.roles[0];
    const before = (await volunteer.json('/api/volunteering/me')).volunteer?.approvedMinutes ?? 0;
    await ok(volunteer.post(`/api/activities/${a.id}/roles/${role.id}/take`));
    await ok(provider.post(`/api/activities/${a.id}/roles/${role.id}/take`));
    await ok(volunteer.post(`/api/activities/${a.id}/check-in`, { code: a.checkinCode }));
    await ok(resident.post(`/api/activities/${a.id}/signup`));
    await ok(resident.post(`/api/activities/${a.id}/check-in`, { code: a.checkinCode }));
    expectProblem(await resident.post(`/api/activities/${a.id}/finish`), 403, 'activity.forbidden');
    const done = await ok(staff.post(`/api/activities/${a.id}/finish`));
    assert.equal(done.status, 'finished');
    assert.equal(done.attended, 2);
    const after = (await volunteer.json('/api/volunteering/me')).volunteer.approvedMinutes;
    assert.ok(after - before >= 29 && after - before <= 32, `about half an hour so far: ${after - before}`);
    const { rows } = await sql<{ n: number }>`select count(*) as n from volunteer_hours where source = 'activity' and source_id = ${a.id}`.execute(t.db.q);
    assert.equal(Number(rows[0]!.n), 1, 'only the volunteer who checked in; the provider did not come');
    expectProblem(await staff.post(`/api/activities/${a.id}/finish`), 409, 'activity.closed');
    expectProblem(await neighbour.post(`/api/activities/${a.id}/signup`), 409, 'activity.closed');
    expectProblem(await resident.post(`/api/activities/${a.id}/check-in`, { code: a.checkinCode }), 409, 'activity.closed');
  });

  it('calls an activity off and tells everyone signed up', async () => {
    const a = await activity({ startsAt: inMinutes(24 * 60), endsAt: inMinutes(24 * 60 + 60) });
    await ok(neighbour.post(`/api/activities/${a.id}/signup`));
    expectProblem(await neighbour.post(`/api/activities/${a.id}/check-in`, { code: a.checkinCode }), 409, 'activity.checkin_not_open');
    const off = await ok(staff.post(`/api/activities/${a.id}/cancel`));
    assert.equal(off.status, 'cancelled');
    assert.ok((await neighbour.json('/api/notifications')).items.some((n: { title: string }) => n.title.startsWith('活动取消')));
    expectProblem(await staff.post(`/api/activities/${a.id}/finish`), 409, 'activity.closed');
  });
});
