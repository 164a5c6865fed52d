// Demo needs and offers: in Tapo and Lihao, needs staff posted for vulnerable residents and one the
// demo resident posted; offers from the demo volunteer (a party member), the neighbour and the
// social workers' centre, so rankings have something to explain. Seeded and idempotent.
import { type Insertable, sql } from 'kysely';
import { type SkillCode, chinaToday } from '@linli/contracts';
import type { DemoExtra } from '../demo/extras.ts';
import { demoId } from '../sharing/demo.ts';
import { targetGroupOf } from './engine.ts';
import type { NeedsTable, OffersTable } from './tables.ts';

const NEEDS: [SkillCode, string, string][] = [
  ['plumbing', '厨房水管漏水', '水槽下面一直滴水，自己弯不下腰'],
  ['shopping', '每周代买一次米和菜', '腿脚不便，下楼困难'],
  ['hospital_escort', '下周二去第一人民医院复诊', '需要有人陪同挂号取药'],
  ['phone_help', '手机收不到健康码', '子女不在身边，不会设置'],
  ['appliance_repair', '电饭煲不加热', ''],
  ['chatting', '想找人聊聊天', '老伴去世后很少出门'],
];

export const matchingDemo: DemoExtra = {
  name: 'needs and offers',
  async seed(db, districtId) {
    const q = db.q;
    if (await q.selectFrom('needs').select('id').where('districtId', '=', districtId).limit(1).executeTakeFirst()) return;
    const year = Number(chinaToday().slice(0, 4));
    const users = await q
      .selectFrom('users as u')
      .leftJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'u.districtId').onRef('p.id', '=', 'u.personId'))
      .leftJoin('areas as b', (j) => j.onRef('b.districtId', '=', 'p.districtId').onRef('b.id', '=', 'p.buildingId'))
      .select(['u.id', 'u.username', 'u.displayName', 'p.id as personId', 'p.areaPath', 'p.birthDate', 'p.tags', 'b.lat', 'b.lon'])
      .where('u.districtId', '=', districtId)
      .where('u.username', 'in', ['community', 'community2', 'volunteer', 'neighbour', 'provider', 'resident'])
      .execute();
    const user = (name: string) => users.find((u) => u.username === name);
    const communities = await q.selectFrom('areas').select(['id', 'name', 'path', 'lat', 'lon']).where('districtId', '=', districtId).where('name', 'in', ['塔坡社区', '丽豪社区']).execute();
    const tapo = communities.find((c) => c.name === '塔坡社区');
    const lihao = communities.find((c) => c.name === '丽豪社区');
    if (!tapo || !lihao) return;

    const offers: Insertable<OffersTable>[] = [];
    const offer = (u: (typeof users)[number] | undefined, kind: string, title: string, skills: SkillCode[], availability: string[], targetGroups: string[], capacity: number) => {
      if (!u) return;
      offers.push({
        districtId, id: demoId('offer', u.id, title), helperUserId: u.id, helperName: u.displayName, helperKind: kind, title, details: '', skills, availability,
        communityIds: [tapo.id], areaPaths: [tapo.path], targetGroups, capacity, lat: u.lat ?? tapo.lat, lon: u.lon ?? tapo.lon,
      });
    };
    offer(user('volunteer'), 'party_member', '教长者用智能手机、网上预约', ['phone_help', 'online_booking', 'video_calls'], ['weekend', 'weekday_evening'], ['elderly'], 3);
    offer(user('volunteer'), 'party_member', '陪同就医、聊天陪伴', ['hospital_escort', 'chatting'], ['weekend'], ['elderly', 'disabled'], 2);
    offer(user('neighbour'), 'resident', '上门理发', ['haircut'], ['weekend'], ['all_residents'], 3);
    offer(user('neighbour'), 'resident', '代买米面蔬菜', ['shopping', 'delivery'], ['weekday_evening', 'weekend'], ['elderly'], 2);
    offer(user('provider'), 'organisation', '家综维修小分队', ['plumbing', 'electrical', 'appliance_repair'], ['on_call'], ['all_residents'], 5);
    if (offers.length) await q.insertInto('offers').values(offers).execute();

    // Needs staff posted for vulnerable residents of Tapo and Lihao.
    const vulnerable = await q
      .selectFrom('persons as p')
      .leftJoin('areas as b', (j) => j.onRef('b.districtId', '=', 'p.districtId').onRef('b.id', '=', 'p.buildingId'))
      .select(['p.id', 'p.areaPath', 'p.birthDate', 'p.tags', 'b.lat', 'b.lon'])
      .where('p.districtId', '=', districtId)
      .where('p.status', '=', 'active')
      .where((eb) => eb.or([eb('p.areaPath', 'like', `${tapo.path}%`), eb('p.areaPath', 'like', `${lihao.path}%`)]))
      .where(sql<boolean>`p.tags && array['living_alone','disabled','low_income','empty_nest']`)
      .where(sql<boolean>`not exists (select 1 from users u where u.person_id = p.id)`)
      .orderBy(sql`md5(p.id::text)`)
      .limit(8)
      .execute();
    const needs: Insertable<NeedsTable>[] = [];
    for (const [i, p] of vulnerable.entries()) {
      const c = p.areaPath.startsWith(tapo.path) ? tapo : lihao;
      const staff = user(c === tapo ? 'community' : 'community2');
      const [skill, title, details] = NEEDS[i % NEEDS.length]!;
      needs.push({
        districtId, id: demoId('need', p.id), personId: p.id, communityId: c.id, areaPath: p.areaPath, postedBy: staff?.id ?? null, postedByName: staff?.displayName ?? `${c.name}工作人员`,
        skill, title, details, availability: ['weekend'], targetGroup: targetGroupOf({ age: year - Number(p.birthDate.slice(0, 4)), tags: p.tags }), lat: p.lat ?? c.lat, lon: p.lon ?? c.lon,
      });
    }
    const me = user('resident');
    if (me?.personId && me.areaPath) {
      needs.push({
        districtId, id: demoId('need', me.personId), personId: me.personId, communityId: tapo.id, areaPath: me.areaPath, postedBy: me.id, postedByName: me.displayName,
        skill: 'online_booking' as SkillCode, title: '学会在手机上预约疫苗', details: '子女不在身边，防疫信息常常收不到', availability: ['weekend', 'weekday_evening'], targetGroup: 'elderly', lat: me.lat ?? tapo.lat, lon: me.lon ?? tapo.lon,
      });
    }
    if (needs.length) await q.insertInto('needs').values(needs).execute();
  },
};
