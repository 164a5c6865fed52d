// Service orders ("线上服务点单 + 线下枢纽配送"): placing an order for a slot or a canteen menu with
// the resident's subsidy, the state machine (state-machine.ts) with its history, provider
// suggestions, ratings, complaints under supervision with working-day time limits, monthly
// provider performance, service statistics and the canteen kitchen's counts.
import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  type Complaint,
  type ComplaintQuery,
  type Eligibility,
  type KitchenCounts,
  type Meal,
  type OrderAction,
  type OrderDetail,
  type OrderQuery,
  type OrderStatus,
  type OrderSummary,
  type OrderTransition,
  type Performance,
  type PerformanceRow,
  type PlaceOrder,
  type ProviderSuggestion,
  type ServiceStats,
  type Subsidy,
  type SubsidyGroup,
  OPEN_ORDER_STATUSES,
  maskPhone,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { type Actor, hasRole, orgIds } from '../../platform/auth/actor.ts';
import { isEmpty } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { CalendarService } from '../../platform/calendar.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import type { AreasService } from '../areas/service.ts';
import type { InsightService } from '../insight/service.ts';
import { orderBumps } from './insight.ts';
import { catalogueService } from '../catalogue/service.ts';
import { canteensService } from '../canteens/service.ts';
import { addDays, atLocal, localDay, localTime, monthRange } from '../catalogue/local-time.ts';
import { ageOnDay, groupsOf, ineligibility, quote } from '../catalogue/pricing.ts';
import { type OrderView, canRevealContact, centreScope, orderView, partiesFor, performanceView, statsScope, supervisorScope } from './policy.ts';
import { OrdersRepository, type OrderFilter } from './repository.ts';
import { HOLDS_CAPACITY, HOLDS_PROVIDER_DAY, type Party, allowedActions, transitionFor } from './state-machine.ts';
import { rank } from './suggest.ts';

type Ctx = AppContext & { areas: AreasService; insight?: InsightService };
type OrderRow = NonNullable<Awaited<ReturnType<OrdersRepository['find']>>>;
type ComplaintRow = Awaited<ReturnType<OrdersRepository['complaintsOfOrder']>>[number];

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
/** Working days the centre has to answer a complaint (Guangdong 12345 practice: reply within 3). */
const COMPLAINT_DAYS = 3;

/** Why a provider is flagged as a low performer in a month; counts compared as exact rationals. */
export function performanceFlags(r: { completed: number; onTime: number; ratings: number; ratingSum: number; complaints: number }): string[] {
  const reasons: string[] = [];
  // On time in fewer than 80% of at least 5 services: onTime / completed < 4/5.
  if (r.completed >= 5 && r.onTime * 5 < r.completed * 4) reasons.push('low_on_time');
  // A mean rating below 3.5 over at least 3 ratings: ratingSum / ratings < 7/2.
  if (r.ratings >= 3 && r.ratingSum * 2 < r.ratings * 7) reasons.push('low_rating');
  // Three complaints, or two that are more than a tenth of the services.
  if (r.complaints >= 3 || (r.complaints >= 2 && r.complaints * 10 > r.completed)) reasons.push('complaints');
  return reasons;
}

const services = new WeakMap<Ctx, OrdersService>();
export function ordersService(ctx: Ctx): OrdersService {
  let s = services.get(ctx);
  if (!s) {
    s = new OrdersService(ctx);
    services.set(ctx, s);
  }
  return s;
}

const STATUS_TEXT: Record<OrderStatus, string> = {
  placed: '已下单', accepted: '已受理', assigned: '已派单', confirmed: '服务商已确认', in_service: '服务中', completed: '已完成', rated: '已评价', cancelled: '已取消', refused: '未受理', no_show: '上门未遇',
};

export class OrdersService {
  readonly calendar: CalendarService;
  private readonly repo: OrdersRepository;
  private readonly flaggedCache = new Map<string, { at: number; value: Promise<Set<string>> }>();

  constructor(private readonly ctx: Ctx) {
    this.repo = new OrdersRepository(ctx.db);
    this.calendar = new CalendarService(ctx.db);
  }

  private get catalogue() {
    return catalogueService(this.ctx);
  }
  private get canteens() {
    return canteensService(this.ctx);
  }

  // --- presenting -------------------------------------------------------------------------------------

