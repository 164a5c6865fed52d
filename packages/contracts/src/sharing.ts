// Community shared huts (共享小屋): huts, items lent between neighbours, the skill catalogue,
// activities, needs matched to offers, micro-wishes (微心愿) and long-term pairings (结对帮扶).
import { z } from 'zod';
import { Uuid } from './common.ts';
import { Availability, Fen, LocalDate, TargetGroup } from './participation.ts';

const text = (max: number) => z.string().trim().max(max);
const IsoDateTime = z.iso.datetime({ offset: true });
const pageFields = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

// --- the skill catalogue: 9 categories, 38 skills ---------------------------------------------------

export const SKILL_CATEGORIES = ['repairs', 'tutoring', 'personal_care', 'digital', 'health', 'household', 'companionship', 'errands', 'culture'] as const;
export type SkillCategory = (typeof SKILL_CATEGORIES)[number];

/** Every skill with its category and names; the web app and notifications read the same list. */
export const SKILLS = {
  plumbing: { category: 'repairs', zh: '水管疏通', en: 'Plumbing' },
  electrical: { category: 'repairs', zh: '电路维修', en: 'Electrical repairs' },
  furniture_repair: { category: 'repairs', zh: '家具维修', en: 'Furniture repair' },
  appliance_repair: { category: 'repairs', zh: '家电维修', en: 'Appliance repair' },
  bicycle_repair: { category: 'repairs', zh: '单车维修', en: 'Bicycle repair' },
  homework_primary: { category: 'tutoring', zh: '小学功课辅导', en: 'Primary homework help' },
  homework_secondary: { category: 'tutoring', zh: '中学功课辅导', en: 'Secondary homework help' },
  english: { category: 'tutoring', zh: '英语辅导', en: 'English tutoring' },
  calligraphy: { category: 'tutoring', zh: '书法', en: 'Calligraphy' },
  music: { category: 'tutoring', zh: '乐器教学', en: 'Music lessons' },
  haircut: { category: 'personal_care', zh: '理发', en: 'Haircuts' },
  nail_care: { category: 'personal_care', zh: '修甲', en: 'Nail care' },
  bathing_help: { category: 'personal_care', zh: '助浴', en: 'Bathing help' },
  phone_help: { category: 'digital', zh: '手机使用帮助', en: 'Phone help' },
  computer_help: { category: 'digital', zh: '电脑帮助', en: 'Computer help' },
  online_booking: { category: 'digital', zh: '网上预约挂号', en: 'Online booking' },
  video_calls: { category: 'digital', zh: '视频通话', en: 'Video calls' },
  blood_pressure: { category: 'health', zh: '量血压', en: 'Blood pressure checks' },
  massage: { category: 'health', zh: '推拿按摩', en: 'Massage' },
  first_aid: { category: 'health', zh: '急救知识', en: 'First aid' },
  medication_reminder: { category: 'health', zh: '用药提醒', en: 'Medication reminders' },
  cooking: { category: 'household', zh: '做饭', en: 'Cooking' },
  cleaning: { category: 'household', zh: '家居清洁', en: 'Cleaning' },
  sewing: { category: 'household', zh: '缝补', en: 'Sewing' },
  childcare: { category: 'household', zh: '临时看护小孩', en: 'Childcare' },
  chatting: { category: 'companionship', zh: '聊天陪伴', en: 'Company and a chat' },
  hospital_escort: { category: 'companionship', zh: '陪同就医', en: 'Hospital escort' },
  walking: { category: 'companionship', zh: '散步陪伴', en: 'Walking together' },
  reading_aloud: { category: 'companionship', zh: '读报读书', en: 'Reading aloud' },
  shopping: { category: 'errands', zh: '代购', en: 'Shopping' },
  delivery: { category: 'errands', zh: '送货上门', en: 'Deliveries' },
  moving_help: { category: 'errands', zh: '搬运', en: 'Carrying and moving' },
  paperwork: { category: 'errands', zh: '代办手续', en: 'Paperwork' },
  legal_advice: { category: 'errands', zh: '法律咨询', en: 'Legal advice' },
  cantonese_opera: { category: 'culture', zh: '粤剧', en: 'Cantonese opera' },
  pottery: { category: 'culture', zh: '陶艺', en: 'Pottery' },
  photography: { category: 'culture', zh: '摄影', en: 'Photography' },
  dance: { category: 'culture', zh: '广场舞', en: 'Dance' },
} as const satisfies Record<string, { category: SkillCategory; zh: string; en: string }>;
export type SkillCode = keyof typeof SKILLS;
export const SkillCode = z.enum(Object.keys(SKILLS) as [SkillCode, ...SkillCode[]]);

