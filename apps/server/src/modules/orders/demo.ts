// Demo data of the street micro-service centres: the catalogue and supply (catalogue/seed.ts), the
// canteens' delivery rounds, two months of finished orders (so performance, ratings and statistics
// have something to show, with one provider doing badly), and a few open orders in the demo
// community for the centre and provider queues. Seeded and idempotent.
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type { Eligibility, Subsidy } from '@linli/contracts';
import type { DemoExtra } from '../demo/extras.ts';
import { Random } from '../demo/random.ts';
import { WorkingCalendar } from '../../platform/calendar.ts';
import { seedServiceSupply, stableUuid } from '../catalogue/seed.ts';
import { addDays, atLocal, isoWeekday, localDay } from '../catalogue/local-time.ts';
import { groupsOf, ineligibility, quote } from '../catalogue/pricing.ts';
import { seedCanteenRounds } from '../canteens/seed.ts';
import { MEAL_TIMES } from '../canteens/menu-data.ts';
import type { ServiceOrdersTable } from './tables.ts';
import type { Insertable } from 'kysely';
import './tables.ts';

const SEED = 20260101;

/** ~10,844 services a year across Chancheng's centres; the demo keeps two months of them, scaled. */
export function historicOrderCount(scale: number): number {
  return Math.max(120, Math.round((10_844 / 6) * scale));
}

type OrderRow = Insertable<ServiceOrdersTable>;
type HistoryRow = { districtId: string; orderId: string; seq: number; at: Date; actorId: string | null; actorName: string | null; action: string; fromStatus: string | null; toStatus: string | null; note: string; details: string };

