// Demo shared huts: one hut per community ("一屋一特色") with this month's and last month's theme,
// items on its shelves (about 190,000 at full scale), a few items lent from home in Tapo, and
// upcoming activities (about 6,300 a year at full scale). Adds the `neighbour` login: a Tapo
// resident from another household, so lending between neighbours can be tried. Seeded, idempotent.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { chinaToday } from '@linli/contracts';
import type { DemoExtra } from '../demo/extras.ts';
import { DEFAULT_SEED } from '../demo/seed.ts';
import { Random } from '../demo/random.ts';
import './tables.ts';

/** A uuid from names, so the demo is the same on every run. */
export function demoId(...parts: string[]): string {
  const h = crypto.createHash('sha256').update(['sharing', ...parts].join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const THEMES = ['粤剧文化月', '亲子陶艺月', '邻里守望月', '防诈宣传月', '夏日清凉月', '敬老爱老月', '垃圾分类月', '家风家训月', '健康义诊月', '书香阅读月', '手工编织月', '迎春写挥春'];

/** [title, category, condition, deposit in fen, max days] */
const HUT_ITEMS: [string, string, string, number, number][] = [
  ['折叠桌椅一套', 'party', 'good', 0, 3],
  ['轮椅', 'mobility', 'good', 20000, 14],
  ['助行器', 'mobility', 'fair', 5000, 14],
  ['梯子（2米）', 'tools', 'good', 5000, 3],
  ['电钻', 'tools', 'good', 10000, 3],
  ['工具箱', 'tools', 'fair', 0, 5],
  ['血压计', 'electronics', 'good', 5000, 7],
  ['帐篷', 'outdoor', 'good', 10000, 5],
  ['婴儿推车', 'children', 'fair', 10000, 14],
  ['儿童绘本一箱', 'books', 'worn', 0, 21],
  ['电饭煲（大号）', 'kitchen', 'good', 0, 3],
  ['烧烤炉', 'outdoor', 'fair', 5000, 3],
  ['投影仪', 'electronics', 'good', 30000, 3],
  ['缝纫机', 'other', 'good', 10000, 7],
  ['雨伞', 'other', 'fair', 0, 7],
  ['扩音器', 'electronics', 'good', 5000, 3],
];

const ACTIVITIES: [string, string, string, number, [string, number][]][] = [
  ['长者智能手机课堂', '数字助老', '教长者使用健康码、视频通话和网上挂号', 20, [['助教', 4], ['签到', 1]]],
  ['四点半课堂', '邻里互助', '工作日傍晚为双职工家庭的孩子辅导功课', 25, [['辅导员', 5]]],
  ['陶文化亲子体验', '亲子陶艺月', '社工带领小朋友认识石湾陶艺，动手捏陶', 30, [['小组带领', 10]]],
  ['邻里百家宴', '邻里节', '每家带一道菜，认识楼上楼下', 60, [['摆台', 4], ['摄影', 1], ['签到', 2]]],
  ['义剪服务日', '敬老爱老月', '为社区长者免费理发', 40, [['理发师', 3], ['引导', 2]]],
  ['防诈骗讲座', '防诈宣传月', '民警讲解常见电信诈骗手法', 50, [['签到', 2]]],
];

export const sharingDemo: DemoExtra = {
  name: 'shared huts, items and activities',
  async seed(db, districtId, { scale }) {
    const q = db.q;
    if (await q.selectFrom('huts').select('id').where('districtId', '=', districtId).limit(1).executeTakeFirst()) return;
    const random = new Random(DEFAULT_SEED, 'sharing');
    const today = chinaToday();
    const month = today.slice(0, 7);
    const lastMonth = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
    const communities = await q.selectFrom('areas').select(['id', 'name', 'path', 'lat', 'lon']).where('districtId', '=', districtId).where('level', '=', 'community').orderBy('code').execute();
    const staff = await q.selectFrom('users').select(['id', 'username', 'displayName']).where('districtId', '=', districtId).where('username', 'in', ['community', 'community2', 'volunteer']).execute();
    const user = (name: string) => staff.find((s) => s.username === name);

    // The neighbour: an adult of Tapo from another household than the demo resident, without a login.
    const resident = await q
      .selectFrom('users as u')
      .innerJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'u.districtId').onRef('p.id', '=', 'u.personId'))
      .select(['u.id', 'u.passwordHash', 'u.displayName', 'p.householdId', 'p.areaPath'])
      .where('u.districtId', '=', districtId)
      .where('u.username', '=', 'resident')
      .executeTakeFirst();
    if (resident) {
      const communityPath = resident.areaPath.split('/').slice(0, 3).join('/') + '/';
      const person = await q
        .selectFrom('persons as p')
        .select(['p.id', 'p.name'])
        .where('p.districtId', '=', districtId)
        .where('p.areaPath', 'like', `${communityPath}%`)
        .where('p.status', '=', 'active')
        .where('p.buildingId', 'is not', null)
        .where('p.householdId', '!=', resident.householdId)
        .where('p.birthDate', '<=', `${Number(today.slice(0, 4)) - 25}${today.slice(4)}`)
        .where('p.birthDate', '>=', `${Number(today.slice(0, 4)) - 60}${today.slice(4)}`)
        .where(sql<boolean>`not exists (select 1 from users u where u.person_id = p.id)`)
        .orderBy(sql`md5(p.id::text)`)
        .limit(1)
        .executeTakeFirst();
      if (person) {
        const id = demoId('user', 'neighbour');
        await q.insertInto('users').values({ id, districtId, username: 'neighbour', passwordHash: resident.passwordHash, displayName: person.name, personId: person.id }).onConflict((oc) => oc.column('username').doNothing()).execute();
        await q.insertInto('roleAssignments').values({ districtId, id: demoId('role', 'neighbour'), userId: id, role: 'resident', areaId: null, gridId: null, orgId: null, grantedBy: null }).onConflict((oc) => oc.doNothing()).execute();
      }
    }

    const perCommunity = Math.max(3, Math.round((190_000 * scale) / Math.max(1, communities.length)));
    const huts = [];
    const keepers = [];
    const themes = [];
    const items = [];
    const activities = [];
    const roles = [];
    for (const [n, c] of communities.entries()) {
      const hutId = demoId('hut', c.id);
      const isTapo = c.name === '塔坡社区';
      huts.push({ districtId, id: hutId, communityId: c.id, areaPath: c.path, name: `${c.name}共享小屋`, address: `${c.name}党群服务中心一楼`, lat: c.lat, lon: c.lon, openingHours: '周二至周日 9:00-12:00，14:30-17:30' });
      themes.push({ districtId, hutId, month, theme: THEMES[n % THEMES.length]!, setBy: null }, { districtId, hutId, month: lastMonth, theme: THEMES[(n + 7) % THEMES.length]!, setBy: null });
      if (isTapo && user('volunteer')) keepers.push({ districtId, hutId, userId: user('volunteer')!.id, name: user('volunteer')!.displayName });
      // Items the community keeps in the hut for everyone (its residents' committee lends them).
      const owner = { id: demoId('committee', c.id), name: `${c.name}居委会` };
      for (let k = 0; k < perCommunity; k++) {
        const [title, category, condition, depositFen, maxDays] = HUT_ITEMS[(k + n) % HUT_ITEMS.length]!;
        items.push({
          districtId, id: demoId('item', c.id, String(k)), ownerUserId: owner.id, ownerName: owner.name, communityId: c.id, areaPath: c.path, keptAt: 'hut' as const, hutId, inHut: true,
          title, category, description: '', condition, depositFen, maxDays, photoFileId: null, lat: c.lat, lon: c.lon,
        });
      }
      // Two activities a month in every hut; a finished one last month.
      const count = isTapo || c.name === '丽豪社区' ? 3 : 2;
      for (let k = 0; k < count; k++) {
        const [title, theme, description, capacity, roleList] = c.name === '丽豪社区' && k === 0 ? ACTIVITIES[2]! : ACTIVITIES[random.int(0, ACTIVITIES.length - 1)]!;
        const day = new Date(Date.parse(`${today}T00:00:00+08:00`) + (k === 0 ? 3 : 7 + k * 9) * 86_400_000);
        const startsAt = new Date(day.getTime() + (k % 2 ? 15 : 9.5) * 3600_000);
        const id = demoId('activity', c.id, String(k));
        const organiser = isTapo ? user('community') : c.name === '丽豪社区' ? user('community2') : undefined;
        activities.push({
          districtId, id, communityId: c.id, areaPath: c.path, hutId, title, theme, description, place: `${c.name}共享小屋`, startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
          capacity, targetGroup: title.includes('长者') || title.includes('义剪') ? 'elderly' : title.includes('课堂') || title.includes('亲子') ? 'children' : 'all_residents',
          checkinCode: String(random.int(0, 999_999)).padStart(6, '0'), createdBy: organiser?.id ?? null, createdByName: organiser?.displayName ?? `${c.name}社工`,
        });
        for (const [name, slots] of roleList) roles.push({ districtId, id: demoId('role', id, name), activityId: id, name, slots });
      }
    }
    await q.insertInto('huts').values(huts).execute();
    if (keepers.length) await q.insertInto('hutKeepers').values(keepers).execute();
    for (let i = 0; i < themes.length; i += 500) await q.insertInto('hutThemes').values(themes.slice(i, i + 500)).execute();
    for (let i = 0; i < items.length; i += 500) await q.insertInto('shareItems').values(items.slice(i, i + 500)).execute();
    for (let i = 0; i < activities.length; i += 500) await q.insertInto('activities').values(activities.slice(i, i + 500)).execute();
    for (let i = 0; i < roles.length; i += 500) await q.insertInto('activityRoles').values(roles.slice(i, i + 500)).execute();

    // In Tapo, a few things lent from home by residents who have a login.
    const lenders = await q
      .selectFrom('users as u')
      .innerJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'u.districtId').onRef('p.id', '=', 'u.personId'))
      .leftJoin('areas as b', (j) => j.onRef('b.districtId', '=', 'p.districtId').onRef('b.id', '=', 'p.buildingId'))
      .select(['u.id', 'u.displayName', 'p.areaPath', 'b.lat', 'b.lon'])
      .where('u.districtId', '=', districtId)
      .where('u.username', 'in', ['neighbour', 'owner1', 'owner2', 'owner3'])
      .execute();
    const HOME_ITEMS: [string, string, string, number, number][] = [['自行车打气筒', 'tools', 'good', 0, 3], ['吸尘器', 'electronics', 'good', 5000, 2], ['象棋', 'other', 'fair', 0, 14], ['高压锅', 'kitchen', 'good', 0, 3], ['钓鱼竿', 'outdoor', 'good', 2000, 5]];
    const homeRows = lenders.flatMap((l, n) => {
      const communityPath = l.areaPath.split('/').slice(0, 3).join('/') + '/';
      const c = communities.find((x) => x.path === communityPath);
      if (!c) return [];
      const [title, category, condition, depositFen, maxDays] = HOME_ITEMS[n % HOME_ITEMS.length]!;
      return [{ districtId, id: demoId('home-item', l.id), ownerUserId: l.id, ownerName: l.displayName, communityId: c.id, areaPath: c.path, keptAt: 'home' as const, hutId: null, title, category, description: '放在家里，提前一天联系', condition, depositFen, maxDays, photoFileId: null, lat: l.lat ?? c.lat, lon: l.lon ?? c.lon }];
    });
    if (homeRows.length) await q.insertInto('shareItems').values(homeRows).execute();
  },
};