export const SKILL_CATEGORY_NAMES: Record<SkillCategory, { zh: string; en: string }> = {
  repairs: { zh: '维修', en: 'Repairs' },
  tutoring: { zh: '辅导功课', en: 'Tutoring' },
  personal_care: { zh: '理发护理', en: 'Personal care' },
  digital: { zh: '手机电脑帮助', en: 'Phones and computers' },
  health: { zh: '健康保健', en: 'Health' },
  household: { zh: '家务帮忙', en: 'Household' },
  companionship: { zh: '陪伴', en: 'Companionship' },
  errands: { zh: '跑腿代办', en: 'Errands' },
  culture: { zh: '文体', en: 'Culture and sport' },
};


/** Whom an offer or activity is for (the projects registry's groups). */
export type AudienceGroup = z.infer<typeof TargetGroup>;

// --- huts ------------------------------------------------------------------------------------------------

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');

export const Hut = z.object({
  id: Uuid,
  communityId: Uuid,
  communityName: z.string(),
  name: z.string(),
  address: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  openingHours: z.string(),
  keepers: z.array(z.object({ userId: Uuid, name: z.string(), username: z.string() })),
  theme: z.string().nullable(),
  themes: z.array(z.object({ month: z.string(), theme: z.string() })),
  itemCount: z.number().int(),
  upcomingActivities: z.number().int(),
  isKeeper: z.boolean(),
  canManage: z.boolean(),
});
export type Hut = z.infer<typeof Hut>;

export const CreateHut = z.object({
  communityId: Uuid,
  name: z.string().trim().min(2).max(64),
  address: text(120).min(1),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  openingHours: text(120).default(''),
  keeperUsernames: z.array(z.string().trim().min(1).max(64)).max(10).default([]),
});
export const UpdateHut = CreateHut.omit({ communityId: true }).partial();
export const SetHutTheme = z.object({ month: Month, theme: z.string().trim().min(1).max(80) });
export const HutQuery = z.object({ communityId: Uuid.optional() });

// --- items and lending -----------------------------------------------------------------------------------

export const ItemCategory = z.enum(['tools', 'kitchen', 'children', 'outdoor', 'electronics', 'party', 'mobility', 'books', 'other']);
export type ItemCategory = z.infer<typeof ItemCategory>;
export const ItemCondition = z.enum(['new', 'good', 'fair', 'worn', 'damaged']);
export type ItemCondition = z.infer<typeof ItemCondition>;

export const ShareItem = z.object({
  id: Uuid,
  title: z.string(),
  category: ItemCategory,
  description: z.string(),
  condition: ItemCondition,
  depositFen: z.number().int(),
  maxDays: z.number().int(),
  keptAt: z.enum(['home', 'hut']),
  hutId: Uuid.nullable(),
  hutName: z.string().nullable(),
  /** For hut items: whether the item is on the hut's shelf right now (the keeper checks it in and out). */
  inHut: z.boolean(),
  communityId: Uuid,
  communityName: z.string(),
  ownerName: z.string(),
  isMine: z.boolean(),
  photoUrl: z.string().nullable(),
  status: z.enum(['available', 'withdrawn']),
  distanceM: z.number().int().nullable(),
  /** Dates already taken (held or lent), without who took them, so a borrower can pick free days. */
  booked: z.array(z.object({ startsOn: z.string(), endsOn: z.string() })),
  waitlisted: z.number().int(),
  createdAt: z.string(),
});
export type ShareItem = z.infer<typeof ShareItem>;

