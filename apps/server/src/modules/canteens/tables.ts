// Kysely types of the elder-canteen tables (migrations/0003_services.sql), added to the shared
// Schema by module augmentation.
import type { Generated } from 'kysely';

export interface CanteenMenusTable {
  districtId: string;
  id: string;
  facilityId: string;
  day: string;
  meal: 'lunch' | 'dinner';
  dishes: string[];
  capacity: number;
  booked: Generated<number>;
  updatedAt: Generated<Date>;
}

export interface CanteenRoundsTable {
  districtId: string;
  id: string;
  facilityId: string;
  meal: 'lunch' | 'dinner';
  code: string;
  label: string;
  departs: string;
  communityIds: string[];
  sort: Generated<number>;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    canteenMenus: CanteenMenusTable;
    canteenRounds: CanteenRoundsTable;
  }
}
