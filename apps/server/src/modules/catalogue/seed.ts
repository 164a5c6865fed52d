// Seeds a district's service supply: the catalogue (25 categories, ~200 items), what each street
// offers, a profile for every provider organisation, the facilities they run (family centres,
// home elderly-care centres, elder canteens, day-care centres) and the standing schedules slots are
// made from. Idempotent; ids derive from district and code, so reruns and the demo reproduce.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { Random } from '../demo/random.ts';
import { CATEGORIES, catalogueItems } from './catalogue-data.ts';
import './tables.ts';

/** A name-based UUID (version 5 layout over SHA-256), stable across runs. */
export function stableUuid(...parts: string[]): string {
  const h = crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Categories each kind of provider delivers; family centres are their street's generalists. */
const KIND_CATEGORIES: Record<string, string[]> = {
  family_centre: CATEGORIES.map((c) => c.code).filter((c) => c !== 'MEAL' && c !== 'DAYCARE'),
  elder_canteen: ['MEAL'],
  home_care: ['HOME', 'DAYCARE', 'REHAB', 'NURSE', 'VISIT', 'ERRAND', 'MOBIL', 'SOS', 'ADAPT', 'TCM'],
  social_work: ['PSY', 'LEGAL', 'JOB', 'DISAB', 'FAMILY', 'YOUTH', 'HARD', 'VOL', 'VISIT'],
  rehabilitation: ['REHAB', 'NURSE', 'TCM', 'DISAB', 'HEALTH'],
  housekeeping: ['CLEAN', 'REPAIR', 'ADAPT', 'ERRAND'],
  child_care: ['CHILD', 'YOUTH'],
};
/** Kinds whose teams work across the whole district rather than one street. */
const DISTRICT_WIDE = new Set(['social_work', 'rehabilitation', 'housekeeping']);
const DAILY_CAPACITY: Record<string, number> = { family_centre: 30, elder_canteen: 300, home_care: 25, social_work: 20, rehabilitation: 15, housekeeping: 40, child_care: 20 };
const QUALIFICATIONS: Record<string, string[]> = {
  family_centre: ['民办非企业单位登记证书', '社会工作服务机构等级评估 4A', '持证社工'],
  elder_canteen: ['食品经营许可证', '从业人员健康证', '长者饭堂星级评定'],
  home_care: ['养老服务机构备案', '养老护理员职业技能等级证书', '护士执业证书'],
  social_work: ['民办非企业单位登记证书', '社会工作服务机构等级评估 3A', '心理咨询师'],
  rehabilitation: ['医疗机构执业许可证', '康复治疗师资格证'],
  housekeeping: ['营业执照', '家政服务员职业技能证书', '电工作业证'],
  child_care: ['民办非企业单位登记证书', '教师资格证'],
};

const HOME_WINDOWS = ['08:30-10:30', '10:30-12:00', '14:00-16:00', '16:00-17:30'];
const CENTRE_WINDOWS = ['09:00-11:30', '14:30-17:00'];

export interface SupplySummary {
  categories: number;
  items: number;
  providers: number;
  facilities: number;
}

export async function seedServiceCatalogue(db: Database, districtId: string): Promise<{ categories: number; items: number }> {
  const catId = (code: string) => stableUuid(districtId, 'service_category', code);
  await db.q
    .insertInto('serviceCategories')
    .values(CATEGORIES.map((c, i) => ({ districtId, id: catId(c.code), code: c.code, name: c.name, nameEn: c.nameEn, description: c.description, sort: i + 1 })))
    .onConflict((oc) => oc.columns(['districtId', 'code']).doNothing())
    .execute();
  const items = catalogueItems();
  const rows = items.map((it) => ({
    districtId,
    id: stableUuid(districtId, 'service_item', it.code),
    categoryId: catId(it.category),
    code: it.code,
    name: it.name,
    nameEn: null,
    description: CATEGORIES.find((c) => c.code === it.category)!.description,
    fulfilment: it.fulfilment,
    unit: it.unit,
    priceFen: it.priceFen,
    maxQuantity: it.maxQuantity,
    durationMinutes: it.durationMinutes,
    subsidies: JSON.stringify(it.subsidies),
    eligibility: JSON.stringify(it.eligibility),
    properties: JSON.stringify(it.meal ?? {}),
    keywords: `${it.name} ${CATEGORIES.find((c) => c.code === it.category)!.name}`,
    sort: it.sort,
  }));
  for (let i = 0; i < rows.length; i += 100) await db.q.insertInto('serviceItems').values(rows.slice(i, i + 100)).onConflict((oc) => oc.columns(['districtId', 'code']).doNothing()).execute();
  return { categories: CATEGORIES.length, items: items.length };
}

/** Everything the micro-service centres need in a district: call once after its areas and organisations exist. */
export async function seedServiceSupply(db: Database, districtId: string, seed = 20260101): Promise<SupplySummary> {
  const catalogue = await seedServiceCatalogue(db, districtId);
  const q = db.q;
  const streets = await q.selectFrom('areas').select(['id', 'name', 'path', 'lat', 'lon']).where('districtId', '=', districtId).where('level', '=', 'street').orderBy('code').execute();
  const communities = await q.selectFrom('areas').select(['id', 'name', 'path', 'lat', 'lon', 'parentId']).where('districtId', '=', districtId).where('level', '=', 'community').execute();
  const communityByPath = new Map(communities.map((c) => [c.path, c]));
  const streetOfPath = (path: string) => streets.find((s) => path.startsWith(s.path));
  const categories = await q.selectFrom('serviceCategories').select(['id', 'code']).where('districtId', '=', districtId).execute();
  const catIds = new Map(categories.map((c) => [c.code, c.id]));
  const items = await q.selectFrom('serviceItems as i').innerJoin('serviceCategories as c', (j) => j.onRef('c.districtId', '=', 'i.districtId').onRef('c.id', '=', 'i.categoryId')).select(['i.id', 'i.code', 'c.code as categoryCode', 'i.fulfilment']).where('i.districtId', '=', districtId).execute();

  // What each street offers: everything, less a few specialised items some centres have no partner for.
  if (!(await q.selectFrom('streetOfferings').select('itemId').where('districtId', '=', districtId).limit(1).executeTakeFirst())) {
    const always = new Set(['MEAL', 'HOME', 'DAYCARE', 'HEALTH', 'LEGAL']);
    const offerings = streets.flatMap((s) =>
      items.filter((it) => always.has(it.categoryCode) || new Random(seed, 'offering', s.id, it.code).next() >= 0.08).map((it) => ({ districtId, streetId: s.id, itemId: it.id, updatedBy: null })),
    );
    for (let i = 0; i < offerings.length; i += 500) await q.insertInto('streetOfferings').values(offerings.slice(i, i + 500)).onConflict((oc) => oc.columns(['districtId', 'streetId', 'itemId']).doNothing()).execute();
  }

  // Provider profiles.
  const providers = await q.selectFrom('organisations').select(['id', 'code', 'name', 'areaPath', 'properties']).where('districtId', '=', districtId).where('kind', '=', 'provider').orderBy('code').execute();
  const existingProfiles = new Set((await q.selectFrom('providerProfiles').select('orgId').where('districtId', '=', districtId).execute()).map((r) => r.orgId));
  const root = (await q.selectFrom('areas').select(['path']).where('districtId', '=', districtId).where('level', '=', 'district').executeTakeFirst())?.path ?? '';
  interface Plan {
    id: string;
    name: string;
    service: string;
    community: (typeof communities)[number] | undefined;
    street: (typeof streets)[number] | undefined;
    categories: Set<string>;
    coverage: Set<string>;
  }
  const plans: Plan[] = providers.map((p) => {
    const service = String((p.properties as Record<string, unknown>)?.service ?? 'social_work');
    const community = p.areaPath ? communityByPath.get(p.areaPath) : undefined;
    const street = p.areaPath ? streetOfPath(p.areaPath) : undefined;
    return {
      id: p.id,
      name: p.name,
      service,
      community,
      street,
      categories: new Set(KIND_CATEGORIES[service] ?? KIND_CATEGORIES.social_work!),
      coverage: new Set(DISTRICT_WIDE.has(service) || !street ? [root] : [street.path]),
    };
  });
  // Every street has a generalist: its family centre, else its first provider, else the first provider of the district.
  for (const s of streets) {
    const here = plans.filter((p) => p.street?.id === s.id);
    const generalists = here.filter((p) => p.service === 'family_centre');
    const chosen = generalists.length ? generalists : here.length ? [here[0]!] : plans.length ? [plans[0]!] : [];
    for (const g of chosen) {
      KIND_CATEGORIES.family_centre!.forEach((c) => g.categories.add(c));
      if (![...g.coverage].some((path) => s.path.startsWith(path))) g.coverage.add(s.path);
    }
  }
  const profileRows = plans
    .filter((p) => !existingProfiles.has(p.id))
    .map((p) => {
      const r = new Random(seed, 'provider', p.id);
      const base = p.community ?? p.street;
      return {
        districtId,
        orgId: p.id,
        categoryIds: [...p.categories].map((c) => catIds.get(c)!).filter(Boolean),
        coveragePaths: [...p.coverage],
        dailyCapacity: DAILY_CAPACITY[p.service] ?? 20,
        qualifications: [...(QUALIFICATIONS[p.service] ?? [])],
        phone: `0757-8${r.int(2000000, 3999999)}`,
        areaPath: p.community?.path ?? p.street?.path ?? null,
        lat: base?.lat != null ? base.lat + r.range(-0.002, 0.002) : null,
        lon: base?.lon != null ? base.lon + r.range(-0.002, 0.002) : null,
      };
    });
  if (profileRows.length) await q.insertInto('providerProfiles').values(profileRows).onConflict((oc) => oc.columns(['districtId', 'orgId']).doNothing()).execute();

  // Facilities: what the providers run, then a canteen and a day-care centre in any street still without.
  const haveFacilities = !!(await q.selectFrom('facilities').select('id').where('districtId', '=', districtId).limit(1).executeTakeFirst());
  if (!haveFacilities && plans.length) {
    type Row = { districtId: string; id: string; kind: 'family_centre' | 'home_care_centre' | 'elder_canteen' | 'day_care_centre'; name: string; orgId: string; streetId: string; communityId: string | null; areaPath: string; address: string; lat: number; lon: number; openingHours: string; capacity: number | null; seats: number | null; mealsPerDay: number | null; phone: string; properties: string };
    const rows: Row[] = [];
    const add = (p: Plan, kind: Row['kind'], name: string) => {
      const place = p.community ?? p.street;
      if (!place || !p.street || place.lat == null || place.lon == null) return;
      const r = new Random(seed, 'facility', p.id, kind);
      const canteen = kind === 'elder_canteen';
      rows.push({
        districtId,
        id: stableUuid(districtId, 'facility', p.id, kind),
        kind,
        name,
        orgId: p.id,
        streetId: p.street.id,
        communityId: p.community?.id ?? null,
        areaPath: place.path,
        address: `${p.street.name}${p.community?.name ?? ''}${r.pick(['康宁路', '福贤路', '建新路', '兴华路', '祖庙路', '同济路', '新风路'])}${r.int(1, 120)}号${canteen ? '首层' : ''}`,
        lat: place.lat + r.range(-0.0025, 0.0025),
        lon: place.lon + r.range(-0.0025, 0.0025),
        openingHours: canteen ? '午餐 11:00-12:30；晚餐 17:00-18:30' : kind === 'day_care_centre' ? '周一至周六 08:30-17:30' : '周一至周六 08:30-12:00，14:00-17:30',
        capacity: kind === 'day_care_centre' ? r.int(2, 4) * 10 : kind === 'elder_canteen' ? null : r.int(3, 8) * 10,
        seats: canteen ? r.int(4, 8) * 10 : null,
        mealsPerDay: canteen ? r.int(15, 30) * 10 : null,
        phone: `0757-8${r.int(2000000, 3999999)}`,
        properties: '{}',
      });
    };
    const placeName = (p: Plan) => p.community?.name ?? p.street?.name ?? '';
    plans.forEach((p, i) => {
      if (p.service === 'family_centre') add(p, 'family_centre', p.name);
      if (p.service === 'elder_canteen') add(p, 'elder_canteen', p.name);
      if (p.service === 'home_care') {
        add(p, 'home_care_centre', p.name);
        add(p, 'day_care_centre', `${placeName(p)}日间照料中心`);
      }
      // The first provider (the demo provider's family centre) also runs its community's canteen and day care.
      if (i === 0) {
        add(p, 'elder_canteen', `${placeName(p)}长者饭堂`);
        if (p.service !== 'home_care') add(p, 'day_care_centre', `${placeName(p)}日间照料中心`);
      }
    });
    for (const s of streets) {
      const preference = ['family_centre', 'home_care', 'elder_canteen', 'social_work', 'rehabilitation', 'child_care', 'housekeeping'];
      const generalist = plans.filter((p) => p.street?.id === s.id).sort((a, b) => preference.indexOf(a.service) - preference.indexOf(b.service))[0];
      if (!generalist) continue;
      if (!rows.some((r) => r.streetId === s.id && r.kind === 'elder_canteen')) add(generalist, 'elder_canteen', `${placeName(generalist)}长者饭堂`);
      if (!rows.some((r) => r.streetId === s.id && r.kind === 'day_care_centre')) add(generalist, 'day_care_centre', `${placeName(generalist)}日间照料中心`);
    }
    // Canteen and day-care operators deliver meals and day care, whatever else they do.
    for (const r of rows) {
      const code = r.kind === 'elder_canteen' ? 'MEAL' : r.kind === 'day_care_centre' ? 'DAYCARE' : null;
      if (!code) continue;
      await q
        .updateTable('providerProfiles')
        .set({ categoryIds: sql<string[]>`array(select distinct unnest(category_ids || ${sql.val([catIds.get(code)!])}::uuid[]))` })
        .where('districtId', '=', districtId)
        .where('orgId', '=', r.orgId)
        .execute();
    }
    if (rows.length) await q.insertInto('facilities').values(rows).onConflict((oc) => oc.columns(['districtId', 'id']).doNothing()).execute();
  }

  // Standing schedules: each street centre's windows per category, each day-care centre's places.
  if (!(await q.selectFrom('serviceSchedules').select('id').where('districtId', '=', districtId).limit(1).executeTakeFirst())) {
    const fulfilmentOf = new Map<string, Set<string>>();
    for (const it of items) {
      if (!fulfilmentOf.has(it.categoryCode)) fulfilmentOf.set(it.categoryCode, new Set());
      fulfilmentOf.get(it.categoryCode)!.add(it.fulfilment);
    }
    const schedules = streets.flatMap((s) =>
      CATEGORIES.filter((c) => c.code !== 'MEAL').map((c) => {
        const home = fulfilmentOf.get(c.code)?.has('home') ?? false;
        return {
          districtId,
          id: stableUuid(districtId, 'schedule', s.id, c.code),
          streetId: s.id,
          categoryId: catIds.get(c.code)!,
          facilityId: null,
          windows: home ? HOME_WINDOWS : CENTRE_WINDOWS,
          weekdays: [1, 2, 3, 4, 5, 6],
          capacity: home ? 6 : 12,
          horizonDays: 14,
        };
      }),
    );
    const dayCare = await q.selectFrom('facilities').select(['id', 'capacity']).where('districtId', '=', districtId).where('kind', '=', 'day_care_centre').execute();
    const facilitySchedules = dayCare.map((f) => ({
      districtId,
      id: stableUuid(districtId, 'schedule', f.id),
      streetId: null,
      categoryId: null,
      facilityId: f.id,
      windows: ['08:30-17:30'],
      weekdays: [1, 2, 3, 4, 5, 6],
      capacity: f.capacity ?? 20,
      horizonDays: 14,
    }));
    const all = [...schedules, ...facilitySchedules];
    for (let i = 0; i < all.length; i += 200) await q.insertInto('serviceSchedules').values(all.slice(i, i + 200)).execute();
  }

  await sql`analyze service_items, street_offerings, provider_profiles, facilities, service_schedules`.execute(q);
  const facilities = await q.selectFrom('facilities').select((eb) => eb.fn.countAll<number>().as('n')).where('districtId', '=', districtId).executeTakeFirstOrThrow();
  return { ...catalogue, providers: plans.length, facilities: Number(facilities.n) };
}
