// The district service catalogue and the supply behind it: items with prices and subsidies for the
// resident asked about, what each street offers, provider profiles, facilities, and the slots made
// from standing schedules. Orders and canteens use this service for items, recipients and capacity.
import crypto from 'node:crypto';
import type { z } from 'zod';
import type { CreateFacility, CreateItem, CreateProvider, Eligibility, Facility, FacilityQuery, ItemQuery, OrderChannel, Provider, ServiceCategory, ServiceItem, Slot, SlotQuery, Subsidy, UpdateFacility, UpdateItem, UpdateProvider, UpdateSchedule } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { type Actor, hasRole } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import type { AreasService } from '../areas/service.ts';
import { addDays, atLocal, distanceKm, isoWeekday, localDay } from './local-time.ts';
import { groupsOf, ineligibility, quote } from './pricing.ts';
import { orderingChannel, providerEditRights, requireCatalogueEditor, requireFacilityKeeper, requireFacilityManager, requireStreetManager } from './policy.ts';
import { CatalogueRepository } from './repository.ts';
import { stableUuid } from './seed.ts';

type Ctx = AppContext & { areas: AreasService };
export type ItemRow = NonNullable<Awaited<ReturnType<CatalogueRepository['item']>>>;
export type RecipientRow = NonNullable<Awaited<ReturnType<CatalogueRepository['recipient']>>>;
export type ProviderRow = NonNullable<Awaited<ReturnType<CatalogueRepository['provider']>>>;
export type FacilityRow = NonNullable<Awaited<ReturnType<CatalogueRepository['facility']>>>;
export type SlotRow = NonNullable<Awaited<ReturnType<CatalogueRepository['slot']>>>;
type ScheduleRow = NonNullable<Awaited<ReturnType<CatalogueRepository['schedule']>>>;

/** A resident someone may order for, and how that order would be recorded. */
export interface Recipient {
  person: RecipientRow & { streetId: string };
  channel: OrderChannel;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

const services = new WeakMap<Ctx, CatalogueService>();
/** The app's one CatalogueService, shared by the catalogue, orders and canteens modules. */
export function catalogueService(ctx: Ctx): CatalogueService {
  let s = services.get(ctx);
  if (!s) {
    s = new CatalogueService(ctx);
    services.set(ctx, s);
  }
  return s;
}

export class CatalogueService {
  readonly repo: CatalogueRepository;
  constructor(private readonly ctx: Ctx) {
    this.repo = new CatalogueRepository(ctx.db);
  }

  // --- recipients -------------------------------------------------------------------------------------

  /**
   * The resident an order or a quote is for, and the channel it would be recorded under. Residents
   * default to themselves; anyone the actor may not order for does not exist for them (404).
   */
  async recipient(actor: Actor, personId: string | undefined, field = 'personId'): Promise<Recipient> {
    const d = actor.districtId;
    const id = personId ?? actor.personId;
    if (!id) throw fieldError(field, 'name the resident the service is for');
    const person = await this.repo.recipient(d, id);
    const missing = () => new AppError('person.not_found', 'not_found', 'no such resident you may order for', [{ path: field, message: 'not a resident you may order for' }]);
    if (!person || person.status !== 'active' || !person.streetId) throw missing();
    let channel = orderingChannel(actor, person, null);
    if (!channel && actor.personId && hasRole(actor, 'resident')) channel = orderingChannel(actor, person, (await this.repo.householdOf(d, actor.personId))?.householdId ?? null);
    if (!channel) throw missing();
    return { person: person as Recipient['person'], channel };
  }

  // --- catalogue ---------------------------------------------------------------------------------------

  async categories(actor: Actor): Promise<ServiceCategory[]> {
    const rows = await this.repo.categories(actor.districtId);
    return rows.map((c) => ({ id: c.id, code: c.code, name: c.name, nameEn: c.nameEn, description: c.description, itemCount: Number(c.itemCount ?? 0) }));
  }

