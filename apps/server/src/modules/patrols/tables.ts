// Kysely types of the patrol tables (migrations/0002_smart_grid.sql), added to the shared Schema
// by module augmentation.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string | undefined, T | string>;

export interface RoutePoint {
  lat: number;
  lon: number;
  at?: string;
}

export interface PatrolItemsTable {
  districtId: string;
  id: string;
  code: string;
  category: string;
  title: string;
  guidance: Generated<string>;
  orgCode: string | null;
  caseTypeCode: string | null;
  sort: Generated<number>;
  active: Generated<boolean>;
}

export interface PatrolsTable {
  districtId: string;
  id: string;
  gridId: string;
  areaPath: string;
  workerId: string;
  workerName: string;
  startedAt: Timestamp;
  endedAt: Timestamp;
  route: Json<RoutePoint[]>;
  distanceM: number;
  notes: Generated<string>;
  createdAt: Generated<Date>;
}

export interface PatrolPlacesTable {
  districtId: string;
  patrolId: string;
  id: string;
  name: string;
  lat: number | null;
  lon: number | null;
}

export interface PatrolResultsTable {
  districtId: string;
  patrolId: string;
  id: string;
  placeId: string | null;
  itemId: string;
  result: 'pass' | 'fail';
  note: Generated<string>;
  photoId: string | null;
  caseId: string | null;
}

export interface VisitsTable {
  districtId: string;
  id: string;
  patrolId: string | null;
  personId: string;
  gridId: string | null;
  areaPath: string;
  visitorId: string;
  visitedAt: Timestamp;
  condition: string;
  note: Generated<string>;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    patrolItems: PatrolItemsTable;
    patrols: PatrolsTable;
    patrolPlaces: PatrolPlacesTable;
    patrolResults: PatrolResultsTable;
    visits: VisitsTable;
  }
}
