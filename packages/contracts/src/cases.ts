// The smart grid: case types, cases and their state machine, patrols and visits, the working
// calendar and Open311 keys.
import { z } from 'zod';
import { Uuid } from './common.ts';

export const CaseStatus = z.enum(['reported', 'filed', 'dispatched', 'accepted', 'in_progress', 'handled', 'closed', 'rejected', 'merged']);
export type CaseStatus = z.infer<typeof CaseStatus>;
/** Statuses in which a case is still being worked on. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['reported', 'filed', 'dispatched', 'accepted', 'in_progress', 'handled'];

export const CaseAction = z.enum(['file', 'reject', 'merge', 'dispatch', 'reassign', 'accept', 'return', 'start', 'handle', 'verify_pass', 'verify_fail', 'reopen']);
export type CaseAction = z.infer<typeof CaseAction>;

export const CaseSource = z.enum(['grid_worker', 'resident', 'hotline', 'patrol', 'open311', 'staff', 'import']);
export type CaseSource = z.infer<typeof CaseSource>;
export const Urgency = z.enum(['normal', 'urgent', 'critical']);
export type Urgency = z.infer<typeof Urgency>;
export const LimitUnit = z.enum(['hours', 'days']);

export const CaseCategory = z.enum(['disputes', 'public_order', 'public_safety', 'city_appearance', 'facilities', 'public_services']);
export type CaseCategory = z.infer<typeof CaseCategory>;

export const Open311Attribute = z.object({
  variable: z.boolean(),
  code: z.string().min(1).max(40),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string().nullable(),
  order: z.number().int().min(1),
  description: z.string(),
  values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
});
export type Open311Attribute = z.infer<typeof Open311Attribute>;

export const CaseType = z.object({
  id: Uuid,
  parentId: Uuid.nullable(),
  code: z.string(),
  name: z.string(),
  level: z.number().int(),
  category: CaseCategory,
  defaultOrgCode: z.string().nullable(),
  defaultOrgName: z.string().nullable(),
  limitValue: z.number().int().nullable(),
  limitUnit: LimitUnit.nullable(),
  open311: z.boolean(),
  description: z.string(),
  keywords: z.string(),
  attributes: z.array(Open311Attribute),
  active: z.boolean(),
  leaf: z.boolean(),
});
export type CaseType = z.infer<typeof CaseType>;

export const UpdateCaseType = z.object({
  name: z.string().trim().min(1).max(60).optional(),
  defaultOrgCode: z.string().trim().min(1).max(40).nullable().optional(),
  limitValue: z.number().int().min(1).max(1000).nullable().optional(),
  limitUnit: LimitUnit.nullable().optional(),
  open311: z.boolean().optional(),
  description: z.string().max(500).optional(),
  keywords: z.string().max(200).optional(),
  attributes: z.array(Open311Attribute).max(20).optional(),
  active: z.boolean().optional(),
});

export const CreateCaseType = z.object({
  parentId: Uuid.nullable(),
  code: z.string().trim().regex(/^[A-Za-z0-9_-]{2,40}$/, 'letters, digits, _ and - (2-40)'),
  name: z.string().trim().min(1).max(60),
  category: CaseCategory.optional(),
  defaultOrgCode: z.string().trim().min(1).max(40).nullable().default(null),
  limitValue: z.number().int().min(1).max(1000).nullable().default(null),
  limitUnit: LimitUnit.nullable().default(null),
  open311: z.boolean().default(false),
  description: z.string().max(500).default(''),
  keywords: z.string().max(200).default(''),
});

export const DispatchRule = z.object({
  id: Uuid,
  caseTypeId: Uuid,
  caseTypeName: z.string(),
  areaId: Uuid.nullable(),
  areaName: z.string().nullable(),
  orgId: Uuid,
  orgName: z.string(),
  note: z.string(),
});
export const CreateDispatchRule = z.object({
  caseTypeId: Uuid,
  /** A street or community; absent for the whole district. */
  areaId: Uuid.nullable().default(null),
  orgId: Uuid,
  note: z.string().max(200).default(''),
});

export const LatLon = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

export const Caller = z.object({
  name: z.string().trim().min(1).max(50),
  phone: z.string().trim().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, 'a mainland mobile or landline number'),
});

export const CreateCase = z.object({
  typeId: Uuid,
  description: z.string().trim().min(2).max(4000),
  location: LatLon,
  address: z.string().trim().max(200).optional(),
  urgency: Urgency.default('normal'),
  /** Ids from POST /api/files, uploaded by the same user. */
  photos: z.array(Uuid).max(9).default([]),
  /** Hotline operators record the caller; required for them, refused for anyone else. */
  caller: Caller.optional(),
});
export type CreateCase = z.infer<typeof CreateCase>;

