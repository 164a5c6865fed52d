// Micro-wishes and pairings: the wish state machine cell by cell; what each role learns of the
// resident (helpers: a form of address, an age band; the claimer: where and how to reach them,
// while the wish is theirs; staff: name and masked phone; nobody: the ID number); claim races with
// exactly one winner; claiming a closed wish; evidence, confirmation and the hours, once; pairings
// with visits, their hours, and the flag when visits stop; scope by community; bad input.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { WishAction, WishStatus, chinaToday } from '@linli/contracts';
import { WISH_TRANSITIONS, type WishParty, wishActionsFor } from '../src/modules/wishes/state-machine.ts';
import { TEST_DB, type TestApp, type Client, expectProblem, startTestApp } from './helpers.ts';
import { png, upload } from './smart-grid.ts';

/** Log several demo users in at once, typed one Client per name. */
async function loginAll<const N extends readonly string[]>(t: TestApp, names: N): Promise<{ [K in keyof N]: Client }> {
  return (await Promise.all(names.map((u) => t.login(u)))) as { [K in keyof N]: Client };
}

describe('the micro-wish state machine', () => {
  it('allows exactly the written-down cells', () => {
    const parties: WishParty[] = ['staff', 'helper', 'claimer', 'subject'];
    let cells = 0;
    for (const from of WishStatus.options) {
      for (const action of WishAction.options) {
        const rows = WISH_TRANSITIONS.filter((t) => t.from === from && t.action === action);
        assert.ok(rows.length <= 1, `${from} ${action}`);
        for (const p of parties) {
          assert.equal(wishActionsFor(from, [p]).includes(action), !!rows[0]?.by.includes(p), `${from} ${action} ${p}`);
          cells++;
        }
      }
    }
    assert.equal(cells, WishStatus.options.length * WishAction.options.length * parties.length);
    assert.deepEqual(wishActionsFor('confirmed', parties), []);
    assert.deepEqual(wishActionsFor('withdrawn', parties), []);
    assert.deepEqual(wishActionsFor('open', ['helper']), ['claim'], 'a helper can only claim');
    assert.ok(!wishActionsFor('fulfilled', ['claimer']).includes('confirm'), 'a claimer never confirms their own work');
  });
});