export const CreateShareItem = z.object({
  title: z.string().trim().min(1).max(60),
  category: ItemCategory,
  description: text(500).default(''),
  condition: ItemCondition.exclude(['damaged']).default('good'),
  /** Deposit in fen; at most 5,000 yuan. */
  depositFen: Fen.max(500_000).default(0),
  maxDays: z.number().int().min(1).max(60).default(7),
  keptAt: z.enum(['home', 'hut']).default('home'),
  hutId: Uuid.optional(),
  photoFileId: Uuid.optional(),
});
export const UpdateShareItem = z.object({
  title: z.string().trim().min(1).max(60).optional(),
  description: text(500).optional(),
  condition: ItemCondition.optional(),
  depositFen: Fen.max(500_000).optional(),
  maxDays: z.number().int().min(1).max(60).optional(),
  status: z.enum(['available', 'withdrawn']).optional(),
});

export const ShareItemQuery = z.object({
  q: text(40).optional(),
  category: ItemCategory.optional(),
  communityId: Uuid.optional(),
  hutId: Uuid.optional(),
  mine: z.enum(['true', 'false']).optional(),
  /** Search near a point (WGS-84); without one, near the caller's home. */
  lat: z.coerce.number().min(-90).max(90).optional(),
  lon: z.coerce.number().min(-180).max(180).optional(),
  radiusM: z.coerce.number().int().min(50).max(20_000).optional(),
  ...pageFields,
});

/**
 * A loan from reservation to return. waitlisted: the dates were taken, the borrower waits for them;
 * held: the item is held for the borrower's dates; picked_up: lent out; overdue: past its end date
 * and not back; returned, cancelled, expired (a hold never picked up): final.
 */
export const LoanStatus = z.enum(['waitlisted', 'held', 'picked_up', 'overdue', 'returned', 'cancelled', 'expired']);
export type LoanStatus = z.infer<typeof LoanStatus>;
export const LoanAction = z.enum(['reserve', 'wait', 'promote', 'cancel', 'pick_up', 'extend', 'mark_overdue', 'return', 'expire']);
export type LoanAction = z.infer<typeof LoanAction>;
/** Who acts on a loan: the borrower, the lender (the item's owner), the hut keeper, community staff, the clock. */
export const LoanParty = z.enum(['borrower', 'lender', 'keeper', 'staff', 'system']);
export type LoanParty = z.infer<typeof LoanParty>;

export const Loan = z.object({
  id: Uuid,
  itemId: Uuid,
  itemTitle: z.string(),
  keptAt: z.enum(['home', 'hut']),
  hutName: z.string().nullable(),
  ownerName: z.string(),
  borrowerName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: LoanStatus,
  /** Place in the queue for these dates, for waitlisted loans. */
  waitlistPosition: z.number().int().nullable(),
  depositFen: z.number().int(),
  depositHeldFen: z.number().int(),
  depositRefundedFen: z.number().int(),
  depositWithheldFen: z.number().int(),
  pickedUpAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnCondition: ItemCondition.nullable(),
  conditionNote: z.string().nullable(),
  extensions: z.number().int(),
  /** The caller's parts in this loan, and what they may do next. */
  as: z.array(LoanParty),
  actions: z.array(LoanAction),
  history: z.array(z.object({ action: LoanAction, from: LoanStatus.nullable(), to: LoanStatus, byName: z.string(), note: z.string().nullable(), at: z.string() })),
  createdAt: z.string(),
});
export type Loan = z.infer<typeof Loan>;

export const ReserveItem = z.object({
  itemId: Uuid,
  startsOn: LocalDate,
  endsOn: LocalDate,
  /** When the dates are taken: join the waitlist for them instead of being refused. */
  waitlist: z.boolean().default(false),
  note: text(200).optional(),
});
export const PickUpLoan = z.object({ note: text(200).optional() });
export const ReturnLoan = z.object({
  condition: ItemCondition,
  note: text(300).optional(),
  /** Kept from the deposit for damage or loss, in fen; the rest is refunded. */
  withheldFen: Fen.default(0),
});
export const ExtendLoan = z.object({ endsOn: LocalDate });
export const CancelLoan = z.object({ note: text(200).optional() });
export const LoanQuery = z.object({
  role: z.enum(['borrower', 'lender', 'keeper', 'staff']).optional(),
  status: LoanStatus.optional(),
  itemId: Uuid.optional(),
  ...pageFields,
});
export const SweepResult = z.object({ overdue: z.number().int(), reminded: z.number().int(), expired: z.number().int(), promoted: z.number().int() });

