// Demo party data: working party members reported to the communities where they live (nearly
// 20,000 at full scale), compound party branches (333) with resident members, a secretary and an
// activity each, every community's service list, and claims on it, the finished ones in the hours
// ledger. The demo `volunteer` account is an accepted member in Tapo with one item taken.
import { sql } from 'kysely';
import { chinaToday } from '@linli/contracts';
import type { DemoExtra } from '../demo/extras.ts';
import { DEFAULT_SEED } from '../demo/seed.ts';
import { Random } from '../demo/random.ts';
import { daysBefore, demoLedger } from '../volunteering/demo.ts';
import './tables.ts';

function scaled(full: number, scale: number, min: number): number {
  return Math.max(min, Math.round(full * scale ** (Math.log(10) / Math.log(50))));
}

const ITEMS = [
  ['探访独居长者', 'elder_visit', '每周上门探访一次，了解长者近况'],
  ['认领困难群众微心愿', 'wish', '从共享小屋认领一个微心愿并完成'],
  ['文明创建巡查', 'patrol', '周末巡查小区环境卫生与消防通道'],
  ['四点半课堂辅导', 'tutoring', '工作日傍晚辅导小学生功课'],
  ['小区环境清洁日', 'environment', '每月第一个周六清理楼道杂物'],
  ['邻里纠纷调解', 'mediation', '协助社区调解邻里纠纷'],
  ['反诈宣传进小区', 'publicity', '向长者讲解防范电信诈骗'],
] as const;
const WORK_UNITS = ['区城管局', '区卫健局', '区教育局', '祖庙街道办事处', '佛山供电局', '佛山市第一人民医院', '禅城区人民法院', '佛山农商银行', '佛山陶瓷集团', '区税务局', '石湾镇街道办事处', '佛山市公安局禅城分局'];