describe(`micro-wishes and pairings (${TEST_DB})`, () => {
  let t: TestApp;
  let staff: Client;
  let staff2: Client;
  let subject: Client; // the demo resident: an elder living alone in Tapo
  let neighbour: Client;
  let volunteer: Client; // a party member
  let provider: Client; // a social organisation
  let grid: Client;
  let subjectId: string;
  let secrets: { idNumber: string | null; phone: string | null; name: string; address: string };
  const ok = async (res: Promise<{ statusCode: number; body: string; json: () => any }>, status = 200) => {
    const r = await res;
    assert.equal(r.statusCode, status, r.body);
    return r.json();
  };
  const publish = async (title = '想要一件冬天穿的棉衣', personId = subjectId) => ok(staff.post('/api/wishes', { personId, title, story: '独居，腿脚不便，冬天怕冷，XL 码', category: 'goods' }), 201);
  const leaks = (body: string, what: (keyof typeof secrets)[]) => what.filter((k) => secrets[k] && body.includes(secrets[k]!));

  before(async () => {
    t = await startTestApp();
    [staff, staff2, subject, neighbour, volunteer, provider, grid] = await loginAll(t, ['community', 'community2', 'resident', 'neighbour', 'volunteer', 'provider', 'grid']);
    subjectId = (await subject.json('/api/auth/me')).user.personId;
    const { rows } = await sql<{ id_number: string | null; phone: string | null; name: string; address: string }>`select p.id_number, p.phone, p.name, h.address from persons p join households h on h.id = p.household_id where p.id = ${subjectId}`.execute(t.db.q);
    secrets = { idNumber: rows[0]!.id_number, phone: rows[0]!.phone, name: rows[0]!.name, address: rows[0]!.address };
    if (!secrets.phone) {
      await sql`update persons set phone = '13711112222' where id = ${subjectId}`.execute(t.db.q);
      secrets.phone = '13711112222';
    }
    // The neighbour signs up as a volunteer: a third kind of helper.
    await ok(neighbour.request('PUT', '/api/volunteering/me', { skills: ['shopping'], availability: ['weekend'] }));
  });
  after(() => t.close());

  it('shows each role only what it needs of the resident, and nobody the ID number', async () => {
    const wish = await publish();
    const url = `/api/wishes/${wish.id}`;
    // Staff: the resident's name, address and masked phone.
    const forStaff = await staff.get(url);
    assert.equal(forStaff.json().contact.name, secrets.name);
    assert.equal(forStaff.json().contact.address, secrets.address);
    assert.match(forStaff.json().contact.phone, /^\d{3}\*{4}\d{4}$/);
    assert.deepEqual(leaks(forStaff.body, ['idNumber', 'phone']), []);
    // Helpers before claiming: a form of address, an age band, living alone; no name, phone or address.
    for (const helper of [volunteer, provider, neighbour]) {
      const seen = await helper.get(url);
      assert.equal(seen.statusCode, 200, seen.body);
      assert.equal(seen.json().contact, null);
      assert.match(seen.json().subject.alias, /(伯|姨)$/);
      assert.match(seen.json().subject.ageBand, /多岁$/);
      assert.equal(seen.json().subject.livingAlone, true);
      assert.deepEqual(leaks(seen.body, ['idNumber', 'phone', 'name', 'address']), [], 'nothing identifying before a claim');
      const wall = await helper.get('/api/wishes?pageSize=200');
      assert.deepEqual(leaks(wall.body, ['idNumber', 'phone', 'name', 'address']), []);
    }
    // A grid worker oversees the community; the resident sees their own wish.
    assert.equal((await grid.json(url)).contact.name, secrets.name);
    const own = await subject.json(url);
    assert.deepEqual(own.as, ['subject']);
    // Another community's staff do not learn it exists.
    expectProblem(await staff2.get(url), 404, 'wish.not_found');
    assert.ok(!(await staff2.json('/api/wishes?pageSize=200')).items.some((w: { id: string }) => w.id === wish.id));

    // The claimer, while the wish is theirs: where to bring it and a phone to call ahead.
    const claimed = await ok(volunteer.post(`${url}/claim`));
    assert.equal(claimed.claimedByKind, 'party_member');
    assert.equal(claimed.contact.address, secrets.address);
    assert.equal(claimed.contact.phone, secrets.phone);
    assert.notEqual(claimed.contact.name, secrets.name, 'a form of address is enough');
    const claimedBody = (await volunteer.get(url)).body;
    assert.deepEqual(leaks(claimedBody, ['idNumber']), []);
    // Other helpers still see nothing identifying.
    assert.deepEqual(leaks((await provider.get(url)).body, ['idNumber', 'phone', 'name', 'address']), []);
    // Once confirmed, the claimer's view closes again.
    await ok(volunteer.post(`${url}/fulfil`, { note: '棉衣已送到，阿姨试穿合身', minutes: 40 }));
    await ok(subject.post(`${url}/confirm`, { note: '多谢' }));
    const afterwards = await volunteer.get(url);
    assert.equal(afterwards.json().contact, null);
    assert.deepEqual(leaks(afterwards.body, ['idNumber', 'phone', 'address']), []);
  });

  it('lets exactly one of several helpers claiming at once have the wish', async () => {
    for (let round = 0; round < 4; round++) {
      const wish = await publish(`微心愿 ${round}`);
      const results = await Promise.all([volunteer, provider, neighbour].map((h) => h.post(`/api/wishes/${wish.id}/claim`)));
      const winners = results.filter((r) => r.statusCode === 200);
      assert.equal(winners.length, 1, results.map((r) => `${r.statusCode} ${r.json().code ?? ''}`).join(', '));
      for (const r of results.filter((x) => x.statusCode !== 200)) assert.equal(expectProblem(r, 409, 'wish.already_claimed').fields[0].path, 'status');
      const final = await staff.json(`/api/wishes/${wish.id}`);
      assert.equal(final.status, 'claimed');
      assert.equal(final.claimedByName, winners[0]!.json().claimedByName);
      assert.equal(final.history.filter((h: { action: string }) => h.action === 'claim').length, 1);
    }
  });

  it('refuses claims on closed wishes and by those who are not helpers, naming the field', async () => {
    const wish = await publish('想学用手机视频通话');
    expectProblem(await grid.post(`/api/wishes/${wish.id}/claim`), 403, 'wish.not_helper');
    expectProblem(await subject.post(`/api/wishes/${wish.id}/claim`), 403, 'wish.not_helper');
    await ok(provider.post(`/api/wishes/${wish.id}/claim`));
    await ok(provider.post(`/api/wishes/${wish.id}/fulfil`, { note: '教会了用微信视频', minutes: 60 }));
    await ok(staff.post(`/api/wishes/${wish.id}/confirm`));
    const closed = expectProblem(await volunteer.post(`/api/wishes/${wish.id}/claim`), 409, 'wish.not_open');
    assert.equal(closed.fields[0].path, 'status');
    const gone = await publish('撤下的心愿');
    await ok(staff.post(`/api/wishes/${gone.id}/withdraw`, { note: '家属已解决' }));
    expectProblem(await volunteer.post(`/api/wishes/${gone.id}/claim`), 404, 'wish.not_found');
    assert.equal((await staff.json(`/api/wishes/${gone.id}`)).status, 'withdrawn');
    assert.equal(expectProblem(await staff.post('/api/wishes', { personId: subjectId, title: '', story: 'x', category: 'goods' }), 400).fields[0].path, 'body.title');
    assert.equal(expectProblem(await staff2.post('/api/wishes', { personId: subjectId, title: '越界心愿', story: 'x', category: 'goods' }), 400).fields[0].path, 'personId');
    expectProblem(await volunteer.post('/api/wishes', { personId: subjectId, title: '志愿者发布', story: 'x', category: 'goods' }), 400);
  });

  it('records the claimer\'s hours once on confirmation, after disputes and releases', async () => {
    const wish = await publish('陪同去医院复诊');
    await ok(neighbour.post(`/api/wishes/${wish.id}/claim`));
    assert.equal(expectProblem(await neighbour.post(`/api/wishes/${wish.id}/fulfil`, { note: '已陪同', minutes: 0 }), 400).fields[0].path, 'body.minutes');
    assert.equal(expectProblem(await neighbour.post(`/api/wishes/${wish.id}/fulfil`, { minutes: 30 }), 400).fields[0].path, 'body.note');
    expectProblem(await volunteer.post(`/api/wishes/${wish.id}/fulfil`, { note: '抢着完成', minutes: 30 }), 403, 'wish.fulfil_forbidden');
    // The claimer gives it back; another helper takes it on.
    const released = await ok(neighbour.post(`/api/wishes/${wish.id}/release`, { note: '临时出差' }));
    assert.equal(released.status, 'open');
    assert.equal(released.contact, null);
    await ok(volunteer.post(`/api/wishes/${wish.id}/claim`));
    await ok(volunteer.post(`/api/wishes/${wish.id}/fulfil`, { note: '已陪同复诊', minutes: 90 }));
    expectProblem(await volunteer.post(`/api/wishes/${wish.id}/confirm`), 403, 'wish.confirm_forbidden');
    const disputed = await ok(subject.post(`/api/wishes/${wish.id}/dispute`, { note: '还没去拿药' }));
    assert.equal(disputed.status, 'claimed');
    const before = (await volunteer.json('/api/volunteering/me')).volunteer?.approvedMinutes ?? 0;
    const photo = (await upload(t, volunteer, png(), 'receipt.png', 'image/png')).json();
    const fulfilled = await ok(volunteer.post(`/api/wishes/${wish.id}/fulfil`, { note: '复诊并取药', minutes: 120, photoFileId: photo.id }));
    assert.equal(fulfilled.evidence.photoUrl, `/api/files/${photo.id}`);
    for (const who of [volunteer, subject, staff]) assert.equal((await who.get(`/api/files/${photo.id}`)).statusCode, 200);
    for (const who of [provider, staff2]) expectProblem(await who.get(`/api/files/${photo.id}`), 404);
    assert.equal((await provider.json(`/api/wishes/${wish.id}`)).evidence.photoUrl, null, 'other helpers see the note, not the photo');
    const done = await ok(subject.post(`/api/wishes/${wish.id}/confirm`));
    assert.equal(done.status, 'confirmed');
    assert.deepEqual(done.history.map((h: { action: string }) => h.action), ['publish', 'claim', 'release', 'claim', 'fulfil', 'dispute', 'fulfil', 'confirm']);
    assert.equal((await volunteer.json('/api/volunteering/me')).volunteer.approvedMinutes - before, 120);
    const { rows } = await sql<{ n: number }>`select count(*) as n from volunteer_hours where source = 'wish' and source_id = ${wish.id}`.execute(t.db.q);
    assert.equal(Number(rows[0]!.n), 1);
    assert.ok((await volunteer.json('/api/notifications')).items.some((n: { kind: string }) => n.kind === 'wish.confirmed'));
  });

  it('pairs one helper with a household, logs visits as hours and flags pairings without visits', async () => {
    const seeking = await ok(staff.post('/api/pairings', { personId: subjectId, visitEveryDays: 14, note: '高龄独居，较少与邻里互动，需要陪伴' }), 201);
    assert.equal(seeking.status, 'seeking');
    expectProblem(await staff.post('/api/pairings', { personId: subjectId }), 409, 'pairing.already_seeking');
    const forHelper = await provider.get(`/api/pairings/${seeking.id}`);
    assert.equal(forHelper.json().address, null);
    assert.equal(forHelper.json().canJoin, true);
    assert.deepEqual(leaks(forHelper.body, ['idNumber', 'phone', 'name', 'address']), []);
    expectProblem(await grid.post(`/api/pairings/${seeking.id}/join`), 403, 'pairing.not_helper');
    expectProblem(await staff2.get(`/api/pairings/${seeking.id}`), 404);

    const joins = await Promise.all([volunteer, provider].map((h) => h.post(`/api/pairings/${seeking.id}/join`)));
    assert.deepEqual(joins.map((r) => r.statusCode).sort(), [200, 409]);
    const winner = joins[0]!.statusCode === 200 ? volunteer : provider;
    const paired = joins.find((r) => r.statusCode === 200)!.json();
    assert.equal(paired.status, 'active');
    assert.equal(paired.address, secrets.address, 'the helper knows where to visit');
    expectProblem(joins.find((r) => r.statusCode !== 200)!, 409, 'pairing.taken');

    const today = chinaToday();
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    assert.equal(expectProblem(await winner.post(`/api/pairings/${seeking.id}/visits`, { visitedOn: tomorrow, minutes: 60, note: '上门' }), 400).fields[0].path, 'visitedOn');
    const before = (await winner.json('/api/volunteering/me')).volunteer?.approvedMinutes ?? 0;
    const visited = await ok(winner.post(`/api/pairings/${seeking.id}/visits`, { visitedOn: today, minutes: 50, note: '聊天，帮忙整理药盒' }));
    assert.equal(visited.lastVisitOn, today);
    assert.equal(visited.visits.length, 1);
    assert.equal((await winner.json('/api/volunteering/me')).volunteer.approvedMinutes - before, 50);
    expectProblem(await neighbour.post(`/api/pairings/${seeking.id}/visits`, { visitedOn: today, minutes: 10, note: 'x' }), 404);

    // Forty days without a visit: flagged to the community's staff and the helper.
    await sql`update pairings set last_visit_on = ${new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10)}, started_on = ${new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10)} where id = ${seeking.id}`.execute(t.db.q);
    expectProblem(await volunteer.post('/api/pairings/sweep'), 403);
    assert.ok((await ok(staff.post('/api/pairings/sweep'))).flagged >= 1);
    assert.equal((await ok(staff.post('/api/pairings/sweep'))).flagged, 0, 'flagged once');
    const flagged = (await staff.json('/api/pairings?flagged=true')).items;
    assert.ok(flagged.some((p: { id: string; daysSinceVisit: number }) => p.id === seeking.id && p.daysSinceVisit >= 40));
    assert.ok((await staff.json('/api/notifications')).items.some((n: { kind: string }) => n.kind === 'pairing.overdue'));
    assert.ok((await winner.json('/api/notifications')).items.some((n: { kind: string }) => n.kind === 'pairing.overdue'));
    const again = await ok(winner.post(`/api/pairings/${seeking.id}/visits`, { visitedOn: today, minutes: 30, note: '补上探访' }));
    assert.equal(again.flagged, false);
    const ended = await ok(staff.post(`/api/pairings/${seeking.id}/end`));
    assert.equal(ended.status, 'ended');
    expectProblem(await winner.post(`/api/pairings/${seeking.id}/visits`, { visitedOn: today, minutes: 30, note: 'x' }), 409, 'pairing.not_active');
  });
});
