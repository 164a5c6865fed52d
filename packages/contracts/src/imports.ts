// Imports from departmental systems: sources, mappings, jobs and their row-level errors,
// conflicts between sources, and the entity-resolution review queue.
import { z } from 'zod';
import { Uuid } from './common.ts';

export const ImportEntity = z.enum(['residents', 'households', 'case_types', 'facilities', 'providers']);
export type ImportEntity = z.infer<typeof ImportEntity>;

/** Target fields per entity; `sourceKey` is the source system's own record id (incremental re-import). */
export const IMPORT_FIELDS = {
  residents: ['sourceKey', 'name', 'gender', 'birthDate', 'idNumber', 'phone', 'relation', 'tags', 'notes', 'building', 'room', 'address'],
  households: ['sourceKey', 'building', 'room', 'lowIncome'],
  /** The grid's case catalogue; `parentCode` names a type already registered or earlier in the file. */
  case_types: ['sourceKey', 'code', 'name', 'parentCode', 'category', 'defaultOrgCode', 'limitValue', 'limitUnit', 'open311', 'description', 'keywords', 'active'],
  /** Service facilities; `lat`/`lon` (WGS-84) place them in their community and street; `orgCode` names the provider that runs one. */
  facilities: ['sourceKey', 'name', 'kind', 'lat', 'lon', 'address', 'openingHours', 'capacity', 'seats', 'mealsPerDay', 'phone', 'orgCode', 'active'],
  /** Service providers; `categories` are service-category codes or names, `coverage` street or community names (both separated by , 、 ; or |). */
  providers: ['sourceKey', 'code', 'name', 'service', 'categories', 'coverage', 'dailyCapacity', 'qualifications', 'phone', 'lat', 'lon', 'active'],
} as const satisfies Record<ImportEntity, readonly string[]>;
export type ImportField = (typeof IMPORT_FIELDS)[ImportEntity][number];

/** Fields a row must have a value for. */
export const REQUIRED_FIELDS: Record<ImportEntity, readonly string[]> = {
  residents: ['name'],
  households: ['building', 'room'],
  case_types: ['code', 'name'],
  facilities: ['name', 'kind', 'lat', 'lon'],
  providers: ['code', 'name'],
};

export const Mapping = z.object({
  /** target field -> source column */
  columns: z.record(z.string(), z.string().min(1).max(100)),
  /** target field -> { source value -> target value }, e.g. gender: { 男: 'male', 女: 'female' } */
  valueMaps: z.record(z.string(), z.record(z.string(), z.string().max(100))).default({}),
  /** target field -> value used when the column is empty */
  defaults: z.record(z.string(), z.string().max(100)).default({}),
});
export type Mapping = z.infer<typeof Mapping>;

/** Scheduled pull: a URL answering a JSON array of records (or `{ records: [...] }`), fetched every so many minutes. */
export const PullSpec = z.object({
  url: z.url({ protocol: /^https?$/ }).max(500),
  everyMinutes: z.number().int().min(1).max(10_080),
});

export const CreateSource = z.object({
  name: z.string().trim().min(2).max(60),
  entity: ImportEntity,
  areaId: Uuid,
  /** Saved up front, for sources that only push or are pulled (otherwise the first file import saves it). */
  mapping: Mapping.optional(),
  /** The district admin only: the server fetches this URL. */
  pull: PullSpec.optional(),
});

export const ImportSource = z.object({
  id: Uuid,
  name: z.string(),
  entity: ImportEntity,
  areaId: Uuid,
  areaName: z.string(),
  mapping: Mapping.nullable(),
  pushKeyHint: z.string().nullable(),
  pull: PullSpec.extend({ lastPulledAt: z.string().nullable(), lastMessage: z.string().nullable() }).nullable(),
  createdAt: z.string(),
  jobs: z.number().int(),
  records: z.number().int(),
});
export type ImportSource = z.infer<typeof ImportSource>;

export const PushKey = z.object({ key: z.string(), hint: z.string() });

export const ImportStatus = z.enum(['uploaded', 'running', 'done', 'failed', 'cancelled']);
export type ImportStatus = z.infer<typeof ImportStatus>;

