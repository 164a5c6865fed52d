// Street micro-service centres: the service catalogue and what each street offers, providers and
// facilities, slots and canteen menus, service orders and their state machine, ratings,
// complaints under supervision, provider performance and service statistics.
import { z } from 'zod';
import { Uuid } from './common.ts';

const Ref = z.object({ id: Uuid, name: z.string() });
const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(20)).optional();
const Day = z.iso.date();
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

/** home: at the resident's address; centre: at a service centre; meal: from an elder canteen; day_care: a day-care place. */
export const Fulfilment = z.enum(['home', 'centre', 'meal', 'day_care']);
export type Fulfilment = z.infer<typeof Fulfilment>;

/** Groups entitled to subsidies, read from the register: age from the birth date, the rest from tags. */
export const SubsidyGroup = z.enum(['aged_60', 'aged_80', 'aged_90', 'low_income', 'special_hardship', 'disabled', 'living_alone']);
export type SubsidyGroup = z.infer<typeof SubsidyGroup>;

export const Meal = z.enum(['lunch', 'dinner']);
export type Meal = z.infer<typeof Meal>;
export const MealMode = z.enum(['dine_in', 'delivery']);
export type MealMode = z.infer<typeof MealMode>;

export const FacilityKind = z.enum(['family_centre', 'home_care_centre', 'elder_canteen', 'day_care_centre']);
export type FacilityKind = z.infer<typeof FacilityKind>;

export const OrderStatus = z.enum(['placed', 'accepted', 'assigned', 'confirmed', 'in_service', 'completed', 'rated', 'cancelled', 'refused', 'no_show']);
export type OrderStatus = z.infer<typeof OrderStatus>;
/** Statuses in which an order still needs someone to act. */
export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = ['placed', 'accepted', 'assigned', 'confirmed', 'in_service'];
/** Statuses that count as a service delivered. */
export const DONE_ORDER_STATUSES: readonly OrderStatus[] = ['completed', 'rated'];

export const OrderAction = z.enum(['accept', 'refuse', 'assign', 'reassign', 'decline', 'confirm', 'check_in', 'complete', 'no_show', 'cancel', 'rate']);
export type OrderAction = z.infer<typeof OrderAction>;

/** Who placed an order: the recipient, a family member, centre staff, or the 24-hour hotline on the resident's behalf. */
export const OrderChannel = z.enum(['self', 'family', 'staff', 'hotline']);
export type OrderChannel = z.infer<typeof OrderChannel>;

// --- catalogue -------------------------------------------------------------------------------------

export const Subsidy = z
  .object({
    group: SubsidyGroup,
    /** Share of the price, whole percent. */
    percent: z.number().int().min(1).max(100).optional(),
    /** A fixed amount per unit, in fen. */
    amountFen: z.number().int().min(1).max(10_000_000).optional(),
  })
  .refine((s) => (s.percent === undefined) !== (s.amountFen === undefined), { message: 'give percent or amountFen, not both' });
export type Subsidy = z.infer<typeof Subsidy>;

export const Eligibility = z.object({
  minAge: z.number().int().min(0).max(120).optional(),
  maxAge: z.number().int().min(0).max(120).optional(),
  /** The recipient must belong to at least one of these groups. */
  groups: z.array(SubsidyGroup).max(7).optional(),
});
export type Eligibility = z.infer<typeof Eligibility>;

export const ServiceCategory = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string(),
  itemCount: z.number().int(),
});
export type ServiceCategory = z.infer<typeof ServiceCategory>;

/** What one order would cost a given resident, in fen: the best single subsidy applies (no stacking). */
export const Quote = z.object({
  quantity: z.number().int(),
  unitPriceFen: z.number().int(),
  subsidyPerUnitFen: z.number().int(),
  totalFen: z.number().int(),
  subsidyFen: z.number().int(),
  payFen: z.number().int(),
  /** The group whose subsidy applies. */
  group: SubsidyGroup.nullable(),
  /** Every group the resident belongs to. */
  groups: z.array(SubsidyGroup),
});
export type Quote = z.infer<typeof Quote>;

