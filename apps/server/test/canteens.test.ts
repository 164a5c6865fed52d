// Elder canteens: daily menus from the rotation, meal orders for dine-in or delivery (assigned to
// the canteen at once, delivered and rated), delivery rounds, the kitchen's counts, and never
// more meals sold than the kitchen makes, even under parallel orders.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_DB, type Client, type TestApp, expectProblem, startTestApp } from './helpers.ts';
import { stableUuid } from '../src/modules/catalogue/seed.ts';

interface Menu {
  id: string;
  canteen: { id: string; name: string };
  day: string;
  meal: 'lunch' | 'dinner';
  dishes: string[];
  capacity: number;
  booked: number;
  free: number;
  delivers: boolean | null;
  distanceKm: number | null;
}

describe(`elder canteens (${TEST_DB})`, () => {
  let t: TestApp;
  let resident: Client;
  let provider: Client;
  let provider2: Client;
  let hotline: Client;
  let street: Client;
  let streetId: string;
  let providerOrg: string;
  let items: Record<string, { id: string; name: string; quote: { payFen: number } }>;
  let lunchMenu: Menu;

  before(async () => {
    t = await startTestApp();
    [resident, provider, hotline, street] = (await Promise.all(['resident', 'provider', 'hotline', 'street'].map((u) => t.login(u)))) as [Client, Client, Client, Client];
    const all = await resident.json('/api/service-items?fulfilment=meal');
    streetId = all.street.id;
    items = Object.fromEntries(all.items.map((i: { code: string }) => [i.code, i]));
    providerOrg = (await provider.json('/api/auth/me')).user.roles[0].orgId;
    lunchMenu = (await resident.json(`/api/canteen-menus?itemId=${items.MEAL02!.id}`)).items[0];
    const admin = await t.login('admin');
    const other = (await admin.json('/api/service-providers')).items.find((p: { id: string }) => p.id !== providerOrg);
    const u = await admin.post('/api/admin/users', { username: 'canteen2', displayName: '别家饭堂', password: 'linli-demo-password' });
    await admin.post(`/api/admin/users/${u.json().id}/roles`, { role: 'provider_staff', orgId: other.id });
    provider2 = await t.login('canteen2', 'linli-demo-password');
  });
  after(() => t.close());

  it('offers the menus of the canteens of the resident\'s street, nearest first, that deliver to them', async () => {
    const { items: menus } = await resident.json(`/api/canteen-menus?itemId=${items.MEAL02!.id}&days=3`);
    assert.ok(menus.length > 0);
    for (const m of menus as Menu[]) {
      assert.equal(m.meal, 'lunch');
      assert.equal(m.delivers, true);
      assert.ok(m.dishes.length >= 3 && m.free === m.capacity - m.booked);
    }
    assert.equal(lunchMenu.canteen.name, '塔坡社区长者饭堂', 'the nearest canteen comes first');
    const dinner = (await resident.json(`/api/canteen-menus?itemId=${items.MEAL04!.id}`)).items as Menu[];
    assert.ok(dinner.every((m) => m.meal === 'dinner'));
    // The menus rotate through the week.
    const week = (await resident.json(`/api/canteen-menus?canteenId=${lunchMenu.canteen.id}&days=7`)).items as Menu[];
    assert.ok(new Set(week.filter((m) => m.meal === 'lunch').map((m) => m.dishes.join())).size >= 5);
    expectProblem(await resident.get(`/api/canteen-menus?itemId=${(await resident.json('/api/service-items?fulfilment=home')).items[0].id}`), 400);
  });

  it('takes a lunch delivery from order to rating: assigned to the canteen at once, on a delivery round, delivered by its staff', async () => {
    const res = await resident.post('/api/service-orders', { itemId: items.MEAL02!.id, menuId: lunchMenu.id, notes: '少盐，不要辣' });
    assert.equal(res.statusCode, 201, res.body);
    const o = res.json();
    assert.equal(o.status, 'assigned');
    assert.equal(o.provider.id, providerOrg);
    assert.equal(o.mealMode, 'delivery');
    assert.equal(o.facility.id, lunchMenu.canteen.id);
    assert.match(o.round.label, /午餐第一轮/);
    assert.equal(o.payFen, items.MEAL02!.quote.payFen);
    const menu = (await resident.json(`/api/canteen-menus?canteenId=${lunchMenu.canteen.id}&days=2`)).items.find((m: Menu) => m.id === lunchMenu.id);
    assert.equal(menu.booked, lunchMenu.booked + 1);
    for (const action of ['confirm', 'check_in']) assert.equal((await provider.post(`/api/service-orders/${o.id}/transition`, { action })).statusCode, 200);
    const done = await provider.post(`/api/service-orders/${o.id}/transition`, { action: 'complete', note: '已送达，饭菜温热' });
    assert.equal(done.statusCode, 200, done.body);
    const rated = await resident.post(`/api/service-orders/${o.id}/rate`, { score: 5, comment: '饭菜软烂，合口味' });
    assert.equal(rated.statusCode, 200, rated.body);
    assert.equal(rated.json().status, 'rated');
  });

  it('counts for the kitchen: meals per menu, dine-in and delivery by round, and the diet notes', async () => {
    const people = (await hotline.json(`/api/persons?areaId=${streetId}&pageSize=8`)).items as { id: string }[];
    const dine = await hotline.post('/api/service-orders', { itemId: items.MEAL01!.id, menuId: (await hotline.json(`/api/canteen-menus?itemId=${items.MEAL01!.id}&personId=${people[0]!.id}`)).items.find((m: Menu) => m.id === lunchMenu.id)!.id, personId: people[0]!.id, quantity: 2 });
    assert.equal(dine.statusCode, 201, dine.body);
    for (const p of people.slice(1, 4)) {
      const menus = (await hotline.json(`/api/canteen-menus?itemId=${items.MEAL02!.id}&personId=${p.id}`)).items as Menu[];
      const r = await hotline.post('/api/service-orders', { itemId: items.MEAL02!.id, menuId: menus.find((m) => m.id === lunchMenu.id)!.id, personId: p.id, notes: '糖尿病，米饭减半' });
      assert.equal(r.statusCode, 201, r.body);
    }
    const k = await provider.get(`/api/canteens/${lunchMenu.canteen.id}/kitchen?day=${lunchMenu.day}`);
    assert.equal(k.statusCode, 200, k.body);
    const lunch = k.json().meals.find((m: { meal: string }) => m.meal === 'lunch');
    assert.equal(lunch.menuId, lunchMenu.id);
    assert.deepEqual(lunch.dishes, lunchMenu.dishes);
    assert.equal(lunch.total, lunch.dineIn + lunch.delivery);
    assert.ok(lunch.dineIn >= 2 && lunch.delivery >= 4, JSON.stringify(lunch));
    assert.equal(lunch.rounds.reduce((n: number, r: { count: number }) => n + r.count, 0), lunch.delivery);
    assert.ok(lunch.rounds.every((r: { round: { departs: string } | null; orders: { address: string | null }[] }) => r.round && r.orders.length > 0));
    assert.ok(lunch.notes.filter((x: { notes: string }) => x.notes.includes('糖尿病')).length >= 3);
    assert.equal(lunch.byItem.reduce((n: number, x: { count: number }) => n + x.count, 0), lunch.total);
    assert.equal(lunch.total, (await resident.json(`/api/canteen-menus?canteenId=${lunchMenu.canteen.id}&days=2`)).items.find((m: Menu) => m.id === lunchMenu.id).booked);
    expectProblem(await provider2.get(`/api/canteens/${lunchMenu.canteen.id}/kitchen`), 403, 'facility.forbidden');
    expectProblem(await resident.get(`/api/canteens/${lunchMenu.canteen.id}/kitchen`), 403);
    assert.equal((await street.get(`/api/canteens/${lunchMenu.canteen.id}/kitchen`)).statusCode, 200, 'the street supervises its canteens');
  });

  it('never sells more meals than the kitchen makes: 12 parallel orders for 4 meals', async () => {
    const { items: menus } = await resident.json(`/api/canteen-menus?canteenId=${lunchMenu.canteen.id}&days=3`);
    const menu = (menus as Menu[]).filter((m) => m.meal === 'dinner').at(-1)!;
    const edited = await provider.patch(`/api/canteen-menus/${menu.id}`, { capacity: menu.booked + 4, dishes: ['瘦肉粥', '蒸水蛋', '炒菜心', '清蒸鱼'] });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().free, 4);
    expectProblem(await provider2.patch(`/api/canteen-menus/${menu.id}`, { capacity: 100 }), 403, 'facility.forbidden');
    const people = ((await hotline.json(`/api/persons?areaId=${streetId}&pageSize=40`)).items as { id: string }[]).slice(20, 32);
    const results = await Promise.all(people.map((p) => hotline.post('/api/service-orders', { itemId: items.MEAL04!.id, menuId: menu.id, personId: p.id })));
    const codes = results.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 201).length, 4, codes.join(','));
    for (const r of results.filter((x) => x.statusCode !== 201)) assert.equal(expectProblem(r, 409, 'order.menu_full').fields[0].path, 'menuId');
    const after = (await resident.json(`/api/canteen-menus?canteenId=${lunchMenu.canteen.id}&days=3`)).items.find((m: Menu) => m.id === menu.id);
    assert.equal(after.free, 0);
    // A cancellation gives the meal back.
    const placed = results.find((r) => r.statusCode === 201)!.json();
    assert.equal((await hotline.post(`/api/service-orders/${placed.id}/transition`, { action: 'cancel', note: '住院了' })).statusCode, 200);
    assert.equal((await resident.json(`/api/canteen-menus?canteenId=${lunchMenu.canteen.id}&days=3`)).items.find((m: Menu) => m.id === menu.id).free, 1);
  });

  it('refuses meals after the cut-off, for the wrong meal, by slot, or delivered from a canteen of another street', async () => {
    const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    const past = stableUuid('chancheng', 'test-menu', yesterday);
    await t.db.root.insertInto('canteenMenus').values({ districtId: 'chancheng', id: past, facilityId: lunchMenu.canteen.id, day: yesterday, meal: 'lunch', dishes: ['白粥'], capacity: 50 }).execute();
    const dinner = (await resident.json(`/api/canteen-menus?itemId=${items.MEAL04!.id}`)).items[0] as Menu;
    const elsewhere = ((await street.json('/api/service-facilities?kind=elder_canteen')).items as { id: string; street: { id: string } }[]).find((f) => f.street.id !== streetId)!;
    const far = (await street.json(`/api/canteen-menus?canteenId=${elsewhere.id}`)).items.find((m: Menu) => m.meal === 'lunch') as Menu;
    const cases: [Record<string, unknown>, string][] = [
      [{ itemId: items.MEAL02!.id, menuId: past }, 'menuId'],
      [{ itemId: items.MEAL02!.id, menuId: dinner.id }, 'menuId'],
      [{ itemId: items.MEAL02!.id, menuId: far.id }, 'menuId'],
      [{ itemId: items.MEAL02!.id }, 'menuId'],
      [{ itemId: items.MEAL02!.id, menuId: lunchMenu.id, slotId: crypto.randomUUID() }, 'slotId'],
      [{ itemId: items.MEAL02!.id, menuId: crypto.randomUUID() }, 'menuId'],
      [{ itemId: items.MEAL02!.id, menuId: lunchMenu.id, quantity: 6 }, 'quantity'],
    ];
    const before = await t.db.root.selectFrom('serviceOrders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const [body, field] of cases) {
      const problem = expectProblem(await resident.post('/api/service-orders', body), 400);
      assert.ok(problem.fields.some((f: { path: string }) => f.path === field), JSON.stringify(problem));
    }
    // Eating in at a canteen of another street is fine; only delivery is local.
    const dineFar = (await resident.json(`/api/canteen-menus?canteenId=${elsewhere.id}`)).items.find((m: Menu) => m.meal === 'lunch') as Menu;
    const ok = await resident.post('/api/service-orders', { itemId: items.MEAL01!.id, menuId: dineFar.id });
    assert.equal(ok.statusCode, 201, ok.body);
    const after = await t.db.root.selectFrom('serviceOrders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n) + 1);
    expectProblem(await resident.post('/api/service-orders', { itemId: items.MEAL01!.id, menuId: dineFar.id }), 409, 'order.duplicate');
  });

  it('sends each delivery on its canteen\'s round: its own community first, the rest of the street after', async () => {
    const { items: rounds } = await resident.json(`/api/canteens/${lunchMenu.canteen.id}/rounds`);
    assert.deepEqual(rounds.map((r: { code: string }) => r.code), ['L1', 'L2', 'D1']);
    assert.equal(rounds[0].communities.length, 1);
    const otherCommunity = ((await hotline.json(`/api/persons?areaId=${streetId}&pageSize=200`)).items as { id: string; communityName: string }[]).findLast((p) => p.communityName !== rounds[0].communities[0].name)!;
    const menu = (await hotline.json(`/api/canteen-menus?itemId=${items.MEAL02!.id}&personId=${otherCommunity.id}`)).items.findLast((m: Menu) => m.canteen.id === lunchMenu.canteen.id);
    const res = await hotline.post('/api/service-orders', { itemId: items.MEAL02!.id, menuId: menu.id, personId: otherCommunity.id });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().round.id, rounds[1].id);
  });
});
