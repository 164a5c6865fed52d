// Kysely types of the import tables (migrations/0006_imports_proofs.sql), added to the shared Schema.
import type { ColumnType, Generated } from 'kysely';
import type { ImportEntity } from '@linli/contracts';

type Json<T> = ColumnType<T, T | string | undefined, T | string>;

export interface ImportSourcesTable {
  districtId: string;
  id: string;
  name: string;
  entity: ImportEntity;
  areaId: string;
  areaPath: string;
  mapping: Json<Record<string, unknown>>;
  pushKeyHash: string | null;
  pushKeyHint: string | null;
  createdBy: string | null;
  createdAt: Generated<Date>;
  /** Scheduled pull (migration 0011): a URL answering a JSON array of records, fetched every so many minutes. */
  pullUrl: ColumnType<string | null, string | null | undefined, string | null>;
  pullEveryMinutes: ColumnType<number | null, number | null | undefined, number | null>;
  pulledAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  pullMessage: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ImportJobsTable {
  districtId: string;
  id: string;
  sourceId: string;
  entity: ImportEntity;
  areaPath: string;
  status: 'uploaded' | 'running' | 'done' | 'failed' | 'cancelled';
  dryRun: Generated<boolean>;
  allOrNothing: Generated<boolean>;
  format: 'csv' | 'xlsx' | 'json';
  encoding: string | null;
  fileName: string;
  filePath: string | null;
  fileSize: Generated<number>;
  columns: Generated<string[]>;
  preview: Json<Record<string, string>[]>;
  mapping: Json<Record<string, unknown>> | null;
  totalRows: number | null;
  processedRows: Generated<number>;
  createdRows: Generated<number>;
  updatedRows: Generated<number>;
  unchangedRows: Generated<number>;
  matchedRows: Generated<number>;
  reviewRows: Generated<number>;
  conflictRows: Generated<number>;
  errorRows: Generated<number>;
  message: string | null;
  cancelRequested: Generated<boolean>;
  createdBy: string | null;
  createdAt: Generated<Date>;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface ImportErrorsTable {
  districtId: string;
  jobId: string;
  rowNo: number;
  seq: number;
  sourceKey: string | null;
  field: string;
  message: string;
  raw: Json<Record<string, unknown>>;
}

export interface ImportRecordsTable {
  districtId: string;
  sourceId: string;
  sourceKey: string;
  entity: string;
  targetId: string;
  jobId: string;
  rowHash: string;
  fields: string[];
  values: Json<Record<string, unknown>>;
  updatedAt: Generated<Date>;
}

export interface ImportConflictsTable {
  districtId: string;
  id: string;
  jobId: string;
  entity: string;
  targetId: string;
  areaPath: string;
  field: string;
  currentValue: string | null;
  currentSource: string | null;
  incomingValue: string | null;
  incomingSourceId: string;
  status: Generated<'open' | 'kept' | 'replaced'>;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Generated<Date>;
}

export interface MatchCandidatesTable {
  districtId: string;
  id: string;
  jobId: string | null;
  personA: string;
  personB: string;
  areaPath: string;
  score: number;
  reasons: Json<Record<string, number>>;
  status: Generated<'pending' | 'merged' | 'distinct'>;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Generated<Date>;
}

export interface PersonMergesTable {
  districtId: string;
  id: string;
  survivorId: string;
  mergedId: string;
  candidateId: string | null;
  survivorBefore: Json<Record<string, unknown>>;
  mergedBefore: Json<Record<string, unknown>>;
  movedRecords: Json<{ sourceId: string; sourceKey: string }[]>;
  mergedBy: string | null;
  mergedAt: Generated<Date>;
  undoneBy: string | null;
  undoneAt: Date | null;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    importSources: ImportSourcesTable;
    importJobs: ImportJobsTable;
    importErrors: ImportErrorsTable;
    importRecords: ImportRecordsTable;
    importConflicts: ImportConflictsTable;
    matchCandidates: MatchCandidatesTable;
    personMerges: PersonMergesTable;
  }
}