// --- activities -------------------------------------------------------------------------------------------

export const ActivityStatus = z.enum(['open', 'finished', 'cancelled']);
export const SignupStatus = z.enum(['registered', 'waitlisted', 'attended', 'cancelled']);

export const Activity = z.object({
  id: Uuid,
  communityId: Uuid,
  communityName: z.string(),
  hutId: Uuid.nullable(),
  hutName: z.string().nullable(),
  title: z.string(),
  theme: z.string(),
  description: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int(),
  targetGroup: TargetGroup,
  status: ActivityStatus,
  registered: z.number().int(),
  waitlisted: z.number().int(),
  attended: z.number().int(),
  roles: z.array(z.object({ id: Uuid, name: z.string(), slots: z.number().int(), taken: z.number().int(), mine: z.boolean() })),
  mySignup: z.object({ kind: z.enum(['participant', 'volunteer']), status: SignupStatus, roleId: Uuid.nullable(), waitlistPosition: z.number().int().nullable() }).nullable(),
  /** The door code, for those who run the activity. */
  checkinCode: z.string().nullable(),
  canManage: z.boolean(),
  createdByName: z.string(),
});
export type Activity = z.infer<typeof Activity>;

export const CreateActivity = z.object({
  communityId: Uuid,
  hutId: Uuid.optional(),
  title: z.string().trim().min(2).max(80),
  theme: text(40).default(''),
  description: text(1000).default(''),
  place: z.string().trim().min(1).max(120),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  capacity: z.number().int().min(1).max(10_000),
  targetGroup: TargetGroup.default('all_residents'),
  roles: z.array(z.object({ name: z.string().trim().min(1).max(40), slots: z.number().int().min(1).max(200) })).max(10).default([]),
});
export const ActivityQuery = z.object({ communityId: Uuid.optional(), hutId: Uuid.optional(), status: ActivityStatus.optional(), mine: z.enum(['true', 'false']).optional(), ...pageFields });
export const CheckIn = z.object({ code: z.string().trim().min(1).max(12), userId: Uuid.optional() });
export const ActivitySignup = z.object({ userId: Uuid, name: z.string(), kind: z.enum(['participant', 'volunteer']), roleName: z.string().nullable(), status: SignupStatus, checkedInAt: z.string().nullable(), createdAt: z.string() });

// --- needs, offers and matches ----------------------------------------------------------------------------

export const NeedStatus = z.enum(['open', 'matched', 'done', 'cancelled']);
export const OfferStatus = z.enum(['active', 'paused', 'withdrawn']);
export const MatchStatus = z.enum(['proposed', 'accepted', 'declined', 'done', 'confirmed', 'cancelled']);
export type MatchStatus = z.infer<typeof MatchStatus>;
export const MatchAction = z.enum(['propose', 'accept', 'decline', 'complete', 'confirm', 'cancel']);
export type MatchAction = z.infer<typeof MatchAction>;
export const HelperKind = z.enum(['volunteer', 'party_member', 'organisation', 'resident']);
export type HelperKind = z.infer<typeof HelperKind>;

/** One part of a match score, with what it is worth and why, so staff and residents see the reason. */
export const ScorePart = z.object({
  factor: z.enum(['skill', 'distance', 'availability', 'rating', 'load', 'group']),
  points: z.number(),
  max: z.number(),
  detail: z.string(),
});
export type ScorePart = z.infer<typeof ScorePart>;