export async function seedServiceOrders(db: Database, districtId: string, scale: number): Promise<{ historic: number; open: number }> {
  const q = db.q;
  if (await q.selectFrom('serviceOrders').select('id').where('districtId', '=', districtId).limit(1).executeTakeFirst()) return { historic: 0, open: 0 };
  const random = new Random(SEED, 'service-orders', districtId);
  const calendar = WorkingCalendar.national();
  const today = localDay();
  const elders = await q
    .selectFrom('persons as p')
    .leftJoin('households as h', (j) => j.onRef('h.districtId', '=', 'p.districtId').onRef('h.id', '=', 'p.householdId'))
    .leftJoin('areas as b', (j) => j.onRef('b.districtId', '=', 'p.districtId').onRef('b.id', '=', 'p.buildingId'))
    .select(['p.id', 'p.name', 'p.birthDate', 'p.tags', 'p.areaPath', 'h.address', 'b.lat', 'b.lon'])
    .where('p.districtId', '=', districtId)
    .where('p.status', '=', 'active')
    .where('p.birthDate', '<=', addDays(today, -365 * 60))
    .orderBy('p.id')
    .limit(Math.max(2000, historicOrderCount(scale)))
    .execute();
  if (!elders.length) return { historic: 0, open: 0 };
  const items = await q.selectFrom('serviceItems as i').innerJoin('serviceCategories as c', (j) => j.onRef('c.districtId', '=', 'i.districtId').onRef('c.id', '=', 'i.categoryId')).select(['i.id', 'i.code', 'i.categoryId', 'c.code as categoryCode', 'i.fulfilment', 'i.priceFen', 'i.subsidies', 'i.eligibility', 'i.properties']).where('i.districtId', '=', districtId).execute();
  const providers = await q.selectFrom('providerProfiles as p').innerJoin('organisations as o', (j) => j.onRef('o.districtId', '=', 'p.districtId').onRef('o.id', '=', 'p.orgId')).select(['p.orgId', 'o.code', 'o.name', 'p.categoryIds', 'p.coveragePaths']).where('p.districtId', '=', districtId).orderBy('o.code').execute();
  const facilities = await q.selectFrom('facilities').select(['id', 'kind', 'orgId', 'streetId', 'communityId']).where('districtId', '=', districtId).execute();
  const rounds = await q.selectFrom('canteenRounds').select(['id', 'facilityId', 'meal', 'communityIds']).where('districtId', '=', districtId).execute();
  const users = await q.selectFrom('users as u').innerJoin('roleAssignments as r', 'r.userId', 'u.id').select(['u.id', 'u.displayName', 'r.role']).where('u.districtId', '=', districtId).execute();
  const hotline = users.find((u) => u.role === 'hotline_operator');
  const residentUser = await q.selectFrom('users').select(['id', 'displayName', 'personId']).where('districtId', '=', districtId).where('username', '=', 'resident').executeTakeFirst();
  // One provider (never the demo account's) does badly: late, poorly rated, complained about.
  const poor = providers.find((p, i) => i > 0 && p.categoryIds.length > 3) ?? null;

  const pickItem = () => {
    const r = random.next();
    const fulfilment = r < 0.45 ? 'meal' : r < 0.55 ? 'day_care' : r < 0.93 ? 'home' : 'centre';
    const pool = items.filter((i) => i.fulfilment === fulfilment && i.priceFen > 0 && i.code !== 'MEAL08');
    return pool.length ? random.pick(pool) : random.pick(items);
  };
  const streetOf = (path: string) => path.split('/')[1]!;
  const communityOf = (path: string) => path.split('/')[2] ?? null;

  const orders: OrderRow[] = [];
  const history: HistoryRow[] = [];
  const complaints: { districtId: string; id: string; orderId: string; providerId: string | null; streetId: string; areaPath: string; text: string; status: 'open' | 'resolved'; createdBy: string; createdByName: string; dueAt: Date; resolution: string | null; resolvedBy: string | null; resolvedByName: string | null; resolvedAt: Date | null; createdAt: Date }[] = [];
  const count = historicOrderCount(scale);
  const number = async (day: string) => {
    const { rows } = await sql<{ n: number }>`select nextval('service_order_seq')::int as n`.execute(q);
    return `FW${day.slice(2).replaceAll('-', '')}${String(rows[0]!.n).padStart(5, '0')}`;
  };

  for (let n = 0, guard = 0; n < count && guard < count * 10; guard++) {
    const person = elders[random.int(0, elders.length - 1)]!;
    const item = pickItem();
    const streetId = streetOf(person.areaPath);
    const communityId = communityOf(person.areaPath);
    const day = addDays(today, -random.int(1, 60));
    if (isoWeekday(day) === 7 && item.fulfilment !== 'meal') continue;
    const groups = groupsOf(person, day);
    if (ineligibility(item.eligibility as Eligibility, person, day, groups)) continue;
    let providerId: string | null = null;
    let facilityId: string | null = null;
    let roundId: string | null = null;
    let mealMode: 'dine_in' | 'delivery' | null = null;
    let start: Date;
    let end: Date;
    if (item.fulfilment === 'meal' || item.fulfilment === 'day_care') {
      const kind = item.fulfilment === 'meal' ? 'elder_canteen' : 'day_care_centre';
      const f = facilities.find((x) => x.kind === kind && x.streetId === streetId);
      if (!f) continue;
      providerId = f.orgId;
      facilityId = f.id;
      if (item.fulfilment === 'meal') {
        const props = item.properties as { meal: 'lunch' | 'dinner'; mode: 'dine_in' | 'delivery' };
        mealMode = props.mode;
        const t = MEAL_TIMES[props.meal];
        start = atLocal(day, t.start);
        end = atLocal(day, t.end);
        if (mealMode === 'delivery') {
          const own = rounds.filter((r) => r.facilityId === f.id && r.meal === props.meal);
          roundId = (own.find((r) => communityId && r.communityIds.includes(communityId)) ?? own.find((r) => !r.communityIds.length) ?? own[0])?.id ?? null;
        }
      } else {
        start = atLocal(day, '08:30');
        end = atLocal(day, '17:30');
      }
    } else {
      const candidates = providers.filter((p) => p.categoryIds.includes(item.categoryId) && p.coveragePaths.some((c) => person.areaPath.startsWith(c)));
      if (!candidates.length) continue;
      providerId = random.pick(candidates).orgId;
      const window = random.pick(item.fulfilment === 'home' ? ['08:30-10:30', '10:30-12:00', '14:00-16:00', '16:00-17:30'] : ['09:00-11:30', '14:30-17:00']);
      const [a, b] = window.split('-') as [string, string];
      start = atLocal(day, a);
      end = atLocal(day, b);
    }
    const bad = providerId === poor?.orgId;
    const roll = random.next();
    const status = roll < 0.04 ? 'cancelled' : roll < 0.07 ? 'no_show' : roll < 0.2 ? 'completed' : 'rated';
    const quantity = item.fulfilment === 'meal' && random.chance(0.15) ? 2 : 1;
    const price = quote({ priceFen: item.priceFen, subsidies: item.subsidies as Subsidy[] }, groups, quantity);
    const channel = random.chance(0.12) && hotline ? 'hotline' : random.chance(0.2) ? 'staff' : 'self';
    const orderedBy = channel === 'hotline' ? hotline! : null;
    const id = stableUuid(districtId, 'demo-order', String(n));
    const placedAt = new Date(start.getTime() - random.int(4, 48) * 3_600_000);
    const acceptedAt = new Date(placedAt.getTime() + random.int(10, 120) * 60_000);
    const confirmedAt = new Date(acceptedAt.getTime() + random.int(10, 90) * 60_000);
    const late = bad ? random.chance(0.45) : random.chance(0.05);
    const checkinAt = new Date((late ? end.getTime() + random.int(10, 60) * 60_000 : start.getTime() + random.int(0, Math.max(1, (end.getTime() - start.getTime()) / 60_000 - 30)) * 60_000));
    const checkoutAt = new Date(checkinAt.getTime() + random.int(20, 90) * 60_000);
    const score = bad ? random.pick([1, 2, 2, 3, 3, 4]) : random.pick([3, 4, 4, 5, 5, 5, 5, 5]);
    const done = status === 'completed' || status === 'rated';
    const actor = orderedBy ? { id: orderedBy.id, name: orderedBy.displayName } : { id: null, name: person.name };
    orders.push({
      districtId, id, number: await number(localDay(placedAt)), itemId: item.id, categoryId: item.categoryId, fulfilment: item.fulfilment, personId: person.id, areaPath: person.areaPath, streetId, communityId,
      address: person.address, lat: person.lat, lon: person.lon, channel, orderedBy: orderedBy?.id ?? stableUuid(districtId, 'demo-user', person.id), orderedByName: orderedBy?.displayName ?? person.name,
      callerName: channel === 'hotline' ? person.name : null, callerRelation: channel === 'hotline' ? '本人' : null, callerPhone: null, slotId: null, menuId: null, facilityId, mealMode, roundId,
      scheduledStart: start, scheduledEnd: end, quantity, unitPriceFen: price.unitPriceFen, subsidyFen: price.subsidyPerUnitFen, subsidyGroup: price.group, totalFen: price.totalFen, payFen: price.payFen,
      notes: '', status, providerId, providerDay: status === 'cancelled' ? null : day, acceptedAt, assignedAt: acceptedAt, confirmedAt: status === 'cancelled' ? null : confirmedAt,
      checkinAt: done ? checkinAt : null, checkoutAt: done ? checkoutAt : null, serviceNotes: done ? random.pick(['服务顺利完成', '已送达，长者状态良好', '已完成，提醒按时服药', '服务完成，家属在场']) : null,
      rating: status === 'rated' ? score : null, ratingComment: status === 'rated' ? (score >= 4 ? random.pick(['服务很好，谢谢', '准时又耐心', '很满意', '']) : random.pick(['迟到了很久', '服务马虎', '态度一般'])) : null,
      ratedAt: status === 'rated' ? new Date(checkoutAt.getTime() + 3_600_000) : null, closedReason: status === 'cancelled' ? '长者临时外出' : status === 'no_show' ? '上门时家中无人' : null,
      createdAt: placedAt, updatedAt: checkoutAt,
    });
    const steps: [string, string | null, string, Date, string | null, string][] = [['place', null, 'placed', placedAt, actor.id, actor.name], ['accept', 'placed', 'accepted', acceptedAt, null, '系统'], ['assign', 'accepted', 'assigned', acceptedAt, null, '系统']];
    if (status === 'cancelled') steps.push(['cancel', 'assigned', 'cancelled', new Date(acceptedAt.getTime() + 3_600_000), actor.id, actor.name]);
    else {
      steps.push(['confirm', 'assigned', 'confirmed', confirmedAt, null, '服务商']);
      if (status === 'no_show') steps.push(['no_show', 'confirmed', 'no_show', start, null, '服务商']);
      else {
        steps.push(['check_in', 'confirmed', 'in_service', checkinAt, null, '服务商'], ['complete', 'in_service', 'completed', checkoutAt, null, '服务商']);
        if (status === 'rated') steps.push(['rate', 'completed', 'rated', new Date(checkoutAt.getTime() + 3_600_000), actor.id, actor.name]);
      }
    }
    steps.forEach(([action, from, to, at, actorId, actorName], i) => history.push({ districtId, orderId: id, seq: i + 1, at, actorId, actorName, action, fromStatus: from, toStatus: to, note: '', details: '{}' }));
    if (bad && done && random.chance(0.35) && complaints.length < 6) {
      const createdAt = new Date(checkoutAt.getTime() + 7_200_000);
      const resolved = complaints.length % 2 === 0 && createdAt < atLocal(addDays(today, -5), '00:00');
      complaints.push({
        districtId, id: stableUuid(districtId, 'demo-complaint', id), orderId: id, providerId, streetId, areaPath: person.areaPath, text: random.pick(['服务人员迟到一个多小时', '送来的饭菜是冷的', '打扫不干净，敷衍了事']),
        status: resolved ? 'resolved' : 'open', createdBy: hotline?.id ?? actor.id ?? id, createdByName: hotline?.displayName ?? person.name, dueAt: calendar.addWorkingDays(createdAt, 3),
        resolution: resolved ? '已约谈服务商并重新安排服务' : null, resolvedBy: null, resolvedByName: resolved ? '祖庙街道干部' : null, resolvedAt: resolved ? new Date(createdAt.getTime() + 86_400_000) : null, createdAt,
      });
    }
    n++;
  }

  // The demo resident has a finished, rated service and one waiting for their rating.
  if (residentUser?.personId) {
    const me = await q.selectFrom('persons as p').leftJoin('households as h', (j) => j.onRef('h.districtId', '=', 'p.districtId').onRef('h.id', '=', 'p.householdId')).select(['p.id', 'p.name', 'p.birthDate', 'p.tags', 'p.areaPath', 'h.address']).where('p.districtId', '=', districtId).where('p.id', '=', residentUser.personId).executeTakeFirst();
    const item = items.find((i) => i.code === 'HOME01');
    const provider = providers[0];
    if (me && item && provider) {
      for (const [k, status, daysAgo] of [[0, 'rated', 9], [1, 'completed', 2]] as const) {
        const day = addDays(today, -daysAgo);
        const start = atLocal(day, '08:30');
        const end = atLocal(day, '10:30');
        const groups = groupsOf(me, day);
        const price = quote({ priceFen: item.priceFen, subsidies: item.subsidies as Subsidy[] }, groups, 1);
        const id = stableUuid(districtId, 'demo-order', 'resident', String(k));
        const placedAt = new Date(start.getTime() - 86_400_000);
        orders.push({
          districtId, id, number: await number(localDay(placedAt)), itemId: item.id, categoryId: item.categoryId, fulfilment: 'home', personId: me.id, areaPath: me.areaPath, streetId: streetOf(me.areaPath), communityId: communityOf(me.areaPath),
          address: me.address, lat: null, lon: null, channel: 'self', orderedBy: residentUser.id, orderedByName: residentUser.displayName, callerName: null, callerRelation: null, callerPhone: null,
          slotId: null, menuId: null, facilityId: null, mealMode: null, roundId: null, scheduledStart: start, scheduledEnd: end, quantity: 1, unitPriceFen: price.unitPriceFen, subsidyFen: price.subsidyPerUnitFen,
          subsidyGroup: price.group, totalFen: price.totalFen, payFen: price.payFen, notes: '', status, providerId: provider.orgId, providerDay: day, acceptedAt: placedAt, assignedAt: placedAt, confirmedAt: placedAt,
          checkinAt: new Date(start.getTime() + 600_000), checkoutAt: new Date(start.getTime() + 6_000_000), serviceNotes: '已协助助浴，皮肤无破损', rating: status === 'rated' ? 5 : null, ratingComment: status === 'rated' ? '阿姨很细心' : null,
          ratedAt: status === 'rated' ? new Date(start.getTime() + 9_000_000) : null, closedReason: null, createdAt: placedAt, updatedAt: new Date(start.getTime() + 6_000_000),
        });
        const steps: [string, string | null, string][] = [['place', null, 'placed'], ['accept', 'placed', 'accepted'], ['assign', 'accepted', 'assigned'], ['confirm', 'assigned', 'confirmed'], ['check_in', 'confirmed', 'in_service'], ['complete', 'in_service', 'completed']];
        if (status === 'rated') steps.push(['rate', 'completed', 'rated']);
        steps.forEach(([action, from, to], i) => history.push({ districtId, orderId: id, seq: i + 1, at: new Date(placedAt.getTime() + i * 3_600_000), actorId: i === 0 || action === 'rate' ? residentUser.id : null, actorName: i === 0 || action === 'rate' ? residentUser.displayName : provider.name, action, fromStatus: from, toStatus: to, note: '', details: '{}' }));
      }
    }
  }

  for (let i = 0; i < orders.length; i += 300) await q.insertInto('serviceOrders').values(orders.slice(i, i + 300)).execute();
  for (let i = 0; i < history.length; i += 1000) await q.insertInto('serviceOrderHistory').values(history.slice(i, i + 1000)).execute();
  if (complaints.length) await q.insertInto('serviceComplaints').values(complaints).execute();
  await sql`update provider_profiles p set rating_sum = s.total, rating_count = s.n
    from (select provider_id, sum(rating)::int as total, count(rating)::int as n from service_orders where district_id = ${districtId} and rating is not null group by provider_id) s
    where p.district_id = ${districtId} and p.org_id = s.provider_id`.execute(q);
  const open = await seedOpenOrders(db, districtId, random);
  await sql`analyze service_orders, service_order_history, service_complaints`.execute(q);
  return { historic: orders.length, open };
}

