// Deliberation and votes through HTTP, on PGlite and PostgreSQL: homeowners' ballots under Civil
// Code art. 278 at the exact thresholds (co-owners, buyers with several units, developer units),
// changed votes, votes after close, ineligible voters, concurrent double votes, secrecy, the
// frozen record and its digest, the ballot clock, topics with their stages, comments and
// moderation, meetings, scope, live events and bad input.
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LiveEvent } from '../src/platform/events.ts';
import { TEST_DB, type Client, type TestApp, expectProblem, startTestApp } from './helpers.ts';

type Json = any;
const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
const WEEK = 7 * 86_400_000;

describe(`deliberation (${TEST_DB})`, () => {
  let t: TestApp;
  let staff: Client; // 塔坡社区 staff
  let street: Client; // 祖庙街道: manages every community of the street
  let other: Client; // 丽豪社区 staff
  let admin: Client;
  let resident: Client; // the demo elder, owner of a unit in the lift building
  let tapo: { id: string; name: string };
  let tapoBuildings: { id: string; name: string }[];
  let streetBuildings: { id: string; name: string }[];
  let liftBallot: Json;
  const used = new Set<string>();
  let seq = 0;

  /** A building of the street nobody has registered units in yet. */
  const freshBuilding = (inTapo = false) => {
    const b = (inTapo ? tapoBuildings : streetBuildings).find((x) => !used.has(x.id));
    assert.ok(b, 'a free building');
    used.add(b.id);
    return b.id;
  };

  /** A resident of 塔坡社区 (owners may live anywhere), optionally with a login. */
  async function person(name: string, opts: { buildingId?: string; birthDate?: string; login?: boolean } = {}): Promise<{ id: string; client?: Client }> {
    const n = ++seq;
    const res = await staff.post('/api/persons', { name, gender: n % 2 ? 'male' : 'female', birthDate: opts.birthDate ?? '1970-01-01', buildingId: opts.buildingId ?? tapoBuildings[0]!.id, room: `T-${n}` });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id as string;
    if (!opts.login) return { id };
    const username = `t.owner.${n}`;
    const u = await admin.post('/api/admin/users', { username, displayName: name, password: 'long-enough-pw', personId: id });
    assert.equal(u.statusCode, 201, u.body);
    assert.equal((await admin.post(`/api/admin/users/${u.json().id}/roles`, { role: 'resident' })).statusCode, 201);
    return { id, client: await t.login(username, 'long-enough-pw') };
  }

  async function unit(buildingId: string, label: string, areaM2: string, owners: string[] | 'developer', shares?: string[]) {
    const body = owners === 'developer'
      ? { buildingId, label, areaM2, ownerType: 'developer', developerName: '测试置业有限公司' }
      : { buildingId, label, areaM2, ownerType: 'persons', owners: owners.map((personId, i) => ({ personId, share: shares?.[i] ?? `1/${owners.length}` })) };
    const res = await street.post('/api/property-units', body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  }

  async function ownersBallot(buildingId: string, matter: string, extra: Record<string, unknown> = {}) {
    const res = await street.post('/api/ballots', { title: `业主表决 ${matter}`, kind: 'owners', matter, areaId: buildingId, closesAt: soon(WEEK), resultsVisibility: 'live', secrecy: 'open', ...extra });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  }

  /** The roll's elector key for the head whose units are these. */
  async function keyOf(ballotId: string, units: string): Promise<string> {
    const roll = await street.json(`/api/ballots/${ballotId}/roll`);
    const e = roll.items.find((x: Json) => x.units.join(',') === units);
    assert.ok(e, `elector with units ${units}`);
    return e.key;
  }

  async function paper(ballotId: string, units: string, choice: string, by: Client = street) {
    const res = await by.post(`/api/ballots/${ballotId}/votes/record`, { electorKey: await keyOf(ballotId, units), choices: [choice], method: 'paper' });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  before(async () => {
    t = await startTestApp();
    [staff, street, other, admin, resident] = (await Promise.all(['community', 'street', 'community2', 'admin', 'resident'].map((u) => t.login(u)))) as [Client, Client, Client, Client, Client];
    [tapo] = (await staff.json('/api/areas/root')).items;
    tapoBuildings = (await staff.json(`/api/areas/${tapo.id}/buildings`)).items;
    const [zumiao] = (await street.json('/api/areas/root')).items;
    streetBuildings = (await street.json(`/api/areas/${zumiao.id}/buildings`)).items.filter((b: Json) => !tapoBuildings.some((x) => x.id === b.id));
    liftBallot = (await resident.json('/api/ballots?mine=true')).items.find((b: Json) => b.kind === 'owners');
    used.add(liftBallot.areaId);
    assert.ok(streetBuildings.length >= 10, `the street has buildings (${streetBuildings.length})`);
  });
  after(() => t.close());

  // --- the demo ------------------------------------------------------------------------------------

  it('shows the demo owner the open lift ballot, with the quorum not met yet and the rules explained', async () => {
    const d = await resident.json(`/api/ballots/${liftBallot.id}`);
    assert.equal(d.kind, 'owners');
    assert.equal(d.matter, 'alter_or_rebuild');
    assert.equal(d.status, 'open');
    assert.equal(d.secrecy, 'open');
    assert.equal(d.canVote, true);
    assert.equal(d.myElectors.length, 1);
    assert.equal(d.owners.major, true);
    assert.equal(d.owners.outcome, 'quorum_not_met');
    assert.equal(d.owners.quorum.area.threshold, '2/3');
    assert.equal(d.owners.approval.area.threshold, '3/4');
    // Co-owners, a buyer with several units and the developer are all in the demo electorate.
    const roll = await staff.json(`/api/ballots/${liftBallot.id}/roll`);
    assert.ok(roll.items.some((e: Json) => e.key.startsWith('developer:') && e.units.length >= 2));
    assert.ok(roll.items.some((e: Json) => e.key.startsWith('owners:') && e.units.length === 3));
    assert.equal(d.owners.totalHeads, roll.items.length);
  });

  // --- head count and thresholds -----------------------------------------------------------------

  it('counts one head per unit, one per buyer of several units, one per co-owned unit and one for the developer', async () => {
    const b = freshBuilding();
    const [p, q, r] = await Promise.all([person('产权人甲'), person('产权人乙'), person('多套买受人')]);
    await unit(b, '101', '80.00', [p.id]);
    await unit(b, '102', '90.00', [r.id]);
    await unit(b, '201', '60.50', [r.id]);
    await unit(b, '202', '70.25', [p.id, q.id]);
    await unit(b, '301', '100.00', 'developer');
    await unit(b, '302', '100.00', 'developer');
    const list = await street.json(`/api/property-units?areaId=${b}`);
    assert.deepEqual(list.electorate, { units: 6, heads: 4, totalAreaM2: '500.75' });
    assert.deepEqual(list.items.find((u: Json) => u.label === '202').owners.map((o: Json) => o.share), ['1/2', '1/2']);
    const ballot = await ownersBallot(b, 'other');
    assert.equal(ballot.owners.totalHeads, 4);
    assert.equal(ballot.owners.totalAreaM2, '500.75');
    // The buyer's one vote carries both units; the developer's one vote both unsold units.
    await paper(ballot.id, '102,201', 'yes');
    const after2 = await paper(ballot.id, '301,302', 'yes');
    assert.equal(after2.owners.participatingHeads, 2);
    assert.equal(after2.owners.participatingAreaM2, '350.50');
    assert.equal(after2.owners.quorum.heads.value.num, '1');
    assert.equal(after2.owners.quorum.heads.value.den, '2');
  });

  it('meets the quorum at exactly 2/3 of area and heads, and not one square centimetre less', async () => {
    const b1 = freshBuilding();
    const owners = await Promise.all([person('甲'), person('乙'), person('丙')]);
    for (const [i, o] of owners.entries()) await unit(b1, `${i + 1}01`, '100.00', [o.id]);
    const at = await ownersBallot(b1, 'other');
    assert.equal((await paper(at.id, '101', 'yes')).owners.outcome, 'quorum_not_met');
    const met = await paper(at.id, '201', 'yes');
    assert.deepEqual([met.owners.quorum.area.value.num, met.owners.quorum.area.value.den], ['2', '3']);
    assert.deepEqual([met.owners.quorum.heads.value.num, met.owners.quorum.heads.value.den], ['2', '3']);
    assert.equal(met.owners.quorum.met, true);
    assert.equal(met.owners.outcome, 'approved');

    const b2 = freshBuilding();
    for (const [i, o] of owners.entries()) await unit(b2, `${i + 1}01`, i === 2 ? '100.01' : '100.00', [o.id]);
    const below = await ownersBallot(b2, 'other');
    await paper(below.id, '101', 'yes');
    const short = await paper(below.id, '201', 'yes');
    assert.equal(short.owners.quorum.heads.met, true);
    assert.equal(short.owners.quorum.area.met, false);
    assert.deepEqual([short.owners.quorum.area.value.num, short.owners.quorum.area.value.den], ['20000', '30001']);
    assert.equal(short.owners.outcome, 'quorum_not_met');
  });

  it('approves installing a lift at exactly 3/4 of the participating area and heads, not below, and counts a changed vote once', async () => {
    const b = freshBuilding();
    const owners = await Promise.all([person('一'), person('二'), person('三'), person('四')]);
    for (const [i, o] of owners.entries()) await unit(b, `${i + 1}01`, '88.88', [o.id]);
    const ballot = await ownersBallot(b, 'alter_or_rebuild');
    await paper(ballot.id, '101', 'yes');
    await paper(ballot.id, '201', 'yes');
    await paper(ballot.id, '301', 'yes');
    const at = await paper(ballot.id, '401', 'no');
    assert.equal(at.owners.approval.area.value.num + '/' + at.owners.approval.area.value.den, '3/4');
    assert.equal(at.owners.approval.heads.rule, 'at_least');
    assert.equal(at.owners.outcome, 'approved');
    const changed = await paper(ballot.id, '301', 'abstain');
    assert.equal(changed.voted, 4);
    assert.equal(changed.owners.participatingHeads, 4);
    assert.equal(changed.owners.approval.heads.value.num + '/' + changed.owners.approval.heads.value.den, '1/2');
    assert.equal(changed.owners.outcome, 'not_approved');
  });

  it('refuses approval when the area passes 3/4 but the heads do not', async () => {
    const b = freshBuilding();
    const owners = await Promise.all([person('大户'), person('小一'), person('小二'), person('小三')]);
    await unit(b, '101', '500.00', [owners[0]!.id]);
    for (let i = 1; i < 4; i++) await unit(b, `${i + 1}01`, '50.00', [owners[i]!.id]);
    const ballot = await ownersBallot(b, 'change_common_use');
    await paper(ballot.id, '101', 'yes');
    await paper(ballot.id, '201', 'yes');
    await paper(ballot.id, '301', 'no');
    const d = await paper(ballot.id, '401', 'no');
    assert.equal(d.owners.approval.area.met, true);
    assert.equal(d.owners.approval.area.value.num + '/' + d.owners.approval.area.value.den, '11/13');
    assert.equal(d.owners.approval.heads.met, false);
    assert.equal(d.owners.outcome, 'not_approved');
  });

  it('needs more than half for other matters: exactly 1/2 is not enough; then closes with the exact fractions, frozen, with a digest', async () => {
    const b = freshBuilding();
    const owners = await Promise.all([person('东'), person('南'), person('西'), person('北')]);
    for (const [i, o] of owners.entries()) await unit(b, `${i + 1}01`, '75.00', [o.id]);
    const ballot = await ownersBallot(b, 'property_manager', { secrecy: 'secret' });
    await paper(ballot.id, '101', 'yes');
    await paper(ballot.id, '201', 'yes');
    await paper(ballot.id, '301', 'no');
    const half = await paper(ballot.id, '401', 'no');
    assert.equal(half.owners.approval.area.rule, 'more_than');
    assert.equal(half.owners.approval.area.value.num + '/' + half.owners.approval.area.value.den, '1/2');
    assert.equal(half.owners.outcome, 'not_approved');
    assert.equal((await paper(ballot.id, '401', 'yes')).owners.outcome, 'approved');

    const closed = await street.post(`/api/ballots/${ballot.id}/close`, { note: '投票期满' });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json().status, 'closed');
    const published = await street.json(`/api/ballots/${ballot.id}/result`);
    assert.equal(published.digest, crypto.createHash('sha256').update(published.canonical).digest('hex'));
    assert.equal(closed.json().resultDigest, published.digest);
    assert.equal(published.result.decision, 'approved');
    assert.equal(published.result.owners.approval.heads.value.num, '3');
    assert.equal(published.result.owners.approval.heads.value.den, '4');
    // A secret ballot's record names who took part, never how.
    assert.ok(published.result.voters.every((v: unknown) => typeof v === 'string'));
    expectProblem(await street.post(`/api/ballots/${ballot.id}/votes/record`, { electorKey: await keyOf(ballot.id, '101'), choices: ['no'], method: 'paper' }), 409, 'ballot.closed');
    expectProblem(await street.post(`/api/ballots/${ballot.id}/close`, {}), 409, 'ballot.closed');
    // The database itself refuses to change a closed ballot's votes.
    await assert.rejects(t.db.q.updateTable('ballotVotes').set({ choices: ['no'] }).where('ballotId', '=', ballot.id).execute(), /frozen/);
    const history = await street.json(`/api/ballots/${ballot.id}/history`);
    assert.deepEqual(history.items.map((h: Json) => `${h.action}:${h.toStatus}`), ['create:open', 'close:closed']);
  });

  // --- online voting ------------------------------------------------------------------------------

  it('lets co-owners vote for their unit as one head, change the vote until close, and refuses votes after close (409)', async () => {
    const b = freshBuilding();
    const [p, q, r] = await Promise.all([person('共有人甲', { login: true }), person('共有人乙', { login: true }), person('独有人', { login: true })]);
    await unit(b, '101', '70.00', [p.id, q.id], ['2/3', '1/3']);
    await unit(b, '102', '70.00', [p.id]);
    await unit(b, '201', '70.00', [r.id]);
    const ballot = await ownersBallot(b, 'alter_or_rebuild');
    const coKey = await keyOf(ballot.id, '101');

    // p is on the roll twice (alone for 102, with q for 101), so must say which.
    const mine = await p.client!.json(`/api/ballots/${ballot.id}`);
    assert.equal(mine.myElectors.length, 2);
    const which = expectProblem(await p.client!.post(`/api/ballots/${ballot.id}/vote`, { choices: ['yes'] }), 400);
    assert.equal(which.fields[0].path, 'electorKey');
    const first = await p.client!.post(`/api/ballots/${ballot.id}/vote`, { choices: ['yes'], electorKey: coKey });
    assert.equal(first.statusCode, 200, first.body);
    // The co-owner sees the unit's vote and may change it; it is still one head.
    const seen = await q.client!.json(`/api/ballots/${ballot.id}`);
    assert.deepEqual(seen.myElectors[0].choices, ['yes']);
    const changed = await q.client!.post(`/api/ballots/${ballot.id}/vote`, { choices: ['no'] });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().owners.participatingHeads, 1);
    assert.equal(changed.json().tallies.find((x: Json) => x.optionId === 'no').votes, 1);
    const audit = (await admin.json(`/api/audit?entityType=ballot&entityId=${ballot.id}`)).items.map((a: Json) => a.action);
    assert.ok(audit.includes('ballot.vote') && audit.includes('ballot.vote_changed'));

    await street.post(`/api/ballots/${ballot.id}/close`, {});
    expectProblem(await r.client!.post(`/api/ballots/${ballot.id}/vote`, { choices: ['yes'] }), 409, 'ballot.closed');
    expectProblem(await q.client!.post(`/api/ballots/${ballot.id}/vote`, { choices: ['yes'] }), 409, 'ballot.closed');
    const final = await r.client!.json(`/api/ballots/${ballot.id}`);
    assert.equal(final.voted, 1);
    assert.deepEqual(final.myElectors[0].choices, null);
  });

  it('answers 403 to a tenant of the building who owns nothing there, and 404 to a resident elsewhere', async () => {
    const b = freshBuilding(true);
    const owner = await person('房东');
    await unit(b, '101', '66.60', [owner.id]);
    const ballot = await ownersBallot(b, 'alter_or_rebuild');
    const tenant = await person('租客', { buildingId: b, login: true });
    const seen = await tenant.client!.json(`/api/ballots/${ballot.id}`);
    assert.equal(seen.canVote, false);
    expectProblem(await tenant.client!.post(`/api/ballots/${ballot.id}/vote`, { choices: ['yes'] }), 403, 'ballot.not_eligible');
    // The demo resident lives in another building: the ballot does not exist for him.
    expectProblem(await resident.get(`/api/ballots/${ballot.id}`), 404, 'ballot.not_found');
    expectProblem(await resident.post(`/api/ballots/${ballot.id}/vote`, { choices: ['yes'] }), 404);
    // Staff record paper votes but do not vote online.
    expectProblem(await staff.post(`/api/ballots/${ballot.id}/vote`, { choices: ['yes'] }), 403, 'ballot.not_eligible');
  });

  it('counts exactly one vote when an owner sends several at once, and when co-owners vote at the same moment', async () => {
    const b = freshBuilding();
    const [p, q] = await Promise.all([person('并发甲', { login: true }), person('并发乙', { login: true })]);
    await unit(b, '101', '90.00', [p.id]);
    await unit(b, '102', '90.00', [p.id, q.id]);
    const ballot = await ownersBallot(b, 'other');
    const soloKey = await keyOf(ballot.id, '101');
    const coKey = await keyOf(ballot.id, '102');
    const burst = await Promise.all(['yes', 'no', 'abstain', 'yes', 'no', 'yes'].map((c) => p.client!.post(`/api/ballots/${ballot.id}/vote`, { choices: [c], electorKey: soloKey })));
    assert.ok(burst.every((r) => r.statusCode === 200), burst.map((r) => r.statusCode).join(','));
    const both = await Promise.all([p.client!.post(`/api/ballots/${ballot.id}/vote`, { choices: ['yes'], electorKey: coKey }), q.client!.post(`/api/ballots/${ballot.id}/vote`, { choices: ['no'] })]);
    assert.ok(both.every((r) => r.statusCode === 200));
    const d = await street.json(`/api/ballots/${ballot.id}`);
    assert.equal(d.voted, 2);
    assert.equal(d.owners.participatingHeads, 2);
    assert.equal(d.tallies.reduce((s: number, x: Json) => s + x.votes, 0), 2);
    const rows = await t.db.q.selectFrom('ballotVotes').select(['electorKey', 'revision']).where('ballotId', '=', ballot.id).execute();
    assert.equal(rows.length, 2);
    assert.equal(rows.find((r) => r.electorKey === soloKey)!.revision, 6);
  });

  // --- ordinary ballots ---------------------------------------------------------------------------

  it('runs a secret community ballot: staff see turnout and who voted but not how; results only after close', async () => {
    const voter = await person('居民投票人', { login: true });
    const child = await person('小朋友', { birthDate: '2015-06-01', login: true });
    const res = await staff.post('/api/ballots', {
      title: '社区活动室开放时间', kind: 'single', options: ['工作日晚上', '周末全天', '每天上午'], areaId: tapo.id, closesAt: soon(WEEK), resultsVisibility: 'after_close', secrecy: 'secret',
    });
    assert.equal(res.statusCode, 201, res.body);
    const ballot = res.json();
    assert.deepEqual(ballot.options.map((o: Json) => o.id), ['o1', 'o2', 'o3']);
    const voted = await voter.client!.post(`/api/ballots/${ballot.id}/vote`, { choices: ['o2'] });
    assert.equal(voted.statusCode, 200, voted.body);
    assert.equal(voted.json().tallies, null);
    assert.deepEqual(voted.json().myElectors[0].choices, ['o2']);
    await staff.post(`/api/ballots/${ballot.id}/votes/record`, { electorKey: `person:${(await t.db.q.selectFrom('users').select('personId').where('username', '=', 'resident').executeTakeFirstOrThrow()).personId}`, choices: ['o1'], method: 'in_person', note: '上门代录' });
    const asStaff = await staff.json(`/api/ballots/${ballot.id}`);
    assert.equal(asStaff.tallies, null);
    assert.equal(asStaff.voted, 2);
    const roll = await staff.json(`/api/ballots/${ballot.id}/roll`);
    const mine = roll.items.find((e: Json) => e.key === `person:${voter.id}`);
    assert.equal(mine.voted, true);
    assert.equal(mine.choices, null);
    const recorded = roll.items.find((e: Json) => e.method === 'in_person');
    assert.equal(recorded.recordedByName, '塔坡社区工作人员');
    // The audit trail of a secret ballot says who voted, never how.
    const audit = await admin.json(`/api/audit?entityType=ballot&entityId=${ballot.id}`);
    assert.doesNotMatch(JSON.stringify(audit.items), /"choices"/);
    // Minors are not on the roll.
    expectProblem(await child.client!.post(`/api/ballots/${ballot.id}/vote`, { choices: ['o1'] }), 403, 'ballot.not_eligible');
    const closed = (await staff.post(`/api/ballots/${ballot.id}/close`, {})).json();
    assert.deepEqual(closed.tallies.map((x: Json) => x.votes), [1, 1, 0]);
    const result = await voter.client!.json(`/api/ballots/${ballot.id}/result`);
    assert.deepEqual(result.result.decision, { leading: ['o1', 'o2'] });
    assert.equal(result.result.turnout.voted, 2);
  });

  it('shows an open yes/no ballot live, with each vote to staff, and decides by more than half', async () => {
    const b = tapoBuildings.find((x) => x.id !== liftBallot.areaId)!;
    const voter = await person('楼长', { buildingId: b.id, login: true });
    const res = await staff.post('/api/ballots', { title: '楼道安装声控灯', kind: 'yes_no', areaId: b.id, closesAt: soon(WEEK), resultsVisibility: 'live', secrecy: 'open' });
    assert.equal(res.statusCode, 201, res.body);
    const ballot = res.json();
    const d = (await voter.client!.post(`/api/ballots/${ballot.id}/vote`, { choices: ['yes'] })).json();
    assert.equal(d.tallies.find((x: Json) => x.optionId === 'yes').votes, 1);
    const roll = await staff.json(`/api/ballots/${ballot.id}/roll`);
    assert.deepEqual(roll.items.find((e: Json) => e.key === `person:${voter.id}`).choices, ['yes']);
    await staff.post(`/api/ballots/${ballot.id}/close`, {});
    const result = await staff.json(`/api/ballots/${ballot.id}/result`);
    assert.equal(result.result.decision, 'approved');
    assert.equal(result.result.voters[0].choices[0], 'yes');
  });

  it('opens scheduled ballots and closes due ones by the clock, with the close time as announced', async () => {
    const scheduled = (await staff.post('/api/ballots', { title: '将来的投票', kind: 'yes_no', areaId: tapo.id, opensAt: soon(WEEK), closesAt: soon(2 * WEEK) })).json();
    assert.equal(scheduled.status, 'scheduled');
    expectProblem(await resident.post(`/api/ballots/${scheduled.id}/vote`, { choices: ['yes'] }), 409, 'ballot.not_open');
    const closesAt = soon(2500);
    const quick = (await staff.post('/api/ballots', { title: '很快截止', kind: 'yes_no', areaId: tapo.id, closesAt })).json();
    assert.equal((await resident.post(`/api/ballots/${quick.id}/vote`, { choices: ['yes'] })).statusCode, 200);
    await new Promise((r) => setTimeout(r, 2700));
    expectProblem(await resident.post(`/api/ballots/${quick.id}/vote`, { choices: ['no'] }), 409, 'ballot.closed');
    const d = await staff.json(`/api/ballots/${quick.id}`);
    assert.equal(d.status, 'closed');
    assert.equal(d.closedAt, closesAt);
    assert.match(d.resultDigest, /^[0-9a-f]{64}$/);
    const history = await staff.json(`/api/ballots/${quick.id}/history`);
    assert.equal(history.items.at(-1).byName, '系统');
    // The seeded ballot whose time ran out is closed, its record sealed.
    const rules = (await staff.json('/api/ballots?status=closed')).items.find((b: Json) => b.title.includes('居民公约'));
    assert.ok(rules);
    const sealed = await resident.json(`/api/ballots/${rules.id}/result`);
    assert.equal(sealed.digest, crypto.createHash('sha256').update(sealed.canonical).digest('hex'));
    assert.equal(sealed.result.ballot.closedAt, rules.closesAt);
    const cancelled = (await staff.post('/api/ballots', { title: '取消的投票', kind: 'yes_no', areaId: tapo.id, closesAt: soon(WEEK) })).json();
    expectProblem(await staff.post(`/api/ballots/${cancelled.id}/cancel`, {}), 400);
    assert.equal((await staff.post(`/api/ballots/${cancelled.id}/cancel`, { note: '议题已撤回' })).json().status, 'cancelled');
    expectProblem(await resident.post(`/api/ballots/${cancelled.id}/vote`, { choices: ['yes'] }), 409, 'ballot.cancelled');
  });

  it('announces every change live to staff of the area and to the electors with an account', async () => {
    const events: LiveEvent[] = [];
    const stop = t.ctx.events.subscribe((e) => events.push(e));
    try {
      const res = await resident.post(`/api/ballots/${liftBallot.id}/vote`, { choices: ['yes'] });
      assert.equal(res.statusCode, 200, res.body);
    } finally {
      stop();
    }
    const mine = events.filter((e) => e.type === 'ballot.updated' && (e.data as Json).id === liftBallot.id);
    assert.ok(mine.some((e) => 'areaPath' in e.audience));
    const me = (await resident.json('/api/auth/me')).user;
    assert.ok(mine.some((e) => 'userIds' in e.audience && e.audience.userIds.includes(me.id)));
  });

  // --- bad input -----------------------------------------------------------------------------------

  it('refuses bad ballots, units and votes with problem+json naming the field', async () => {
    const field = async (p: Promise<Json>, name: RegExp) => {
      const body = expectProblem(await p, 400);
      assert.ok(body.fields?.some((f: Json) => name.test(f.path)), JSON.stringify(body));
    };
    const base = { title: '测试', areaId: tapo.id, closesAt: soon(WEEK) };
    await field(staff.post('/api/ballots', { ...base, kind: 'single', options: [] }), /options/);
    await field(staff.post('/api/ballots', { ...base, kind: 'single', options: ['只有一个'] }), /options/);
    await field(staff.post('/api/ballots', { ...base, kind: 'multiple', options: ['甲', '甲'] }), /options/);
    await field(staff.post('/api/ballots', { ...base, kind: 'yes_no', opensAt: soon(2 * WEEK) }), /closesAt/);
    await field(staff.post('/api/ballots', { ...base, kind: 'yes_no', closesAt: soon(-60_000), opensAt: soon(-120_000) }), /closesAt/);
    await field(staff.post('/api/ballots', { ...base, kind: 'owners' }), /matter/);
    await field(staff.post('/api/ballots', { ...base, kind: 'yes_no', closesAt: 'next tuesday' }), /closesAt/);
    const b = freshBuilding();
    const o = await person('面积测试');
    for (const areaM2 of ['0', '0.00', '-12.50', 'abc', '12.345']) {
      await field(street.post('/api/property-units', { buildingId: b, label: '1', areaM2, ownerType: 'persons', owners: [{ personId: o.id }] }), /areaM2/);
    }
    await field(street.post('/api/property-units', { buildingId: b, label: '1', areaM2: '50', ownerType: 'persons', owners: [{ personId: o.id, share: '1/2' }] }), /owners/);
    await field(street.post('/api/property-units', { buildingId: b, label: '1', areaM2: '50', ownerType: 'developer' }), /developerName/);
    await field(staff.post('/api/property-units', { buildingId: b, label: '1', areaM2: '50', ownerType: 'persons', owners: [{ personId: o.id }] }), /buildingId/);
    await field(street.post('/api/ballots', { ...base, kind: 'owners', matter: 'other', areaId: b }), /areaId/);
    await field(resident.post(`/api/ballots/${liftBallot.id}/vote`, { choices: ['maybe'] }), /^choices\.0$/);
    await field(resident.post(`/api/ballots/${liftBallot.id}/vote`, { choices: ['yes', 'no'] }), /choices/);
    await field(resident.post(`/api/ballots/${liftBallot.id}/vote`, { choices: [] }), /choices/);
    const multi = (await staff.post('/api/ballots', { ...base, kind: 'multiple', options: ['甲', '乙', '丙'], maxChoices: 2 })).json();
    await field(resident.post(`/api/ballots/${multi.id}/vote`, { choices: ['o1', 'o2', 'o3'] }), /choices/);
    assert.equal((await resident.post(`/api/ballots/${multi.id}/vote`, { choices: ['o1', 'o3'] })).statusCode, 200);
  });

  // --- scope --------------------------------------------------------------------------------------

  it('keeps another community\'s staff and residents out (404) and residents from running ballots (403)', async () => {
    expectProblem(await other.get(`/api/ballots/${liftBallot.id}`), 404, 'ballot.not_found');
    expectProblem(await other.get(`/api/ballots/${liftBallot.id}/roll`), 404);
    expectProblem(await other.post(`/api/ballots/${liftBallot.id}/close`, {}), 404);
    assert.equal((await other.json('/api/ballots')).items.filter((b: Json) => b.areaName.includes('塔坡') || b.id === liftBallot.id).length, 0);
    assert.equal((await other.json('/api/topics')).total, 0);
    expectProblem(await other.get(`/api/property-units?areaId=${liftBallot.areaId}`), 404);
    const refused = expectProblem(await other.post('/api/ballots', { title: '越权', kind: 'yes_no', areaId: tapo.id, closesAt: soon(WEEK) }), 400);
    assert.equal(refused.fields[0].path, 'areaId');
    expectProblem(await resident.post('/api/ballots', { title: '居民发起', kind: 'yes_no', areaId: tapo.id, closesAt: soon(WEEK) }), 403, 'deliberation.forbidden');
    expectProblem(await resident.post(`/api/ballots/${liftBallot.id}/votes/record`, { electorKey: 'x', choices: ['yes'], method: 'paper' }), 403, 'ballot.manage_forbidden');
    expectProblem(await resident.get(`/api/ballots/${liftBallot.id}/roll`), 403, 'ballot.roll_forbidden');
    expectProblem(await resident.get(`/api/property-units?areaId=${liftBallot.areaId}`), 403);
    // District officials read everything, run nothing.
    const official = await t.login('official');
    assert.equal((await official.json(`/api/ballots/${liftBallot.id}`)).canManage, false);
    expectProblem(await official.post(`/api/ballots/${liftBallot.id}/close`, {}), 403);
  });

  // --- topics and meetings ----------------------------------------------------------------------

  it('takes a topic from raised to done through every stage, with its history, decision and follow-up', async () => {
    const home = (await t.db.q.selectFrom('users').innerJoin('persons', 'persons.id', 'users.personId').select(['persons.buildingId']).where('username', '=', 'resident').executeTakeFirstOrThrow()).buildingId!;
    const raised = await resident.post('/api/topics', { areaId: home, title: '楼道扶手', body: '楼梯扶手松动，希望加固。' });
    assert.equal(raised.statusCode, 201, raised.body);
    const topic = raised.json();
    assert.equal(topic.stage, 'raised');
    assert.deepEqual(topic.actions, ['withdraw']);
    expectProblem(await resident.post(`/api/topics/${topic.id}/transition`, { action: 'open_discussion' }), 403, 'topic.transition_forbidden');
    const step = async (action: string, extra: Record<string, string> = {}) => {
      const res = await staff.post(`/api/topics/${topic.id}/transition`, { action, ...extra });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    await step('open_discussion');
    const meeting = await staff.post('/api/meetings', {
      topicId: topic.id, title: '扶手加固协商', startsAt: soon(86_400_000), placeKind: 'hut', place: '塔坡社区党群服务中心', agenda: ['加固方案', '费用'],
      invitees: [{ name: '楼长' }, { personId: (await resident.json('/api/auth/me')).user.personId, role: '提议人' }],
    });
    assert.equal(meeting.statusCode, 201, meeting.body);
    assert.equal((await staff.json(`/api/topics/${topic.id}`)).stage, 'meeting_scheduled');
    const m = meeting.json();
    const badRecord = expectProblem(await staff.post(`/api/meetings/${m.id}/record`, { minutes: '纪要', attendance: [{ inviteeId: crypto.randomUUID(), attended: true }] }), 400);
    assert.equal(badRecord.fields[0].path, 'attendance.0.inviteeId');
    const held = await staff.post(`/api/meetings/${m.id}/record`, { minutes: '同意加固扶手，由物业实施。', decisions: ['加固全部楼层扶手'], attendance: m.invitees.map((i: Json) => ({ inviteeId: i.id, attended: true })) });
    assert.equal(held.statusCode, 200, held.body);
    assert.equal(held.json().status, 'held');
    assert.ok(held.json().invitees.every((i: Json) => i.attended === true));
    expectProblem(await staff.post(`/api/meetings/${m.id}/record`, { minutes: '再记一次' }), 409, 'meeting.not_scheduled');
    expectProblem(await staff.post(`/api/topics/${topic.id}/transition`, { action: 'decide' }), 400);
    await step('decide', { decision: '由物业在两周内加固扶手' });
    expectProblem(await staff.post(`/api/topics/${topic.id}/transition`, { action: 'finish', note: 'x' }), 409, 'topic.transition_not_allowed');
    await step('start_work', { note: '物业已进场' });
    expectProblem(await staff.post(`/api/topics/${topic.id}/transition`, { action: 'finish' }), 400);
    const done = await step('finish', { note: '已全部加固，居民验收' });
    assert.equal(done.stage, 'done');
    assert.equal(done.decision, '由物业在两周内加固扶手');
    assert.equal(done.followUp, '已全部加固，居民验收');
    assert.deepEqual(done.history.map((h: Json) => h.toStage), ['raised', 'discussing', 'meeting_scheduled', 'decided', 'being_carried_out', 'done']);
    assert.deepEqual(done.actions, []);
    expectProblem(await resident.post(`/api/topics/${topic.id}/comments`, { body: '谢谢' }), 409, 'topic.closed');
    // The resident sees the outcome and the meeting.
    const seen = await resident.json(`/api/topics/${topic.id}`);
    assert.equal(seen.meetings.length, 1);
    assert.equal((await resident.json(`/api/meetings/${m.id}`)).minutes, '同意加固扶手，由物业实施。');
  });

  it('opens the voting stage when a ballot is opened on a topic, and lets the raiser withdraw with a reason', async () => {
    const topic = (await staff.post('/api/topics', { areaId: tapo.id, title: '社区停车位', body: '讨论停车位分配' })).json();
    await staff.post(`/api/topics/${topic.id}/transition`, { action: 'open_discussion' });
    const ballot = await staff.post('/api/ballots', { title: '停车位分配方案', kind: 'yes_no', areaId: tapo.id, topicId: topic.id, closesAt: soon(WEEK) });
    assert.equal(ballot.statusCode, 201, ballot.body);
    const after = await staff.json(`/api/topics/${topic.id}`);
    assert.equal(after.stage, 'voting');
    assert.equal(after.ballots[0].id, ballot.json().id);
    const mine = (await resident.post('/api/topics', { areaId: tapo.id, title: '撤回测试', body: '内容' })).json();
    expectProblem(await resident.post(`/api/topics/${mine.id}/transition`, { action: 'withdraw' }), 400);
    assert.equal((await resident.post(`/api/topics/${mine.id}/transition`, { action: 'withdraw', note: '已自行解决' })).json().stage, 'withdrawn');
  });

  it('keeps residents to topics where they live, threads replies, counts supporters and lets staff moderate', async () => {
    const elsewhere = (await other.json('/api/areas/root')).items[0];
    expectProblem(await resident.post('/api/topics', { areaId: elsewhere.id, title: '别处', body: '不该成功' }), 400);
    const topic = (await resident.post('/api/topics', { areaId: tapo.id, title: '健身器材维修', body: '广场健身器材坏了' })).json();
    const neighbour = await person('邻居', { login: true });
    const withComment = (await neighbour.client!.post(`/api/topics/${topic.id}/comments`, { body: '同意，早点修' })).json();
    const c = withComment.comments[0];
    const reply = await resident.post(`/api/topics/${topic.id}/comments`, { body: '谢谢支持', parentId: c.id });
    assert.equal(reply.statusCode, 201, reply.body);
    assert.equal(reply.json().comments[1].parentId, c.id);
    const other2 = (await staff.post('/api/topics', { areaId: tapo.id, title: '另一个', body: 'x' })).json();
    const wrongParent = expectProblem(await resident.post(`/api/topics/${other2.id}/comments`, { body: '回复错了', parentId: c.id }), 400);
    assert.equal(wrongParent.fields[0].path, 'parentId');

    assert.equal((await neighbour.client!.post(`/api/topics/${topic.id}/support`)).json().supporterCount, 1);
    assert.equal((await neighbour.client!.post(`/api/topics/${topic.id}/support`)).json().supporterCount, 1);
    assert.equal((await resident.post(`/api/topics/${topic.id}/support`)).json().supporterCount, 2);
    assert.equal((await neighbour.client!.delete(`/api/topics/${topic.id}/support`)).json().supporterCount, 1);

    const spam = (await neighbour.client!.post(`/api/topics/${topic.id}/comments`, { body: '加微信买保健品' })).json().comments.at(-1);
    assert.equal((await resident.post(`/api/comments/${spam.id}/report`, { reason: '广告' })).statusCode, 200);
    expectProblem(await neighbour.client!.post(`/api/comments/${spam.id}/report`, { reason: '自己' }), 400);
    expectProblem(await resident.post(`/api/comments/${spam.id}/hide`, { reason: '广告' }), 403, 'topic.moderate_forbidden');
    expectProblem(await staff.post(`/api/comments/${spam.id}/hide`, {}), 400);
    const moderated = (await staff.post(`/api/comments/${spam.id}/hide`, { reason: '广告信息' })).json();
    const asStaff = moderated.comments.find((x: Json) => x.id === spam.id);
    assert.equal(asStaff.body, '加微信买保健品');
    assert.equal(asStaff.reportCount, 1);
    const asResident = (await resident.json(`/api/topics/${topic.id}`)).comments.find((x: Json) => x.id === spam.id);
    assert.equal(asResident.hidden, true);
    assert.equal(asResident.body, null);
    assert.equal(asResident.hiddenReason, '广告信息');
    assert.equal((await staff.post(`/api/comments/${spam.id}/unhide`)).json().comments.find((x: Json) => x.id === spam.id).hidden, false);
    expectProblem(await other.get(`/api/topics/${topic.id}`), 404, 'topic.not_found');
    expectProblem(await other.post(`/api/comments/${spam.id}/hide`, { reason: 'x' }), 404);
  });

  it('refuses every transition the table does not allow from each stage (409)', async () => {
    const paths: Record<string, string[]> = {
      raised: [],
      discussing: ['open_discussion'],
      meeting_scheduled: ['schedule_meeting'],
      voting: ['open_discussion', 'start_voting'],
      decided: ['open_discussion', 'decide'],
      being_carried_out: ['open_discussion', 'decide', 'start_work'],
      done: ['open_discussion', 'decide', 'start_work', 'finish'],
      withdrawn: ['withdraw'],
    };
    const allowed: Record<string, string[]> = {
      raised: ['open_discussion', 'schedule_meeting', 'withdraw'],
      discussing: ['schedule_meeting', 'start_voting', 'decide', 'withdraw'],
      meeting_scheduled: ['start_voting', 'decide'],
      voting: ['decide'],
      decided: ['start_work'],
      being_carried_out: ['finish'],
      done: [],
      withdrawn: [],
    };
    const all = ['open_discussion', 'schedule_meeting', 'start_voting', 'decide', 'start_work', 'finish', 'withdraw'];
    const extra = { note: '说明', decision: '决定' };
    for (const [stage, path] of Object.entries(paths)) {
      const topic = (await staff.post('/api/topics', { areaId: tapo.id, title: `状态 ${stage}`, body: 'x' })).json();
      for (const action of path) assert.equal((await staff.post(`/api/topics/${topic.id}/transition`, { action, ...extra })).statusCode, 200, `${action} towards ${stage}`);
      const d = await staff.json(`/api/topics/${topic.id}`);
      assert.equal(d.stage, stage);
      assert.deepEqual([...d.actions].sort(), [...allowed[stage]!].sort(), stage);
      for (const action of all.filter((a) => !allowed[stage]!.includes(a))) {
        expectProblem(await staff.post(`/api/topics/${topic.id}/transition`, { action, ...extra }), 409, 'topic.transition_not_allowed');
      }
    }
  });
});