export const ServiceItem = z.object({
  id: Uuid,
  category: Ref,
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string(),
  fulfilment: Fulfilment,
  unit: z.string(),
  priceFen: z.number().int(),
  maxQuantity: z.number().int(),
  durationMinutes: z.number().int().nullable(),
  subsidies: z.array(Subsidy),
  eligibility: Eligibility,
  meal: z.object({ meal: Meal, mode: MealMode }).nullable(),
  keywords: z.string(),
  active: z.boolean(),
  /** Offered by the street of the resident asked about (or the streetId asked about). */
  offered: z.boolean().nullable(),
  /** The price for the resident asked about. */
  quote: Quote.nullable(),
  eligible: z.boolean().nullable(),
  /** Why the resident may not order it. */
  ineligibleReason: z.string().nullable(),
});
export type ServiceItem = z.infer<typeof ServiceItem>;

export const ItemQuery = z.object({
  categoryId: Uuid.optional(),
  q: z.string().trim().max(50).optional(),
  fulfilment: Fulfilment.optional(),
  /** Staff and the hotline: price and filter for this resident (residents get their own). */
  personId: Uuid.optional(),
  /** Offer flags for this street (staff). */
  streetId: Uuid.optional(),
  /** true: also items not offered at the resident's street (staff browsing the district catalogue). */
  all: z.enum(['true', 'false']).optional(),
});

export const CreateItem = z.object({
  categoryId: Uuid,
  code: z.string().trim().regex(/^[A-Za-z0-9_-]{2,40}$/, 'letters, digits, _ and - (2-40)'),
  name: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().max(120).nullable().default(null),
  description: z.string().max(1000).default(''),
  fulfilment: Fulfilment,
  unit: z.string().trim().min(1).max(10),
  priceFen: z.number().int().min(0).max(10_000_000),
  maxQuantity: z.number().int().min(1).max(99).default(10),
  durationMinutes: z.number().int().min(1).max(24 * 60).nullable().default(null),
  subsidies: z.array(Subsidy).max(7).default([]),
  eligibility: Eligibility.default({}),
  meal: z.object({ meal: Meal, mode: MealMode }).nullable().default(null),
  keywords: z.string().max(200).default(''),
});
export type CreateItem = z.infer<typeof CreateItem>;

export const UpdateItem = CreateItem.omit({ categoryId: true, code: true, fulfilment: true }).partial().extend({ active: z.boolean().optional() });

export const Offerings = z.object({ streetId: Uuid, streetName: z.string(), itemIds: z.array(Uuid) });
export const SetOfferings = z.object({ itemIds: z.array(Uuid).min(1).max(500), offered: z.boolean() });

// --- providers and facilities -------------------------------------------------------------------------

export const Provider = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  service: z.string().nullable(),
  categories: z.array(Ref),
  coverage: z.array(Ref),
  dailyCapacity: z.number().int(),
  qualifications: z.array(z.string()),
  phone: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  /** Mean rating, or null before the first. */
  rating: z.number().nullable(),
  ratingCount: z.number().int(),
  active: z.boolean(),
});
export type Provider = z.infer<typeof Provider>;

export const UpdateProvider = z.object({
  /** The district only: the provider's name and the kind of service it gives. */
  name: z.string().trim().min(1).max(80).optional(),
  service: z.string().trim().max(40).nullable().optional(),
  categoryIds: z.array(Uuid).max(40).optional(),
  /** Streets or communities served. */
  coverageAreaIds: z.array(Uuid).max(200).optional(),
  dailyCapacity: z.number().int().min(0).max(10_000).optional(),
  qualifications: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
  phone: z.string().trim().max(20).nullable().optional(),
  /** Where it is based (WGS-84, inside the district); the district only. */
  location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).nullable().optional(),
  active: z.boolean().optional(),
});

/** A new provider (an organisation of kind provider and its profile); the district registers them. */
export const CreateProvider = UpdateProvider.extend({
  code: z.string().trim().regex(/^[A-Za-z0-9_-]{2,40}$/, '2-40 letters, digits, _ or -'),
  name: z.string().trim().min(1).max(80),
});
export type CreateProvider = z.infer<typeof CreateProvider>;

