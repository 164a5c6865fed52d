// Service orders: a resident orders for a slot with their subsidy, the centre accepts and assigns,
// the provider confirms, checks in and completes, the resident rates. The state machine by role,
// exhaustively; capacity under parallel orders; scope; bad input that writes nothing; the hotline
// ordering for an elder without a phone; complaints under supervision; performance and statistics.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OrderAction, OrderStatus } from '@linli/contracts';
import { TEST_DB, type Client, type TestApp, expectProblem, startTestApp } from './helpers.ts';
import { TRANSITIONS, transitionFor } from '../src/modules/orders/state-machine.ts';
import { performanceFlags } from '../src/modules/orders/service.ts';
import { CalendarService } from '../src/platform/calendar.ts';

describe(`service orders (${TEST_DB})`, () => {
  let t: TestApp;
  let resident: Client;
  let resident2: Client;
  let centre: Client;
  let community2: Client;
  let street: Client;
  let provider: Client;
  let provider2: Client;
  let hotline: Client;
  let official: Client;
  let admin: Client;
  let me: { personId: string };
  let providerOrg: string;
  let otherProviderOrg: string;
  let streetId: string;
  let homeItems: { id: string; code: string; name: string; maxQuantity: number }[];
  let homeSlots: { id: string; startsAt: string; free: number }[];

  const userWith = async (username: string, personId: string | null, role: string, grant: Record<string, string> = {}) => {
    const created = await admin.post('/api/admin/users', { username, displayName: username, password: 'linli-demo-password', ...(personId ? { personId } : {}) });
    assert.equal(created.statusCode, 201, created.body);
    const granted = await admin.post(`/api/admin/users/${created.json().id}/roles`, { role, ...grant });
    assert.equal(granted.statusCode, 201, granted.body);
    return t.login(username, 'linli-demo-password');
  };

  before(async () => {
    t = await startTestApp();
    [resident, centre, community2, street, provider, hotline, official, admin] = (await Promise.all(['resident', 'community', 'community2', 'street', 'provider', 'hotline', 'official', 'admin'].map((u) => t.login(u)))) as [Client, Client, Client, Client, Client, Client, Client, Client];
    me = (await resident.json('/api/auth/me')).user;
    providerOrg = (await provider.json('/api/auth/me')).user.roles.find((r: { role: string }) => r.role === 'provider_staff').orgId;
    const items = await resident.json('/api/service-items?fulfilment=home');
    streetId = items.street.id;
    homeItems = items.items.filter((i: { category: { name: string }; eligible: boolean }) => i.category.name === '居家照护' && i.eligible);
    assert.ok(homeItems.length >= 8, 'the demo elder may order home care');
    homeSlots = (await resident.json(`/api/service-slots?itemId=${homeItems[0]!.id}&days=7`)).items;
    assert.ok(homeSlots.length >= 12, `slots for a week: ${homeSlots.length}`);
    const suggestions = (await official.json('/api/service-providers')).items as { id: string; categories: { name: string }[]; coverage: { name: string }[] }[];
    otherProviderOrg = suggestions.find((p) => p.id !== providerOrg && p.categories.some((c) => c.name === '居家照护') && p.coverage.some((c) => c.name === items.street.name || c.name === '禅城区'))!.id;
    // Another provider's staff, and another resident of the same community in another household.
    provider2 = await userWith('provider2', null, 'provider_staff', { orgId: otherProviderOrg });
    const neighbours = (await centre.json('/api/persons?pageSize=200&ageMin=60')).items as { id: string; householdId: string }[];
    const myHousehold = neighbours.find((p) => p.id === me.personId)?.householdId;
    resident2 = await userWith('resident2', neighbours.find((p) => p.householdId !== myHousehold)!.id, 'resident');
  });
  after(() => t.close());

  let n = 0;
  /** A fresh order for the demo resident, each on its own item and slot. */
  const place = async (client: Client = resident, extra: Record<string, unknown> = {}) => {
    const i = n++;
    const res = await client.post('/api/service-orders', { itemId: homeItems[Math.floor(i / homeSlots.length) % homeItems.length]!.id, slotId: homeSlots[i % homeSlots.length]!.id, ...extra });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const act = (client: Client, id: string, action: string, body: Record<string, unknown> = {}) => client.post(`/api/service-orders/${id}/transition`, { action, note: '测试说明', ...body });
  const ok = async (client: Client, id: string, action: string, body: Record<string, unknown> = {}) => {
    const res = action === 'rate' ? await client.post(`/api/service-orders/${id}/rate`, { score: 5, comment: '好' }) : await act(client, id, action, body);
    assert.equal(res.statusCode, 200, `${action}: ${res.body}`);
    return res.json();
  };
  /** An order of the demo resident brought to a status through the API. */
  const orderIn = async (status: string) => {
    const o = await place();
    const steps: Record<string, [Client, string, Record<string, unknown>?][]> = {
      placed: [],
      accepted: [[centre, 'accept']],
      assigned: [[centre, 'accept'], [centre, 'assign', { providerId: providerOrg }]],
      confirmed: [[centre, 'accept'], [centre, 'assign', { providerId: providerOrg }], [provider, 'confirm']],
      in_service: [[centre, 'accept'], [centre, 'assign', { providerId: providerOrg }], [provider, 'confirm'], [provider, 'check_in']],
      completed: [[centre, 'accept'], [centre, 'assign', { providerId: providerOrg }], [provider, 'confirm'], [provider, 'check_in'], [provider, 'complete']],
      rated: [[centre, 'accept'], [centre, 'assign', { providerId: providerOrg }], [provider, 'confirm'], [provider, 'check_in'], [provider, 'complete'], [resident, 'rate']],
      cancelled: [[resident, 'cancel']],
      refused: [[centre, 'refuse']],
      no_show: [[centre, 'accept'], [centre, 'assign', { providerId: providerOrg }], [provider, 'confirm'], [provider, 'no_show']],
    };
    let last = o;
    for (const [client, action, body] of steps[status]!) last = await ok(client, o.id, action, body);
    assert.equal(last.status, status);
    return last;
  };
  const counts = async () => {
    const q = t.db.root;
    const [orders, history, audit, slots] = await Promise.all([
      q.selectFrom('serviceOrders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      q.selectFrom('serviceOrderHistory').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      q.selectFrom('auditLog').select((eb) => eb.fn.countAll<number>().as('n')).where('action', 'like', 'service_%').executeTakeFirstOrThrow(),
      q.selectFrom('serviceSlots').select((eb) => eb.fn.sum<number>('booked').as('n')).executeTakeFirstOrThrow(),
    ]);
    return [orders.n, history.n, audit.n, slots.n].map(Number);
  };

  it('publishes the state machine it enforces', async () => {
    const { transitions } = await resident.json('/api/service-orders/state-machine');
    assert.equal(transitions.length, TRANSITIONS.length);
    assert.deepEqual(transitions.find((x: { action: string }) => x.action === 'complete'), { action: 'complete', from: ['in_service'], to: 'completed', by: ['provider'], noteRequired: true });
  });

  it('takes a home service from order to rating: the centre accepts and assigns, the provider confirms, checks in and completes, the resident rates', async () => {
    const item = (await resident.json(`/api/service-items/${homeItems[0]!.id}`)) as { quote: { payFen: number; subsidyFen: number; totalFen: number; group: string | null } };
    const o = await place(resident, { notes: '请按门铃两次' });
    assert.equal(o.status, 'placed');
    assert.equal(o.channel, 'self');
    assert.equal(o.payFen, item.quote.payFen);
    assert.equal(o.subsidyFen, item.quote.subsidyFen);
    assert.equal(o.totalFen, o.payFen + o.subsidyFen);
    assert.deepEqual(o.allowedActions, ['cancel']);
    const inbox = (await centre.json('/api/notifications')).items as { title: string }[];
    assert.ok(inbox.some((x) => x.title.includes(o.number)), 'the centre hears of the new order');

    assert.deepEqual((await centre.json(`/api/service-orders/${o.id}`)).allowedActions, ['accept', 'refuse', 'cancel']);
    await ok(centre, o.id, 'accept');
    const { items: suggestions } = await centre.json(`/api/service-orders/${o.id}/provider-suggestions`);
    assert.ok(suggestions.length > 0 && suggestions[0].covers && suggestions[0].free > 0, 'a covering provider with capacity comes first');
    for (let i = 1; i < suggestions.length; i++) if (suggestions[i].covers && suggestions[i - 1].covers && suggestions[i].free > 0) assert.ok(suggestions[i - 1].score >= suggestions[i].score);
    const assigned = await ok(centre, o.id, 'assign', { providerId: providerOrg });
    assert.equal(assigned.provider.id, providerOrg);
    assert.ok((await provider.json('/api/service-orders?queue=provider&open=true')).items.some((x: { id: string }) => x.id === o.id));
    await ok(provider, o.id, 'confirm');
    await ok(provider, o.id, 'check_in');
    const done = await ok(provider, o.id, 'complete', { note: '已完成助浴，长者状态良好' });
    assert.equal(done.serviceNotes, '已完成助浴，长者状态良好');
    assert.ok(done.checkinAt && done.checkoutAt);
    assert.ok(((await resident.json('/api/notifications')).items as { title: string }[]).some((x) => x.title.startsWith('服务已完成')), 'the resident is asked to rate');
    const before = (await official.json(`/api/service-providers/${providerOrg}`)).ratingCount;
    const rated = await resident.post(`/api/service-orders/${o.id}/rate`, { score: 4, comment: '很细心' });
    assert.equal(rated.statusCode, 200, rated.body);
    assert.equal(rated.json().status, 'rated');
    assert.equal((await official.json(`/api/service-providers/${providerOrg}`)).ratingCount, before + 1);
    const history = rated.json().history as { action: string; actorName: string; toStatus: string }[];
    assert.deepEqual(history.map((h) => h.action), ['place', 'accept', 'assign', 'confirm', 'check_in', 'complete', 'rate']);
    assert.ok(history.every((h) => h.actorName), 'every step names who took it');
    expectProblem(await resident.post(`/api/service-orders/${o.id}/rate`, { score: 5 }), 409, 'order.invalid_transition');
  });

  it('allows exactly the transitions of the table: each by its parties; others answer 409 (wrong status), 403 (wrong party) or 404 (cannot see it)', async () => {
    const actors: { name: string; client: Client; party: string | null }[] = [
      { name: 'centre', client: centre, party: 'centre' },
      { name: 'provider', client: provider, party: 'provider' },
      { name: 'customer', client: resident, party: 'customer' },
      { name: 'other community', client: community2, party: null },
      { name: 'other provider', client: provider2, party: null },
    ];
    let refusals = 0;
    let successes = 0;
    for (const status of OrderStatus.options) {
      const order = await orderIn(status);
      const seenByProvider = order.provider?.id === providerOrg;
      for (const action of OrderAction.options) {
        const tr = transitionFor(action, status);
        for (const a of actors) {
          if (tr && a.party && tr.by.includes(a.party as never)) continue;
          const res = action === 'rate'
            ? await a.client.post(`/api/service-orders/${order.id}/rate`, { score: 3 })
            : await act(a.client, order.id, action, action === 'assign' || action === 'reassign' ? { providerId: otherProviderOrg } : {});
          const visible = a.party === 'centre' || a.party === 'customer' || (a.party === 'provider' && seenByProvider);
          const expected = !visible ? 404 : !tr ? 409 : 403;
          assert.equal(res.statusCode, expected, `${a.name} ${action} on ${status}: ${res.body}`);
          refusals++;
        }
      }
      const now = await centre.json(`/api/service-orders/${order.id}`);
      assert.equal(now.status, status, 'refusals change nothing');
      assert.equal(now.version, order.version);
    }
    for (const tr of TRANSITIONS) {
      for (const from of tr.from) {
        for (const party of tr.by) {
          if (party === 'system') continue;
          const o = await orderIn(from);
          const client = party === 'centre' ? centre : party === 'provider' ? provider : resident;
          const body = tr.action === 'assign' ? { providerId: providerOrg } : tr.action === 'reassign' ? { providerId: otherProviderOrg } : {};
          const after = await ok(client, o.id, tr.action, body);
          assert.equal(after.status, tr.to, `${party} ${tr.action} from ${from}`);
          assert.equal(after.history.at(-1).action, tr.action);
          successes++;
        }
      }
    }
    assert.ok(refusals > 300 && successes >= 20, `${refusals} refusals, ${successes} transitions`);
  });

  it('requires a reason where the table says so, and the version the user saw when given', async () => {
    const o = await orderIn('placed');
    expectProblem(await centre.post(`/api/service-orders/${o.id}/transition`, { action: 'refuse' }), 400, 'validation.failed');
    expectProblem(await resident.post(`/api/service-orders/${o.id}/transition`, { action: 'cancel', note: '' }), 400);
    expectProblem(await centre.post(`/api/service-orders/${o.id}/transition`, { action: 'accept', version: o.version + 5 }), 409, 'order.version_conflict');
    assert.equal((await centre.json(`/api/service-orders/${o.id}`)).status, 'placed');
  });

  it('accepts and assigns day care to the centre that runs it, as the system', async () => {
    const items = (await resident.json('/api/service-items?fulfilment=day_care')).items as { id: string; code: string }[];
    const day = items.find((i) => i.code === 'DAY01')!;
    const slots = (await resident.json(`/api/service-slots?itemId=${day.id}`)).items;
    assert.ok(slots.length > 0 && slots[0].facility, 'day-care places belong to a centre');
    const res = await resident.post('/api/service-orders', { itemId: day.id, slotId: slots[0].id });
    assert.equal(res.statusCode, 201, res.body);
    const o = res.json();
    assert.equal(o.status, 'assigned');
    assert.equal(o.facility.id, slots[0].facility.id);
    assert.deepEqual(o.history.map((h: { action: string; actorName: string }) => [h.action, h.actorName === '系统']), [['place', false], ['accept', true], ['assign', true]]);
    const facility = await resident.json(`/api/service-facilities/${o.facility.id}`);
    assert.equal(o.provider.id, facility.org.id);
  });

  it('never overbooks a slot: 30 parallel orders for 5 places book exactly 5, the rest are told it is full', async () => {
    const { items: schedules } = await street.json(`/api/service-schedules?streetId=${streetId}`);
    const cleaning = schedules.find((s: { category: { name: string } | null }) => s.category?.name === '家政保洁');
    const patched = await street.patch(`/api/service-schedules/${cleaning.id}`, { capacity: 5 });
    assert.equal(patched.statusCode, 200, patched.body);
    const item = ((await resident.json('/api/service-items?q=日常保洁')).items as { id: string; code: string }[]).find((i) => i.code === 'CLEAN01')!;
    const people = ((await hotline.json(`/api/persons?areaId=${streetId}&pageSize=60`)).items as { id: string }[]).slice(0, 30);
    assert.equal(people.length, 30);
    const slots = (await hotline.json(`/api/service-slots?itemId=${item.id}&personId=${people[0]!.id}&days=7`)).items;
    const slot = slots.at(-1);
    assert.equal(slot.capacity, 5);
    const before = await counts();
    const results = await Promise.all(people.map((p) => hotline.post('/api/service-orders', { itemId: item.id, slotId: slot.id, personId: p.id, caller: { name: '来电人', relation: '本人' } })));
    const codes = results.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 201).length, 5, codes.join(','));
    for (const r of results.filter((x) => x.statusCode !== 201)) assert.equal(expectProblem(r, 409, 'order.slot_full').fields[0].path, 'slotId');
    const after = (await hotline.json(`/api/service-slots?itemId=${item.id}&personId=${people[0]!.id}&days=7`)).items.find((s: { id: string }) => s.id === slot.id);
    assert.equal(after.booked, 5);
    assert.equal(after.free, 0);
    const rows = await t.db.root.selectFrom('serviceOrders').select((eb) => eb.fn.countAll<number>().as('n')).where('slotId', '=', slot.id).executeTakeFirstOrThrow();
    assert.equal(Number(rows.n), 5);
    const [orders] = await counts();
    assert.equal(orders! - before[0]!, 5, 'the refused orders left nothing behind');

    // Cancelling gives the place back to the next caller.
    const placed = results.find((r) => r.statusCode === 201)!.json();
    await ok(hotline, placed.id, 'cancel', { note: '家属已安排' });
    const again = await hotline.post('/api/service-orders', { itemId: item.id, slotId: slot.id, personId: people.at(-1)!.id });
    assert.equal(again.statusCode, 201, again.body);
  });

  it('never assigns a provider beyond its daily capacity, even when the centre assigns in parallel', async () => {
    const patched = await official.patch(`/api/service-providers/${otherProviderOrg}`, { dailyCapacity: 2 });
    assert.equal(patched.statusCode, 200, patched.body);
    // Four accepted orders on one day (one slot's window), each for a different item.
    const slot = homeSlots.at(-1)!;
    const orders: { id: string }[] = [];
    for (const item of homeItems.slice(0, 4)) {
      const res = await resident.post('/api/service-orders', { itemId: item.id, slotId: slot.id });
      if (res.statusCode !== 201) break;
      orders.push(await ok(centre, res.json().id, 'accept'));
    }
    assert.equal(orders.length, 4);
    const results = await Promise.all(orders.map((o) => act(centre, o.id, 'assign', { providerId: otherProviderOrg })));
    const codes = results.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 200).length, 2, codes.join(','));
    for (const r of results.filter((x) => x.statusCode !== 200)) expectProblem(r, 409, 'order.provider_full');
    // The declined one frees a place.
    const taken = results.find((r) => r.statusCode === 200)!.json();
    await ok(provider2, taken.id, 'decline', { note: '人手不足' });
    const waiting = orders.filter((o) => results[orders.indexOf(o)]!.statusCode !== 200);
    await ok(centre, waiting[0]!.id, 'assign', { providerId: otherProviderOrg });
    expectProblem(await act(centre, waiting[1]!.id, 'assign', { providerId: otherProviderOrg }), 409, 'order.provider_full');
    // Reassigning one elsewhere gives its place back; a completed service keeps its place.
    const kept = results.filter((r) => r.statusCode === 200).map((r) => r.json()).find((o) => o.id !== taken.id)!;
    await ok(centre, kept.id, 'reassign', { providerId: providerOrg, note: '就近安排' });
    await ok(centre, waiting[1]!.id, 'assign', { providerId: otherProviderOrg });
    const done = waiting[1]!.id;
    for (const a of ['confirm', 'check_in', 'complete']) await ok(provider2, done, a);
    expectProblem(await act(centre, orders.find((o) => o.id === taken.id)!.id, 'assign', { providerId: otherProviderOrg }), 409, 'order.provider_full');
    await official.patch(`/api/service-providers/${otherProviderOrg}`, { dailyCapacity: 20 });
  });

  it('places a retried order once with the same Idempotency-Key', async () => {
    const body = { itemId: homeItems[3]!.id, slotId: homeSlots[5]!.id, notes: '重试测试' };
    const headers = { 'idempotency-key': 'order-retry-0001' };
    const [a, b] = await Promise.all([resident.post('/api/service-orders', body, headers), resident.post('/api/service-orders', body, headers)]);
    const c = await resident.post('/api/service-orders', body, headers);
    const created = [a, b, c].filter((r) => r.statusCode === 201);
    assert.ok(created.length >= 2, `${a.statusCode} ${b.statusCode} ${c.statusCode}`);
    assert.equal(new Set(created.map((r) => r.json().id)).size, 1);
    const mine = (await resident.json('/api/service-orders?queue=mine&pageSize=200')).items.filter((o: { id: string }) => o.id === created[0]!.json().id);
    assert.equal(mine.length, 1);
    // A double tap without a key is refused by the one-booking-per-slot rule.
    expectProblem(await resident.post('/api/service-orders', body), 409, 'order.duplicate');
  });

  it('refuses bad orders with a problem naming the field, and writes nothing', async () => {
    const before = await counts();
    const item = homeItems[1]!;
    const slot = homeSlots[2]!;
    // A slot already started.
    const schedule = (await street.json(`/api/service-schedules?streetId=${streetId}`)).items.find((s: { category: { name: string } | null }) => s.category?.name === '居家照护');
    const past = crypto.randomUUID();
    await t.db.root.insertInto('serviceSlots').values({ districtId: 'chancheng', id: past, scheduleId: schedule.id, streetId, categoryId: (await resident.json(`/api/service-items/${item.id}`)).category.id, facilityId: null, startsAt: new Date(Date.now() - 86_400_000 * 2), endsAt: new Date(Date.now() - 86_400_000 * 2 + 7_200_000), capacity: 5 }).execute();
    const cases: [string, Record<string, unknown>, number, string, string][] = [
      ['slot in the past', { itemId: item.id, slotId: past }, 400, 'validation.failed', 'slotId'],
      ['quantity 0', { itemId: item.id, slotId: slot.id, quantity: 0 }, 400, 'validation.failed', 'body.quantity'],
      ['quantity 10,000', { itemId: item.id, slotId: slot.id, quantity: 10_000 }, 400, 'validation.failed', 'body.quantity'],
      ['more than the item allows', { itemId: item.id, slotId: slot.id, quantity: item.maxQuantity + 1 }, 400, 'validation.failed', 'quantity'],
      ['no slot', { itemId: item.id }, 400, 'validation.failed', 'slotId'],
      ['an unknown item', { itemId: crypto.randomUUID(), slotId: slot.id }, 400, 'validation.failed', 'itemId'],
      ['an unknown slot', { itemId: item.id, slotId: crypto.randomUUID() }, 400, 'validation.failed', 'slotId'],
      ['a menu for a home service', { itemId: item.id, slotId: slot.id, menuId: crypto.randomUUID() }, 400, 'validation.failed', 'menuId'],
      ['a caller from a resident', { itemId: item.id, slotId: slot.id, caller: { name: '我' } }, 400, 'validation.failed', 'caller'],
      ['a stranger as recipient', { itemId: item.id, slotId: slot.id, personId: crypto.randomUUID() }, 404, 'person.not_found', 'personId'],
    ];
    // An item this street does not offer.
    const all = (await hotline.json(`/api/service-items?personId=${me.personId}&all=true`)).items as { id: string; offered: boolean; fulfilment: string }[];
    const notOffered = all.find((i) => i.offered === false && i.fulfilment === 'home');
    assert.ok(notOffered, 'the demo street leaves some items out');
    cases.push(['an item not offered at the address', { itemId: notOffered.id, slotId: slot.id }, 400, 'order.item_not_offered', 'itemId']);
    // An item the resident is not eligible for (child care, up to 14).
    const child = all.find((i) => i.offered && (i as unknown as { eligibility: { maxAge?: number } }).eligibility.maxAge === 14)!;
    const childSlot = (await resident.json(`/api/service-slots?itemId=${child.id}`)).items[0];
    cases.push(['an item the resident is not eligible for', { itemId: child.id, slotId: childSlot.id }, 400, 'order.not_eligible', 'personId']);
    // A slot of another category.
    cases.push(['a slot of another category', { itemId: child.id, slotId: slot.id }, 400, 'validation.failed', 'slotId']);
    for (const [what, body, status, code, field] of cases) {
      const problem = expectProblem(await resident.post('/api/service-orders', body), status, code);
      assert.ok(problem.fields?.some((f: { path: string }) => f.path === field), `${what}: ${JSON.stringify(problem)}`);
    }
    // Another resident's order: it does not exist for them.
    const theirs = await orderIn('completed');
    for (const res of [
      await resident2.get(`/api/service-orders/${theirs.id}`),
      await resident2.post(`/api/service-orders/${theirs.id}/rate`, { score: 1 }),
      await resident2.post(`/api/service-orders/${theirs.id}/transition`, { action: 'cancel', note: 'x' }),
      await resident2.post(`/api/service-orders/${theirs.id}/complaints`, { text: '冒充投诉' }),
    ]) expectProblem(res, 404, 'order.not_found');
    const afterBad = await counts();
    // Only the order made for the last check was written: one order, six steps of history.
    assert.equal(afterBad[0], before[0]! + 1);
    assert.equal(afterBad[1], before[1]! + 6);
    assert.equal((await resident.json(`/api/service-orders/${theirs.id}`)).status, 'completed');
  });

  it('scopes orders: a provider sees only its own, a street only its street, a resident only theirs', async () => {
    const mine = await orderIn('confirmed');
    const unassigned = await orderIn('accepted');
    const providerList = (await provider.json('/api/service-orders?pageSize=200')).items as { id: string; provider: { id: string } | null }[];
    assert.ok(providerList.length > 0 && providerList.every((o) => o.provider?.id === providerOrg));
    assert.ok(providerList.some((o) => o.id === mine.id));
    expectProblem(await provider.get(`/api/service-orders/${unassigned.id}`), 404, 'order.not_found');
    expectProblem(await provider2.get(`/api/service-orders/${mine.id}`), 404, 'order.not_found');
    const theirs = (await provider2.json('/api/service-orders?pageSize=200')).items as { provider: { id: string } }[];
    assert.ok(theirs.every((o) => o.provider.id === otherProviderOrg));
    const streetList = (await street.json('/api/service-orders?pageSize=200')).items as { street: { id: string } }[];
    assert.ok(streetList.length > 0 && streetList.every((o) => o.street.id === streetId));
    const districtList = (await official.json('/api/service-orders?pageSize=200')).items as { street: { id: string } }[];
    assert.ok(districtList.some((o) => o.street.id !== streetId), 'the district sees every street');
    expectProblem(await community2.get(`/api/service-orders/${mine.id}`), 404);
    const residentList = (await resident.json('/api/service-orders?pageSize=200')).items as { person: { id: string } }[];
    assert.ok(residentList.every((o) => o.person.id === me.personId));
    const other = (await resident2.json('/api/auth/me')).user.personId;
    const otherList = (await resident2.json('/api/service-orders?pageSize=200')).items as { id: string; person: { id: string } }[];
    assert.ok(otherList.every((o) => o.person.id === other) && !otherList.some((o) => o.id === mine.id));
    expectProblem(await resident.get('/api/service-orders?queue=centre'), 403, 'orders.centre_forbidden');
    expectProblem(await resident.get('/api/service-orders?queue=provider'), 403, 'orders.provider_forbidden');
    const centreQueue = (await centre.json('/api/service-orders?queue=centre&open=true&pageSize=200')).items as { status: string }[];
    assert.ok(centreQueue.every((o) => ['placed', 'accepted', 'assigned', 'confirmed', 'in_service'].includes(o.status)));
  });

  it('lets the hotline order for an elder who has no phone, recorded as a hotline order with the caller', async () => {
    const elders = (await hotline.json(`/api/persons?areaId=${streetId}&ageMin=80&pageSize=200`)).items as { id: string; name: string; phone: string | null }[];
    const elder = elders.find((p) => p.phone === null)!;
    assert.ok(elder, 'some elders have no phone on record');
    const items = (await hotline.json(`/api/service-items?personId=${elder.id}&fulfilment=home`)).items as { id: string; code: string; quote: { group: string } }[];
    const visit = items.find((i) => i.code === 'HOME07')!;
    assert.equal(visit.quote.group !== null, true, 'an elder over 80 gets a subsidy');
    const slot = (await hotline.json(`/api/service-slots?itemId=${visit.id}&personId=${elder.id}`)).items.findLast((x: { free: number }) => x.free > 0);
    const res = await hotline.post('/api/service-orders', { itemId: visit.id, slotId: slot.id, personId: elder.id, caller: { name: '陈姨', relation: '邻居', phone: '13800001111' }, notes: '邻居代为来电' });
    assert.equal(res.statusCode, 201, res.body);
    const o = res.json();
    assert.equal(o.channel, 'hotline');
    assert.deepEqual(o.caller, { name: '陈姨', relation: '邻居', phone: '138****1111' });
    assert.equal(o.contactPhone, null);
    assert.equal(o.person.name, elder.name);
    assert.equal(o.history[0].details.channel, 'hotline');
    // The hotline follows up for the elder: it may cancel, rate and complain on their behalf.
    assert.deepEqual(o.allowedActions, ['cancel']);
    assert.equal(o.canComplain, true);
    expectProblem(await resident.get(`/api/service-orders/${o.id}`), 404);
  });

  it('lets a family member order for someone in their household, and no one else', async () => {
    const households = (await centre.json('/api/households?pageSize=100')).items as { id: string; memberCount: number }[];
    const big = households.find((h) => h.memberCount >= 2)!;
    const members = (await centre.json(`/api/households/${big.id}`)).members as { id: string; age: number }[];
    const [orderer, target] = [members[0]!, members[1]!];
    const family = await userWith('family1', orderer.id, 'resident');
    const items = (await family.json(`/api/service-items?personId=${target.id}`)).items as { id: string; fulfilment: string; eligible: boolean }[];
    const item = items.find((i) => i.fulfilment === 'home' && i.eligible)!;
    const slot = (await family.json(`/api/service-slots?itemId=${item.id}&personId=${target.id}`)).items[0];
    const res = await family.post('/api/service-orders', { itemId: item.id, slotId: slot.id, personId: target.id });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().channel, 'family');
    expectProblem(await family.post('/api/service-orders', { itemId: item.id, slotId: slot.id, personId: me.personId }), 404, 'person.not_found');
  });

  it('turns a complaint into a supervised item due in three working days, which the centre resolves', async () => {
    const o = await orderIn('completed');
    const res = await resident.post(`/api/service-orders/${o.id}/complaints`, { text: '服务人员迟到了一个小时' });
    assert.equal(res.statusCode, 201, res.body);
    const k = res.json();
    const due = (await new CalendarService(t.db).forDistrict('chancheng')).addWorkingDays(new Date(k.createdAt), 3);
    assert.ok(Math.abs(new Date(k.dueAt).getTime() - due.getTime()) < 5_000, `${k.dueAt} vs ${due.toISOString()}`);
    assert.equal(k.status, 'open');
    assert.equal(k.provider.id, providerOrg);
    const list = (await centre.json('/api/service-complaints?status=open&pageSize=200')).items as { id: string }[];
    assert.ok(list.some((x) => x.id === k.id));
    assert.ok(((await centre.json('/api/notifications')).items as { title: string }[]).some((x) => x.title.includes(o.number)));
    expectProblem(await resident.get('/api/service-complaints'), 403, 'supervision.forbidden');
    expectProblem(await community2.post(`/api/service-complaints/${k.id}/resolve`, { resolution: '不是我管' }), 404, 'complaint.not_found');
    const resolved = await centre.post(`/api/service-complaints/${k.id}/resolve`, { resolution: '已约谈服务商，下次提前出发' });
    assert.equal(resolved.statusCode, 200, resolved.body);
    assert.equal(resolved.json().status, 'resolved');
    expectProblem(await centre.post(`/api/service-complaints/${k.id}/resolve`, { resolution: '再处理一次' }), 409, 'complaint.resolved');
    const detail = await resident.json(`/api/service-orders/${o.id}`);
    assert.equal(detail.complaints[0].status, 'resolved');
    assert.deepEqual(detail.history.slice(-2).map((h: { action: string }) => h.action), ['complain', 'resolve_complaint']);
  });

  it('rates providers per month and flags low performers, by exact counts', async () => {
    assert.deepEqual(performanceFlags({ completed: 5, onTime: 4, ratings: 3, ratingSum: 11, complaints: 1 }), []);
    assert.deepEqual(performanceFlags({ completed: 5, onTime: 3, ratings: 3, ratingSum: 10, complaints: 0 }), ['low_on_time', 'low_rating']);
    assert.deepEqual(performanceFlags({ completed: 30, onTime: 30, ratings: 0, ratingSum: 0, complaints: 3 }), ['complaints']);
    assert.deepEqual(performanceFlags({ completed: 4, onTime: 0, ratings: 2, ratingSum: 2, complaints: 0 }), [], 'too few to judge');
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const last = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const rows = [...(await official.json(`/api/service-performance?month=${month}`)).items, ...(await official.json(`/api/service-performance?month=${last}`)).items] as { provider: { id: string }; flagged: boolean; reasons: string[]; completed: number; onTime: number }[];
    assert.ok(rows.some((r) => r.flagged), 'the demo has a provider doing badly');
    for (const r of rows) assert.ok(r.onTime <= r.completed);
    const own = (await provider.json(`/api/service-performance?month=${month}`)).items as { provider: { id: string } }[];
    assert.ok(own.every((r) => r.provider.id === providerOrg));
    expectProblem(await resident.get('/api/service-performance'), 403, 'performance.forbidden');
    expectProblem(await official.get('/api/service-performance?month=2026-13'), 400);
  });

  it('counts completed services and person-times for the district statistics, by street and category', async () => {
    const before = await official.json('/api/service-stats');
    assert.ok(before.completed > 0 && before.personTimes >= before.completed && before.persons <= before.completed);
    assert.equal(before.byStreet.reduce((s: number, r: { completed: number }) => s + r.completed, 0), before.completed);
    assert.equal(before.byCategory.reduce((s: number, r: { personTimes: number }) => s + r.personTimes, 0), before.personTimes);
    await orderIn('completed');
    const after = await official.json('/api/service-stats');
    assert.equal(after.completed, before.completed + 1);
    const streetView = await street.json('/api/service-stats');
    assert.ok(streetView.byStreet.every((r: { id: string }) => r.id === streetId));
    expectProblem(await resident.get('/api/service-stats'), 403, 'stats.forbidden');
    expectProblem(await official.get('/api/service-stats?from=2026-05-01&to=2026-04-01'), 400);
  });

  it('publishes order.updated after commit and notifies the resident at the key steps', async () => {
    const events: { type: string; data: { id: string; status: string }; audience: unknown }[] = [];
    const stop = t.ctx.events.subscribe((e) => events.push(e as never));
    const o = await orderIn('accepted');
    await ok(centre, o.id, 'assign', { providerId: providerOrg });
    stop();
    const mine = events.filter((e) => e.type === 'order.updated' && e.data.id === o.id);
    assert.ok(mine.some((e) => e.data.status === 'assigned' && 'areaPath' in (e.audience as object)));
    assert.ok(mine.some((e) => e.data.status === 'assigned' && 'userIds' in (e.audience as object)));
    assert.ok(((await provider.json('/api/notifications')).items as { title: string }[]).some((x) => x.title.includes(o.number)), 'the provider hears of the assignment');
    // A refused transition publishes nothing.
    const refused: unknown[] = [];
    const stop2 = t.ctx.events.subscribe((e) => e.type === 'order.updated' && refused.push(e));
    expectProblem(await act(resident, o.id, 'confirm'), 403);
    stop2();
    assert.equal(refused.length, 0);
  });

  it('unmasks the contact number for the assigned provider only, and audits it', async () => {
    const o = await orderIn('confirmed');
    const ok1 = await provider.post(`/api/service-orders/${o.id}/reveal-contact`, { reason: '上门前电话确认' });
    assert.equal(ok1.statusCode, 200, ok1.body);
    expectProblem(await resident.post(`/api/service-orders/${o.id}/reveal-contact`, { reason: '看看' }), 403, 'order.reveal_forbidden');
    const audit = (await admin.json(`/api/audit?action=service_order.reveal_contact&entityId=${o.id}`)).items;
    assert.equal(audit.length, 1);
    assert.equal(audit[0].details.reason, '上门前电话确认');
  });
});