export const TransitionRequest = z.object({
  action: CaseAction,
  /** The reason or feedback; required for reject, return, reassign, verify_fail, reopen, handle and an overriding dispatch. */
  note: z.string().trim().max(2000).default(''),
  /** dispatch/reassign: the department; absent = the one the rules pick. */
  orgId: Uuid.optional(),
  /** merge: the case this one duplicates. */
  mergeInto: Uuid.optional(),
  /** handle: photos of the result, ids from POST /api/files. */
  photos: z.array(Uuid).max(9).default([]),
  /** Optimistic concurrency: the version the user saw (optional). */
  version: z.number().int().min(1).optional(),
});
export type TransitionRequest = z.infer<typeof TransitionRequest>;

export const EscalateRequest = z.object({
  level: z.enum(['street', 'district']),
  note: z.string().trim().min(2).max(2000),
});
export const RateRequest = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).default(''),
});

export const CaseRef = z.object({ id: Uuid, name: z.string() });

export const CaseSummary = z.object({
  id: Uuid,
  number: z.string(),
  status: CaseStatus,
  source: CaseSource,
  type: z.object({ id: Uuid, code: z.string(), name: z.string(), path: z.string() }),
  urgency: Urgency,
  description: z.string(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  grid: CaseRef.nullable(),
  community: CaseRef.nullable(),
  street: CaseRef.nullable(),
  org: CaseRef.nullable(),
  dueAt: z.string().nullable(),
  dueSoon: z.boolean(),
  overdue: z.boolean(),
  escalationLevel: z.enum(['street', 'district']).nullable(),
  reportedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseHistoryEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  note: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const CasePhoto = z.object({ id: Uuid, mime: z.string(), size: z.number().int(), purpose: z.string().nullable(), createdAt: z.string(), url: z.string() });

export const CaseDetail = CaseSummary.extend({
  reporter: z.object({ id: Uuid, name: z.string() }).nullable(),
  /** Hotline and Open311 callers; the phone is masked. */
  caller: z.object({ name: z.string(), phone: z.string().nullable() }).nullable(),
  limit: z.object({ value: z.number().int(), unit: LimitUnit }).nullable(),
  mergedInto: z.object({ id: Uuid, number: z.string() }).nullable(),
  reopenCount: z.number().int(),
  rating: z.object({ score: z.number().int(), comment: z.string(), at: z.string() }).nullable(),
  photos: z.array(CasePhoto),
  history: z.array(CaseHistoryEntry),
  following: z.boolean(),
  /** What the current user may do next, per the state machine. */
  allowedActions: z.array(CaseAction),
  canEscalate: z.boolean(),
  canRate: z.boolean(),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const DuplicateCandidate = z.object({ id: Uuid, number: z.string(), status: CaseStatus, description: z.string(), distanceM: z.number(), reportedAt: z.string() });

export const CreatedCase = CaseDetail.extend({ possibleDuplicates: z.array(DuplicateCandidate) });

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(20)).optional();

export const CaseQuery = z.object({
  status: csv(CaseStatus),
  /** open = every status still being worked on. */
  open: z.enum(['true', 'false']).optional(),
  typeId: Uuid.optional(),
  orgId: Uuid.optional(),
  gridId: Uuid.optional(),
  areaId: Uuid.optional(),
  source: CaseSource.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  dueSoon: z.enum(['true', 'false']).optional(),
  escalated: z.enum(['true', 'false']).optional(),
  /** Cases the current user reported or follows. */
  mine: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});

export const DuplicateQuery = z.object({
  typeId: Uuid,
  lat: z.coerce.number().min(-90).max(90),
  lon: z.coerce.number().min(-180).max(180),
  radius: z.coerce.number().min(1).max(5000).optional(),
});

export const OnTimeQuery = z.object({
  groupBy: z.enum(['department', 'type']).default('department'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export const OnTimeRow = z.object({
  key: z.string(),
  id: Uuid.nullable(),
  name: z.string(),
  /** Closed cases that had a time limit. */
  finished: z.number().int(),
  /** Of those, handled by their due time. */
  onTime: z.number().int(),
  /** onTime / finished, or null with nothing finished. */
  rate: z.number().nullable(),
  open: z.number().int(),
  openOverdue: z.number().int(),
});
export const OnTimeStats = z.object({ groupBy: z.enum(['department', 'type']), asOf: z.string(), items: z.array(OnTimeRow) });

export const SmartGridSettings = z.object({
  /** Open cases of the same type within this distance are offered as duplicates. */
  duplicateRadiusM: z.number().min(1).max(5000),
  /** A case is "due soon" when less than this fraction of its time limit is left. */
  dueSoonFraction: z.number().min(0).max(1),
  /** A closed case may be reopened for this many days. */
  reopenDays: z.number().int().min(0).max(365),
  /** Days between visits, per vulnerability tag (living_alone counts residents aged 60+). */
  visitIntervals: z.record(z.string(), z.number().int().min(1).max(365)),
});
export type SmartGridSettings = z.infer<typeof SmartGridSettings>;

export const CalendarDay = z.object({ day: z.iso.date(), kind: z.enum(['holiday', 'workday']), name: z.string().max(40).default('') });
export const CalendarYear = z.object({ year: z.number().int(), source: z.enum(['district', 'default', 'none']), provisional: z.boolean(), days: z.array(CalendarDay) });

// --- patrols ----------------------------------------------------------------------------------------

export const PatrolItem = z.object({
  id: Uuid,
  code: z.string(),
  category: z.string(),
  categoryName: z.string(),
  title: z.string(),
  guidance: z.string(),
  org: z.object({ code: z.string(), name: z.string().nullable() }).nullable(),
  caseType: z.object({ id: Uuid, code: z.string(), name: z.string() }).nullable(),
});

export const PatrolResultInput = z.object({
  itemId: Uuid,
  result: z.enum(['pass', 'fail']),
  note: z.string().trim().max(500).default(''),
  photoId: Uuid.optional(),
});
export const PatrolPlaceInput = z.object({
  name: z.string().trim().min(1).max(100),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  results: z.array(PatrolResultInput).max(100).default([]),
});
export const VisitInput = z.object({
  personId: Uuid,
  condition: z.enum(['ok', 'needs_help', 'not_home', 'hospitalised']).default('ok'),
  note: z.string().trim().max(500).default(''),
  visitedAt: z.iso.datetime({ offset: true }).optional(),
});
export const CreatePatrol = z.object({
  gridId: Uuid,
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }),
  route: z.array(z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), at: z.iso.datetime({ offset: true }).optional() })).max(20000).default([]),
  places: z.array(PatrolPlaceInput).max(200).default([]),
  visits: z.array(VisitInput).max(200).default([]),
  notes: z.string().trim().max(2000).default(''),
});
export type CreatePatrol = z.infer<typeof CreatePatrol>;

export const PatrolResult = z.object({
  id: Uuid,
  placeId: Uuid.nullable(),
  item: z.object({ id: Uuid, code: z.string(), title: z.string(), category: z.string() }),
  result: z.enum(['pass', 'fail']),
  note: z.string(),
  photo: z.object({ id: Uuid, url: z.string() }).nullable(),
  caseId: Uuid.nullable(),
});
export const Patrol = z.object({
  id: Uuid,
  grid: CaseRef,
  worker: CaseRef,
  startedAt: z.string(),
  endedAt: z.string(),
  distanceM: z.number(),
  routePoints: z.number().int(),
  notes: z.string(),
  passCount: z.number().int(),
  failCount: z.number().int(),
  visitCount: z.number().int(),
});
export const PatrolDetail = Patrol.extend({
  route: z.array(z.object({ lat: z.number(), lon: z.number(), at: z.string().optional() })),
  places: z.array(z.object({ id: Uuid, name: z.string(), lat: z.number().nullable(), lon: z.number().nullable() })),
  results: z.array(PatrolResult),
  visits: z.array(z.object({ id: Uuid, personId: Uuid, personName: z.string(), condition: z.string(), note: z.string(), visitedAt: z.string() })),
});
export const PatrolQuery = z.object({
  gridId: Uuid.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const FailedItemToCase = z.object({
  description: z.string().trim().max(4000).optional(),
  urgency: Urgency.default('normal'),
});
export const OverdueVisit = z.object({
  personId: Uuid,
  name: z.string(),
  age: z.number().int(),
  tags: z.array(z.string()),
  address: z.string().nullable(),
  gridId: Uuid.nullable(),
  intervalDays: z.number().int(),
  lastVisitAt: z.string().nullable(),
  daysSince: z.number().int().nullable(),
});

// --- Open311 keys -----------------------------------------------------------------------------------

export const Open311Key = z.object({ id: Uuid, name: z.string(), prefix: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });
export const CreateOpen311Key = z.object({ name: z.string().trim().min(2).max(80) });
export const CreatedOpen311Key = Open311Key.extend({ apiKey: z.string() });