/** A facility; its street and community follow from its location. */
export const CreateFacility = z.object({
  kind: FacilityKind,
  name: z.string().trim().min(1).max(80),
  /** The provider that runs it. */
  orgId: Uuid.nullable().optional(),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  address: z.string().trim().max(200).optional(),
  openingHours: z.string().trim().max(200).optional(),
  capacity: z.number().int().min(0).max(100_000).nullable().optional(),
  seats: z.number().int().min(0).max(100_000).nullable().optional(),
  mealsPerDay: z.number().int().min(0).max(100_000).nullable().optional(),
  phone: z.string().trim().max(20).nullable().optional(),
});
export type CreateFacility = z.infer<typeof CreateFacility>;
export const UpdateFacility = CreateFacility.partial().extend({ active: z.boolean().optional() });
export type UpdateFacility = z.infer<typeof UpdateFacility>;

export const Facility = z.object({
  id: Uuid,
  kind: FacilityKind,
  name: z.string(),
  org: Ref.nullable(),
  street: Ref,
  community: Ref.nullable(),
  address: z.string(),
  lat: z.number(),
  lon: z.number(),
  openingHours: z.string(),
  capacity: z.number().int().nullable(),
  seats: z.number().int().nullable(),
  mealsPerDay: z.number().int().nullable(),
  phone: z.string().nullable(),
  /** Distance from the resident asked about, in km. */
  distanceKm: z.number().nullable(),
});
export type Facility = z.infer<typeof Facility>;

export const FacilityQuery = z.object({
  kind: FacilityKind.optional(),
  streetId: Uuid.optional(),
  /** Sort by distance from this resident (residents: themselves). */
  personId: Uuid.optional(),
});

// --- slots, menus, rounds ------------------------------------------------------------------------------

export const Slot = z.object({
  id: Uuid,
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
  free: z.number().int(),
  facility: Ref.nullable(),
});
export type Slot = z.infer<typeof Slot>;

export const SlotQuery = z.object({
  itemId: Uuid,
  personId: Uuid.optional(),
  from: Day.optional(),
  days: z.coerce.number().int().min(1).max(14).default(7),
});

export const Schedule = z.object({
  id: Uuid,
  street: Ref.nullable(),
  category: Ref.nullable(),
  facility: Ref.nullable(),
  windows: z.array(z.string()),
  weekdays: z.array(z.number().int()),
  capacity: z.number().int(),
  horizonDays: z.number().int(),
});
export const UpdateSchedule = z.object({
  windows: z.array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM-HH:MM')).min(1).max(12).optional(),
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
  capacity: z.number().int().min(0).max(10_000).optional(),
  horizonDays: z.number().int().min(1).max(60).optional(),
});

export const DeliveryRound = z.object({ id: Uuid, meal: Meal, code: z.string(), label: z.string(), departs: z.string(), communities: z.array(Ref) });
export type DeliveryRound = z.infer<typeof DeliveryRound>;

export const Menu = z.object({
  id: Uuid,
  canteen: Ref,
  day: z.string(),
  meal: Meal,
  dishes: z.array(z.string()),
  capacity: z.number().int(),
  booked: z.number().int(),
  free: z.number().int(),
  /** Whether the canteen delivers to the resident asked about. */
  delivers: z.boolean().nullable(),
  distanceKm: z.number().nullable(),
});
export type Menu = z.infer<typeof Menu>;

export const MenuQuery = z.object({
  /** A meal item: only menus of its meal, at canteens serving the resident. */
  itemId: Uuid.optional(),
  personId: Uuid.optional(),
  canteenId: Uuid.optional(),
  from: Day.optional(),
  days: z.coerce.number().int().min(1).max(14).default(3),
});

export const UpdateMenu = z.object({
  dishes: z.array(z.string().trim().min(1).max(30)).min(1).max(12).optional(),
  capacity: z.number().int().min(0).max(10_000).optional(),
});

