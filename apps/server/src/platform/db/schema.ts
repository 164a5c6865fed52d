// Kysely table types, in camelCase (the CamelCasePlugin maps them to the snake_case columns).
// Keep in step with apps/server/migrations.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;

export interface DistrictsTable {
  id: string;
  name: string;
  nameEn: string;
  centerLat: number;
  centerLon: number;
  boundary: Json<unknown> | null;
  createdAt: Generated<Date>;
}

export interface AreasTable {
  districtId: string;
  id: string;
  parentId: string | null;
  level: 'district' | 'street' | 'community' | 'compound' | 'building';
  kind: string;
  code: string;
  name: string;
  nameEn: string | null;
  path: string;
  gridId: string | null;
  lat: number | null;
  lon: number | null;
  geometry: Json<unknown> | null;
  properties: Json;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface GridsTable {
  districtId: string;
  id: string;
  communityId: string;
  code: string;
  name: string;
  areaPath: string;
  geometry: Json<unknown>;
  lat: number;
  lon: number;
  areaM2: number;
  createdAt: Generated<Date>;
}

export interface HouseholdsTable {
  districtId: string;
  id: string;
  buildingId: string;
  areaPath: string;
  gridId: string | null;
  room: string;
  address: string;
  lowIncome: Generated<boolean>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  version: Generated<number>;
}

export interface PersonsTable {
  districtId: string;
  id: string;
  householdId: string | null;
  buildingId: string | null;
  areaPath: string;
  gridId: string | null;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  idNumber: string | null;
  phone: string | null;
  relation: Generated<string>;
  tags: Generated<string[]>;
  status: Generated<'active' | 'moved_out' | 'deceased' | 'merged'>;
  notes: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  version: Generated<number>;
}

export interface OrganisationsTable {
  districtId: string;
  id: string;
  kind: string;
  code: string;
  name: string;
  nameEn: string | null;
  areaPath: string | null;
  properties: Json;
  createdAt: Generated<Date>;
}

export interface UsersTable {
  id: string;
  districtId: string;
  username: string;
  passwordHash: string;
  displayName: string;
  personId: string | null;
  status: Generated<'active' | 'disabled'>;
  locale: Generated<string>;
  elderMode: Generated<boolean>;
  /** Set by an administrator's reset; cleared when the user chooses their own password. */
  mustChangePassword: Generated<boolean>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  lastLoginAt: Date | null;
}

export interface RoleAssignmentsTable {
  districtId: string;
  id: string;
  userId: string;
  role: string;
  areaId: string | null;
  gridId: string | null;
  orgId: string | null;
  grantedBy: string | null;
  createdAt: Generated<Date>;
  revokedAt: Date | null;
}

export interface SessionsTable {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: Generated<Date>;
  expiresAt: Timestamp;
  lastSeenAt: Generated<Date>;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginAttemptsTable {
  username: string;
  ip: string;
  at: Generated<Date>;
  succeeded: boolean;
}

export interface AuditLogTable {
  districtId: string;
  id: Generated<number>;
  at: Generated<Date>;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  areaPath: string | null;
  details: Json;
  ip: string | null;
}

export interface NotificationsTable {
  districtId: string;
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: Generated<string>;
  link: string | null;
  createdAt: Generated<Date>;
  readAt: Date | null;
}

export interface IdempotencyKeysTable {
  userId: string;
  key: string;
  route: string;
  requestHash: string;
  statusCode: number | null;
  response: Json<unknown> | null;
  createdAt: Generated<Date>;
}

export interface Schema {
  districts: DistrictsTable;
  areas: AreasTable;
  grids: GridsTable;
  households: HouseholdsTable;
  persons: PersonsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  roleAssignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  loginAttempts: LoginAttemptsTable;
  auditLog: AuditLogTable;
  notifications: NotificationsTable;
  idempotencyKeys: IdempotencyKeysTable;
}
