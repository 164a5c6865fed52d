// Kysely type of the Open311 API-key table (migrations/0002_smart_grid.sql).
import type { Generated } from 'kysely';

export interface Open311KeysTable {
  districtId: string;
  id: string;
  name: string;
  keyHash: string;
  keyPrefix: string;
  createdBy: string | null;
  createdAt: Generated<Date>;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    open311Keys: Open311KeysTable;
  }
}