  presentItem(i: ItemRow, extra: { offered?: boolean | null; person?: RecipientRow | null; day?: string } = {}): ServiceItem {
    const subsidies = (i.subsidies ?? []) as Subsidy[];
    const eligibility = (i.eligibility ?? {}) as Eligibility;
    const props = (i.properties ?? {}) as { meal?: 'lunch' | 'dinner'; mode?: 'dine_in' | 'delivery' };
    let q: ServiceItem['quote'] = null;
    let eligible: boolean | null = null;
    let reason: string | null = null;
    if (extra.person) {
      const day = extra.day ?? localDay();
      const groups = groupsOf(extra.person, day);
      q = quote({ priceFen: i.priceFen, subsidies }, groups, 1);
      reason = ineligibility(eligibility, extra.person, day, groups);
      eligible = reason === null;
    }
    return {
      id: i.id,
      category: { id: i.categoryId, name: i.categoryName },
      code: i.code,
      name: i.name,
      nameEn: i.nameEn,
      description: i.description,
      fulfilment: i.fulfilment,
      unit: i.unit,
      priceFen: i.priceFen,
      maxQuantity: i.maxQuantity,
      durationMinutes: i.durationMinutes,
      subsidies,
      eligibility,
      meal: props.meal && props.mode ? { meal: props.meal, mode: props.mode } : null,
      keywords: i.keywords,
      active: i.active,
      offered: extra.offered ?? null,
      quote: q,
      eligible,
      ineligibleReason: reason,
    };
  }

  /**
   * Items, searchable. For a resident (themselves, or personId for staff and the hotline): only what
   * their street offers, priced with their subsidy. With streetId: every item with that street's flag.
   */
  async items(actor: Actor, query: z.infer<typeof ItemQuery>): Promise<{ items: ServiceItem[]; street: { id: string; name: string } | null }> {
    const d = actor.districtId;
    const forPerson = query.personId ?? (hasRole(actor, 'resident') ? (actor.personId ?? undefined) : undefined);
    const recipient = forPerson ? (await this.recipient(actor, forPerson)).person : null;
    const streetId = recipient?.streetId ?? query.streetId;
    let street: { id: string; name: string } | null = null;
    if (streetId) {
      const s = await this.repo.area(d, streetId);
      if (!s || s.level !== 'street') throw fieldError('streetId', 'no such street');
      street = { id: s.id, name: s.name };
    }
    const everything = query.all === 'true' && !(hasRole(actor, 'resident') && actor.roles.size === 1);
    const rows = await this.repo.items(d, {
      categoryId: query.categoryId,
      q: query.q || undefined,
      fulfilment: query.fulfilment,
      activeOnly: true,
      offeredAt: recipient && !everything ? recipient.streetId : undefined,
    });
    const offered = streetId ? await this.repo.offeredItemIds(d, streetId) : null;
    return { items: rows.map((i) => this.presentItem(i, { offered: offered ? offered.has(i.id) : null, person: recipient })), street };
  }

  async item(actor: Actor, id: string, personId?: string): Promise<ServiceItem> {
    const row = await this.repo.item(actor.districtId, id);
    if (!row) throw notFound('service_item');
    const forPerson = personId ?? (hasRole(actor, 'resident') ? (actor.personId ?? undefined) : undefined);
    const recipient = forPerson ? (await this.recipient(actor, forPerson)).person : null;
    const offered = recipient ? await this.repo.isOffered(actor.districtId, recipient.streetId!, id) : null;
    return this.presentItem(row, { offered, person: recipient });
  }

  /** For other modules: the raw item row. */
  itemRow(districtId: string, id: string) {
    return this.repo.item(districtId, id);
  }

  isOffered(districtId: string, streetId: string, itemId: string) {
    return this.repo.isOffered(districtId, streetId, itemId);
  }

  private checkItemRules(input: { priceFen?: number; eligibility?: Eligibility; meal?: unknown }, fulfilment: string) {
    const e = input.eligibility;
    if (e?.minAge !== undefined && e.maxAge !== undefined && e.minAge > e.maxAge) throw fieldError('eligibility.maxAge', 'must not be below minAge');
    if (fulfilment === 'meal' && input.meal === null) throw fieldError('meal', 'a meal item names its meal and mode');
    if (fulfilment !== 'meal' && input.meal) throw fieldError('meal', 'only meal items have a meal');
  }

