// The district cloud platform: demand map, resource map, live dashboard, coverage and siting.
import { z } from 'zod';
import { Uuid } from './common.ts';

/** Who is counted on the demand map. Age bands are exact to the day (as of today in China time). */
export const InsightGroup = z.enum([
  'residents',
  'households',
  'minors', // 0-17
  'aged18to59',
  'aged60to79',
  'aged60', // 60+
  'aged80', // 80+
  'livingAlone',
  'livingAlone60', // living alone and 60+ (独居长者)
  'disabled',
  'lowIncome',
]);
export type InsightGroup = z.infer<typeof InsightGroup>;
export const INSIGHT_GROUPS = InsightGroup.options;
export type GroupCounts = Record<InsightGroup, number>;
export const GroupCounts = z.object(Object.fromEntries(INSIGHT_GROUPS.map((g) => [g, z.number().int()])) as Record<InsightGroup, z.ZodNumber>);

export const DemandLevel = z.enum(['street', 'community', 'grid']);
export type DemandLevel = z.infer<typeof DemandLevel>;

/** H3 resolutions offered on the heat map: 7 (~5 km2), 8 (~0.7 km2), 9 (~0.1 km2). */
export const HexResolution = z.coerce.number().int().min(7).max(9);

/**
 * Kinds of resource on the resource map: the services module's facility kinds, shared huts, and the
 * service a provider organisation states (properties.service) while it has no facility record.
 */
export const ResourceKind = z.enum(['elder_canteen', 'family_centre', 'home_care_centre', 'day_care_centre', 'elderly_care', 'shared_hut', 'home_care', 'social_work', 'rehabilitation', 'child_care', 'housekeeping']);
export type ResourceKind = z.infer<typeof ResourceKind>;

