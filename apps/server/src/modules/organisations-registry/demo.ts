// Demo registry: community social organisations (593 at full scale, registered and filed),
// certified social workers (2,280) and service projects placed in their communities. Grows with
// the demo's scale like the providers do (scale^0.59), so the small test district stays small.
import { sql } from 'kysely';
import type { DemoExtra } from '../demo/extras.ts';
import { DEFAULT_SEED } from '../demo/seed.ts';
import { Random } from '../demo/random.ts';
import { drawGivenName, drawSurname } from '../demo/people-names.ts';
import './tables.ts';

/** Full-scale figures shrink with the demo like the providers: 10x fewer at the 2% demo scale. */
export function scaled(full: number, scale: number, min: number): number {
  return Math.max(min, Math.round(full * scale ** (Math.log(10) / Math.log(50))));
}

const FILED_KINDS = [
  ['长者合唱团', 'culture_sports'],
  ['邻里互助会', 'mutual_aid'],
  ['义工服务队', 'volunteer_service'],
  ['书画社', 'culture_sports'],
  ['太极拳协会', 'culture_sports'],
  ['亲子阅读会', 'children'],
  ['巾帼志愿服务队', 'volunteer_service'],
  ['长者互助会', 'elderly'],
  ['粤曲私伙局', 'culture_sports'],
  ['居民议事会', 'other'],
] as const;

const PROJECTS = [
  ['长者关爱服务项目', ['elderly', 'disabled'], '禅城区民政局'],
  ['四点半课堂', ['children', 'families'], '禅城区教育局'],
  ['和乐村居社区营造项目', ['all_residents'], '禅城区慈善会'],
  ['困境家庭支援计划', ['low_income', 'families'], '禅城区民政局'],
  ['残障人士康复支援项目', ['disabled'], '禅城区残疾人联合会'],
  ['新市民融入计划', ['migrants', 'families'], '街道办事处'],
] as const;

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export const registryDemo: DemoExtra = {
  name: 'social organisations, social workers and projects',
  async seed(db, districtId, { scale }) {
    const q = db.q;
    if (await q.selectFrom('socialOrganisations').select('id').where('districtId', '=', districtId).limit(1).executeTakeFirst()) return;
    const random = new Random(DEFAULT_SEED, 'registry');
    const communities = await q.selectFrom('areas').select(['id', 'name', 'path', 'lat', 'lon']).where('districtId', '=', districtId).where('level', '=', 'community').orderBy('code').execute();
    const tapo = communities.find((c) => c.name === '塔坡社区') ?? communities[0]!;
    const providers = await q
      .selectFrom('organisations')
      .select(['id', 'name', 'areaPath', sql<string>`properties->>'service'`.as('service')])
      .where('districtId', '=', districtId)
      .where('kind', '=', 'provider')
      .orderBy('code')
      .execute();
    const communityOf = (path: string | null) => communities.find((c) => path?.startsWith(c.path)) ?? tapo;

    type Org = { id: string; name: string; areaId: string; areaPath: string; lat: number; lon: number; registered: boolean };
    const orgs: Org[] = [];
    const orgRows = [];
    const creditCode = () => `5244060${Array.from({ length: 11 }, () => random.pick([...CREDIT_CHARS])).join('')}`;
    // Social-work agencies among the providers are registered social organisations too.
    for (const p of providers.filter((x) => ['social_work', 'family_centre', 'rehabilitation', 'home_care'].includes(x.service))) {
      const c = communityOf(p.areaPath);
      const org = { id: random.uuid(), name: p.name, areaId: c.id, areaPath: c.path, lat: c.lat!, lon: c.lon!, registered: true };
      orgs.push(org);
      orgRows.push({ districtId, id: org.id, orgId: p.id, name: p.name, registration: 'registered' as const, creditCode: creditCode(), category: p.service === 'rehabilitation' ? 'social_service' : p.service === 'home_care' ? 'elderly' : 'social_service', areaId: c.id, areaPath: c.path, establishedOn: `${random.int(2008, 2020)}-0${random.int(1, 9)}-15` });
    }
    const target = scaled(593, scale, 12);
    const used = new Set(orgRows.map((o) => o.name));
    for (let i = 0; orgRows.length < target && i < target * 20; i++) {
      const c = i < 3 ? tapo : random.pick(communities);
      const [kind, category] = FILED_KINDS[i % FILED_KINDS.length]!;
      const name = `${c.name}${kind}`;
      if (used.has(name)) continue;
      used.add(name);
      const org = { id: random.uuid(), name, areaId: c.id, areaPath: c.path, lat: c.lat!, lon: c.lon!, registered: false };
      orgs.push(org);
      orgRows.push({ districtId, id: org.id, orgId: null, name, registration: 'filed' as const, creditCode: null, category, areaId: c.id, areaPath: c.path, establishedOn: `${random.int(2012, 2024)}-1${random.int(0, 2)}-01` });
    }
    for (let i = 0; i < orgRows.length; i += 500) await q.insertInto('socialOrganisations').values(orgRows.slice(i, i + 500)).execute();

    // Social workers, most with the assistant level, in the registered organisations.
    const agencies = orgs.filter((o) => o.registered);
    const workers = [];
    const levels = [['assistant', 0.62], ['intermediate', 0.34], ['senior', 0.04]] as const;
    for (let i = 0; i < scaled(2280, scale, 20); i++) {
      const org = agencies[i % agencies.length]!;
      const gender = random.chance(0.78) ? 'female' : 'male';
      const year = random.int(2010, 2025);
      let r = random.next();
      const level = levels.find(([, p]) => (r -= p) < 0)?.[0] ?? 'assistant';
      workers.push({
        districtId,
        id: random.uuid(),
        name: drawSurname(random) + drawGivenName(random, gender, random.int(1975, 2000)),
        personId: null,
        userId: null,
        organisationId: org.id,
        level,
        certificateNo: `GD${year}${String(i + 1).padStart(6, '0')}`,
        certifiedOn: `${year}-06-30`,
        areaPath: org.areaPath,
      });
    }
    for (let i = 0; i < workers.length; i += 500) await q.insertInto('socialWorkers').values(workers.slice(i, i + 500)).execute();

    // Service projects, placed near their community's centre so the resource map spreads them out.
    const year = new Date().getUTCFullYear();
    const projects = [];
    for (const [i, org] of agencies.entries()) {
      for (let k = 0; k < (i === 0 ? 2 : 1); k++) {
        const [kind, groups, funder] = PROJECTS[(i + k) % PROJECTS.length]!;
        const c = i === 0 ? tapo : communityOf(org.areaPath);
        const budgetYuan = random.int(8, 40) * 10_000;
        projects.push({
          districtId,
          id: random.uuid(),
          code: `SP${year}-${String(projects.length + 1).padStart(4, '0')}`,
          name: `${c.name}${kind}`,
          organisationId: org.id,
          funderName: funder,
          funderOrgId: null,
          budgetFen: budgetYuan * 100,
          startsOn: `${year}-01-01`,
          endsOn: `${year}-12-31`,
          targetGroups: [...groups],
          areaId: c.id,
          areaPath: c.path,
          lat: c.lat! + random.range(-0.002, 0.002),
          lon: c.lon! + random.range(-0.002, 0.002),
          planned: JSON.stringify({ services: random.int(20, 60) * 10, activities: random.int(12, 48), personTimes: random.int(10, 50) * 100, minutes: random.int(500, 3000) * 60 }),
          description: `由${org.name}承接，服务${c.name}居民`,
          status: 'active' as const,
        });
      }
    }
    if (projects.length) await q.insertInto('serviceProjects').values(projects).execute();
  },
};
