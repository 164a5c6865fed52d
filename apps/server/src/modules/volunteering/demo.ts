// Demo volunteers: teams in several communities (62 at full scale), volunteers drawn from the
// residents (about 2,500), a year of approved hours from activities, wishes, pairings and skill
// help, a few manual claims waiting for Tapo's team leader, and the demo `volunteer` account as
// that leader (with no hours of its own, so a journey starts from zero). demoLedger() lets other
// modules' demo data put hours into the same ledger.
import crypto from 'node:crypto';
import { type Insertable, sql } from 'kysely';
import { chinaToday } from '@linli/contracts';
import type { Database } from '../../platform/db/database.ts';
import type { DemoExtra } from '../demo/extras.ts';
import { DEFAULT_SEED } from '../demo/seed.ts';
import { Random } from '../demo/random.ts';
import type { NewEntry } from './repository.ts';
import { communityPathOf } from './repository.ts';
import type { VolunteerTeamMembersTable, VolunteersTable } from './tables.ts';
import './tables.ts';

function scaled(full: number, scale: number, min: number): number {
  return Math.max(min, Math.round(full * scale ** (Math.log(10) / Math.log(50))));
}

export function daysBefore(today: string, n: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - n * 86400_000).toISOString().slice(0, 10);
}

const TEAM_KINDS = ['邻里守望', '助老', '环保', '文明劝导', '青年', '巾帼'];
const SKILLS = ['elder_care', 'tutoring', 'repairs', 'haircut', 'medical', 'legal', 'phone_help', 'cooking', 'culture', 'first_aid'];
const DESCRIPTIONS: Record<string, string[]> = {
  activity: ['重阳敬老活动', '社区清洁日', '四点半课堂', '反诈宣传进小区', '端午包粽子', '义诊服务'],
  wish: ['微心愿：为长者买老花镜', '微心愿：送米送油', '微心愿：陪同就医', '微心愿：更换灯泡'],
  pairing: ['结对探访独居长者', '结对陪伴困境儿童'],
  skill_help: ['上门维修水电', '义剪', '教长者用智能手机', '法律咨询'],
};

/**
 * Hours for the demo ledger from any module's demo data, written in batches: one volunteer record
 * per resident (existing ones reused), then the entries.
 */