export const KitchenCounts = z.object({
  canteen: Ref,
  day: z.string(),
  meals: z.array(
    z.object({
      meal: Meal,
      menuId: Uuid.nullable(),
      dishes: z.array(z.string()),
      capacity: z.number().int(),
      /** Meals ordered and not cancelled. */
      total: z.number().int(),
      dineIn: z.number().int(),
      delivery: z.number().int(),
      byItem: z.array(z.object({ item: Ref, count: z.number().int() })),
      rounds: z.array(z.object({ round: DeliveryRound.nullable(), count: z.number().int(), orders: z.array(z.object({ id: Uuid, number: z.string(), name: z.string(), address: z.string().nullable(), quantity: z.number().int(), notes: z.string(), status: OrderStatus })) })),
      /** Orders with a note for the kitchen (diet, allergies). */
      notes: z.array(z.object({ number: z.string(), name: z.string(), item: z.string(), notes: z.string() })),
    }),
  ),
});
export type KitchenCounts = z.infer<typeof KitchenCounts>;

// --- orders ------------------------------------------------------------------------------------------------

export const OrderCaller = z.object({
  name: z.string().trim().min(1).max(50),
  /** The caller's relation to the resident, e.g. 本人, 女儿, 邻居. */
  relation: z.string().trim().max(20).default(''),
  phone: z.string().trim().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, 'a mainland mobile or landline number').optional(),
});

export const PlaceOrder = z.object({
  itemId: Uuid,
  /** The recipient; residents may leave it out for themselves or name a member of their household. */
  personId: Uuid.optional(),
  /** Home, centre and day-care items: a slot from GET /api/service-slots. */
  slotId: Uuid.optional(),
  /** Meal items: a menu from GET /api/canteen-menus. */
  menuId: Uuid.optional(),
  quantity: z.number().int().min(1).max(99).default(1),
  notes: z.string().trim().max(500).default(''),
  /** Hotline operators record who called. */
  caller: OrderCaller.optional(),
});
export type PlaceOrder = z.infer<typeof PlaceOrder>;

