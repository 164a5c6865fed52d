// Demo micro-wishes and pairings: two or three wishes of vulnerable residents in every community
// (陈阿伯 in Lihao, who cannot use a phone for vaccine bookings, among them), one claimed by the
// demo volunteer in Tapo; households seeking a long-term helper (程姨 in Lihao), and in Tapo a
// pairing whose visits have lapsed, for the community to see flagged. Seeded and idempotent.
import { sql } from 'kysely';
import { chinaToday } from '@linli/contracts';
import type { DemoExtra } from '../demo/extras.ts';
import { demoId } from '../sharing/demo.ts';
import './tables.ts';

const WISHES: [string, string, 'goods' | 'service' | 'companionship'][] = [
  ['想要一件冬天穿的棉衣', '独居，冬天怕冷，穿 XL 码', 'goods'],
  ['想学用手机预约疫苗', '不会用手机，对疫苗接种等信息接收不及时', 'service'],
  ['希望有人陪着去公园走走', '高龄独居，较少与邻里互动', 'companionship'],
  ['需要一副老花镜', '看报纸看不清，度数约 250', 'goods'],
  ['家里灯泡坏了想换一个', '站不上凳子', 'service'],
  ['想要一台收音机', '喜欢听粤剧', 'goods'],
  ['希望有人帮忙读读家信', '眼睛不好', 'companionship'],
];

export const wishesDemo: DemoExtra = {
  name: 'micro-wishes and pairings',
  async seed(db, districtId) {
    const q = db.q;
    if (await q.selectFrom('wishes').select('id').where('districtId', '=', districtId).limit(1).executeTakeFirst()) return;
    const today = chinaToday();
    const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    const staff = await q.selectFrom('users').select(['id', 'username', 'displayName']).where('districtId', '=', districtId).where('username', 'in', ['community', 'community2', 'volunteer']).execute();
    const user = (name: string) => staff.find((s) => s.username === name);
    // Up to three elders per community (not the demo resident, whose journeys start clean), those
    // living alone, disabled or poor first.
    const people = await sql<{ id: string; name: string; areaPath: string; householdId: string | null; communityId: string; communityName: string; n: number }>`
      select * from (
        select p.id, p.name, p.area_path, p.household_id, c.id as community_id, c.name as community_name,
               row_number() over (partition by c.id order by (p.tags && array['living_alone','disabled','low_income','empty_nest']) desc, md5(p.id::text)) as n
        from persons p
        join areas c on c.district_id = p.district_id and c.id = nullif(split_part(p.area_path, '/', 3), '')::uuid
        where p.district_id = ${districtId} and p.status = 'active' and p.birth_date <= ${daysAgo(60 * 365)}
          and not exists (select 1 from users u where u.person_id = p.id and u.username in ('resident', 'neighbour'))
      ) x where n <= 3 order by community_name, n`.execute(q);
    const wishes = [];
    const history = [];
    const pairings = [];
    for (const [k, p] of people.rows.entries()) {
      const isTapo = p.communityName === '塔坡社区';
      const isLihao = p.communityName === '丽豪社区';
      const by = isTapo ? user('community') : isLihao ? user('community2') : undefined;
      const byName = by?.displayName ?? `${p.communityName}工作人员`;
      if (Number(p.n) <= 2) {
        const [title, story, category] = isLihao && Number(p.n) === 1 ? WISHES[1]! : WISHES[k % WISHES.length]!;
        const id = demoId('wish', p.id);
        const claimed = isTapo && Number(p.n) === 2 && user('volunteer');
        wishes.push({
          districtId, id, personId: p.id, communityId: p.communityId, areaPath: p.areaPath, title, story, category, neededBy: null, status: claimed ? ('claimed' as const) : ('open' as const),
          claimedBy: claimed ? user('volunteer')!.id : null, claimedByName: claimed ? user('volunteer')!.displayName : null, claimedByKind: claimed ? 'party_member' : null, claimedAt: claimed ? new Date() : null,
          evidenceNote: null, evidenceMinutes: null, evidencePhotoId: null, fulfilledAt: null, confirmedAt: null, createdBy: by?.id ?? null, createdByName: byName,
        });
        history.push({ districtId, wishId: id, action: 'publish', fromStatus: null, toStatus: 'open', actorId: by?.id ?? null, actorName: byName, note: null });
        if (claimed) history.push({ districtId, wishId: id, action: 'claim', fromStatus: 'open', toStatus: 'claimed', actorId: user('volunteer')!.id, actorName: user('volunteer')!.displayName, note: null });
      } else if (p.householdId && (isTapo || isLihao)) {
        // The third: a household seeking a helper; in Tapo, one already paired whose visits lapsed.
        const paired = isTapo && user('volunteer');
        pairings.push({
          districtId, id: demoId('pairing', p.id), householdId: p.householdId, personId: p.id, communityId: p.communityId, areaPath: p.areaPath,
          helperUserId: paired ? user('volunteer')!.id : null, helperName: paired ? user('volunteer')!.displayName : null, helperKind: paired ? 'party_member' : null,
          startedOn: paired ? daysAgo(90) : null, visitEveryDays: 14, lastVisitOn: paired ? daysAgo(20) : null, flaggedAt: paired ? new Date() : null, status: paired ? ('active' as const) : ('seeking' as const), endedOn: null,
          note: isLihao ? '高龄独居，较少与邻里互动，需要陪伴' : '独居长者，希望每两周有人上门看看', createdBy: by?.id ?? null,
        });
      }
    }
    for (let i = 0; i < wishes.length; i += 500) await q.insertInto('wishes').values(wishes.slice(i, i + 500)).execute();
    for (let i = 0; i < history.length; i += 500) await q.insertInto('wishHistory').values(history.slice(i, i + 500)).execute();
    if (pairings.length) await q.insertInto('pairings').values(pairings).execute();
  },
};
