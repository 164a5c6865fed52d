// Elder canteens: daily menus made from each canteen's weekly rotation as the days come, the meals
// left per menu, delivery rounds, and which canteens serve (and deliver to) a resident. Orders use
// this service to book meals.
import type { z } from 'zod';
import type { DeliveryRound, Meal, Menu, MenuQuery, UpdateMenu } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import type { AreasService } from '../areas/service.ts';
import { type FacilityRow, type RecipientRow, catalogueService } from '../catalogue/service.ts';
import { addDays, atLocal, distanceKm, isoWeekday, localDay } from '../catalogue/local-time.ts';
import { stableUuid } from '../catalogue/seed.ts';
import { MEAL_TIMES, rotationDishes } from './menu-data.ts';
import { CanteensRepository, type MenuInsert } from './repository.ts';

type Ctx = AppContext & { areas: AreasService };
export type MenuRow = NonNullable<Awaited<ReturnType<CanteensRepository['menu']>>>;
type RoundRow = Awaited<ReturnType<CanteensRepository['rounds']>>[number];

/** Days ahead a canteen's menus are published. */
const MENU_HORIZON_DAYS = 7;

const services = new WeakMap<Ctx, CanteensService>();
export function canteensService(ctx: Ctx): CanteensService {
  let s = services.get(ctx);
  if (!s) {
    s = new CanteensService(ctx);
    services.set(ctx, s);
  }
  return s;
}

/** A canteen's weekly rotation starts on a different day per canteen, from its id. */
function shiftOf(facilityId: string): number {
  return parseInt(facilityId.slice(0, 4), 16) % 7;
}

export class CanteensService {
  private readonly repo: CanteensRepository;
  constructor(private readonly ctx: Ctx) {
    this.repo = new CanteensRepository(ctx.db);
  }

  private get catalogue() {
    return catalogueService(this.ctx);
  }

  /** The instants a meal is served on a day, and when ordering for it closes. */
  mealTimes(day: string, meal: Meal) {
    const t = MEAL_TIMES[meal];
    return { cutoff: atLocal(day, t.cutoff), start: atLocal(day, t.start), end: atLocal(day, t.end) };
  }

  /** Publish the menus of these canteens for these days from their rotation (idempotent). */
  async ensureMenus(districtId: string, canteens: Pick<FacilityRow, 'id' | 'mealsPerDay'>[], from: string, days: number) {
    const today = localDay();
    const rows: MenuInsert[] = [];
    for (const c of canteens) {
      const perDay = c.mealsPerDay ?? 100;
      for (let i = 0; i < days; i++) {
        const day = addDays(from, i);
        if (day < today || day > addDays(today, MENU_HORIZON_DAYS)) continue;
        for (const meal of ['lunch', 'dinner'] as const) {
          const lunch = Math.round(perDay * MEAL_TIMES.lunch.share);
          rows.push({ districtId, id: stableUuid(districtId, 'menu', c.id, day, meal), facilityId: c.id, day, meal, dishes: rotationDishes(shiftOf(c.id), isoWeekday(day), meal), capacity: meal === 'lunch' ? lunch : perDay - lunch });
        }
      }
    }
    if (rows.length) await this.ctx.db.tx(() => this.repo.insertMenus(rows));
  }

  /** A canteen delivers to the communities of its own street. */
  delivers(canteen: { streetId: string }, person: { streetId: string | null }): boolean {
    return canteen.streetId === person.streetId;
  }

  presentMenu(m: Awaited<ReturnType<CanteensRepository['menus']>>[number], person?: RecipientRow | null): Menu {
    const lat = person?.lat ?? person?.communityLat;
    const lon = person?.lon ?? person?.communityLon;
    return {
      id: m.id,
      canteen: { id: m.facilityId, name: m.canteenName },
      day: m.day,
      meal: m.meal,
      dishes: m.dishes,
      capacity: m.capacity,
      booked: m.booked,
      free: Math.max(0, m.capacity - m.booked),
      delivers: person ? this.delivers(m, person) : null,
      distanceKm: lat != null && lon != null ? Math.round(distanceKm({ lat, lon }, m) * 100) / 100 : null,
    };
  }

