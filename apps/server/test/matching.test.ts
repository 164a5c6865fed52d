// Needs matched to offers: the skill catalogue; the engine's explained scores; ranking offers for a
// need and needs for an offer; the match state machine cell by cell; the whole round from a
// resident's need to the helper's hours in the ledger; outcomes fed back into ranking (ratings,
// declined pairs, load); privacy of the resident toward helpers; scope; bad input.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { MatchAction, MatchStatus, SKILLS, SKILL_CATEGORIES, chinaToday } from '@linli/contracts';
import { MATCH_TRANSITIONS, type MatchParty, matchActionsFor, matchTransition } from '../src/modules/matching/state-machine.ts';
import { WEIGHTS, scoreMatch, type OfferInput, type NeedInput } from '../src/modules/matching/engine.ts';
import { TEST_DB, type TestApp, type Client, expectProblem, startTestApp } from './helpers.ts';

/** Log several demo users in at once, typed one Client per name. */
async function loginAll<const N extends readonly string[]>(t: TestApp, names: N): Promise<{ [K in keyof N]: Client }> {
  return (await Promise.all(names.map((u) => t.login(u)))) as { [K in keyof N]: Client };
}

describe('the matching engine and the match state machine', () => {
  const need: NeedInput = { skill: 'phone_help', availability: ['weekend', 'weekday_evening'], targetGroup: 'elderly', lat: 23.03, lon: 113.12 };
  const offer: OfferInput = { skills: ['phone_help'], availability: ['weekend'], targetGroups: ['elderly'], lat: 23.031, lon: 113.121, capacity: 3, load: 0, ratingSum: 0, ratingCount: 0 };

  it('explains every score as parts that add up to it', () => {
    const s = scoreMatch(need, offer)!;
    assert.deepEqual(s.parts.map((p) => p.factor), ['skill', 'distance', 'availability', 'rating', 'load', 'group']);
    assert.equal(Math.round(s.parts.reduce((n, p) => n + p.points, 0) * 10) / 10, s.score);
    assert.equal(s.parts.reduce((n, p) => n + p.max, 0), 100);
    for (const p of s.parts) assert.ok(p.points >= 0 && p.points <= p.max, p.factor);
    assert.equal(s.parts.find((p) => p.factor === 'availability')!.detail, '1/2');
    assert.ok(s.distanceM! > 100 && s.distanceM! < 200);
  });

  it('prefers the very skill, the nearer helper, the better rated and the less busy, and refuses the full', () => {
    const base = scoreMatch(need, offer)!.score;
    assert.ok(scoreMatch(need, { ...offer, skills: ['computer_help'] })!.score < base, 'same category scores less than the skill');
    assert.equal(scoreMatch(need, { ...offer, skills: ['haircut'] }), null, 'another category does not match');
    assert.ok(scoreMatch(need, { ...offer, lat: 23.05 })!.score < base);
    assert.ok(scoreMatch(need, { ...offer, ratingSum: 10, ratingCount: 2 })!.score > base);
    assert.ok(scoreMatch(need, { ...offer, ratingSum: 2, ratingCount: 2 })!.score < base);
    assert.ok(scoreMatch(need, { ...offer, load: 2 })!.score < base);
    assert.equal(scoreMatch(need, { ...offer, load: 3 }), null, 'a helper at capacity is not proposed');
    assert.equal(scoreMatch(need, { ...offer, availability: ['on_call'] })!.parts.find((p) => p.factor === 'availability')!.points, WEIGHTS.availability);
    assert.equal(scoreMatch(need, { ...offer, targetGroups: ['children'] })!.parts.find((p) => p.factor === 'group')!.points, 0);
  });

  it('writes the match table down: each (state, action) once, every cell checked', () => {
    const parties: MatchParty[] = ['need', 'offer', 'proposer', 'counterpart'];
    let cells = 0;
    for (const from of MatchStatus.options) {
      for (const action of MatchAction.options) {
        const rows = MATCH_TRANSITIONS.filter((t) => t.from === from && t.action === action);
        assert.ok(rows.length <= 1);
        for (const p of parties) {
          assert.equal(matchActionsFor(from, [p]).includes(action), !!rows[0]?.by.includes(p), `${from} ${action} ${p}`);
          cells++;
        }
      }
    }
    assert.equal(cells, MatchStatus.options.length * MatchAction.options.length * parties.length);
    for (const final of ['declined', 'confirmed', 'cancelled'] as const) assert.deepEqual(matchActionsFor(final, parties), []);
    assert.equal(matchTransition('accepted', 'confirm'), undefined, 'nothing is confirmed before the helper reports it done');
  });
});