  private summary(o: OrderRow): OrderSummary {
    return {
      id: o.id,
      number: o.number,
      status: o.status as OrderStatus,
      item: { id: o.itemId, name: o.itemName, unit: o.itemUnit, fulfilment: o.fulfilment as OrderSummary['item']['fulfilment'] },
      category: { id: o.categoryId, name: o.categoryName },
      person: { id: o.personId, name: o.personName, age: o.birthDate ? ageOnDay(o.birthDate, localDay()) : null },
      address: o.address,
      street: { id: o.streetId, name: o.streetName },
      community: o.communityId && o.communityName ? { id: o.communityId, name: o.communityName } : null,
      channel: o.channel,
      orderedByName: o.orderedByName,
      scheduledStart: o.scheduledStart.toISOString(),
      scheduledEnd: o.scheduledEnd.toISOString(),
      quantity: o.quantity,
      unitPriceFen: o.unitPriceFen,
      totalFen: o.totalFen,
      subsidyFen: o.subsidyFen * o.quantity,
      payFen: o.payFen,
      subsidyGroup: (o.subsidyGroup as SubsidyGroup | null) ?? null,
      provider: o.providerId && o.providerName ? { id: o.providerId, name: o.providerName } : null,
      facility: o.facilityId && o.facilityName ? { id: o.facilityId, name: o.facilityName } : null,
      mealMode: o.mealMode,
      round: o.roundId && o.roundLabel ? { id: o.roundId, label: o.roundLabel, departs: o.roundDeparts ?? '' } : null,
      rating: o.rating,
      createdAt: o.createdAt.toISOString(),
      updatedAt: o.updatedAt.toISOString(),
      version: o.version,
    };
  }

  private presentComplaint(k: ComplaintRow): Complaint {
    return {
      id: k.id,
      order: { id: k.orderId, number: k.orderNumber, item: k.itemName },
      provider: k.providerId && k.providerName ? { id: k.providerId, name: k.providerName } : null,
      street: { id: k.streetId, name: k.streetName },
      text: k.text,
      status: k.status,
      dueAt: k.dueAt.toISOString(),
      overdue: k.status === 'open' && k.dueAt.getTime() < Date.now(),
      createdAt: k.createdAt.toISOString(),
      createdByName: k.createdByName,
      resolution: k.resolution,
      resolvedAt: iso(k.resolvedAt),
      resolvedByName: k.resolvedByName,
    };
  }

  private canComplain(actor: Actor, parties: ReadonlySet<Party>) {
    return parties.has('customer') || hasRole(actor, 'hotline_operator');
  }

  private async detail(actor: Actor, o: OrderRow): Promise<OrderDetail> {
    const d = actor.districtId;
    const [history, complaints] = await Promise.all([this.repo.history(d, o.id), this.repo.complaintsOfOrder(d, o.id)]);
    const parties = partiesFor(actor, o);
    return {
      ...this.summary(o),
      notes: o.notes,
      caller: o.callerName ? { name: o.callerName, relation: o.callerRelation ?? '', phone: maskPhone(o.callerPhone) } : null,
      contactPhone: maskPhone(o.personPhone),
      personGroups: groupsOf({ birthDate: o.birthDate, tags: o.personTags }, localDay()),
      checkinAt: iso(o.checkinAt),
      checkoutAt: iso(o.checkoutAt),
      serviceNotes: o.serviceNotes,
      ratingComment: o.ratingComment,
      ratedAt: iso(o.ratedAt),
      closedReason: o.closedReason,
      history: history.map((h) => ({ seq: h.seq, at: h.at.toISOString(), actorName: h.actorName, action: h.action, fromStatus: h.fromStatus, toStatus: h.toStatus, note: h.note, details: (h.details ?? {}) as Record<string, unknown> })),
      complaints: complaints.map((k) => this.presentComplaint(k)),
      allowedActions: allowedActions(o.status as OrderStatus, parties),
      canComplain: this.canComplain(actor, parties),
    };
  }

  // --- reading ------------------------------------------------------------------------------------------

  private async visible(actor: Actor, id: string, view: OrderView = orderView(actor)): Promise<OrderRow> {
    const o = await this.repo.find(actor.districtId, id, view);
    if (!o) throw notFound('order');
    return o;
  }

  async get(actor: Actor, id: string): Promise<OrderDetail> {
    return this.detail(actor, await this.visible(actor, id));
  }

  async list(actor: Actor, query: z.infer<typeof OrderQuery>) {
    const d = actor.districtId;
    const view = orderView(actor);
    const f: OrderFilter = {
      statuses: query.open === 'true' ? (query.status?.length ? query.status.filter((s) => OPEN_ORDER_STATUSES.includes(s)) : [...OPEN_ORDER_STATUSES]) : query.status,
      providerId: query.providerId,
      personId: query.personId,
      fulfilment: query.fulfilment,
      q: query.q || undefined,
    };
    if (query.queue === 'centre') {
      const scope = centreScope(actor);
      if (isEmpty(scope)) throw forbidden('orders.centre_forbidden', 'only street officials and community staff work a centre queue');
      f.centre = scope;
    } else if (query.queue === 'provider') {
      const own = orgIds(actor, 'provider_staff');
      if (!own.length) throw forbidden('orders.provider_forbidden', 'only provider staff work a provider queue');
      f.providerIds = own;
    } else if (query.queue === 'mine') {
      f.mine = { userId: actor.userId, personId: hasRole(actor, 'resident') ? actor.personId : null };
    }
    if (query.areaId) {
      const area = await this.catalogue.area(d, query.areaId);
      if (!area) throw notFound('area');
      f.areaPath = area.path;
    }
    if (query.day) {
      f.from = atLocal(query.day, '00:00');
      f.to = atLocal(addDays(query.day, 1), '00:00');
    }
    const { items, total } = await this.repo.list(d, view, f, query.page, query.pageSize);
    return { items: items.map((o) => this.summary(o)), total, page: query.page, pageSize: query.pageSize };
  }

