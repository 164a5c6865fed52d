// Kysely types of the smart-grid case tables (migrations/0002_smart_grid.sql), added to the
// shared Schema by module augmentation so platform/db/schema.ts stays the foundation's.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;

export interface SmartGridSettingsTable {
  districtId: string;
  settings: Json;
  updatedAt: Generated<Date>;
}

export interface CaseTypesTable {
  districtId: string;
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  level: number;
  category: string;
  defaultOrgCode: string | null;
  limitValue: number | null;
  limitUnit: 'hours' | 'days' | null;
  open311: Generated<boolean>;
  description: Generated<string>;
  keywords: Generated<string>;
  attributes: Json<unknown[]>;
  active: Generated<boolean>;
  sort: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface DispatchRulesTable {
  districtId: string;
  id: string;
  caseTypeId: string;
  areaId: string | null;
  areaPath: string | null;
  orgId: string;
  note: Generated<string>;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface CasesTable {
  districtId: string;
  id: string;
  number: string;
  source: string;
  caseTypeId: string;
  status: string;
  urgency: Generated<string>;
  description: string;
  address: string | null;
  lat: number | null;
  lon: number | null;
  gridId: string | null;
  communityId: string | null;
  streetId: string | null;
  areaPath: string;
  reporterId: string | null;
  reporterPersonId: string | null;
  callerName: string | null;
  callerPhone: string | null;
  orgId: string | null;
  limitValue: number | null;
  limitUnit: 'hours' | 'days' | null;
  dueAt: NullableTimestamp;
  escalationLevel: 'street' | 'district' | null;
  escalatedAt: NullableTimestamp;
  mergedInto: string | null;
  reopenCount: Generated<number>;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: NullableTimestamp;
  apiKeyId: string | null;
  open311Token: string | null;
  external: Json;
  statusNote: string | null;
  reportedAt: Timestamp;
  filedAt: NullableTimestamp;
  dispatchedAt: NullableTimestamp;
  acceptedAt: NullableTimestamp;
  handledAt: NullableTimestamp;
  closedAt: NullableTimestamp;
  updatedAt: Timestamp;
  version: Generated<number>;
}

export interface CaseHistoryTable {
  districtId: string;
  caseId: string;
  seq: number;
  at: Timestamp;
  actorId: string | null;
  actorName: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: Generated<string>;
  details: Json;
}

export interface CaseFollowersTable {
  districtId: string;
  caseId: string;
  userId: string;
  createdAt: Generated<Date>;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    smartGridSettings: SmartGridSettingsTable;
    caseTypes: CaseTypesTable;
    dispatchRules: DispatchRulesTable;
    cases: CasesTable;
    caseHistory: CaseHistoryTable;
    caseFollowers: CaseFollowersTable;
  }
}