export const Need = z.object({
  id: Uuid,
  communityId: Uuid,
  communityName: z.string(),
  /** The resident, as helpers see them before a match: a form of address, never a full name. */
  personAlias: z.string(),
  postedByName: z.string(),
  skill: SkillCode,
  title: z.string(),
  details: z.string(),
  availability: z.array(Availability),
  targetGroup: TargetGroup,
  status: NeedStatus,
  isMine: z.boolean(),
  canManage: z.boolean(),
  createdAt: z.string(),
});
export type Need = z.infer<typeof Need>;

export const CreateNeed = z.object({
  skill: SkillCode,
  title: z.string().trim().min(2).max(80),
  details: text(500).default(''),
  availability: z.array(Availability).min(1).max(4).default(['on_call']),
  /** Staff post for a resident of their community; residents post for themselves. */
  personId: Uuid.optional(),
});

export const Offer = z.object({
  id: Uuid,
  helperName: z.string(),
  helperKind: HelperKind,
  title: z.string(),
  details: z.string(),
  skills: z.array(SkillCode),
  availability: z.array(Availability),
  communityIds: z.array(Uuid),
  communityNames: z.array(z.string()),
  targetGroups: z.array(TargetGroup),
  capacity: z.number().int(),
  activeMatches: z.number().int(),
  completed: z.number().int(),
  rating: z.number().nullable(),
  status: OfferStatus,
  isMine: z.boolean(),
  createdAt: z.string(),
});
export type Offer = z.infer<typeof Offer>;

export const CreateOffer = z.object({
  title: z.string().trim().min(2).max(80),
  details: text(500).default(''),
  skills: z.array(SkillCode).min(1).max(10),
  availability: z.array(Availability).min(1).max(4),
  /** Communities served; the helper's home community when none is given. */
  communityIds: z.array(Uuid).max(10).default([]),
  targetGroups: z.array(TargetGroup).min(1).max(5).default(['all_residents']),
  /** How many matches the helper takes on at once. */
  capacity: z.number().int().min(1).max(20).default(3),
});
export const UpdateOffer = z.object({ status: OfferStatus });

export const RankedOffer = z.object({ offer: Offer, score: z.number(), parts: z.array(ScorePart), distanceM: z.number().int().nullable() });
export const RankedNeed = z.object({ need: Need, score: z.number(), parts: z.array(ScorePart), distanceM: z.number().int().nullable() });

export const Match = z.object({
  id: Uuid,
  needId: Uuid,
  offerId: Uuid,
  needTitle: z.string(),
  offerTitle: z.string(),
  skill: SkillCode,
  personAlias: z.string(),
  helperName: z.string(),
  status: MatchStatus,
  score: z.number(),
  parts: z.array(ScorePart),
  proposedBy: z.enum(['need', 'offer']),
  minutes: z.number().int().nullable(),
  rating: z.number().int().nullable(),
  feedback: z.string().nullable(),
  /** For the helper once accepted: where to go. */
  address: z.string().nullable(),
  as: z.array(z.enum(['need', 'offer', 'staff'])),
  actions: z.array(MatchAction),
  createdAt: z.string(),
});
export type Match = z.infer<typeof Match>;

export const ProposeMatch = z.object({ needId: Uuid, offerId: Uuid, note: text(200).optional() });
export const CompleteMatch = z.object({ minutes: z.number().int().min(1).max(1440), servedOn: LocalDate.optional(), note: text(300).optional() });
export const ConfirmMatch = z.object({ rating: z.number().int().min(1).max(5), feedback: text(300).optional() });
export const NeedQuery = z.object({ communityId: Uuid.optional(), status: NeedStatus.optional(), skill: SkillCode.optional(), mine: z.enum(['true', 'false']).optional(), ...pageFields });
export const OfferQuery = z.object({ communityId: Uuid.optional(), skill: SkillCode.optional(), mine: z.enum(['true', 'false']).optional(), ...pageFields });
export const MatchQuery = z.object({ status: MatchStatus.optional(), ...pageFields });

// --- micro-wishes -----------------------------------------------------------------------------------------