describe(`needs and offers (${TEST_DB})`, () => {
  let t: TestApp;
  let staff: Client;
  let staff2: Client;
  let resident: Client;
  let neighbour: Client;
  let volunteer: Client;
  let grid: Client;
  let provider: Client;
  let tapo: { id: string };
  let persons: { id: string; name: string }[];
  const ok = async (res: Promise<{ statusCode: number; body: string; json: () => any }>, status = 200) => {
    const r = await res;
    assert.equal(r.statusCode, status, r.body);
    return r.json();
  };
  let personIndex = 0;
  const staffNeed = async (skill = 'phone_help', title = '教我用手机') => ok(staff.post('/api/needs', { skill, title, availability: ['weekend'], personId: persons[personIndex++]!.id }), 201);
  const round = async (needId: string, offerId: string, helper: Client, rating: number, minutes = 30) => {
    const m = await ok(staff.post('/api/matches', { needId, offerId }), 201);
    await ok(helper.post(`/api/matches/${m.id}/accept`));
    await ok(helper.post(`/api/matches/${m.id}/complete`, { minutes }));
    return ok(staff.post(`/api/matches/${m.id}/confirm`, { rating }));
  };

  before(async () => {
    t = await startTestApp();
    [staff, staff2, resident, neighbour, volunteer, grid, provider] = await loginAll(t, ['community', 'community2', 'resident', 'neighbour', 'volunteer', 'grid', 'provider']);
    [tapo] = (await staff.json('/api/areas/root')).items;
    persons = (await staff.json('/api/persons?pageSize=60&status=active')).items;
    const me = await resident.json('/api/auth/me');
    persons = persons.filter((p) => p.id !== me.user.personId);
  });
  after(() => t.close());

  it('lists 9 skill categories with 30 and more skills', async () => {
    const catalogue = await resident.json('/api/skills');
    assert.equal(catalogue.categories.length, 9);
    assert.deepEqual(catalogue.categories.map((c: { code: string }) => c.code), [...SKILL_CATEGORIES]);
    const skills = catalogue.categories.flatMap((c: { skills: unknown[] }) => c.skills);
    assert.ok(skills.length >= 30);
    assert.equal(skills.length, Object.keys(SKILLS).length);
    assert.ok(catalogue.categories.find((c: { code: string }) => c.code === 'repairs').name.zh === '维修');
  });

  it('runs the round: a resident\'s need, ranked offers with reasons, acceptance, help, confirmation and hours', async () => {
    const offer = await ok(volunteer.post('/api/offers', { title: '教长者用智能手机', skills: ['phone_help', 'online_booking'], availability: ['weekend', 'weekday_evening'], communityIds: [tapo.id], targetGroups: ['elderly'], capacity: 3 }), 201);
    assert.equal(offer.helperKind, 'party_member', 'the demo volunteer reported to Tapo as a party member');
    await ok(neighbour.post('/api/offers', { title: '上门理发', skills: ['haircut'], availability: ['weekend'] }), 201);
    const need = await ok(resident.post('/api/needs', { skill: 'online_booking', title: '学会在手机上预约疫苗', details: '子女不在身边', availability: ['weekend'] }), 201);
    assert.equal(need.isMine, true);
    assert.equal(need.targetGroup, 'elderly');

    const ranked = (await resident.json(`/api/needs/${need.id}/offers`)).items;
    const ours = ranked.find((r: { offer: { id: string } }) => r.offer.id === offer.id);
    assert.ok(ours, 'the new offer is ranked');
    assert.ok(ranked[0].score >= ours.score);
    assert.ok(!ranked.some((r: { offer: { title: string } }) => r.offer.title === '上门理发'), 'a haircut does not help with bookings');
    const parts = Object.fromEntries(ours.parts.map((p: { factor: string; points: number; detail: string }) => [p.factor, p]));
    assert.equal(parts.skill.detail, 'exact');
    assert.equal(parts.availability.detail, '1/1');
    assert.equal(parts.group.detail, 'fits');
    for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1].score >= ranked[i].score, 'best first');
    assert.ok((await volunteer.json('/api/notifications')).items.some((n: { title: string }) => n.title.includes('附近有人需要帮助')), 'the best-placed helper hears of it');

    // The helper sees the need as 陈伯-style address only, and no address until accepted.
    const forHelper = (await volunteer.json(`/api/offers/${offer.id}/needs`)).items.find((r: { need: { id: string } }) => r.need.id === need.id);
    assert.ok(forHelper, 'the need is ranked for the offer');
    const myName = (await resident.json('/api/auth/me')).user.displayName;
    assert.ok(!JSON.stringify(forHelper).includes(myName), 'the resident\'s name is not shown to helpers');
    assert.match(forHelper.need.personAlias, /(伯|姨)$/);

    const proposed = await ok(resident.post('/api/matches', { needId: need.id, offerId: offer.id }), 201);
    assert.equal(proposed.status, 'proposed');
    assert.deepEqual(proposed.actions, ['cancel']);
    expectProblem(await resident.post(`/api/matches/${proposed.id}/accept`), 403, 'match.accept_forbidden');
    const helperView = await volunteer.json(`/api/matches/${proposed.id}`);
    assert.deepEqual(helperView.actions.sort(), ['accept', 'decline']);
    assert.equal(helperView.address, null);
    const accepted = await ok(volunteer.post(`/api/matches/${proposed.id}/accept`));
    assert.equal(accepted.status, 'accepted');
    assert.ok(accepted.address, 'now the helper knows where to go');
    assert.equal((await resident.json(`/api/needs/${need.id}`)).status, 'matched');
    expectProblem(await resident.post(`/api/matches/${proposed.id}/confirm`, { rating: 5 }), 409, 'match.invalid_transition');
    expectProblem(await resident.post(`/api/matches/${proposed.id}/complete`, { minutes: 30 }), 403, 'match.complete_forbidden');
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    assert.equal(expectProblem(await volunteer.post(`/api/matches/${proposed.id}/complete`, { minutes: 45, servedOn: tomorrow }), 400).fields[0].path, 'servedOn');
    const before = (await volunteer.json('/api/volunteering/me')).volunteer?.approvedMinutes ?? 0;
    await ok(volunteer.post(`/api/matches/${proposed.id}/complete`, { minutes: 45 }));
    assert.equal(expectProblem(await resident.post(`/api/matches/${proposed.id}/confirm`, { rating: 6 }), 400).fields[0].path, 'body.rating');
    const confirmed = await ok(resident.post(`/api/matches/${proposed.id}/confirm`, { rating: 5, feedback: '很耐心' }));
    assert.equal(confirmed.status, 'confirmed');
    assert.equal((await resident.json(`/api/needs/${need.id}`)).status, 'done');
    assert.equal((await volunteer.json('/api/volunteering/me')).volunteer.approvedMinutes - before, 45);
    const { rows } = await sql<{ n: number }>`select count(*) as n from volunteer_hours where source = 'skill_help' and source_id = ${proposed.id}`.execute(t.db.q);
    assert.equal(Number(rows[0]!.n), 1);
    expectProblem(await resident.post(`/api/matches/${proposed.id}/confirm`, { rating: 5 }), 409, 'match.invalid_transition');
    const stats = await volunteer.json(`/api/offers/${offer.id}`);
    assert.equal(stats.completed, 1);
    assert.equal(stats.rating, 5);
  });

  it('feeds outcomes back: ratings move helpers up or down, declined pairs are not proposed again, the busy give way', async () => {
    const slow = await ok(grid.post('/api/offers', { title: '手机问题我来帮', skills: ['phone_help'], availability: ['weekend'], communityIds: [tapo.id], capacity: 1 }), 201);
    const kind = await ok(provider.post('/api/offers', { title: '家综数码助老', skills: ['phone_help'], availability: ['weekend'], communityIds: [tapo.id], capacity: 5 }), 201);
    await round((await staffNeed()).id, slow.id, grid, 1);
    await round((await staffNeed()).id, kind.id, provider, 5);
    const next = await staffNeed();
    const ranked = (await staff.json(`/api/needs/${next.id}/offers`)).items;
    const rating = (offerId: string) => ranked.find((r: { offer: { id: string } }) => r.offer.id === offerId).parts.find((p: { factor: string }) => p.factor === 'rating').points;
    assert.ok(rating(kind.id) > rating(slow.id), 'the well-rated helper earns more for ratings');

    // Declined: that pair is never offered again for this need.
    const m = await ok(staff.post('/api/matches', { needId: next.id, offerId: slow.id }), 201);
    await ok(grid.post(`/api/matches/${m.id}/decline`, { note: '这周没空' }));
    assert.equal((await staff.json(`/api/needs/${next.id}`)).status, 'open');
    assert.ok(!(await staff.json(`/api/needs/${next.id}/offers`)).items.some((r: { offer: { id: string } }) => r.offer.id === slow.id));
    expectProblem(await staff.post('/api/matches', { needId: next.id, offerId: slow.id }), 409, 'match.declined_before');

    // Load: a helper with capacity 1 and a match under way is not ranked for another need.
    const busy = await ok(staff.post('/api/matches', { needId: (await staffNeed()).id, offerId: slow.id }), 201);
    await ok(grid.post(`/api/matches/${busy.id}/accept`));
    const other = await staffNeed();
    assert.ok(!(await staff.json(`/api/needs/${other.id}/offers`)).items.some((r: { offer: { id: string } }) => r.offer.id === slow.id), 'the busy helper gives way');
    expectProblem(await staff.post('/api/matches', { needId: other.id, offerId: slow.id }), 409, 'match.not_eligible');
  });

  it('lets a helper offer help for a need, and staff confirm for the resident', async () => {
    const offer = await ok(provider.post('/api/offers', { title: '维修小家电', skills: ['appliance_repair'], availability: ['on_call'], communityIds: [tapo.id] }), 201);
    const need = await staffNeed('appliance_repair', '电饭煲坏了');
    const m = await ok(provider.post('/api/matches', { needId: need.id, offerId: offer.id }), 201);
    assert.equal(m.proposedBy, 'offer');
    expectProblem(await provider.post(`/api/matches/${m.id}/accept`), 403, 'match.accept_forbidden');
    assert.equal((await ok(staff.post(`/api/matches/${m.id}/accept`))).status, 'accepted');
    expectProblem(await staff.post('/api/matches', { needId: need.id, offerId: offer.id }), 409, /^(need\.closed|match\.need_taken)$/);
    const cancelled = await ok(provider.post(`/api/matches/${m.id}/cancel`, { note: '配件没货' }));
    assert.equal(cancelled.status, 'cancelled');
    assert.equal((await staff.json(`/api/needs/${need.id}`)).status, 'open', 'the need is open again');
  });

  it('keeps each community\'s needs and refuses bad input naming the field', async () => {
    const need = await staffNeed('shopping', '帮忙买米');
    expectProblem(await staff2.get(`/api/needs/${need.id}`), 404, 'need.not_found');
    assert.ok(!(await staff2.json('/api/needs?pageSize=200')).items.some((n: { id: string }) => n.id === need.id));
    assert.equal(expectProblem(await staff2.post('/api/needs', { skill: 'shopping', title: '越界', personId: persons[0]!.id }), 400).fields[0].path, 'personId');
    assert.equal(expectProblem(await resident.post('/api/needs', { skill: 'juggling', title: '杂耍' }), 400).fields[0].path, 'body.skill');
    assert.equal(expectProblem(await volunteer.post('/api/needs', { skill: 'shopping', title: '我没有户籍' }), 400).fields[0].path, 'personId');
    assert.equal(expectProblem(await resident.post('/api/offers', { title: '帮忙', skills: [], availability: ['weekend'] }), 400).fields[0].path, 'body.skills');
    const lihao = (await staff2.json('/api/areas/root')).items[0];
    assert.equal(expectProblem(await resident.post('/api/offers', { title: '越界帮忙', skills: ['shopping'], availability: ['weekend'], communityIds: [lihao.id] }), 400).fields[0].path, 'communityIds.0');
    const own = await ok(resident.post('/api/offers', { title: '陪聊', skills: ['chatting'], availability: ['weekend'] }), 201);
    const mine = await ok(resident.post('/api/needs', { skill: 'chatting', title: '想找人聊天', availability: ['weekend'] }), 201);
    assert.equal(expectProblem(await resident.post('/api/matches', { needId: mine.id, offerId: own.id }), 400).fields[0].path, 'offerId');
    assert.equal(expectProblem(await staff.post('/api/matches', { needId: '00000000-0000-4000-8000-000000000000', offerId: own.id }), 400).fields[0].path, 'needId');
    expectProblem(await neighbour.post(`/api/needs/${mine.id}/cancel`), 403, 'need.forbidden');
    assert.equal((await ok(resident.post(`/api/needs/${mine.id}/cancel`))).status, 'cancelled');
    expectProblem(await resident.patch(`/api/offers/${(await volunteer.json('/api/offers?mine=true')).items[0].id}`, { status: 'paused' }), 403, 'offer.forbidden');
  });
});