export const OrderSummary = z.object({
  id: Uuid,
  number: z.string(),
  status: OrderStatus,
  item: z.object({ id: Uuid, name: z.string(), unit: z.string(), fulfilment: Fulfilment }),
  category: Ref,
  person: z.object({ id: Uuid, name: z.string(), age: z.number().int().nullable() }),
  address: z.string().nullable(),
  street: Ref,
  community: Ref.nullable(),
  channel: OrderChannel,
  orderedByName: z.string(),
  scheduledStart: z.string(),
  scheduledEnd: z.string(),
  quantity: z.number().int(),
  unitPriceFen: z.number().int(),
  totalFen: z.number().int(),
  subsidyFen: z.number().int(),
  payFen: z.number().int(),
  subsidyGroup: SubsidyGroup.nullable(),
  provider: Ref.nullable(),
  facility: Ref.nullable(),
  mealMode: MealMode.nullable(),
  round: z.object({ id: Uuid, label: z.string(), departs: z.string() }).nullable(),
  rating: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

export const OrderHistoryEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  note: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const Complaint = z.object({
  id: Uuid,
  order: z.object({ id: Uuid, number: z.string(), item: z.string() }),
  provider: Ref.nullable(),
  street: Ref,
  text: z.string(),
  status: z.enum(['open', 'resolved']),
  dueAt: z.string(),
  overdue: z.boolean(),
  createdAt: z.string(),
  createdByName: z.string(),
  resolution: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedByName: z.string().nullable(),
});
export type Complaint = z.infer<typeof Complaint>;

export const OrderDetail = OrderSummary.extend({
  notes: z.string(),
  caller: z.object({ name: z.string(), relation: z.string(), phone: z.string().nullable() }).nullable(),
  /** The recipient's phone, masked; null when none is on record. */
  contactPhone: z.string().nullable(),
  personGroups: z.array(SubsidyGroup),
  checkinAt: z.string().nullable(),
  checkoutAt: z.string().nullable(),
  serviceNotes: z.string().nullable(),
  ratingComment: z.string().nullable(),
  ratedAt: z.string().nullable(),
  closedReason: z.string().nullable(),
  history: z.array(OrderHistoryEntry),
  complaints: z.array(Complaint),
  /** What the current user may do next, per the state machine. */
  allowedActions: z.array(OrderAction),
  canComplain: z.boolean(),
});
export type OrderDetail = z.infer<typeof OrderDetail>;

export const OrderQuery = z.object({
  status: csv(OrderStatus),
  /** centre: orders of the caller's street/community; provider: the caller's organisation's; mine: placed by or for the caller. */
  queue: z.enum(['centre', 'provider', 'mine']).optional(),
  open: z.enum(['true', 'false']).optional(),
  providerId: Uuid.optional(),
  areaId: Uuid.optional(),
  personId: Uuid.optional(),
  fulfilment: Fulfilment.optional(),
  /** Scheduled on this local day. */
  day: Day.optional(),
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const OrderTransition = z.object({
  action: OrderAction.exclude(['rate']),
  /** The reason (refuse, reassign, decline, no_show, cancel) or the service notes (complete). */
  note: z.string().trim().max(2000).default(''),
  /** assign / reassign: the provider; absent = the best suggestion. */
  providerId: Uuid.optional(),
  /** Optimistic concurrency: the version the user saw (optional). */
  version: z.number().int().min(1).optional(),
});
export type OrderTransition = z.infer<typeof OrderTransition>;

export const RateOrder = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).default(''),
});

export const CreateComplaint = z.object({ text: z.string().trim().min(2).max(1000) });
export const ResolveComplaint = z.object({ resolution: z.string().trim().min(2).max(1000) });
export const ComplaintQuery = z.object({
  status: z.enum(['open', 'resolved']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const ProviderSuggestion = z.object({
  provider: Ref,
  /** 0-100: rating 40, free capacity 30, nearness 30. */
  score: z.number(),
  rating: z.number().nullable(),
  free: z.number().int(),
  capacity: z.number().int(),
  distanceKm: z.number().nullable(),
  /** A low performer last month. */
  flagged: z.boolean(),
  /** Serves the order's place and category (false: only by manual override). */
  covers: z.boolean(),
});
export type ProviderSuggestion = z.infer<typeof ProviderSuggestion>;

export const TransitionRow = z.object({ action: OrderAction, from: z.array(OrderStatus), to: OrderStatus, by: z.array(z.string()), noteRequired: z.boolean() });

// --- supervision and statistics ------------------------------------------------------------------------------

export const PerformanceQuery = z.object({ month: Month.optional() });
export const PerformanceRow = z.object({
  provider: Ref,
  completed: z.number().int(),
  onTime: z.number().int(),
  onTimeRate: z.number().nullable(),
  rating: z.number().nullable(),
  ratings: z.number().int(),
  complaints: z.number().int(),
  noShows: z.number().int(),
  cancelled: z.number().int(),
  flagged: z.boolean(),
  /** Why it is flagged: low_on_time, low_rating, complaints. */
  reasons: z.array(z.string()),
});
export type PerformanceRow = z.infer<typeof PerformanceRow>;
export const Performance = z.object({ month: z.string(), items: z.array(PerformanceRow) });
export type Performance = z.infer<typeof Performance>;

export const StatsQuery = z.object({ from: Day.optional(), to: Day.optional() });
const StatsRow = z.object({ id: Uuid, name: z.string(), completed: z.number().int(), personTimes: z.number().int() });
export const ServiceStats = z.object({
  from: z.string(),
  to: z.string(),
  /** Orders completed (checked out) in the period. */
  completed: z.number().int(),
  /** Person-times (人次): the quantities of those orders. */
  personTimes: z.number().int(),
  /** Distinct residents served. */
  persons: z.number().int(),
  subsidyFen: z.number().int(),
  open: z.number().int(),
  byStreet: z.array(StatsRow),
  byCategory: z.array(StatsRow),
  byMonth: z.array(z.object({ month: z.string(), completed: z.number().int(), personTimes: z.number().int() })),
});
export type ServiceStats = z.infer<typeof ServiceStats>;