export const WishCategory = z.enum(['goods', 'service', 'companionship']);
export const WishStatus = z.enum(['open', 'claimed', 'fulfilled', 'confirmed', 'withdrawn']);
export type WishStatus = z.infer<typeof WishStatus>;
export const WishAction = z.enum(['publish', 'claim', 'release', 'fulfil', 'dispute', 'confirm', 'withdraw']);
export type WishAction = z.infer<typeof WishAction>;

export const Wish = z.object({
  id: Uuid,
  communityId: Uuid,
  communityName: z.string(),
  title: z.string(),
  story: z.string(),
  category: WishCategory,
  /** What a helper needs to know of the resident: a form of address, an age band, living alone or not. */
  subject: z.object({ alias: z.string(), ageBand: z.string(), livingAlone: z.boolean() }),
  status: WishStatus,
  neededBy: z.string().nullable(),
  claimedByName: z.string().nullable(),
  claimedByKind: HelperKind.nullable(),
  claimedAt: z.string().nullable(),
  evidence: z.object({ note: z.string(), minutes: z.number().int(), photoUrl: z.string().nullable(), at: z.string() }).nullable(),
  confirmedAt: z.string().nullable(),
  /**
   * Only for those whose part needs it: the claimer while the wish is theirs and not yet confirmed
   * (name, address, phone), staff of the community (name, address, masked phone). Never an ID number.
   */
  contact: z.object({ name: z.string(), address: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  as: z.array(z.enum(['claimer', 'subject', 'staff', 'helper'])),
  actions: z.array(WishAction),
  history: z.array(z.object({ action: WishAction, from: WishStatus.nullable(), to: WishStatus, byName: z.string(), note: z.string().nullable(), at: z.string() })),
  createdAt: z.string(),
});
export type Wish = z.infer<typeof Wish>;

export const CreateWish = z.object({
  personId: Uuid,
  title: z.string().trim().min(2).max(60),
  story: z.string().trim().min(1).max(500),
  category: WishCategory,
  neededBy: LocalDate.optional(),
});
export const FulfilWish = z.object({ note: z.string().trim().min(1).max(500), minutes: z.number().int().min(1).max(1440), photoFileId: Uuid.optional() });
export const WishNote = z.object({ note: text(300).optional() });
export const WishQuery = z.object({ status: WishStatus.optional(), communityId: Uuid.optional(), mine: z.enum(['true', 'false']).optional(), ...pageFields });

// --- pairings ---------------------------------------------------------------------------------------------

export const Pairing = z.object({
  id: Uuid,
  communityId: Uuid,
  communityName: z.string(),
  householdAlias: z.string(),
  /** The helper and staff see where to visit; nobody else does. */
  address: z.string().nullable(),
  helperName: z.string().nullable(),
  helperKind: HelperKind.nullable(),
  startedOn: z.string().nullable(),
  /** What helpers see when choosing: an age band and whether the resident lives alone. */
  subject: z.object({ ageBand: z.string(), livingAlone: z.boolean() }),
  note: z.string().nullable(),
  visitEveryDays: z.number().int(),
  lastVisitOn: z.string().nullable(),
  daysSinceVisit: z.number().int(),
  flagged: z.boolean(),
  status: z.enum(['seeking', 'active', 'ended']),
  visits: z.array(z.object({ id: Uuid, visitedOn: z.string(), minutes: z.number().int(), note: z.string(), byName: z.string() })),
  isHelper: z.boolean(),
  canManage: z.boolean(),
  canJoin: z.boolean(),
});
export type Pairing = z.infer<typeof Pairing>;

/** Staff publish a household (through one of its members) as seeking a long-term helper. */
export const CreatePairing = z.object({
  personId: Uuid,
  visitEveryDays: z.number().int().min(1).max(180).default(30),
  note: text(300).optional(),
});
export const LogVisit = z.object({ visitedOn: LocalDate, minutes: z.number().int().min(1).max(720), note: z.string().trim().min(1).max(500) });
export const PairingQuery = z.object({ status: z.enum(['seeking', 'active', 'ended']).optional(), flagged: z.enum(['true', 'false']).optional(), mine: z.enum(['true', 'false']).optional(), communityId: Uuid.optional(), ...pageFields });