export const partyDemo: DemoExtra = {
  name: 'party members, branches and service lists',
  async seed(db, districtId, { scale }) {
    const q = db.q;
    if (await q.selectFrom('partyServiceItems').select('id').where('districtId', '=', districtId).limit(1).executeTakeFirst()) return;
    const random = new Random(DEFAULT_SEED, 'party');
    const today = chinaToday();
    const communities = await q.selectFrom('areas').select(['id', 'name', 'path']).where('districtId', '=', districtId).where('level', '=', 'community').orderBy('code').execute();
    const tapo = communities.find((c) => c.name === '塔坡社区') ?? communities[0]!;

    // The service list: three or four items per community.
    const items: { id: string; communityId: string; areaPath: string; title: string; slots: number }[] = [];
    const itemRows = [];
    for (const c of communities) {
      for (const [title, category, description] of random.shuffle([...ITEMS]).slice(0, random.int(3, 4))) {
        const item = { id: random.uuid(), communityId: c.id, areaPath: c.path, title, slots: random.int(2, 8) };
        items.push(item);
        itemRows.push({ districtId, ...item, description, category });
      }
    }
    for (let i = 0; i < itemRows.length; i += 500) await q.insertInto('partyServiceItems').values(itemRows.slice(i, i + 500)).execute();

    // Working members: residents of working age without an account.
    const count = scaled(20_000, scale, 30);
    const people = await q
      .selectFrom('persons as p')
      .select(['p.id', 'p.name', 'p.areaPath'])
      .where('p.districtId', '=', districtId)
      .where('p.status', '=', 'active')
      .where('p.birthDate', '<=', daysBefore(today, 23 * 366))
      .where('p.birthDate', '>=', daysBefore(today, 60 * 365))
      .where(sql<boolean>`not exists (select 1 from users u where u.person_id = p.id)`)
      .orderBy(sql`md5(p.id::text)`)
      .limit(count)
      .execute();
    const communityOf = (path: string) => communities.find((c) => path.startsWith(c.path))!;
    const members: { id: string; personId: string; name: string; areaPath: string; communityId: string; communityPath: string; status: 'active' | 'pending' }[] = [];
    const rows = [];
    for (const p of people) {
      const c = communityOf(p.areaPath);
      const workUnit = random.pick(WORK_UNITS);
      const status = random.chance(0.06) ? ('pending' as const) : ('active' as const);
      const id = random.uuid();
      members.push({ id, personId: p.id, name: p.name, areaPath: p.areaPath, communityId: c.id, communityPath: c.path, status });
      rows.push({
        districtId,
        id,
        userId: null,
        personId: p.id,
        name: p.name,
        kind: 'in_service' as const,
        workUnit,
        homeOrg: `${workUnit}机关党支部`,
        communityId: c.id,
        areaPath: c.path,
        status,
        reportedAt: new Date(Date.parse(`${daysBefore(today, random.int(10, 700))}T09:00:00+08:00`)),
        decidedAt: status === 'active' ? new Date() : null,
      });
    }
    for (let i = 0; i < rows.length; i += 500) await q.insertInto('partyMembers').values(rows.slice(i, i + 500)).execute();

    // The demo volunteer account reported to Tapo and was accepted.
    const volunteer = await q.selectFrom('users').select(['id', 'displayName']).where('districtId', '=', districtId).where('username', '=', 'volunteer').executeTakeFirst();
    let volunteerMember: string | null = null;
    if (volunteer) {
      volunteerMember = random.uuid();
      await q
        .insertInto('partyMembers')
        .values({ districtId, id: volunteerMember, userId: volunteer.id, personId: null, name: volunteer.displayName, kind: 'in_service', workUnit: '区城管局', homeOrg: '区城管局机关党支部', communityId: tapo.id, areaPath: tapo.path, status: 'active', decidedAt: new Date() })
        .execute();
    }

    // Claims on the service list; about half are done, and their time is in the hours ledger.
    const ledger = await demoLedger(db, districtId);
    const taken = new Map<string, number>();
    const claims = [];
    for (const m of members.filter((x) => x.status === 'active')) {
      if (!random.chance(0.4)) continue;
      const item = random.pick(items.filter((i) => i.communityId === m.communityId));
      if ((taken.get(item.id) ?? 0) >= item.slots) continue;
      taken.set(item.id, (taken.get(item.id) ?? 0) + 1);
      const done = random.chance(0.5);
      const minutes = random.int(2, 6) * 30;
      claims.push({ districtId, itemId: item.id, memberId: m.id, status: done ? ('done' as const) : ('claimed' as const), doneAt: done ? new Date() : null, minutes: done ? minutes : null });
      if (done) {
        const volunteerId = ledger.volunteerFor({ id: m.personId, name: m.name, areaPath: m.areaPath });
        ledger.add({ volunteerId, source: 'service_item', sourceId: item.id, minutes, servedOn: daysBefore(today, random.int(3, 200)), description: item.title, areaPath: item.areaPath, teamId: null, projectId: null, status: 'approved', recordedByName: 'system:party' });
      }
    }
    if (volunteerMember) {
      const item = items.find((i) => i.communityId === tapo.id)!;
      claims.push({ districtId, itemId: item.id, memberId: volunteerMember, status: 'claimed' as const, doneAt: null, minutes: null });
    }
    for (let i = 0; i < claims.length; i += 500) await q.insertInto('partyServiceClaims').values(claims.slice(i, i + 500)).execute();
    await ledger.flush();

    // Compound branches, each with a few resident party members, a secretary and an activity.
    const compounds = await q.selectFrom('areas').select(['id', 'name', 'path']).where('districtId', '=', districtId).where('level', '=', 'compound').orderBy('code').execute();
    const first = compounds.filter((k) => k.path.startsWith(tapo.path)).slice(0, 1);
    const chosen = [...first, ...random.shuffle(compounds.filter((k) => !first.includes(k))).slice(0, scaled(333, scale, 6) - first.length)];
    const candidates = await q
      .selectFrom('persons as p')
      .select(['p.id', 'p.name', 'p.areaPath'])
      .where('p.districtId', '=', districtId)
      .where('p.status', '=', 'active')
      .where('p.birthDate', '<=', daysBefore(today, 30 * 366))
      .where(sql<boolean>`split_part(p.area_path, '/', 4) in (${sql.join(chosen.map((k) => k.id))})`)
      .where(sql<boolean>`not exists (select 1 from users u where u.person_id = p.id)`)
      .where(sql<boolean>`not exists (select 1 from party_members m where m.district_id = p.district_id and m.person_id = p.id)`)
      .orderBy('p.id')
      .execute();
    const names = new Set<string>();
    const branches = [];
    const branchMembers = [];
    const activities = [];
    const attendees = [];
    for (const k of chosen) {
      const c = communityOf(k.path);
      const name = names.has(`${k.name}党支部`) ? `${c.name}${k.name}党支部` : `${k.name}党支部`;
      names.add(name);
      const branchId = random.uuid();
      const residents = candidates.filter((p) => p.areaPath.startsWith(k.path)).slice(0, random.int(3, 6));
      const ids = residents.map(() => random.uuid());
      branches.push({ districtId, id: branchId, communityId: c.id, compoundId: k.id, areaPath: k.path, name, kind: 'compound_branch' as const, secretaryId: ids[0] ?? null, foundedOn: `${random.int(2018, 2023)}-07-01` });
      branchMembers.push(...residents.map((p, i) => ({ districtId, id: ids[i]!, userId: null, personId: p.id, name: p.name, kind: 'resident' as const, homeOrg: name, communityId: c.id, areaPath: c.path, branchId, status: 'active' as const, decidedAt: new Date() })));
      if (!residents.length) continue;
      const activityId = random.uuid();
      activities.push({ districtId, id: activityId, branchId, title: random.pick(['主题党日：清洁家园', '小区议事会', '党员志愿服务日', '学习交流会']), heldOn: daysBefore(today, random.int(5, 90)), place: '小区共享小屋' });
      attendees.push(...ids.map((memberId) => ({ districtId, activityId, memberId })));
    }
    for (let i = 0; i < branches.length; i += 500) await q.insertInto('partyBranches').values(branches.slice(i, i + 500)).execute();
    for (let i = 0; i < branchMembers.length; i += 500) await q.insertInto('partyMembers').values(branchMembers.slice(i, i + 500)).execute();
    for (let i = 0; i < activities.length; i += 500) await q.insertInto('partyBranchActivities').values(activities.slice(i, i + 500)).execute();
    for (let i = 0; i < attendees.length; i += 500) await q.insertInto('partyActivityAttendees').values(attendees.slice(i, i + 500)).execute();
  },
};