export async function demoLedger(db: Database, districtId: string) {
  const byPerson = new Map((await db.q.selectFrom('volunteers').select(['id', 'personId']).where('districtId', '=', districtId).where('personId', 'is not', null).execute()).map((v) => [v.personId!, v.id]));
  const communities = new Map((await db.q.selectFrom('areas').select(['id', 'path']).where('districtId', '=', districtId).where('level', '=', 'community').execute()).map((a) => [a.path, a.id]));
  const volunteers: Insertable<VolunteersTable>[] = [];
  const rows: NewEntry[] = [];
  return {
    volunteerFor(person: { id: string; name: string; areaPath: string }, extra: Partial<Insertable<VolunteersTable>> = {}): string {
      const known = byPerson.get(person.id);
      if (known) return known;
      const path = communityPathOf(person.areaPath);
      const communityId = path ? (communities.get(path) ?? null) : null;
      const id = crypto.randomUUID();
      volunteers.push({ districtId, id, userId: null, personId: person.id, name: person.name, communityId, areaPath: communityId ? path : null, ...extra });
      byPerson.set(person.id, id);
      return id;
    },
    add(entry: Omit<NewEntry, 'districtId' | 'id' | 'decidedBy' | 'decidedAt' | 'decisionNote' | 'recordedBy'>) {
      rows.push({ districtId, id: crypto.randomUUID(), decidedBy: null, decidedAt: entry.status === 'approved' ? new Date() : null, decisionNote: null, recordedBy: null, ...entry });
    },
    async flush() {
      for (let i = 0; i < volunteers.length; i += 500) await db.q.insertInto('volunteers').values(volunteers.slice(i, i + 500)).execute();
      for (let i = 0; i < rows.length; i += 500) await db.q.insertInto('volunteerHours').values(rows.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
      volunteers.length = 0;
      rows.length = 0;
    },
  };
}

export const volunteeringDemo: DemoExtra = {
  name: 'volunteers, teams and hours',
  async seed(db, districtId, { scale }) {
    const q = db.q;
    if (await q.selectFrom('volunteerTeams').select('id').where('districtId', '=', districtId).limit(1).executeTakeFirst()) return;
    const random = new Random(DEFAULT_SEED, 'volunteering');
    const today = chinaToday();
    const communities = await q.selectFrom('areas').select(['id', 'name', 'path']).where('districtId', '=', districtId).where('level', '=', 'community').orderBy('code').execute();
    const tapo = communities.find((c) => c.name === '塔坡社区') ?? communities[0]!;
    const others = random.shuffle(communities.filter((c) => c.id !== tapo.id));
    const teamCount = scaled(62, scale, 4);
    const perTeam = Math.max(6, Math.round(scaled(2500, scale, 24) / teamCount));
    const projects = await q.selectFrom('serviceProjects').select(['id', 'areaPath']).where('districtId', '=', districtId).execute();
    const ledger = await demoLedger(db, districtId);
    const members: Insertable<VolunteerTeamMembersTable>[] = [];

    for (let t = 0; t < teamCount; t++) {
      const c = t === 0 ? tapo : others[(t - 1) % others.length]!;
      const teamId = random.uuid();
      await q
        .insertInto('volunteerTeams')
        .values({ districtId, id: teamId, name: `${c.name}${TEAM_KINDS[t % TEAM_KINDS.length]}志愿服务队`, communityId: c.id, areaPath: c.path, description: '服务本社区居民，欢迎街坊加入' })
        .execute();
      // Working-age residents without an account volunteer; the demo accounts stay as they are.
      const people = await q
        .selectFrom('persons as p')
        .select(['p.id', 'p.name', 'p.areaPath'])
        .where('p.districtId', '=', districtId)
        .where('p.areaPath', 'like', `${c.path}%`)
        .where('p.status', '=', 'active')
        .where('p.birthDate', '<=', daysBefore(today, 18 * 366))
        .where('p.birthDate', '>=', daysBefore(today, 75 * 365))
        .where(sql<boolean>`not exists (select 1 from users u where u.person_id = p.id)`)
        .orderBy('p.id')
        .limit(perTeam)
        .execute();
      const project = projects.find((p) => p.areaPath === c.path);
      for (const [i, person] of people.entries()) {
        const volunteerId = ledger.volunteerFor(person, { skills: random.shuffle([...SKILLS]).slice(0, random.int(1, 3)), availability: [random.pick(['weekend', 'weekday_evening', 'weekday_day'])] });
        members.push({ districtId, teamId, volunteerId, role: i === 0 && t > 0 ? 'leader' : 'member' });
        const days = random.shuffle(Array.from({ length: 330 }, (_, k) => k + 1)).slice(0, random.int(2, 9));
        for (const [k, day] of days.entries()) {
          const source = random.pick(['activity', 'activity', 'activity', 'wish', 'pairing', 'skill_help'] as const);
          ledger.add({
            volunteerId,
            source,
            sourceId: `demo-${source}-${t}-${k}-${random.int(0, 999)}`,
            minutes: random.int(2, 8) * 30,
            servedOn: daysBefore(today, day),
            description: random.pick(DESCRIPTIONS[source]!),
            areaPath: c.path,
            teamId,
            projectId: source === 'activity' && project && random.chance(0.5) ? project.id : null,
            status: 'approved',
            recordedByName: `${c.name}工作人员`,
          });
        }
        // Two of Tapo's volunteers have claims waiting for their leader.
        if (t === 0 && i < 2) {
          ledger.add({ volunteerId, source: 'manual', sourceId: `demo-claim-${i}`, minutes: 90 + 30 * i, servedOn: daysBefore(today, 2 + i), description: i === 0 ? '帮独居长者搬运物资' : '协助社区防汛值守', areaPath: c.path, teamId, projectId: null, status: 'pending', recordedByName: person.name });
        }
      }
      if (t === 0) {
        // The demo volunteer account leads Tapo's team.
        const user = await q.selectFrom('users').select(['id', 'displayName']).where('districtId', '=', districtId).where('username', '=', 'volunteer').executeTakeFirst();
        if (user) {
          const id = random.uuid();
          await q
            .insertInto('volunteers')
            .values({ districtId, id, userId: user.id, personId: null, name: user.displayName, communityId: c.id, areaPath: c.path, skills: ['elder_care', 'phone_help'], availability: ['weekend'], serviceAreaIds: [c.id], intro: '周末有空，可上门探访长者' })
            .execute();
          members.push({ districtId, teamId, volunteerId: id, role: 'leader' });
        }
      }
    }
    await ledger.flush();
    for (let i = 0; i < members.length; i += 500) await q.insertInto('volunteerTeamMembers').values(members.slice(i, i + 500)).execute();
  },
};