  // --- placing ---------------------------------------------------------------------------------------------

  async place(actor: Actor, input: PlaceOrder): Promise<OrderDetail> {
    const d = actor.districtId;
    const { person, channel } = await this.catalogue.recipient(actor, input.personId);
    if (input.caller && channel !== 'hotline' && channel !== 'staff') throw fieldError('caller', 'only the hotline and centre staff record a caller');
    const item = await this.catalogue.itemRow(d, input.itemId);
    if (!item || !item.active) throw fieldError('itemId', 'no such item');
    if (!(await this.catalogue.isOffered(d, person.streetId, item.id))) {
      throw new AppError('order.item_not_offered', 'invalid', `${item.name} is not offered at ${person.streetName ?? 'the resident\'s street'}`, [{ path: 'itemId', message: `not offered at ${person.streetName ?? 'the resident\'s street'}` }]);
    }
    if (input.quantity > item.maxQuantity) throw fieldError('quantity', `at most ${item.maxQuantity} (${item.unit}) per order`);

    const now = Date.now();
    let start: Date;
    let end: Date;
    let slotId: string | null = null;
    let menuId: string | null = null;
    let facilityId: string | null = null;
    let operatorId: string | null = null;
    let mealMode: 'dine_in' | 'delivery' | null = null;
    let roundId: string | null = null;
    if (item.fulfilment === 'meal') {
      if (input.slotId) throw fieldError('slotId', 'meals are ordered from a canteen menu, not a slot');
      if (!input.menuId) throw fieldError('menuId', 'choose a canteen menu');
      const menu = await this.canteens.menuRow(d, input.menuId);
      if (!menu) throw fieldError('menuId', 'no such menu');
      const meal = (item.properties as { meal?: Meal; mode?: 'dine_in' | 'delivery' }).meal;
      if (menu.meal !== meal) throw fieldError('menuId', `this menu is for ${menu.meal}, the item is ${meal}`);
      const times = this.canteens.mealTimes(menu.day, menu.meal);
      if (times.cutoff.getTime() <= now) throw fieldError('menuId', `ordering for this meal closed at ${localTime(times.cutoff)} on ${menu.day}`);
      mealMode = (item.properties as { mode?: 'dine_in' | 'delivery' }).mode ?? 'dine_in';
      if (mealMode === 'delivery' && !this.canteens.delivers(menu, person)) throw fieldError('menuId', `${menu.canteenName} does not deliver to ${person.communityName ?? 'this address'}`);
      if (menu.booked + input.quantity > menu.capacity) throw this.canteens.soldOut();
      menuId = menu.id;
      facilityId = menu.facilityId;
      operatorId = menu.orgId;
      if (mealMode === 'delivery') roundId = (await this.canteens.roundFor(d, menu.facilityId, menu.meal, person.communityId))?.id ?? null;
      start = times.start;
      end = times.end;
    } else {
      if (input.menuId) throw fieldError('menuId', 'only meals are ordered from a menu');
      if (!input.slotId) throw fieldError('slotId', 'choose a time slot');
      const slot = await this.catalogue.slotRow(d, input.slotId);
      if (!slot) throw fieldError('slotId', 'no such slot');
      if (!(await this.catalogue.slotServes(d, slot, item, person.streetId))) throw fieldError('slotId', 'this slot is not for this item at the resident\'s street');
      if (slot.startsAt.getTime() <= now) throw fieldError('slotId', 'this slot has already started');
      // A cheap early answer once a slot is full; the conditional update below is what guarantees it.
      if (slot.booked + input.quantity > slot.capacity) throw this.catalogue.slotFull();
      slotId = slot.id;
      if (item.fulfilment === 'day_care') {
        facilityId = slot.facilityId;
        operatorId = slot.facilityOrgId;
      }
      start = slot.startsAt;
      end = slot.endsAt;
    }

    const day = localDay(start);
    const groups = groupsOf(person, day);
    const reason = ineligibility(item.eligibility as Eligibility, person, day, groups);
    if (reason) throw new AppError('order.not_eligible', 'invalid', `${person.name} may not order ${item.name} (${reason})`, [{ path: 'personId', message: reason }]);
    const price = quote({ priceFen: item.priceFen, subsidies: item.subsidies as Subsidy[] }, groups, input.quantity);

    return this.ctx.db.tx(async () => {
      const id = crypto.randomUUID();
      const number = await this.repo.nextNumber(`FW${localDay().slice(2).replaceAll('-', '')}`);
      const actorName = `${actor.displayName} (${actor.username})`;
      try {
        await this.repo.insert({
          districtId: d, id, number, itemId: item.id, categoryId: item.categoryId, fulfilment: item.fulfilment, personId: person.id, areaPath: person.areaPath, streetId: person.streetId,
          communityId: person.communityId, address: person.address, lat: person.lat ?? person.communityLat, lon: person.lon ?? person.communityLon, channel, orderedBy: actor.userId, orderedByName: actor.displayName,
          callerName: input.caller?.name ?? null, callerRelation: input.caller?.relation || null, callerPhone: input.caller?.phone ?? null,
          slotId, menuId, facilityId, mealMode, roundId, scheduledStart: start, scheduledEnd: end, quantity: input.quantity, unitPriceFen: price.unitPriceFen, subsidyFen: price.subsidyPerUnitFen,
          subsidyGroup: price.group, totalFen: price.totalFen, payFen: price.payFen, notes: input.notes, status: 'placed', createdAt: new Date(), updatedAt: new Date(),
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw new AppError('order.duplicate', 'conflict', `${person.name} already has this booking`, [{ path: slotId ? 'slotId' : 'menuId', message: 'already booked for this resident' }]);
        throw err;
      }
      await this.repo.appendHistory(d, id, {
        actorId: actor.userId, actorName, action: 'place', fromStatus: null, toStatus: 'placed', note: input.notes,
        details: { channel, caller: input.caller ? { name: input.caller.name, relation: input.caller.relation } : undefined, quantity: input.quantity, payFen: price.payFen, subsidyFen: price.subsidyFen, subsidyGroup: price.group },
      });
      let status: OrderStatus = 'placed';
      // A canteen's meals and a day-care centre's places are its own capacity: the system accepts and assigns at once.
      if (operatorId) {
        const t = new Date();
        await this.repo.update(d, id, { status: 'assigned', providerId: operatorId, acceptedAt: t, assignedAt: t });
        await this.repo.appendHistory(d, id, { actorId: null, actorName: '系统', action: 'accept', fromStatus: 'placed', toStatus: 'accepted', note: '设施订单自动受理', at: t });
        await this.repo.appendHistory(d, id, { actorId: null, actorName: '系统', action: 'assign', fromStatus: 'accepted', toStatus: 'assigned', note: '派给设施运营方', details: { providerId: operatorId, facilityId }, at: t });
        status = 'assigned';
      }
      await audit(this.ctx.db, actor, d, { action: 'service_order.place', entityType: 'service_order', entityId: id, areaPath: person.areaPath, details: { number, itemId: item.id, channel, quantity: input.quantity, slotId, menuId } });
      const o = (await this.repo.find(d, id, null))!;
      await this.announce(actor, o, status === 'assigned' ? 'assign' : 'place');
      const out = await this.detail(actor, o);
      // Capacity last: the conditional update locks the slot (or menu) row until commit, so taking
      // it at the end keeps concurrent orders for the same slot waiting as briefly as possible.
      if (slotId) await this.catalogue.reserveSlot(d, slotId, input.quantity);
      if (menuId) await this.canteens.reserve(d, menuId, input.quantity);
      return out;
    });
  }

  // --- the state machine ------------------------------------------------------------------------------------

  /** Release what an order holds when it leaves the statuses that hold it. */
  private async releaseCapacity(o: OrderRow, to: OrderStatus) {
    const d = o.districtId;
    const releasing = to === 'cancelled' || to === 'refused';
    if (releasing && HOLDS_CAPACITY.includes(o.status as OrderStatus)) {
      if (o.slotId) await this.catalogue.releaseSlot(d, o.slotId, o.quantity);
      if (o.menuId) await this.canteens.release(d, o.menuId, o.quantity);
    }
    // A provider's place that day is given back when the order leaves it (cancelled, declined);
    // a service delivered, or a visit to nobody home, used it.
    const leaves = to === 'cancelled' || to === 'refused' || to === 'accepted';
    if (o.providerId && o.providerDay && HOLDS_PROVIDER_DAY.includes(o.status as OrderStatus) && leaves) {
      await this.catalogue.releaseProviderDay(d, o.providerId, o.providerDay);
    }
  }

  async transition(actor: Actor, id: string, input: OrderTransition): Promise<OrderDetail> {
    const d = actor.districtId;
    const view = orderView(actor);
    await this.visible(actor, id, view);
    return this.ctx.db.tx(async () => {
      await this.repo.lock(d, id);
      const o = (await this.repo.find(d, id, view))!;
      if (input.version !== undefined && input.version !== o.version) throw conflict('order.version_conflict', `someone changed this order since you loaded it (now version ${o.version})`);
      const from = o.status as OrderStatus;
      const t = transitionFor(input.action, from);
      if (!t) throw new AppError('order.invalid_transition', 'conflict', `cannot ${input.action} an order that is ${from}`);
      const parties = partiesFor(actor, o);
      if (!t.by.some((p) => parties.has(p))) throw forbidden('order.transition_forbidden', `you may not ${input.action} this order`);
      if (t.noteRequired && !input.note) throw fieldError('note', `a reason is required to ${input.action}`);
      if (input.providerId && input.action !== 'assign' && input.action !== 'reassign') throw fieldError('providerId', `only assign and reassign take a provider`);

      const now = new Date();
      const set: Parameters<OrdersRepository['update']>[2] = { status: t.to };
      const details: Record<string, unknown> = {};
      await this.releaseCapacity(o, t.to);
      switch (input.action) {
        case 'accept':
          set.acceptedAt = now;
          break;
        case 'assign':
        case 'reassign': {
          const pick = await this.pickProvider(o, input.providerId);
          if (input.action === 'reassign' && pick.provider.id === o.providerId) throw fieldError('providerId', 'the order is already with this provider');
          if (input.action === 'reassign' && o.providerId && o.providerDay) await this.catalogue.releaseProviderDay(d, o.providerId, o.providerDay);
          const day = localDay(o.scheduledStart);
          await this.catalogue.reserveProviderDay(d, { id: pick.provider.id, name: pick.provider.name, dailyCapacity: pick.capacity }, day);
          Object.assign(set, { providerId: pick.provider.id, providerDay: day, assignedAt: now, confirmedAt: null });
          Object.assign(details, { providerId: pick.provider.id, providerName: pick.provider.name, suggested: pick.suggested, override: !pick.covers, previousProviderId: o.providerId });
          break;
        }
        case 'decline':
          Object.assign(set, { providerId: null, providerDay: null, assignedAt: null });
          details.providerId = o.providerId;
          break;
        case 'confirm':
          set.confirmedAt = now;
          break;
        case 'check_in':
          set.checkinAt = now;
          details.onTime = now.getTime() <= o.scheduledEnd.getTime();
          break;
        case 'complete':
          Object.assign(set, { checkoutAt: now, serviceNotes: input.note });
          break;
        case 'refuse':
        case 'cancel':
        case 'no_show':
          set.closedReason = input.note;
          break;
      }
      await this.repo.update(d, id, set);
      await this.repo.appendHistory(d, id, { actorId: actor.userId, actorName: `${actor.displayName} (${actor.username})`, action: input.action, fromStatus: from, toStatus: t.to, note: input.note, details });
      // The district dashboard counts a service on the day it is checked out.
      if (t.to === 'completed') await this.ctx.insight?.bump(d, orderBumps.completed(o, now));
      await audit(this.ctx.db, actor, d, { action: `service_order.${input.action}`, entityType: 'service_order', entityId: id, areaPath: o.areaPath, details: { from, to: t.to, note: input.note, ...details } });
      const fresh = (await this.repo.find(d, id, null))!;
      await this.announce(actor, fresh, input.action, o);
      return this.detail(actor, fresh);
    });
  }

  /** The provider for an assignment: the one asked for (any active provider: a manual override), or the best suggestion. */
  private async pickProvider(o: OrderRow, providerId: string | undefined) {
    const suggestions = await this.rankProviders(o);
    if (providerId) {
      const hit = suggestions.find((s) => s.provider.id === providerId);
      if (!hit) throw fieldError('providerId', 'no such active provider');
      return { ...hit, suggested: suggestions[0]?.provider.id === providerId };
    }
    const best = suggestions.find((s) => s.covers && s.free > 0);
    if (!best) throw new AppError('order.no_provider', 'conflict', 'no provider that serves this place has capacity that day; choose one by hand', [{ path: 'providerId', message: 'choose a provider' }]);
    return { ...best, suggested: true };
  }

  private async rankProviders(o: Pick<OrderRow, 'districtId' | 'categoryId' | 'areaPath' | 'lat' | 'lon' | 'scheduledStart'>): Promise<ProviderSuggestion[]> {
    const d = o.districtId;
    const rows = (await this.catalogue.providerRows(d, {})).filter((p) => p.active);
    const day = localDay(o.scheduledStart);
    const booked = new Map((await this.catalogue.providerDays(d, rows.map((r) => r.id), day)).map((r) => [r.orgId, r]));
    const flagged = await this.flagged(d);
    return rank(
      rows.map((r) => ({ id: r.id, name: r.name, categoryIds: r.categoryIds ?? [], coveragePaths: r.coveragePaths ?? [], dailyCapacity: r.dailyCapacity ?? 0, ratingSum: r.ratingSum ?? 0, ratingCount: r.ratingCount ?? 0, lat: r.lat ?? null, lon: r.lon ?? null, active: r.active ?? false })),
      o,
      booked,
      flagged,
    );
  }

  /** Providers for an order, best first: those covering it, then the rest for a manual override. */
  async suggestions(actor: Actor, id: string): Promise<{ items: ProviderSuggestion[] }> {
    const o = await this.visible(actor, id);
    const parties = partiesFor(actor, o);
    if (!parties.has('centre') && !hasRole(actor, 'district_official', 'district_admin')) throw forbidden('order.suggest_forbidden', 'only the centre assigns orders');
    return { items: (await this.rankProviders(o)).slice(0, 50) };
  }

  async rate(actor: Actor, id: string, input: { score: number; comment: string }): Promise<OrderDetail> {
    const d = actor.districtId;
    const view = orderView(actor);
    await this.visible(actor, id, view);
    return this.ctx.db.tx(async () => {
      await this.repo.lock(d, id);
      const o = (await this.repo.find(d, id, view))!;
      const t = transitionFor('rate', o.status as OrderStatus);
      if (!t) throw new AppError('order.invalid_transition', 'conflict', `cannot rate an order that is ${o.status}`);
      if (!partiesFor(actor, o).has('customer')) throw forbidden('order.rate_forbidden', 'only the resident or whoever ordered for them rates a service');
      const now = new Date();
      await this.repo.update(d, id, { status: 'rated', rating: input.score, ratingComment: input.comment || null, ratedAt: now });
      if (o.providerId) await this.catalogue.addRating(d, o.providerId, input.score);
      await this.ctx.insight?.bump(d, orderBumps.rated(o, input.score, now));
      await this.repo.appendHistory(d, id, { actorId: actor.userId, actorName: `${actor.displayName} (${actor.username})`, action: 'rate', fromStatus: o.status, toStatus: 'rated', note: input.comment, details: { score: input.score } });
      await audit(this.ctx.db, actor, d, { action: 'service_order.rate', entityType: 'service_order', entityId: id, areaPath: o.areaPath, details: { score: input.score } });
      const fresh = (await this.repo.find(d, id, null))!;
      await this.announce(actor, fresh, 'rate', o);
      return this.detail(actor, fresh);
    });
  }

  // --- complaints --------------------------------------------------------------------------------------------

  async complain(actor: Actor, id: string, text: string): Promise<Complaint> {
    const d = actor.districtId;
    const o = await this.visible(actor, id);
    if (!this.canComplain(actor, partiesFor(actor, o))) throw forbidden('order.complain_forbidden', 'only the resident, whoever ordered for them, or the hotline lodges a complaint');
    const calendar = await this.calendar.forDistrict(d);
    const dueAt = calendar.addWorkingDays(new Date(), COMPLAINT_DAYS);
    return this.ctx.db.tx(async () => {
      const complaintId = crypto.randomUUID();
      await this.repo.insertComplaint({ districtId: d, id: complaintId, orderId: o.id, providerId: o.providerId, streetId: o.streetId, areaPath: o.areaPath, text, createdBy: actor.userId, createdByName: actor.displayName, dueAt });
      await this.repo.appendHistory(d, o.id, { actorId: actor.userId, actorName: `${actor.displayName} (${actor.username})`, action: 'complain', fromStatus: o.status, toStatus: o.status, note: text, details: { complaintId, dueAt: dueAt.toISOString() } });
      await audit(this.ctx.db, actor, d, { action: 'service_complaint.create', entityType: 'service_complaint', entityId: complaintId, areaPath: o.areaPath, details: { orderId: o.id } });
      const centre = await this.repo.centreUsers(d, o.streetId, o.communityId);
      await this.ctx.notifier.notify(d, centre.filter((u) => u !== actor.userId), { kind: 'service.complaint', title: `服务投诉待督办：${o.number}`, body: `${o.itemName}：${text}（${COMPLAINT_DAYS}个工作日内处理）`, link: `/services/supervision` });
      this.publish(o);
      return this.presentComplaint((await this.repo.complaintsOfOrder(d, o.id)).find((k) => k.id === complaintId)!);
    });
  }

  async complaints(actor: Actor, query: z.infer<typeof ComplaintQuery>) {
    const scope = supervisorScope(actor);
    const { items, total } = await this.repo.complaints(actor.districtId, scope, { status: query.status, overdue: query.overdue === undefined ? undefined : query.overdue === 'true' }, query.page, query.pageSize);
    return { items: items.map((k) => this.presentComplaint(k)), total, page: query.page, pageSize: query.pageSize };
  }

  async resolveComplaint(actor: Actor, id: string, resolution: string): Promise<Complaint> {
    const d = actor.districtId;
    const scope = supervisorScope(actor);
    const k = await this.repo.complaint(d, id, scope);
    if (!k) throw notFound('complaint');
    return this.ctx.db.tx(async () => {
      if (!(await this.repo.resolveComplaint(d, id, { resolution, resolvedBy: actor.userId, resolvedByName: actor.displayName }))) throw conflict('complaint.resolved', 'this complaint is already resolved');
      await this.repo.appendHistory(d, k.orderId, { actorId: actor.userId, actorName: `${actor.displayName} (${actor.username})`, action: 'resolve_complaint', fromStatus: null, toStatus: null, note: resolution, details: { complaintId: id } });
      await audit(this.ctx.db, actor, d, { action: 'service_complaint.resolve', entityType: 'service_complaint', entityId: id, areaPath: k.areaPath, details: { resolution } });
      await this.ctx.notifier.notify(d, [k.createdBy].filter((u) => u !== actor.userId), { kind: 'service.complaint_resolved', title: `您的投诉已处理：${k.orderNumber}`, body: resolution, link: `/services/orders/${k.orderId}` });
      return this.presentComplaint((await this.repo.complaint(d, id, scope))!);
    });
  }

  // --- supervision and statistics ----------------------------------------------------------------------------

  private async performanceRows(districtId: string, month: string, providerIds: string[] | null): Promise<PerformanceRow[]> {
    const { from, to } = monthRange(month);
    const [rows, complaints] = await Promise.all([this.repo.performance(districtId, from, to, providerIds), this.repo.complaintCounts(districtId, from, to)]);
    const byProvider = new Map(complaints.map((c) => [c.providerId!, Number(c.n)]));
    return rows
      .map((r) => {
        const n = { completed: Number(r.completed), onTime: Number(r.onTime), ratings: Number(r.ratings), ratingSum: Number(r.ratingSum), complaints: byProvider.get(r.providerId!) ?? 0 };
        const reasons = performanceFlags(n);
        return {
          provider: { id: r.providerId!, name: r.providerName },
          completed: n.completed,
          onTime: n.onTime,
          onTimeRate: n.completed ? Math.round((n.onTime / n.completed) * 1000) / 1000 : null,
          rating: n.ratings ? Math.round((n.ratingSum / n.ratings) * 100) / 100 : null,
          ratings: n.ratings,
          complaints: n.complaints,
          noShows: Number(r.noShows),
          cancelled: Number(r.cancelled),
          flagged: reasons.length > 0,
          reasons,
        };
      })
      .sort((a, b) => Number(b.flagged) - Number(a.flagged) || b.completed - a.completed || a.provider.name.localeCompare(b.provider.name));
  }

  async performance(actor: Actor, month = localDay().slice(0, 7)): Promise<Performance> {
    const view = performanceView(actor);
    return { month, items: await this.performanceRows(actor.districtId, month, view.all ? null : view.providerIds) };
  }

  /** Providers flagged last month, cached a few minutes: suggestions rank them lower. */
  private flagged(districtId: string): Promise<Set<string>> {
    const hit = this.flaggedCache.get(districtId);
    if (hit && Date.now() - hit.at < 300_000) return hit.value;
    const [y, m] = localDay().slice(0, 7).split('-').map(Number) as [number, number];
    const last = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const value = this.performanceRows(districtId, last, null).then((rows) => new Set(rows.filter((r) => r.flagged).map((r) => r.provider.id)));
    value.catch(() => this.flaggedCache.delete(districtId));
    this.flaggedCache.set(districtId, { at: Date.now(), value });
    return value;
  }

  /** Completed services and person-times in scope: the micro-service figures for the district statistics. */
  async stats(actor: Actor, query: { from?: string; to?: string }): Promise<ServiceStats> {
    const scope = statsScope(actor);
    const d = actor.districtId;
    const to = query.to ?? localDay();
    const from = query.from ?? addDays(to, -89);
    if (from > to) throw fieldError('from', 'must not be after to');
    const a = atLocal(from, '00:00');
    const b = atLocal(addDays(to, 1), '00:00');
    const [totals, byStreet, byCategory, byMonth, open] = await Promise.all([
      this.repo.statsTotals(d, scope, a, b),
      this.repo.statsByStreet(d, scope, a, b),
      this.repo.statsByCategory(d, scope, a, b),
      this.repo.statsByMonth(d, scope, a, b),
      this.repo.openCount(d, scope),
    ]);
    const row = (r: { id: string; name: string; completed: number; personTimes: number }) => ({ id: r.id, name: r.name, completed: Number(r.completed), personTimes: Number(r.personTimes) });
    return {
      from,
      to,
      completed: Number(totals.completed),
      personTimes: Number(totals.personTimes),
      persons: Number(totals.persons),
      subsidyFen: Number(totals.subsidyFen),
      open,
      byStreet: byStreet.map(row),
      byCategory: byCategory.map(row),
      byMonth: byMonth.map((m) => ({ month: m.month, completed: Number(m.completed), personTimes: Number(m.personTimes) })),
    };
  }

  /** What the kitchen makes and where the meals go, per meal of a day. */
  async kitchen(actor: Actor, canteenId: string, day = localDay()): Promise<KitchenCounts> {
    const d = actor.districtId;
    const canteen = await this.catalogue.requireFacilityManager(actor, canteenId);
    if (canteen.kind !== 'elder_canteen') throw notFound('canteen');
    await this.canteens.ensureMenus(d, [canteen], day, 1);
    const rows = await Promise.all((['lunch', 'dinner'] as const).map(async (meal) => this.canteens.menuOfDay(d, canteenId, day, meal)));
    const menuIds = rows.filter((m): m is NonNullable<typeof m> => !!m).map((m) => m.id);
    const orders = await this.repo.mealOrders(d, menuIds);
    const rounds = await this.canteens.presentRounds(d, await this.canteens.roundRows(d, [canteenId]));
    return {
      canteen: { id: canteen.id, name: canteen.name },
      day,
      meals: (['lunch', 'dinner'] as const).map((meal, i) => {
        const menu = rows[i];
        const mine = orders.filter((o) => menu && o.menuId === menu.id);
        const count = (list: typeof mine) => list.reduce((n, o) => n + o.quantity, 0);
        const items = new Map<string, { item: { id: string; name: string }; count: number }>();
        for (const o of mine) {
          const e = items.get(o.itemId) ?? { item: { id: o.itemId, name: o.itemName }, count: 0 };
          e.count += o.quantity;
          items.set(o.itemId, e);
        }
        const delivery = mine.filter((o) => o.mealMode === 'delivery');
        const roundIds = [...new Set(delivery.map((o) => o.roundId))];
        return {
          meal,
          menuId: menu?.id ?? null,
          dishes: menu?.dishes ?? [],
          capacity: menu?.capacity ?? 0,
          total: count(mine),
          dineIn: count(mine.filter((o) => o.mealMode === 'dine_in')),
          delivery: count(delivery),
          byItem: [...items.values()],
          rounds: roundIds.map((rid) => {
            const list = delivery.filter((o) => o.roundId === rid);
            return {
              round: rounds.find((r) => r.id === rid) ?? null,
              count: count(list),
              orders: list.map((o) => ({ id: o.id, number: o.number, name: o.personName, address: o.address, quantity: o.quantity, notes: o.notes, status: o.status as OrderStatus })),
            };
          }),
          notes: mine.filter((o) => o.notes).map((o) => ({ number: o.number, name: o.personName, item: o.itemName, notes: o.notes })),
        };
      }),
    };
  }

  /** Unmask the recipient's phone for the people who must reach them; audited. */
  async revealContact(actor: Actor, id: string, reason: string) {
    const o = await this.visible(actor, id);
    if (!canRevealContact(actor, partiesFor(actor, o))) throw forbidden('order.reveal_forbidden', 'only the assigned provider, the centre and the hotline see the contact number');
    return this.ctx.db.tx(async () => {
      await audit(this.ctx.db, actor, actor.districtId, { action: 'service_order.reveal_contact', entityType: 'service_order', entityId: id, areaPath: o.areaPath, details: { reason } });
      return { phone: o.personPhone, callerPhone: o.callerPhone };
    });
  }

  // --- telling people ------------------------------------------------------------------------------------------

  private publish(o: Pick<OrderRow, 'districtId' | 'id' | 'number' | 'status' | 'areaPath' | 'providerId'>, userIds: string[] = []) {
    const data = { id: o.id, number: o.number, status: o.status, providerId: o.providerId };
    this.ctx.db.afterCommit(() => {
      this.ctx.events.publish({ districtId: o.districtId, type: 'order.updated', data, audience: { areaPath: o.areaPath } });
      if (userIds.length) this.ctx.events.publish({ districtId: o.districtId, type: 'order.updated', data, audience: { userIds } });
    });
  }

  /** Notify the resident, the provider or the centre at the steps that concern them, and publish the change. */
  private async announce(actor: Actor, o: OrderRow, action: OrderAction | 'place', before?: OrderRow) {
    const d = o.districtId;
    const link = `/services/orders/${o.id}`;
    const customers = [...new Set([...(await this.repo.usersOfPersons(d, [o.personId])), o.orderedBy])];
    const providerStaff = o.providerId ? await this.repo.providerStaff(d, o.providerId) : [];
    const previousStaff = before?.providerId && before.providerId !== o.providerId ? await this.repo.providerStaff(d, before.providerId) : [];
    const when = `${localDay(o.scheduledStart)} ${localTime(o.scheduledStart)}`;
    const tell = (users: string[], kind: string, title: string, body = '') =>
      this.ctx.notifier.notify(d, [...new Set(users)].filter((u) => u !== actor.userId), { kind, title, body, link });
    const what = `${o.itemName}（${when}）`;
    switch (action) {
      case 'place':
        await tell(await this.repo.centreUsers(d, o.streetId, o.communityId), 'service.order_placed', `新服务订单待受理：${o.number}`, `${o.personName} · ${what}`);
        if (o.channel !== 'self') await tell(customers, 'service.order_placed', `已为您预约：${o.itemName}`, `${when} · ${o.orderedByName}代为下单`);
        break;
      case 'assign':
      case 'reassign':
        await tell(providerStaff, 'service.order_assigned', `新派单：${o.number}`, `${o.personName} · ${what} · ${o.address ?? ''}`);
        if (previousStaff.length) await tell(previousStaff, 'service.order_reassigned', `订单已改派：${o.number}`, what);
        await tell(customers, 'service.order_updated', `订单${STATUS_TEXT.assigned}：${o.itemName}`, `服务商：${o.providerName ?? ''}`);
        break;
      case 'decline':
        await tell(await this.repo.centreUsers(d, o.streetId, o.communityId), 'service.order_declined', `服务商退单，请重新派单：${o.number}`, what);
        break;
      case 'accept':
      case 'confirm':
      case 'check_in':
      case 'no_show':
      case 'refuse':
        await tell(customers, 'service.order_updated', `订单${STATUS_TEXT[o.status as OrderStatus]}：${o.itemName}`, o.closedReason ?? what);
        break;
      case 'complete':
        await tell(customers, 'service.order_completed', `服务已完成，请评价：${o.itemName}`, o.serviceNotes ?? '');
        break;
      case 'cancel':
        await tell([...customers, ...providerStaff, ...(await this.repo.centreUsers(d, o.streetId, o.communityId))], 'service.order_cancelled', `订单已取消：${o.number}`, `${what} · ${o.closedReason ?? ''}`);
        break;
      case 'rate':
        if ((o.rating ?? 5) <= 2) await tell(await this.repo.centreUsers(d, o.streetId, o.communityId), 'service.low_rating', `差评提醒：${o.number}（${o.rating} 星）`, o.ratingComment ?? '');
        await tell(providerStaff, 'service.order_rated', `收到评价：${o.number}（${o.rating} 星）`, o.ratingComment ?? '');
        break;
    }
    this.publish(o, [...customers, ...providerStaff, ...previousStaff]);
  }
}