/** A period for flow figures; both ends inclusive, YYYY-MM-DD (China time). */
export const PeriodQuery = z.object({
  areaId: Uuid.optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

/**
 * The dashboard's figures beyond residents, each from one or two roll-up metrics that the module
 * owning the fact bumps in its own transaction (see docs/ARCHITECTURE.md, "Roll-ups").
 * A figure whose metrics no module has declared is shown as "—".
 */
export const FIGURES = [
  { key: 'servicesCompleted', metric: 'orders.completed', kind: 'flow' },
  { key: 'personTimes', metric: 'orders.person_times', kind: 'flow' },
  { key: 'registeredUsers', metric: 'accounts.registered', kind: 'stock' },
  { key: 'itemsShared', metric: 'sharing.items_shared', kind: 'flow' },
  { key: 'activities', metric: 'activities.held', kind: 'flow' },
  { key: 'volunteerHours', metric: 'volunteering.minutes', kind: 'flow', divide: 60 },
  { key: 'casesReported', metric: 'cases.reported', kind: 'flow' },
  { key: 'casesClosed', metric: 'cases.closed', kind: 'flow' },
] as const;
export type FigureKey = (typeof FIGURES)[number]['key'];

/** Metrics with a dimension, read by the dashboard's tables. */
export const METRICS = {
  /** Stock by status (dim = status): +1 on entering a status, -1 on leaving it. */
  caseStatus: 'cases.status',
  /** Flow by department (dim = organisation id): cases closed, and of those closed on time. */
  casesClosedByOrg: 'cases.closed_by_org',
  casesOnTimeByOrg: 'cases.on_time_by_org',
  /** Flow by module (dim = 'cases' | 'orders' | ...): sum of ratings (1-5) and number of ratings. */
  ratingSum: 'ratings.sum',
  ratingCount: 'ratings.count',
} as const;

export const Figure = z.object({ key: z.string(), value: z.number().nullable() });

export const AreaFigures = z.object({
  id: z.string(),
  name: z.string(),
  level: z.string(),
  groups: GroupCounts,
  figures: z.record(z.string(), z.number().nullable()),
});
export type AreaFigures = z.infer<typeof AreaFigures>;

export const Dashboard = z.object({
  area: z.object({ id: Uuid, name: z.string(), level: z.string(), path: z.string() }),
  breadcrumbs: z.array(z.object({ id: Uuid, name: z.string(), level: z.string() })),
  period: z.object({ from: z.string(), to: z.string() }),
  asOf: z.string(),
  groups: GroupCounts,
  /** null = the module behind it has not landed ("—"). */
  figures: z.record(z.string(), z.number().nullable()),
  /** Children side by side (streets of the district, communities of a street, grids of a community). */
  children: z.array(AreaFigures),
  casesByStatus: z.array(z.object({ status: z.string(), count: z.number() })).nullable(),
  onTimeByDepartment: z.array(z.object({ orgId: z.string(), name: z.string(), closed: z.number(), onTime: z.number(), rate: z.number().nullable() })).nullable(),
  satisfaction: z.array(z.object({ source: z.string(), count: z.number(), average: z.number().nullable() })).nullable(),
  /** Which metric families have landed, e.g. ['residents', 'cases']. */
  sources: z.array(z.string()),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const DemandQuery = z.object({
  level: DemandLevel.default('community'),
  areaId: Uuid.optional(),
});

export const HexQuery = z.object({
  res: HexResolution.default(9),
  areaId: Uuid.optional(),
});

export const ResourceQuery = z.object({
  kind: ResourceKind.optional(),
  areaId: Uuid.optional(),
  walkM: z.coerce.number().int().min(100).max(5000).default(1000),
});

export const CoverageQuery = z.object({
  kind: ResourceKind.default('elder_canteen'),
  group: InsightGroup.default('aged60'),
  walkM: z.coerce.number().int().min(100).max(5000).default(1000),
  areaId: Uuid.optional(),
});

export const Coverage = z.object({
  kind: ResourceKind,
  group: InsightGroup,
  walkM: z.number(),
  networkFactor: z.number(),
  facilities: z.number().int(),
  demand: z.number(),
  covered: z.number(),
  share: z.number(),
  /** Hexagons (resolution 9) with the most uncovered demand. */
  hotSpots: z.array(z.object({ cell: z.string(), lat: z.number(), lon: z.number(), demand: z.number(), nearestM: z.number().nullable() })),
  /** Areas reached by several facilities, or with more capacity than demand. */
  overServed: z.array(z.object({ id: z.string(), name: z.string(), demand: z.number(), facilities: z.number(), capacity: z.number(), ratio: z.number().nullable() })),
  byArea: z.array(z.object({ id: z.string(), name: z.string(), demand: z.number(), covered: z.number(), share: z.number() })),
});
export type Coverage = z.infer<typeof Coverage>;

export const SitingObjective = z.enum(['coverage', 'distance']);
export const CandidateSource = z.enum(['buildings', 'huts', 'marked']);

export const SitingRequest = z.object({
  kind: ResourceKind.default('elder_canteen'),
  group: InsightGroup.default('aged60'),
  walkM: z.number().int().min(100).max(5000).default(1000),
  k: z.number().int().min(1).max(50).default(3),
  objective: SitingObjective.default('coverage'),
  candidates: z.array(CandidateSource).min(1).default(['buildings', 'huts', 'marked']),
  /** Extra points to consider, e.g. premises marked on the map just now. */
  points: z.array(z.object({ name: z.string().max(100).optional(), lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })).max(200).default([]),
  areaId: Uuid.optional(),
  /** Seconds the exact solver may spend proving the bound. */
  timeLimit: z.number().min(0.5).max(30).default(4),
});
export type SitingRequest = z.infer<typeof SitingRequest>;

export const SitingResult = z.object({
  objective: SitingObjective,
  kind: ResourceKind,
  group: InsightGroup,
  walkM: z.number(),
  k: z.number(),
  demandPoints: z.number().int(),
  candidates: z.number().int(),
  existing: z.array(z.object({ name: z.string(), lat: z.number(), lon: z.number() })),
  chosen: z.array(z.object({ name: z.string(), lat: z.number(), lon: z.number(), source: z.string(), gain: z.number() })),
  demand: z.number(),
  coveredBefore: z.number(),
  coveredAfter: z.number(),
  /** Mean walking distance (m) to the nearest facility, weighted by demand. */
  meanWalkBefore: z.number().nullable(),
  meanWalkAfter: z.number().nullable(),
  /** Objective of the chosen sites and the best proven bound on any choice of k sites. */
  value: z.number(),
  bound: z.number(),
  gap: z.number(),
  boundBy: z.string(),
  ms: z.number(),
});
export type SitingResult = z.infer<typeof SitingResult>;

export const CandidateInput = z.object({
  name: z.string().trim().min(1).max(100),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  note: z.string().max(500).default(''),
});
export const Candidate = CandidateInput.extend({ id: Uuid, areaPath: z.string(), createdAt: z.string() });
