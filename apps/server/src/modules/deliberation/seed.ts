// Demo deliberation in 塔坡社区: the property units and owners of the demo resident's building
// (co-owners, a buyer with several units, the developer's unsold units) with a login per owner,
// an open owners' ballot on installing a lift (加装电梯), an ordinary community ballot, a finished
// ballot the clock closes on first sight, and topics with comments, history and a meeting.
import crypto from 'node:crypto';
import type { Database } from '../../platform/db/database.ts';
import type { DemoExtra } from '../demo/extras.ts';
import { groupElectorate } from './art278.ts';
import { m2ToCm2 } from './fraction.ts';
import { sealResult } from './results.ts';
import './tables.ts';

/** Deterministic ids, so the demo is the same on every run. */
function stableId(...parts: string[]): string {
  const h = crypto.createHash('sha256').update(['deliberation', ...parts].join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const UNITS: [string, string][] = [
  ['101', '65.20'], ['102', '78.45'], ['201', '72.35'], ['202', '86.40'], ['301', '72.35'], ['302', '86.40'],
  ['401', '72.35'], ['402', '86.40'], ['501', '72.35'], ['502', '86.40'], ['601', '96.80'], ['602', '112.65'],
];
export const DEMO_DEVELOPER = '禅城安居置业有限公司';
export const LIFT_BALLOT_ID = stableId('ballot', 'lift');

const DAY = 86_400_000;
const YES_NO = [
  { id: 'yes', label: '同意' },
  { id: 'no', label: '反对' },
  { id: 'abstain', label: '弃权' },
];

export const deliberationDemo: DemoExtra = {
  name: 'deliberation (units, owners, ballots, topics)',
  async seed(db: Database, districtId: string) {
    const q = db.q;
    const resident = await q
      .selectFrom('users as u')
      .innerJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'u.districtId').onRef('p.id', '=', 'u.personId'))
      .select(['u.id as userId', 'u.passwordHash', 'u.displayName', 'p.id as personId', 'p.buildingId', 'p.areaPath', 'p.householdId'])
      .where('u.districtId', '=', districtId)
      .where('u.username', '=', 'resident')
      .executeTakeFirst();
    if (!resident?.buildingId) return;
    if (await q.selectFrom('propertyUnits').select('id').where('districtId', '=', districtId).where('buildingId', '=', resident.buildingId).executeTakeFirst()) return;
    const staff = await q.selectFrom('users').select(['id', 'displayName']).where('districtId', '=', districtId).where('username', '=', 'community').executeTakeFirst();
    if (!staff) return;

    const building = await q.selectFrom('areas').select(['id', 'name', 'path', 'parentId']).where('districtId', '=', districtId).where('id', '=', resident.buildingId).executeTakeFirstOrThrow();
    const compound = await q.selectFrom('areas').select(['id', 'name', 'path']).where('districtId', '=', districtId).where('id', '=', building.parentId!).executeTakeFirstOrThrow();
    const communityPath = building.path.split('/').slice(0, 3).join('/') + '/';
    const community = await q.selectFrom('areas').select(['id', 'name', 'path']).where('districtId', '=', districtId).where('path', '=', communityPath).executeTakeFirstOrThrow();
    const now = Date.now();
    const adultCutoff = new Date(now - 18 * 365.25 * DAY).toISOString().slice(0, 10);
    const adults = await q
      .selectFrom('persons')
      .select(['id', 'name', 'householdId', 'buildingId'])
      .where('districtId', '=', districtId)
      .where('areaPath', 'like', `${communityPath}%`)
      .where('status', '=', 'active')
      .where('birthDate', '<=', adultCutoff)
      .where('id', '!=', resident.personId)
      .orderBy('householdId')
      .orderBy('id')
      .execute();

    // Owner groups, in the order units are handed out: the demo resident alone; each other
    // household of the building (its first two adults as co-owners, half each); a buyer of three
    // units living elsewhere in the community; a couple living elsewhere; single owners; and the
    // developer keeps what is left (at least the last two units, unsold).
    const households = new Map<string, typeof adults>();
    for (const a of adults) households.set(a.householdId ?? a.id, [...(households.get(a.householdId ?? a.id) ?? []), a]);
    const inBuilding = [...households.values()].filter((h) => h[0]!.buildingId === resident.buildingId);
    const elsewhere = [...households.values()].filter((h) => h[0]!.buildingId !== resident.buildingId);
    const couple = elsewhere.find((h) => h.length >= 2);
    const singles = elsewhere.flatMap((h) => (h === couple ? h.slice(2) : h));
    const buyer = singles.shift();
    type Group = { owners: { id: string; name: string }[]; units: number };
    const groups: Group[] = [{ owners: [{ id: resident.personId, name: resident.displayName }], units: 1 }];
    for (const h of inBuilding) groups.push({ owners: h.slice(0, 2), units: 1 });
    if (buyer) groups.push({ owners: [buyer], units: 3 });
    if (couple) groups.push({ owners: couple.slice(0, 2), units: 1 });
    for (const s of singles) groups.push({ owners: [s], units: 1 });

    const units: { id: string; label: string; areaCm2: bigint; ownerType: 'persons' | 'developer'; developerName: string | null; owners: { personId: string; name: string }[] }[] = [];
    let next = 0;
    for (const g of groups) {
      if (next + g.units > UNITS.length - 2) break;
      for (let k = 0; k < g.units; k++, next++) {
        const [label, m2] = UNITS[next]!;
        units.push({ id: stableId('unit', building.id, label), label, areaCm2: m2ToCm2(m2), ownerType: 'persons', developerName: null, owners: g.owners.map((o) => ({ personId: o.id, name: o.name })) });
      }
    }
    for (; next < UNITS.length; next++) {
      const [label, m2] = UNITS[next]!;
      units.push({ id: stableId('unit', building.id, label), label, areaCm2: m2ToCm2(m2), ownerType: 'developer', developerName: DEMO_DEVELOPER, owners: [] });
    }
    await q
      .insertInto('propertyUnits')
      .values(units.map((u) => ({ districtId, id: u.id, buildingId: building.id, areaPath: building.path, label: u.label, areaCm2: Number(u.areaCm2), ownerType: u.ownerType, developerName: u.developerName })))
      .execute();
    const ownerRows = units.flatMap((u) => u.owners.map((o) => ({ districtId, unitId: u.id, personId: o.personId, shareNum: 1, shareDen: u.owners.length })));
    if (ownerRows.length) await q.insertInto('unitOwners').values(ownerRows).execute();

    // A login for every owner of the building (owner1, owner2, ...), so owners can vote online.
    const ownerPersons = [...new Map(units.flatMap((u) => u.owners).map((o) => [o.personId, o])).values()].filter((o) => o.personId !== resident.personId);
    const linked = new Set((await q.selectFrom('users').select('personId').where('districtId', '=', districtId).where('personId', 'in', ownerPersons.length ? ownerPersons.map((o) => o.personId) : ['00000000-0000-0000-0000-000000000000']).execute()).map((u) => u.personId));
    let n = 0;
    for (const o of ownerPersons) {
      n++;
      if (linked.has(o.personId)) continue;
      const userId = stableId('user', o.personId);
      await q.insertInto('users').values({ id: userId, districtId, username: `owner${n}`, passwordHash: resident.passwordHash, displayName: o.name, personId: o.personId }).onConflict((oc) => oc.column('username').doNothing()).execute();
      await q.insertInto('roleAssignments').values({ districtId, id: stableId('role', o.personId), userId, role: 'resident', areaId: null, gridId: null, orgId: null, grantedBy: null }).onConflict((oc) => oc.columns(['districtId', 'id']).doNothing()).execute();
    }

    // Topics: the lift (building) and the rubbish point (compound).
    const liftTopic = stableId('topic', 'lift');
    const rubbishTopic = stableId('topic', 'rubbish');
    await q
      .insertInto('topics')
      .values([
        {
          districtId, id: liftTopic, areaId: building.id, areaPath: building.path, title: `${compound.name}${building.name}加装电梯`,
          body: '楼里老人多，上下楼困难。建议按照佛山市既有住宅增设电梯的办法，由业主表决后申请加装电梯，费用按楼层分摊。',
          stage: 'voting', raisedBy: resident.userId, raisedByName: resident.displayName, supporterCount: 1, commentCount: 3,
          createdAt: new Date(now - 10 * DAY), updatedAt: new Date(now - 2 * DAY), version: 5,
        },
        {
          districtId, id: rubbishTopic, areaId: compound.id, areaPath: compound.path, title: `${compound.name}垃圾分类投放点异味`,
          body: '夏天垃圾投放点气味很大，能否增加清运次数、加装洗手池？',
          stage: 'discussing', raisedBy: staff.id, raisedByName: staff.displayName, supporterCount: 1, commentCount: 2,
          createdAt: new Date(now - 5 * DAY), updatedAt: new Date(now - 4 * DAY), version: 2,
        },
      ])
      .execute();
    const history = [
      { topicId: liftTopic, action: 'raise', fromStage: null, toStage: 'raised', byUser: resident.userId, byName: resident.displayName, note: null, at: new Date(now - 10 * DAY) },
      { topicId: liftTopic, action: 'open_discussion', fromStage: 'raised', toStage: 'discussing', byUser: staff.id, byName: staff.displayName, note: '已联系楼长收集意见', at: new Date(now - 9 * DAY) },
      { topicId: liftTopic, action: 'schedule_meeting', fromStage: 'discussing', toStage: 'meeting_scheduled', byUser: staff.id, byName: staff.displayName, note: '加装电梯协商会', at: new Date(now - 7 * DAY) },
      { topicId: liftTopic, action: 'start_voting', fromStage: 'meeting_scheduled', toStage: 'voting', byUser: staff.id, byName: staff.displayName, note: '业主表决', at: new Date(now - 2 * DAY) },
      { topicId: rubbishTopic, action: 'raise', fromStage: null, toStage: 'raised', byUser: staff.id, byName: staff.displayName, note: null, at: new Date(now - 5 * DAY) },
      { topicId: rubbishTopic, action: 'open_discussion', fromStage: 'raised', toStage: 'discussing', byUser: staff.id, byName: staff.displayName, note: null, at: new Date(now - 4 * DAY) },
    ];
    await q.insertInto('topicHistory').values(history.map((h) => ({ districtId, ...h }))).execute();
    const firstOwnerUser = ownerPersons[0] && !linked.has(ownerPersons[0].personId) ? { id: stableId('user', ownerPersons[0].personId), name: ownerPersons[0].name } : { id: staff.id, name: staff.displayName };
    const c1 = stableId('comment', 'lift', '1');
    await q
      .insertInto('topicComments')
      .values([
        { districtId, id: c1, topicId: liftTopic, parentId: null, authorId: resident.userId, authorName: resident.displayName, body: '我住一楼也支持，楼上的老邻居出门太难了。', createdAt: new Date(now - 9 * DAY) },
        { districtId, id: stableId('comment', 'lift', '2'), topicId: liftTopic, parentId: c1, authorId: firstOwnerUser.id, authorName: firstOwnerUser.name, body: '费用怎么分摊？希望会上讲清楚。', createdAt: new Date(now - 8 * DAY) },
        { districtId, id: stableId('comment', 'lift', '3'), topicId: liftTopic, parentId: null, authorId: staff.id, authorName: staff.displayName, body: '协商会定在社区党群服务中心，分摊方案会上公示。', createdAt: new Date(now - 8 * DAY) },
        { districtId, id: stableId('comment', 'rubbish', '1'), topicId: rubbishTopic, parentId: null, authorId: resident.userId, authorName: resident.displayName, body: '建议晚上八点前清运一次。', createdAt: new Date(now - 4 * DAY) },
        {
          districtId, id: stableId('comment', 'rubbish', '2'), topicId: rubbishTopic, parentId: null, authorId: firstOwnerUser.id, authorName: firstOwnerUser.name, body: '（广告）专业除臭，电话……',
          hidden: true, hiddenReason: '广告内容', hiddenBy: staff.id, hiddenAt: new Date(now - 4 * DAY), reportCount: 1, createdAt: new Date(now - 4 * DAY),
        },
      ])
      .execute();
    await q.insertInto('topicSupporters').values([{ districtId, topicId: liftTopic, userId: resident.userId }, { districtId, topicId: rubbishTopic, userId: resident.userId }]).execute();

    // The meeting that discussed the lift, held in the community's shared hut.
    const meetingId = stableId('meeting', 'lift');
    await q
      .insertInto('meetings')
      .values({
        districtId, id: meetingId, topicId: liftTopic, areaId: building.id, areaPath: building.path, title: '加装电梯协商会', startsAt: new Date(now - 5 * DAY),
        placeKind: 'hut', place: `${community.name}党群服务中心 议事厅`, agenda: JSON.stringify(['介绍加装电梯方案与审批流程', '费用分摊方案（按楼层系数）', '低层业主补偿意见', '确定业主表决时间']),
        status: 'held', minutes: '到会业主就加装电梯方案充分讨论。一楼业主关注采光与噪音，同意在表决前公示补偿方案。会议同意启动业主表决。',
        decisions: JSON.stringify(['启动业主表决，投票期两周', '费用按楼层系数分摊，一楼不分摊']), createdBy: staff.id, createdByName: staff.displayName,
      })
      .execute();
    const invitees = ownerPersons.slice(0, 6).map((o, i) => ({ districtId, meetingId, id: stableId('invitee', o.personId), personId: o.personId, name: o.name, role: '业主', attended: i % 3 !== 2 }));
    invitees.push({ districtId, meetingId, id: stableId('invitee', resident.personId), personId: resident.personId, name: resident.displayName, role: '业主', attended: true });
    await q.insertInto('meetingInvitees').values(invitees).execute();

    // The owners' ballot on the lift: open, live results, open voting (owners' ballots often are).
    const electors = groupElectorate(units);
    const opensAt = new Date(now - 2 * DAY);
    await q
      .insertInto('ballots')
      .values({
        districtId, id: LIFT_BALLOT_ID, topicId: liftTopic, areaId: building.id, areaPath: building.path, title: `${building.name}加装电梯业主表决`,
        description: '依据《民法典》第二百七十八条，加装电梯属改建建筑物及其附属设施，须经专有部分面积和人数均占三分之二以上的业主参与表决，并经参与表决专有部分面积和人数均四分之三以上的业主同意。',
        kind: 'owners', matter: 'alter_or_rebuild', options: JSON.stringify(YES_NO), maxChoices: 1, opensAt, closesAt: new Date(now + 14 * DAY),
        resultsVisibility: 'live', secrecy: 'open', status: 'open', createdBy: staff.id, createdByName: staff.displayName, createdAt: opensAt,
      })
      .execute();
    await q
      .insertInto('ballotElectors')
      .values(electors.map((e) => ({ districtId, ballotId: LIFT_BALLOT_ID, electorKey: e.key, kind: e.kind, personIds: e.personIds, label: e.label, unitLabels: e.unitLabels, areaCm2: Number(e.areaCm2) })))
      .execute();
    await q.insertInto('ballotHistory').values({ districtId, ballotId: LIFT_BALLOT_ID, action: 'create', fromStatus: null, toStatus: 'open', byUser: staff.id, byName: staff.displayName, note: null, at: opensAt }).execute();
    const developer = electors.find((e) => e.kind === 'developer');
    if (developer) {
      await q
        .insertInto('ballotVotes')
        .values({ districtId, ballotId: LIFT_BALLOT_ID, electorKey: developer.key, choices: ['yes'], method: 'paper', castByUser: staff.id, castByPerson: null, recordedByName: staff.displayName, note: '建设单位书面表决票', castAt: new Date(now - DAY) })
        .execute();
    }

    // An ordinary community ballot (secret, results after close) and one that has just ended.
    const adultsAll = [{ id: resident.personId, name: resident.displayName }, ...adults].sort((a, b) => (a.id < b.id ? -1 : 1));
    const squareId = stableId('ballot', 'square');
    const rulesId = stableId('ballot', 'rules');
    await q
      .insertInto('ballots')
      .values([
        {
          districtId, id: squareId, topicId: null, areaId: community.id, areaPath: community.path, title: `${community.name}文化广场改造方案`,
          description: '请选择您最支持的改造方案。投票不记名，截止后公布结果。', kind: 'single',
          options: JSON.stringify([{ id: 'o1', label: '增加长者健身器材' }, { id: 'o2', label: '扩建儿童游乐区' }, { id: 'o3', label: '增设遮阳休息长廊' }]), maxChoices: 1,
          opensAt: new Date(now - DAY), closesAt: new Date(now + 10 * DAY), resultsVisibility: 'after_close', secrecy: 'secret', status: 'open', createdBy: staff.id, createdByName: staff.displayName,
        },
        {
          districtId, id: rulesId, topicId: null, areaId: community.id, areaPath: community.path, title: `${community.name}居民公约修订`,
          description: '是否同意修订后的居民公约（增加文明养犬条款）？', kind: 'yes_no', options: JSON.stringify(YES_NO), maxChoices: 1,
          opensAt: new Date(now - 20 * DAY), closesAt: new Date(now - 6 * DAY), resultsVisibility: 'after_close', secrecy: 'secret', status: 'open', createdBy: staff.id, createdByName: staff.displayName,
        },
      ])
      .execute();
    for (const id of [squareId, rulesId]) {
      await q.insertInto('ballotElectors').values(adultsAll.map((p) => ({ districtId, ballotId: id, electorKey: `person:${p.id}`, kind: 'resident' as const, personIds: [p.id], label: p.name, unitLabels: [], areaCm2: null }))).execute();
      await q.insertInto('ballotHistory').values({ districtId, ballotId: id, action: 'create', fromStatus: null, toStatus: 'open', byUser: staff.id, byName: staff.displayName, note: null }).execute();
    }
    // The finished ballot: paper votes counted, closed at its time, its record frozen with a digest.
    const voters = adultsAll.filter((p) => p.id !== resident.personId).slice(0, Math.max(1, Math.ceil(adultsAll.length * 0.7)));
    const votes = voters.map((p, i) => ({ electorKey: `person:${p.id}`, choices: [i % 4 === 3 ? 'no' : 'yes'], method: 'paper' as const }));
    if (votes.length) {
      await q
        .insertInto('ballotVotes')
        .values(votes.map((v) => ({ districtId, ballotId: rulesId, ...v, castByUser: staff.id, castByPerson: null, recordedByName: staff.displayName, note: null, castAt: new Date(now - 10 * DAY) })))
        .execute();
    }
    const rulesClosesAt = new Date(now - 6 * DAY);
    const sealed = sealResult(
      { id: rulesId, title: `${community.name}居民公约修订`, kind: 'yes_no', matter: null, areaId: community.id, areaName: community.name, opensAt: new Date(now - 20 * DAY), closesAt: rulesClosesAt, closedAt: rulesClosesAt, secrecy: 'secret', options: YES_NO, maxChoices: 1 },
      adultsAll.map((p) => ({ electorKey: `person:${p.id}`, label: p.name, areaCm2: null })).sort((a, b) => (a.label < b.label ? -1 : 1)),
      [...votes].sort((a, b) => (a.electorKey < b.electorKey ? -1 : 1)),
    );
    await q.updateTable('ballots').set({ status: 'closed', closedAt: rulesClosesAt, result: JSON.stringify(sealed.result), resultDigest: sealed.digest }).where('districtId', '=', districtId).where('id', '=', rulesId).execute();
    await q.insertInto('ballotHistory').values({ districtId, ballotId: rulesId, action: 'close', fromStatus: 'open', toStatus: 'closed', byUser: null, byName: '系统', note: null, at: rulesClosesAt }).execute();
  },
};
