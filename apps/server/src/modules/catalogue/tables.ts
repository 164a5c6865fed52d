// Kysely types of the catalogue and supply tables (migrations/0003_services.sql), added to the
// shared Schema by module augmentation.
import type { ColumnType, Generated } from 'kysely';
import type { Eligibility, Subsidy } from '@linli/contracts';

type Json<T> = ColumnType<T, T | string | undefined, T | string>;

export interface ServiceCategoriesTable {
  districtId: string;
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  description: Generated<string>;
  sort: Generated<number>;
}

export interface ServiceItemsTable {
  districtId: string;
  id: string;
  categoryId: string;
  code: string;
  name: string;
  nameEn: string | null;
  description: Generated<string>;
  fulfilment: 'home' | 'centre' | 'meal' | 'day_care';
  unit: string;
  priceFen: number;
  maxQuantity: Generated<number>;
  durationMinutes: number | null;
  subsidies: Json<Subsidy[]>;
  eligibility: Json<Eligibility>;
  properties: Json<Record<string, unknown>>;
  keywords: Generated<string>;
  active: Generated<boolean>;
  sort: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface StreetOfferingsTable {
  districtId: string;
  streetId: string;
  itemId: string;
  updatedBy: string | null;
  updatedAt: Generated<Date>;
}

export interface ProviderProfilesTable {
  districtId: string;
  orgId: string;
  categoryIds: string[];
  coveragePaths: string[];
  dailyCapacity: number;
  qualifications: string[];
  phone: string | null;
  areaPath: string | null;
  lat: number | null;
  lon: number | null;
  ratingSum: Generated<number>;
  ratingCount: Generated<number>;
  active: Generated<boolean>;
  updatedAt: Generated<Date>;
}

export interface ProviderDaysTable {
  districtId: string;
  orgId: string;
  day: string;
  capacity: number;
  booked: Generated<number>;
}

export interface FacilitiesTable {
  districtId: string;
  id: string;
  kind: 'family_centre' | 'home_care_centre' | 'elder_canteen' | 'day_care_centre';
  name: string;
  orgId: string | null;
  streetId: string;
  communityId: string | null;
  areaPath: string;
  address: Generated<string>;
  lat: number;
  lon: number;
  openingHours: Generated<string>;
  capacity: number | null;
  seats: number | null;
  mealsPerDay: number | null;
  phone: string | null;
  properties: Json<Record<string, unknown>>;
  active: Generated<boolean>;
  createdAt: Generated<Date>;
}

export interface ServiceSchedulesTable {
  districtId: string;
  id: string;
  streetId: string | null;
  categoryId: string | null;
  facilityId: string | null;
  windows: string[];
  weekdays: number[];
  capacity: number;
  horizonDays: Generated<number>;
  updatedAt: Generated<Date>;
}

export interface ServiceSlotsTable {
  districtId: string;
  id: string;
  scheduleId: string;
  streetId: string | null;
  categoryId: string | null;
  facilityId: string | null;
  startsAt: ColumnType<Date, Date | string, Date | string>;
  endsAt: ColumnType<Date, Date | string, Date | string>;
  capacity: number;
  booked: Generated<number>;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    serviceCategories: ServiceCategoriesTable;
    serviceItems: ServiceItemsTable;
    streetOfferings: StreetOfferingsTable;
    providerProfiles: ProviderProfilesTable;
    providerDays: ProviderDaysTable;
    facilities: FacilitiesTable;
    serviceSchedules: ServiceSchedulesTable;
    serviceSlots: ServiceSlotsTable;
  }
}