  async createItem(actor: Actor, input: CreateItem): Promise<ServiceItem> {
    requireCatalogueEditor(actor);
    const d = actor.districtId;
    this.checkItemRules(input, input.fulfilment);
    return this.ctx.db.tx(async (q) => {
      if (!(await this.repo.category(d, input.categoryId))) throw fieldError('categoryId', 'no such category');
      if (await this.repo.itemByCode(d, input.code)) throw new AppError('service_item.code_taken', 'conflict', 'another item has this code', [{ path: 'code', message: 'taken' }]);
      const id = crypto.randomUUID();
      await q
        .insertInto('serviceItems')
        .values({
          districtId: d, id, categoryId: input.categoryId, code: input.code, name: input.name, nameEn: input.nameEn, description: input.description, fulfilment: input.fulfilment, unit: input.unit,
          priceFen: input.priceFen, maxQuantity: input.maxQuantity, durationMinutes: input.durationMinutes, subsidies: JSON.stringify(input.subsidies), eligibility: JSON.stringify(input.eligibility),
          properties: JSON.stringify(input.meal ?? {}), keywords: input.keywords, sort: 100_000,
        })
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'service_item.create', entityType: 'service_item', entityId: id, details: input });
      return this.presentItem((await this.repo.item(d, id))!);
    });
  }

  async updateItem(actor: Actor, id: string, input: z.infer<typeof UpdateItem>): Promise<ServiceItem> {
    requireCatalogueEditor(actor);
    const d = actor.districtId;
    return this.ctx.db.tx(async (q) => {
      const current = await this.repo.item(d, id);
      if (!current) throw notFound('service_item');
      this.checkItemRules(input, current.fulfilment);
      const { subsidies, eligibility, meal, ...rest } = input;
      await q
        .updateTable('serviceItems')
        .set({
          ...rest,
          ...(subsidies ? { subsidies: JSON.stringify(subsidies) } : {}),
          ...(eligibility ? { eligibility: JSON.stringify(eligibility) } : {}),
          ...(meal ? { properties: JSON.stringify(meal) } : {}),
          updatedAt: new Date(),
        })
        .where('districtId', '=', d)
        .where('id', '=', id)
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'service_item.update', entityType: 'service_item', entityId: id, details: input });
      return this.presentItem((await this.repo.item(d, id))!);
    });
  }

  // --- street offerings ---------------------------------------------------------------------------------

  private async street(districtId: string, id: string) {
    const s = await this.repo.area(districtId, id);
    if (!s || s.level !== 'street') throw notFound('street');
    return s;
  }

  async offerings(actor: Actor, streetId: string) {
    const s = await this.street(actor.districtId, streetId);
    return { streetId: s.id, streetName: s.name, itemIds: [...(await this.repo.offeredItemIds(actor.districtId, s.id))] };
  }

  async setOfferings(actor: Actor, streetId: string, itemIds: string[], offered: boolean) {
    const d = actor.districtId;
    const s = await this.street(d, streetId);
    requireStreetManager(actor, s);
    return this.ctx.db.tx(async () => {
      const known = await this.repo.existingItemIds(d, itemIds);
      const unknown = itemIds.findIndex((id) => !known.has(id));
      if (unknown >= 0) throw fieldError(`itemIds.${unknown}`, 'no such item');
      await this.repo.setOfferings(d, s.id, [...new Set(itemIds)], offered, actor.userId);
      await audit(this.ctx.db, actor, d, { action: offered ? 'street_offering.add' : 'street_offering.remove', entityType: 'street', entityId: s.id, areaPath: s.path, details: { itemIds } });
      return this.offerings(actor, s.id);
    });
  }

  // --- providers -----------------------------------------------------------------------------------------

  async presentProviders(districtId: string, rows: ProviderRow[]): Promise<Provider[]> {
    const categories = new Map((await this.repo.categories(districtId)).map((c) => [c.id, c.name]));
    const paths = [...new Set(rows.flatMap((r) => r.coveragePaths ?? []))];
    const areas = new Map((await this.repo.areasByPaths(districtId, paths)).map((a) => [a.path, a]));
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      service: r.service,
      categories: (r.categoryIds ?? []).filter((id) => categories.has(id)).map((id) => ({ id, name: categories.get(id)! })),
      coverage: (r.coveragePaths ?? []).map((p) => areas.get(p)).filter((a): a is NonNullable<typeof a> => !!a).map((a) => ({ id: a.id, name: a.name })),
      dailyCapacity: r.dailyCapacity ?? 0,
      qualifications: r.qualifications ?? [],
      phone: r.phone ?? null,
      lat: r.lat ?? null,
      lon: r.lon ?? null,
      rating: r.ratingCount ? round2(r.ratingSum! / r.ratingCount) : null,
      ratingCount: r.ratingCount ?? 0,
      active: r.active ?? false,
    }));
  }

  async providers(actor: Actor, categoryId?: string): Promise<Provider[]> {
    return this.presentProviders(actor.districtId, await this.repo.providers(actor.districtId, { categoryId }));
  }

  async provider(actor: Actor, id: string): Promise<Provider> {
    const row = await this.repo.provider(actor.districtId, id);
    if (!row) throw notFound('provider');
    return (await this.presentProviders(actor.districtId, [row]))[0]!;
  }

  /** Refuses anyone but the catalogue's keepers (for modules that write on their behalf, e.g. imports). */
  requireCatalogueEditor(actor: Actor) {
    requireCatalogueEditor(actor);
  }

  /** Refuses anyone who may not register facilities in this area (the district, or its street's officials). */
  requireFacilityKeeper(actor: Actor, area: { path: string }) {
    requireFacilityKeeper(actor, area);
  }

  /** For other modules (imports): streets and communities by name or code. */
  streetsAndCommunities(districtId: string, names: string[]) {
    return this.repo.streetsAndCommunities(districtId, names);
  }

  /** Where a point is, as the place a provider or facility is based: its community (or street) path; outside the district is a field error on `location`. */
  async place(districtId: string, lat: number, lon: number) {
    const at = await this.ctx.areas.locate(districtId, lat, lon);
    const street = await this.repo.area(districtId, at.streetId);
    const community = at.communityId ? await this.repo.area(districtId, at.communityId) : undefined;
    if (!street) throw fieldError('location', 'outside the district');
    return { streetId: street.id, streetPath: street.path, communityId: community?.id ?? null, areaPath: community?.path ?? street.path };
  }

  /** The profile fields both creating and updating a provider set, checked against the catalogue and the areas. */
  private async providerProfile(d: string, input: z.infer<typeof UpdateProvider>) {
    const set: Parameters<CatalogueRepository['updateProfile']>[2] = {};
    if (input.categoryIds) {
      const known = new Set((await this.repo.categories(d)).map((c) => c.id));
      const bad = input.categoryIds.findIndex((c) => !known.has(c));
      if (bad >= 0) throw fieldError(`categoryIds.${bad}`, 'no such category');
      set.categoryIds = [...new Set(input.categoryIds)];
    }
    if (input.coverageAreaIds) {
      const areas = await this.repo.areaNames(d, input.coverageAreaIds);
      const bad = input.coverageAreaIds.findIndex((a) => !areas.some((x) => x.id === a));
      if (bad >= 0) throw fieldError(`coverageAreaIds.${bad}`, 'no such area');
      set.coveragePaths = [...new Set(areas.map((a) => a.path))];
    }
    if (input.dailyCapacity !== undefined) set.dailyCapacity = input.dailyCapacity;
    if (input.qualifications) set.qualifications = input.qualifications;
    if (input.phone !== undefined) set.phone = input.phone;
    if (input.active !== undefined) set.active = input.active;
    if (input.location !== undefined) {
      const at = input.location ? await this.place(d, input.location.lat, input.location.lon) : null;
      Object.assign(set, { lat: input.location?.lat ?? null, lon: input.location?.lon ?? null, areaPath: at?.areaPath ?? null });
    }
    return set;
  }

  /** Register a provider: an organisation of kind provider with its profile (the district's civil-affairs side). */
  async createProvider(actor: Actor, input: z.infer<typeof CreateProvider>): Promise<Provider> {
    requireCatalogueEditor(actor);
    const d = actor.districtId;
    return this.ctx.db.tx(async () => {
      if (await this.repo.organisationByCode(d, input.code)) throw new AppError('provider.code_taken', 'conflict', 'another organisation has this code', [{ path: 'code', message: 'taken' }]);
      const set = await this.providerProfile(d, input);
      const id = crypto.randomUUID();
      await this.repo.insertProviderOrg({ districtId: d, id, code: input.code, name: input.name, areaPath: set.areaPath ?? null, service: input.service ?? null });
      await this.repo.updateProfile(d, id, set);
      await audit(this.ctx.db, actor, d, { action: 'provider.create', entityType: 'organisation', entityId: id, details: input });
      return (await this.presentProviders(d, [(await this.repo.provider(d, id))!]))[0]!;
    });
  }

  async updateProvider(actor: Actor, id: string, input: z.infer<typeof UpdateProvider>): Promise<Provider> {
    const d = actor.districtId;
    const row = await this.repo.provider(d, id);
    if (!row) throw notFound('provider');
    const rights = providerEditRights(actor, id);
    if (rights === 'own') {
      for (const f of ['name', 'service', 'categoryIds', 'coverageAreaIds', 'location', 'active'] as const) if (input[f] !== undefined) throw fieldError(f, 'only the district changes what a provider is, delivers and where');
    }
    return this.ctx.db.tx(async () => {
      const set = await this.providerProfile(d, input);
      await this.repo.updateProviderOrg(d, id, { name: input.name, service: input.service, ...(set.areaPath !== undefined ? { areaPath: set.areaPath } : {}) });
      await this.repo.updateProfile(d, id, set);
      await audit(this.ctx.db, actor, d, { action: 'provider.update', entityType: 'organisation', entityId: id, details: input });
      return (await this.presentProviders(d, [(await this.repo.provider(d, id))!]))[0]!;
    });
  }

  /** For other modules (imports): a provider by its organisation code, or null. */
  async providerByCode(districtId: string, code: string) {
    const org = await this.repo.organisationByCode(districtId, code);
    return org ? { ...org, isProvider: org.kind === 'provider' } : null;
  }

  providerRows(districtId: string, f: { categoryId?: string; ids?: string[] }) {
    return this.repo.providers(districtId, f);
  }

  providerDays(districtId: string, orgIds: string[], day: string) {
    return this.repo.providerDays(districtId, orgIds, day);
  }

  /** Take one place in a provider's day (inside the caller's transaction); conflict when it is full. */
  async reserveProviderDay(districtId: string, provider: { id: string; name: string; dailyCapacity: number | null }, day: string) {
    if (!(await this.repo.reserveProviderDay(districtId, provider.id, day, provider.dailyCapacity ?? 0))) {
      throw new AppError('order.provider_full', 'conflict', `${provider.name} has no capacity left on ${day}`, [{ path: 'providerId', message: 'no capacity left that day' }]);
    }
  }

  releaseProviderDay(districtId: string, orgId: string, day: string) {
    return this.repo.releaseProviderDay(districtId, orgId, day);
  }

  addRating(districtId: string, orgId: string, score: number) {
    return this.repo.addRating(districtId, orgId, score);
  }

  // --- facilities ---------------------------------------------------------------------------------------

  presentFacility(f: FacilityRow, from?: { lat: number | null; lon: number | null } | null): Facility {
    return {
      id: f.id,
      kind: f.kind,
      name: f.name,
      org: f.orgId && f.orgName ? { id: f.orgId, name: f.orgName } : null,
      street: { id: f.streetId, name: f.streetName },
      community: f.communityId && f.communityName ? { id: f.communityId, name: f.communityName } : null,
      address: f.address,
      lat: f.lat,
      lon: f.lon,
      openingHours: f.openingHours,
      capacity: f.capacity,
      seats: f.seats,
      mealsPerDay: f.mealsPerDay,
      phone: f.phone,
      distanceKm: from?.lat != null && from.lon != null ? round2(distanceKm({ lat: from.lat, lon: from.lon }, f)) : null,
    };
  }

  async facilities(actor: Actor, query: z.infer<typeof FacilityQuery>): Promise<Facility[]> {
    const person = query.personId || (hasRole(actor, 'resident') && actor.personId) ? (await this.recipient(actor, query.personId)).person : null;
    const rows = await this.repo.facilities(actor.districtId, { kind: query.kind, streetId: query.streetId });
    const out = rows.map((f) => this.presentFacility(f, person ? { lat: person.lat ?? person.communityLat, lon: person.lon ?? person.communityLon } : null));
    return person ? out.sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0)) : out;
  }

  async facility(actor: Actor, id: string): Promise<Facility> {
    const f = await this.repo.facility(actor.districtId, id);
    if (!f) throw notFound('facility');
    return this.presentFacility(f);
  }

  facilityRow(districtId: string, id: string) {
    return this.repo.facility(districtId, id);
  }

  facilityRows(districtId: string, f: Parameters<CatalogueRepository['facilities']>[1]) {
    return this.repo.facilities(districtId, f);
  }

  private async facilityOperator(d: string, orgId: string | null | undefined) {
    if (!orgId) return;
    if (!(await this.repo.provider(d, orgId))) throw fieldError('orgId', 'no such provider');
  }

  /** Register a facility; its street and community follow from where it is. The district, or the officials of that street. */
  async createFacility(actor: Actor, input: z.infer<typeof CreateFacility>): Promise<Facility> {
    const d = actor.districtId;
    const at = await this.place(d, input.lat, input.lon);
    requireFacilityKeeper(actor, { path: at.streetPath });
    return this.ctx.db.tx(async () => {
      await this.facilityOperator(d, input.orgId);
      const id = crypto.randomUUID();
      await this.repo.insertFacility({
        districtId: d, id, kind: input.kind, name: input.name, orgId: input.orgId ?? null, streetId: at.streetId, communityId: at.communityId, areaPath: at.areaPath, address: input.address ?? '',
        lat: input.lat, lon: input.lon, openingHours: input.openingHours ?? '', capacity: input.capacity ?? null, seats: input.seats ?? null, mealsPerDay: input.mealsPerDay ?? null, phone: input.phone ?? null,
        properties: '{}',
      });
      await audit(this.ctx.db, actor, d, { action: 'facility.create', entityType: 'facility', entityId: id, areaPath: at.areaPath, details: input });
      return this.presentFacility((await this.repo.facility(d, id))!);
    });
  }

  /** Change a facility (withdrawn ones too: active brings them back). Moving it needs the right to both streets. */
  async updateFacility(actor: Actor, id: string, input: z.infer<typeof UpdateFacility>): Promise<Facility | null> {
    const d = actor.districtId;
    const current = await this.repo.anyFacility(d, id);
    if (!current) throw notFound('facility');
    const street = await this.repo.area(d, current.streetId);
    requireFacilityKeeper(actor, { path: street?.path ?? current.areaPath });
    const moved = (input.lat !== undefined && input.lat !== current.lat) || (input.lon !== undefined && input.lon !== current.lon);
    const at = moved ? await this.place(d, input.lat ?? current.lat, input.lon ?? current.lon) : null;
    if (at) requireFacilityKeeper(actor, { path: at.streetPath });
    return this.ctx.db.tx(async () => {
      if (input.orgId !== undefined) await this.facilityOperator(d, input.orgId);
      const { orgId, ...rest } = input;
      await this.repo.updateFacility(d, id, {
        ...rest,
        ...(orgId !== undefined ? { orgId } : {}),
        ...(at ? { streetId: at.streetId, communityId: at.communityId, areaPath: at.areaPath } : {}),
      });
      await audit(this.ctx.db, actor, d, { action: 'facility.update', entityType: 'facility', entityId: id, areaPath: at?.areaPath ?? current.areaPath, details: input });
      const row = await this.repo.facility(d, id);
      return row ? this.presentFacility(row) : null;
    });
  }

  /** For other modules (imports): facilities by exact name, active or not. */
  facilitiesNamed(districtId: string, name: string) {
    return this.repo.facilitiesNamed(districtId, name);
  }

  /** For other modules (imports): one facility row, active or not. */
  anyFacility(districtId: string, id: string) {
    return this.repo.anyFacility(districtId, id);
  }

  /** The facilities an actor manages (its operator's staff, its street, the district). */
  async requireFacilityManager(actor: Actor, id: string): Promise<FacilityRow> {
    const f = await this.repo.facility(actor.districtId, id);
    if (!f) throw notFound('facility');
    requireFacilityManager(actor, f);
    return f;
  }

  /** A GeoJSON layer of facilities for the district resource map. */
  async facilityMap(actor: Actor) {
    const rows = await this.repo.facilities(actor.districtId);
    return {
      type: 'FeatureCollection' as const,
      features: rows.map((f) => ({
        type: 'Feature' as const,
        id: f.id,
        geometry: { type: 'Point' as const, coordinates: [f.lon, f.lat] },
        properties: { id: f.id, kind: f.kind, name: f.name, org: f.orgName, street: f.streetName, community: f.communityName, areaPath: f.areaPath, capacity: f.capacity, seats: f.seats, mealsPerDay: f.mealsPerDay, openingHours: f.openingHours },
      })),
    };
  }

  // --- schedules and slots ---------------------------------------------------------------------------------

  /** Make the schedule's slots for these local days (those within its horizon), idempotently. */
  async ensureSlots(districtId: string, schedule: ScheduleRow, from: string, days: number) {
    const today = localDay();
    const last = addDays(today, schedule.horizonDays);
    const rows = [];
    for (let i = 0; i < days; i++) {
      const day = addDays(from, i);
      if (day < today || day > last || !schedule.weekdays.includes(isoWeekday(day))) continue;
      for (const w of schedule.windows) {
        const [a, b] = w.split('-') as [string, string];
        const startsAt = atLocal(day, a);
        rows.push({
          districtId,
          id: stableUuid(districtId, 'slot', schedule.id, startsAt.toISOString()),
          scheduleId: schedule.id,
          streetId: schedule.streetId,
          categoryId: schedule.categoryId,
          facilityId: schedule.facilityId,
          startsAt,
          endsAt: atLocal(day, b),
          capacity: schedule.capacity,
        });
      }
    }
    if (rows.length) await this.repo.insertSlots(rows);
  }

  /** The schedules an item is booked against for a resident: their street's for its category, or their street's day-care centres'. */
  private async schedulesFor(districtId: string, item: ItemRow, streetId: string): Promise<ScheduleRow[]> {
    if (item.fulfilment === 'meal') throw fieldError('itemId', 'meals are ordered from a canteen menu (GET /api/canteen-menus)');
    if (item.fulfilment === 'day_care') {
      const centres = await this.repo.facilities(districtId, { kind: 'day_care_centre', streetId });
      return this.repo.facilitySchedules(districtId, centres.map((c) => c.id));
    }
    const s = await this.repo.streetSchedule(districtId, streetId, item.categoryId);
    return s ? [s] : [];
  }

  presentSlot(s: { id: string; startsAt: Date; endsAt: Date; capacity: number; booked: number; facilityId: string | null; facilityName: string | null }): Slot {
    return {
      id: s.id,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      capacity: s.capacity,
      booked: s.booked,
      free: Math.max(0, s.capacity - s.booked),
      facility: s.facilityId && s.facilityName ? { id: s.facilityId, name: s.facilityName } : null,
    };
  }

  async slots(actor: Actor, query: z.infer<typeof SlotQuery>): Promise<{ items: Slot[] }> {
    const d = actor.districtId;
    const item = await this.repo.item(d, query.itemId);
    if (!item || !item.active) throw fieldError('itemId', 'no such item');
    const { person } = await this.recipient(actor, query.personId);
    const today = localDay();
    const from = query.from && query.from > today ? query.from : today;
    const schedules = await this.schedulesFor(d, item, person.streetId);
    await this.ctx.db.tx(async () => {
      for (const s of schedules) await this.ensureSlots(d, s, from, query.days);
    });
    const rows = await this.repo.slots(d, schedules.map((s) => s.id), atLocal(from, '00:00'), atLocal(addDays(from, query.days), '00:00'));
    const now = Date.now();
    return { items: rows.filter((s) => s.startsAt.getTime() > now).map((s) => this.presentSlot(s)) };
  }

  slotRow(districtId: string, id: string) {
    return this.repo.slot(districtId, id);
  }

  /** Whether a slot serves an item for a resident of this street. */
  async slotServes(districtId: string, slot: SlotRow, item: ItemRow, streetId: string): Promise<boolean> {
    if (item.fulfilment === 'day_care') return !!slot.facilityId && slot.facilityStreetId === streetId;
    return slot.streetId === streetId && slot.categoryId === item.categoryId;
  }

  /** Book n places of a slot (inside the caller's transaction); conflict when the slot is full. */
  async reserveSlot(districtId: string, slotId: string, n: number) {
    if (!(await this.repo.reserveSlot(districtId, slotId, n))) throw this.slotFull();
  }

  slotFull() {
    return new AppError('order.slot_full', 'conflict', 'this time slot is fully booked; please choose another', [{ path: 'slotId', message: 'fully booked' }]);
  }

  releaseSlot(districtId: string, slotId: string, n: number) {
    return this.repo.releaseSlot(districtId, slotId, n);
  }

  private async presentSchedules(districtId: string, rows: ScheduleRow[]) {
    const categories = new Map((await this.repo.categories(districtId)).map((c) => [c.id, c.name]));
    const areaIds = [...new Set(rows.map((r) => r.streetId).filter((x): x is string => !!x))];
    const areas = new Map((await this.repo.areaNames(districtId, areaIds)).map((a) => [a.id, a.name]));
    const facilityIds = [...new Set(rows.map((r) => r.facilityId).filter((x): x is string => !!x))];
    const facilities = new Map((await this.repo.facilities(districtId, { ids: facilityIds })).map((f) => [f.id, f.name]));
    return rows.map((r) => ({
      id: r.id,
      street: r.streetId ? { id: r.streetId, name: areas.get(r.streetId) ?? '' } : null,
      category: r.categoryId ? { id: r.categoryId, name: categories.get(r.categoryId) ?? '' } : null,
      facility: r.facilityId ? { id: r.facilityId, name: facilities.get(r.facilityId) ?? '' } : null,
      windows: r.windows,
      weekdays: r.weekdays,
      capacity: r.capacity,
      horizonDays: r.horizonDays,
    }));
  }

  async schedules(actor: Actor, f: { streetId?: string; facilityId?: string }) {
    const d = actor.districtId;
    if (f.streetId) await this.street(d, f.streetId);
    const rows = await this.repo.schedules(d, { streetId: f.streetId, facilityIds: f.facilityId ? [f.facilityId] : undefined });
    return { items: await this.presentSchedules(d, rows) };
  }

  async updateSchedule(actor: Actor, id: string, input: z.infer<typeof UpdateSchedule>) {
    const d = actor.districtId;
    const s = await this.repo.schedule(d, id);
    if (!s) throw notFound('schedule');
    if (s.facilityId) await this.requireFacilityManager(actor, s.facilityId);
    else requireStreetManager(actor, await this.street(d, s.streetId!));
    if (input.windows) {
      for (const [i, w] of input.windows.entries()) {
        const [a, b] = w.split('-') as [string, string];
        if (a >= b) throw fieldError(`windows.${i}`, 'ends before it starts');
      }
    }
    return this.ctx.db.tx(async () => {
      await this.repo.updateSchedule(d, id, input);
      await audit(this.ctx.db, actor, d, { action: 'schedule.update', entityType: 'schedule', entityId: id, details: input });
      return (await this.presentSchedules(d, [(await this.repo.schedule(d, id))!]))[0]!;
    });
  }

  area(districtId: string, id: string) {
    return this.repo.area(districtId, id);
  }

  streets(districtId: string) {
    return this.repo.streets(districtId);
  }
}
