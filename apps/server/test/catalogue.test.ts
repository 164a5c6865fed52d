// The service catalogue and supply: 25 categories of ~200 items, subsidies and eligibility read
// from the register, what each street offers, the district's edits, provider profiles,
// facilities on the resource map, and slots made from the streets' schedules.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_DB, type Client, type TestApp, expectProblem, startTestApp } from './helpers.ts';
import { ageOnDay, groupsOf, ineligibility, quote, subsidyValue } from '../src/modules/catalogue/pricing.ts';

interface Item {
  id: string;
  code: string;
  name: string;
  priceFen: number;
  offered: boolean | null;
  eligible: boolean | null;
  ineligibleReason: string | null;
  quote: { subsidyPerUnitFen: number; payFen: number; group: string | null; groups: string[] } | null;
}

describe(`service catalogue (${TEST_DB})`, () => {
  let t: TestApp;
  let resident: Client;
  let centre: Client;
  let street: Client;
  let provider: Client;
  let hotline: Client;
  let official: Client;
  let streetId: string;
  let providerOrg: string;
  const byCode = async (client: Client, code: string, personId?: string): Promise<Item> => {
    const { items } = await client.json(`/api/service-items?all=true${personId ? `&personId=${personId}` : ''}`);
    return items.find((i: Item) => i.code === code);
  };
  /** Set a resident's tags through the register, as community staff would. */
  const tag = async (personId: string, tags: string[]) => {
    const p = await centre.json(`/api/persons/${personId}`);
    const res = await centre.patch(`/api/persons/${personId}`, { tags, version: p.version });
    assert.equal(res.statusCode, 200, res.body);
  };

  /** A new resident of the demo community, registered by its staff. */
  let serial = 0;
  const newPerson = async (age: number, tags: string[] = []) => {
    const [community] = (await centre.json('/api/areas/root')).items;
    const [building] = (await centre.json(`/api/areas/${community.id}/buildings`)).items;
    const birth = new Date(Date.now() - (age + 0.5) * 365.25 * 86_400_000).toISOString().slice(0, 10);
    const res = await centre.post('/api/persons', { name: `测试居民${++serial}`, gender: 'female', birthDate: birth, tags, buildingId: building.id, room: `9-9${serial}` });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string };
  };

  before(async () => {
    t = await startTestApp();
    [resident, centre, street, provider, hotline, official] = (await Promise.all(['resident', 'community', 'street', 'provider', 'hotline', 'official'].map((u) => t.login(u)))) as [Client, Client, Client, Client, Client, Client];
    streetId = (await resident.json('/api/service-items')).street.id;
    providerOrg = (await provider.json('/api/auth/me')).user.roles[0].orgId;
  });
  after(() => t.close());

  it('publishes 25 categories and about 200 items with units and prices in fen', async () => {
    const { items: categories } = await resident.json('/api/service-categories');
    assert.equal(categories.length, 25);
    const total = categories.reduce((n: number, c: { itemCount: number }) => n + c.itemCount, 0);
    assert.ok(total >= 190 && total <= 215, `${total} items`);
    for (const name of ['助餐配餐', '居家照护', '日间托老', '家政保洁', '维修服务', '康复护理', '健康义诊', '儿童托管', '法律援助', '心理疏导', '就业指导', '助残服务']) {
      assert.ok(categories.some((c: { name: string }) => c.name === name), name);
    }
    const { items } = await official.json('/api/service-items');
    assert.equal(items.length, total);
    assert.ok(items.every((i: { priceFen: number; unit: string }) => Number.isInteger(i.priceFen) && i.unit.length > 0));
    const found = await official.json(`/api/service-items?q=${encodeURIComponent('助浴')}`);
    assert.ok(found.items.some((i: Item) => i.name === '助浴服务'));
  });

  it('computes subsidies exactly, the best single group applying, never more than the price', () => {
    const item = { priceFen: 999, subsidies: [{ group: 'aged_80' as const, percent: 30 }, { group: 'low_income' as const, amountFen: 250 }, { group: 'disabled' as const, amountFen: 5000 }] };
    assert.equal(subsidyValue(item.subsidies[0]!, 999), 299, 'a percentage rounds down to the fen');
    assert.deepEqual(quote(item, ['aged_60', 'aged_80'], 2), { quantity: 2, unitPriceFen: 999, subsidyPerUnitFen: 299, totalFen: 1998, subsidyFen: 598, payFen: 1400, group: 'aged_80', groups: ['aged_60', 'aged_80'] });
    assert.equal(quote(item, ['aged_80', 'low_income'], 1).group, 'aged_80', '299 beats 250; no stacking');
    assert.equal(quote(item, ['disabled'], 1).payFen, 0, 'capped at the price');
    assert.equal(quote(item, [], 3).payFen, 2997);
    // Age bands turn on the birthday, in local dates.
    assert.equal(ageOnDay('1946-11-23', '2026-11-22'), 79);
    assert.equal(ageOnDay('1946-11-23', '2026-11-23'), 80);
    assert.deepEqual(groupsOf({ birthDate: '1946-11-23', tags: ['living_alone', 'veteran'] }, '2026-11-23'), ['aged_60', 'aged_80', 'living_alone']);
    assert.equal(ineligibility({ groups: ['aged_60', 'disabled'] }, { birthDate: '1990-01-01', tags: [] }, '2026-01-01', []), 'groups:aged_60,disabled');
    assert.equal(ineligibility({ maxAge: 14 }, { birthDate: '2010-01-01', tags: [] }, '2026-01-01', []), 'max_age:14');
    assert.equal(ineligibility({ minAge: 16 }, { birthDate: '2010-01-01', tags: [] }, '2026-01-01', []), null);
  });

  it('prices items for a resident from the register: age on the birth date, low income and disability from the tags', async () => {
    const elder = await newPerson(84);
    let bath = await byCode(centre, 'HOME01', elder.id);
    assert.equal(bath.priceFen, 8000);
    assert.equal(bath.quote!.group, 'aged_80');
    assert.equal(bath.quote!.subsidyPerUnitFen, 2400);
    assert.equal(bath.quote!.payFen, 5600);
    await tag(elder.id, ['low_income']);
    bath = await byCode(centre, 'HOME01', elder.id);
    assert.equal(bath.quote!.group, 'low_income');
    assert.equal(bath.quote!.payFen, 3200);
    const lunch = await byCode(centre, 'MEAL02', elder.id);
    assert.equal(lunch.quote!.subsidyPerUnitFen, 600);
    await tag(elder.id, ['special_hardship']);
    assert.equal((await byCode(centre, 'MEAL02', elder.id)).quote!.payFen, 0, '特困 elders eat free');

    const adult = await newPerson(40);
    const forAdult = await byCode(centre, 'HOME01', adult.id);
    assert.equal(forAdult.eligible, false);
    assert.equal(forAdult.ineligibleReason, 'groups:aged_60,disabled');
    assert.equal((await byCode(centre, 'MEAL02', adult.id)).quote!.subsidyPerUnitFen, 0);
    await tag(adult.id, ['disabled']);
    const nowEligible = await byCode(centre, 'HOME01', adult.id);
    assert.equal(nowEligible.eligible, true);
    assert.equal(nowEligible.quote!.payFen, 4800);
    // The resident is priced as themselves; someone they may not order for does not exist for them.
    const mine = await resident.json('/api/service-items');
    assert.ok(mine.items.every((i: Item) => i.quote && i.offered === true));
    expectProblem(await resident.get(`/api/service-items?personId=${adult.id}`), 404, 'person.not_found');
  });

  it('lets a street choose what it offers, and residents see and order only that', async () => {
    const lunch = await byCode(resident, 'HOME05');
    assert.equal(lunch.offered, true);
    expectProblem(await resident.post(`/api/streets/${streetId}/offerings`, { itemIds: [lunch.id], offered: false }), 403, 'catalogue.street_forbidden');
    expectProblem(await centre.post(`/api/streets/${streetId}/offerings`, { itemIds: [lunch.id], offered: false }), 403);
    const removed = await street.post(`/api/streets/${streetId}/offerings`, { itemIds: [lunch.id], offered: false });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.ok(!removed.json().itemIds.includes(lunch.id));
    assert.ok(!(await resident.json('/api/service-items')).items.some((i: Item) => i.id === lunch.id));
    const me = (await resident.json('/api/auth/me')).user;
    assert.equal((await byCode(hotline, 'HOME05', me.personId)).offered, false);
    const slot = (await resident.json(`/api/service-slots?itemId=${lunch.id}`)).items[0];
    expectProblem(await resident.post('/api/service-orders', { itemId: lunch.id, slotId: slot.id }), 400, 'order.item_not_offered');
    const back = await official.post(`/api/streets/${streetId}/offerings`, { itemIds: [lunch.id], offered: true });
    assert.equal(back.statusCode, 200);
    assert.ok(back.json().itemIds.includes(lunch.id));
    expectProblem(await street.post(`/api/streets/${streetId}/offerings`, { itemIds: [crypto.randomUUID()], offered: true }), 400);
    expectProblem(await street.get(`/api/streets/${crypto.randomUUID()}/offerings`), 404, 'street.not_found');
  });

  it('lets the district edit the catalogue, and no one else', async () => {
    const { items: categories } = await official.json('/api/service-categories');
    const repairs = categories.find((c: { name: string }) => c.name === '维修服务');
    const body = { categoryId: repairs.id, code: 'REP99', name: '晾衣架安装', fulfilment: 'home', unit: '套', priceFen: 8800, subsidies: [{ group: 'aged_80', percent: 20 }], eligibility: {} };
    expectProblem(await resident.post('/api/service-items', body), 403, 'catalogue.forbidden');
    expectProblem(await street.post('/api/service-items', body), 403, 'catalogue.forbidden');
    const created = await official.post('/api/service-items', body);
    assert.equal(created.statusCode, 201, created.body);
    expectProblem(await official.post('/api/service-items', body), 409, 'service_item.code_taken');
    expectProblem(await official.post('/api/service-items', { ...body, code: 'REP98', subsidies: [{ group: 'aged_80', percent: 20, amountFen: 100 }] }), 400, 'validation.failed');
    expectProblem(await official.post('/api/service-items', { ...body, code: 'REP97', fulfilment: 'meal' }), 400, 'validation.failed');
    expectProblem(await official.post('/api/service-items', { ...body, code: 'REP96', eligibility: { minAge: 70, maxAge: 60 } }), 400);
    const edited = await official.patch(`/api/service-items/${created.json().id}`, { priceFen: 9000, active: false });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().priceFen, 9000);
    assert.ok(!(await official.json('/api/service-items')).items.some((i: Item) => i.code === 'REP99'), 'withdrawn items leave the list');
    const audit = (await (await t.login('admin')).json(`/api/audit?entityType=service_item&entityId=${created.json().id}`)).items;
    assert.deepEqual(audit.map((a: { action: string }) => a.action).sort(), ['service_item.create', 'service_item.update']);
  });

  it('keeps provider profiles: the district sets what and where, the provider\'s own staff its capacity and qualifications', async () => {
    const { items } = await official.json('/api/service-providers');
    assert.ok(items.length >= 10);
    const mine = items.find((p: { id: string }) => p.id === providerOrg);
    assert.ok(mine.categories.length > 10 && mine.coverage.length >= 1 && mine.qualifications.length > 0);
    const own = await provider.patch(`/api/service-providers/${providerOrg}`, { dailyCapacity: 35, qualifications: ['民办非企业单位登记证书', '持证社工 14 人'] });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().dailyCapacity, 35);
    const problem = expectProblem(await provider.patch(`/api/service-providers/${providerOrg}`, { coverageAreaIds: [streetId] }), 400);
    assert.equal(problem.fields[0].path, 'coverageAreaIds');
    const other = items.find((p: { id: string }) => p.id !== providerOrg);
    expectProblem(await provider.patch(`/api/service-providers/${other.id}`, { dailyCapacity: 1 }), 403, 'provider.forbidden');
    const widened = await official.patch(`/api/service-providers/${providerOrg}`, { coverageAreaIds: [streetId] });
    assert.equal(widened.statusCode, 200, widened.body);
    assert.deepEqual(widened.json().coverage.map((c: { id: string }) => c.id), [streetId]);
    expectProblem(await official.patch(`/api/service-providers/${providerOrg}`, { categoryIds: [crypto.randomUUID()] }), 400);
  });

  it('lists the four kinds of facility with place and capacity, nearest first for a resident, and as a map layer', async () => {
    const { items } = await resident.json('/api/service-facilities');
    const kinds = new Set(items.map((f: { kind: string }) => f.kind));
    for (const k of ['family_centre', 'elder_canteen', 'day_care_centre']) assert.ok(kinds.has(k), k);
    for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].distanceKm <= items[i].distanceKm);
    const canteen = items.find((f: { kind: string }) => f.kind === 'elder_canteen');
    assert.ok(canteen.seats > 0 && canteen.mealsPerDay > 0 && canteen.openingHours.includes('午餐'));
    const all = await official.json('/api/service-facilities');
    assert.ok(all.items.some((f: { kind: string }) => f.kind === 'home_care_centre') || all.items.length > 4);
    const map = await official.json('/api/service-facilities/map');
    assert.equal(map.type, 'FeatureCollection');
    assert.equal(map.features.length, all.items.length);
    for (const f of map.features) {
      const [lon, lat] = f.geometry.coordinates;
      assert.ok(lon > 112.9 && lon < 113.2 && lat > 22.9 && lat < 23.2, `${f.properties.name} lies in Chancheng`);
      assert.match(f.properties.areaPath, /\/$/);
    }
    const streetOnly = await official.json(`/api/service-facilities?streetId=${streetId}&kind=elder_canteen`);
    assert.ok(streetOnly.items.every((f: { street: { id: string }; kind: string }) => f.street.id === streetId && f.kind === 'elder_canteen'));
  });

  it('makes slots from the street\'s schedule, which its officials change without going below what is booked', async () => {
    const care = await byCode(resident, 'HOME03');
    const { items: slots } = await resident.json(`/api/service-slots?itemId=${care.id}&days=7`);
    assert.ok(slots.length > 0);
    for (const s of slots) assert.ok(new Date(s.startsAt).getTime() > Date.now() && s.free === s.capacity - s.booked);
    const { items: schedules } = await street.json(`/api/service-schedules?streetId=${streetId}`);
    const home = schedules.find((s: { category: { name: string } | null }) => s.category?.name === '居家照护');
    assert.deepEqual(home.weekdays, [1, 2, 3, 4, 5, 6]);
    const booked = slots.at(-1);
    const ordered = await resident.post('/api/service-orders', { itemId: care.id, slotId: booked.id });
    assert.equal(ordered.statusCode, 201, ordered.body);
    expectProblem(await centre.patch(`/api/service-schedules/${home.id}`, { capacity: 2 }), 403);
    expectProblem(await street.patch(`/api/service-schedules/${home.id}`, { windows: ['10:00-09:00'] }), 400);
    const changed = await street.patch(`/api/service-schedules/${home.id}`, { capacity: 0 });
    assert.equal(changed.statusCode, 200, changed.body);
    const after = (await resident.json(`/api/service-slots?itemId=${care.id}&days=7`)).items;
    assert.equal(after.find((s: { id: string }) => s.id === booked.id).capacity, 1, 'never below what is booked');
    assert.ok(after.every((s: { capacity: number; booked: number; free: number }) => s.capacity === s.booked && s.free === 0), 'the rest close, keeping what they hold');
    await street.patch(`/api/service-schedules/${home.id}`, { capacity: 6 });
    const meal = await byCode(resident, 'MEAL02');
    expectProblem(await resident.get(`/api/service-slots?itemId=${meal.id}`), 400, 'validation.failed');
    const day = await byCode(resident, 'DAY01');
    const places = (await resident.json(`/api/service-slots?itemId=${day.id}`)).items;
    assert.ok(places.length > 0 && places.every((s: { facility: { id: string } | null }) => s.facility));
  });
});