  /**
   * Menus still open for ordering. For a meal item: menus of that meal at the canteens of the
   * resident's street (delivery items: only canteens that deliver to them), nearest first.
   */
  async menus(actor: Actor, query: z.infer<typeof MenuQuery>): Promise<{ items: Menu[] }> {
    const d = actor.districtId;
    let meal: Meal | undefined;
    let person: RecipientRow | null = null;
    let canteens: FacilityRow[];
    if (query.itemId) {
      const item = await this.catalogue.itemRow(d, query.itemId);
      if (!item || !item.active) throw fieldError('itemId', 'no such item');
      if (item.fulfilment !== 'meal') throw fieldError('itemId', 'not a meal item');
      meal = (item.properties as { meal?: Meal }).meal;
      person = (await this.catalogue.recipient(actor, query.personId)).person;
      canteens = await this.catalogue.facilityRows(d, { kind: 'elder_canteen', streetId: person.streetId! });
    } else if (query.canteenId) {
      const c = await this.catalogue.facilityRow(d, query.canteenId);
      if (!c || c.kind !== 'elder_canteen') throw notFound('canteen');
      canteens = [c];
    } else {
      throw fieldError('itemId', 'give itemId (with personId for staff) or canteenId');
    }
    const today = localDay();
    const from = query.from && query.from > today ? query.from : today;
    await this.ensureMenus(d, canteens, from, query.days);
    const rows = await this.repo.menus(d, canteens.map((c) => c.id), from, addDays(from, query.days - 1), meal);
    const now = Date.now();
    const out = rows.filter((m) => this.mealTimes(m.day, m.meal).cutoff.getTime() > now).map((m) => this.presentMenu(m, person));
    return { items: query.itemId ? out.sort((a, b) => a.day.localeCompare(b.day) || (a.distanceKm ?? 0) - (b.distanceKm ?? 0)) : out };
  }

  menuRow(districtId: string, id: string) {
    return this.repo.menu(districtId, id);
  }

  menuOfDay(districtId: string, canteenId: string, day: string, meal: Meal) {
    return this.repo.menuOf(districtId, canteenId, day, meal);
  }

  async updateMenu(actor: Actor, id: string, input: z.infer<typeof UpdateMenu>): Promise<Menu> {
    const d = actor.districtId;
    const m = await this.repo.menu(d, id);
    if (!m) throw notFound('menu');
    await this.catalogue.requireFacilityManager(actor, m.facilityId);
    return this.ctx.db.tx(async () => {
      await this.repo.updateMenu(d, id, input);
      await audit(this.ctx.db, actor, d, { action: 'canteen_menu.update', entityType: 'canteen_menu', entityId: id, areaPath: m.areaPath, details: input });
      const [row] = await this.repo.menus(d, [m.facilityId], m.day, m.day, m.meal);
      return this.presentMenu(row!);
    });
  }

  /** Take n meals (inside the caller's transaction); conflict when the kitchen is full. */
  async reserve(districtId: string, menuId: string, n: number) {
    if (!(await this.repo.reserve(districtId, menuId, n))) throw this.soldOut();
  }

  soldOut() {
    return new AppError('order.menu_full', 'conflict', 'no meals left on this menu; please choose another canteen or day', [{ path: 'menuId', message: 'sold out' }]);
  }

  release(districtId: string, menuId: string, n: number) {
    return this.repo.release(districtId, menuId, n);
  }

  async presentRounds(districtId: string, rows: RoundRow[]): Promise<DeliveryRound[]> {
    const names = new Map((await this.repo.communityNames(districtId, [...new Set(rows.flatMap((r) => r.communityIds))])).map((c) => [c.id, c.name]));
    return rows.map((r) => ({ id: r.id, meal: r.meal, code: r.code, label: r.label, departs: r.departs, communities: r.communityIds.map((id) => ({ id, name: names.get(id) ?? '' })) }));
  }

  async rounds(actor: Actor, canteenId: string): Promise<DeliveryRound[]> {
    const c = await this.catalogue.facilityRow(actor.districtId, canteenId);
    if (!c || c.kind !== 'elder_canteen') throw notFound('canteen');
    return this.presentRounds(actor.districtId, await this.repo.rounds(actor.districtId, [canteenId]));
  }

  roundRows(districtId: string, canteenIds: string[]) {
    return this.repo.rounds(districtId, canteenIds);
  }

  /** The delivery round that takes a meal to a community: one naming it, else the catch-all. */
  async roundFor(districtId: string, canteenId: string, meal: Meal, communityId: string | null) {
    const rounds = (await this.repo.rounds(districtId, [canteenId])).filter((r) => r.meal === meal);
    return rounds.find((r) => communityId && r.communityIds.includes(communityId)) ?? rounds.find((r) => r.communityIds.length === 0) ?? rounds[0] ?? null;
  }
}