/** A few orders in the demo community waiting for the centre and for the demo provider. */
async function seedOpenOrders(db: Database, districtId: string, random: Random): Promise<number> {
  const q = db.q;
  const provider = await q.selectFrom('organisations').select(['id', 'name']).where('districtId', '=', districtId).where('kind', '=', 'provider').orderBy('code').executeTakeFirst();
  const profile = provider ? await q.selectFrom('providerProfiles').select(['areaPath', 'dailyCapacity']).where('districtId', '=', districtId).where('orgId', '=', provider.id).executeTakeFirst() : undefined;
  if (!provider || !profile?.areaPath) return 0;
  const street = profile.areaPath.split('/')[1]!;
  const category = await q.selectFrom('serviceCategories').select('id').where('districtId', '=', districtId).where('code', '=', 'HOME').executeTakeFirst();
  const schedule = category ? await q.selectFrom('serviceSchedules').selectAll().where('districtId', '=', districtId).where('streetId', '=', street).where('categoryId', '=', category.id).executeTakeFirst() : undefined;
  const items = await q.selectFrom('serviceItems').select(['id', 'code', 'categoryId', 'priceFen', 'subsidies']).where('districtId', '=', districtId).where('code', 'in', ['HOME02', 'HOME05', 'HOME07', 'HOME09', 'HOME11']).orderBy('code').execute();
  const elders = await q
    .selectFrom('persons as p')
    .leftJoin('households as h', (j) => j.onRef('h.districtId', '=', 'p.districtId').onRef('h.id', '=', 'p.householdId'))
    .leftJoin('areas as b', (j) => j.onRef('b.districtId', '=', 'p.districtId').onRef('b.id', '=', 'p.buildingId'))
    .select(['p.id', 'p.name', 'p.birthDate', 'p.tags', 'p.areaPath', 'h.address', 'b.lat', 'b.lon'])
    .where('p.districtId', '=', districtId)
    .where('p.areaPath', 'like', `${profile.areaPath}%`)
    .where('p.status', '=', 'active')
    .where('p.birthDate', '<=', addDays(localDay(), -365 * 65))
    .orderBy('p.id')
    .limit(5)
    .execute();
  if (!schedule || !items.length || !elders.length) return 0;
  let day = addDays(localDay(), 1);
  while (!schedule.weekdays.includes(isoWeekday(day))) day = addDays(day, 1);
  const plan = ['placed', 'placed', 'accepted', 'assigned', 'confirmed'] as const;
  const booked = new Map<string, number>();
  const orders: OrderRow[] = [];
  const history: HistoryRow[] = [];
  for (const [i, person] of elders.entries()) {
    const status = plan[i % plan.length]!;
    const item = items[i % items.length]!;
    const window = schedule.windows[i % schedule.windows.length]!;
    const [a, b] = window.split('-') as [string, string];
    const start = atLocal(day, a);
    const slotId = stableUuid(districtId, 'slot', schedule.id, start.toISOString());
    booked.set(slotId, (booked.get(slotId) ?? 0) + 1);
    const price = quote({ priceFen: item.priceFen, subsidies: item.subsidies as Subsidy[] }, groupsOf(person, day), 1);
    const id = stableUuid(districtId, 'demo-open-order', String(i));
    const withProvider = status === 'assigned' || status === 'confirmed';
    const { rows } = await sql<{ n: number }>`select nextval('service_order_seq')::int as n`.execute(q);
    const now = new Date();
    orders.push({
      districtId, id, number: `FW${localDay().slice(2).replaceAll('-', '')}${String(rows[0]!.n).padStart(5, '0')}`, itemId: item.id, categoryId: item.categoryId, fulfilment: 'home', personId: person.id,
      areaPath: person.areaPath, streetId: street, communityId: person.areaPath.split('/')[2] ?? null, address: person.address, lat: person.lat, lon: person.lon, channel: i % 2 ? 'hotline' : 'staff',
      orderedBy: stableUuid(districtId, 'demo-user', 'centre'), orderedByName: i % 2 ? '12345热线坐席' : '塔坡社区工作人员', callerName: i % 2 ? person.name : null, callerRelation: i % 2 ? '本人' : null, callerPhone: null,
      slotId, menuId: null, facilityId: null, mealMode: null, roundId: null, scheduledStart: start, scheduledEnd: atLocal(day, b), quantity: 1, unitPriceFen: price.unitPriceFen, subsidyFen: price.subsidyPerUnitFen,
      subsidyGroup: price.group, totalFen: price.totalFen, payFen: price.payFen, notes: random.pick(['', '长者行动不便，请耐心', '家中有狗，请提前电话']), status, providerId: withProvider ? provider.id : null,
      providerDay: withProvider ? day : null, acceptedAt: status === 'placed' ? null : now, assignedAt: withProvider ? now : null, confirmedAt: status === 'confirmed' ? now : null,
      checkinAt: null, checkoutAt: null, serviceNotes: null, rating: null, ratingComment: null, ratedAt: null, closedReason: null, createdAt: now, updatedAt: now,
    });
    const steps: [string, string | null, string][] = [['place', null, 'placed']];
    if (status !== 'placed') steps.push(['accept', 'placed', 'accepted']);
    if (withProvider) steps.push(['assign', 'accepted', 'assigned']);
    if (status === 'confirmed') steps.push(['confirm', 'assigned', 'confirmed']);
    steps.forEach(([action, from, to], k) => history.push({ districtId, orderId: id, seq: k + 1, at: now, actorId: null, actorName: k === 0 ? orders.at(-1)!.orderedByName : '塔坡社区工作人员', action, fromStatus: from, toStatus: to, note: '', details: '{}' }));
  }
  await q
    .insertInto('serviceSlots')
    .values([...booked].map(([slotId, n]) => {
      const o = orders.find((x) => x.slotId === slotId)!;
      return { districtId, id: slotId, scheduleId: schedule.id, streetId: street, categoryId: schedule.categoryId, facilityId: null, startsAt: o.scheduledStart as Date, endsAt: o.scheduledEnd as Date, capacity: Math.max(schedule.capacity, n), booked: n };
    }))
    .onConflict((oc) => oc.columns(['districtId', 'scheduleId', 'startsAt']).doNothing())
    .execute();
  const held = orders.filter((o) => o.providerId).length;
  if (held) await q.insertInto('providerDays').values({ districtId, orgId: provider.id, day, capacity: Math.max(profile.dailyCapacity, held), booked: held }).onConflict((oc) => oc.columns(['districtId', 'orgId', 'day']).doNothing()).execute();
  await q.insertInto('serviceOrders').values(orders).execute();
  await q.insertInto('serviceOrderHistory').values(history).execute();
  return orders.length;
}

export const servicesDemo: DemoExtra = {
  name: 'street micro-service centres',
  async seed(db, districtId, { scale, log }) {
    const supply = await seedServiceSupply(db, districtId, SEED);
    const rounds = await seedCanteenRounds(db, districtId);
    const orders = await seedServiceOrders(db, districtId, scale);
    log(`demo: services: ${supply.categories} categories, ${supply.items} items, ${supply.providers} providers, ${supply.facilities} facilities, ${rounds} delivery rounds, ${orders.historic} finished and ${orders.open} open orders`);
  },
};