export const ImportJob = z.object({
  id: Uuid,
  sourceId: Uuid,
  sourceName: z.string(),
  entity: ImportEntity,
  status: ImportStatus,
  dryRun: z.boolean(),
  allOrNothing: z.boolean(),
  format: z.enum(['csv', 'xlsx', 'json']),
  encoding: z.string().nullable(),
  fileName: z.string(),
  fileSize: z.number().int(),
  columns: z.array(z.string()),
  preview: z.array(z.record(z.string(), z.string())),
  mapping: Mapping.nullable(),
  /** 0..1, from the bytes read so far */
  progress: z.number(),
  totalRows: z.number().int().nullable(),
  processedRows: z.number().int(),
  createdRows: z.number().int(),
  updatedRows: z.number().int(),
  unchangedRows: z.number().int(),
  matchedRows: z.number().int(),
  reviewRows: z.number().int(),
  conflictRows: z.number().int(),
  errorRows: z.number().int(),
  message: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

export const StartImport = z.object({
  mapping: Mapping,
  dryRun: z.boolean().default(false),
  /** Write nothing unless every row is good. */
  allOrNothing: z.boolean().default(false),
});
export type StartImport = z.infer<typeof StartImport>;

export const ImportRowError = z.object({ rowNo: z.number().int(), sourceKey: z.string().nullable(), field: z.string(), message: z.string(), raw: z.record(z.string(), z.unknown()) });
export type ImportRowError = z.infer<typeof ImportRowError>;

export const PushRecords = z.object({
  records: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))).min(1).max(5000),
  dryRun: z.boolean().default(false),
  allOrNothing: z.boolean().default(false),
});

export const ImportConflict = z.object({
  id: Uuid,
  jobId: Uuid,
  entity: z.string(),
  targetId: Uuid,
  targetName: z.string(),
  field: z.string(),
  currentValue: z.string().nullable(),
  currentSource: z.string().nullable(),
  incomingValue: z.string().nullable(),
  incomingSource: z.string(),
  status: z.enum(['open', 'kept', 'replaced']),
  createdAt: z.string(),
});
export type ImportConflict = z.infer<typeof ImportConflict>;

export const DecideConflict = z.object({ decision: z.enum(['keep', 'replace']) });

export const MatchSide = z.object({
  id: Uuid,
  name: z.string(),
  gender: z.string(),
  birthDate: z.string(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  status: z.string(),
});
export const MatchCandidate = z.object({
  id: Uuid,
  score: z.number(),
  reasons: z.record(z.string(), z.number()),
  status: z.enum(['pending', 'merged', 'distinct']),
  arrived: MatchSide,
  existing: MatchSide,
  mergeId: Uuid.nullable(),
  createdAt: z.string(),
});
export type MatchCandidate = z.infer<typeof MatchCandidate>;

export const DecideMatch = z.object({ decision: z.enum(['merge', 'distinct']) });

export const PersonMerge = z.object({ id: Uuid, survivorId: Uuid, mergedId: Uuid, mergedAt: z.string(), undoneAt: z.string().nullable() });

export const ProvenanceField = z.object({
  field: z.string(),
  /** The register's current value (ID numbers and phones masked). */
  value: z.string().nullable(),
  source: z.string(),
  sourceId: Uuid.nullable(),
  jobId: Uuid.nullable(),
  importedAt: z.string().nullable(),
});
export const Provenance = z.object({
  targetId: Uuid,
  fields: z.array(ProvenanceField),
  records: z.array(z.object({ sourceId: Uuid, source: z.string(), sourceKey: z.string(), jobId: Uuid, updatedAt: z.string(), values: z.record(z.string(), z.unknown()) })),
  /** Values other sources gave for a field that differ from the register's (open, kept or replaced). */
  conflicts: z.array(z.object({ id: Uuid, field: z.string(), value: z.string().nullable(), source: z.string(), sourceId: Uuid, jobId: Uuid, status: z.enum(['open', 'kept', 'replaced']), createdAt: z.string() })),
});
export type Provenance = z.infer<typeof Provenance>;
