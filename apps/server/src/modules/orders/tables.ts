// Kysely types of the service-order tables (migrations/0003_services.sql), added to the shared
// Schema by module augmentation.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;

export interface ServiceOrdersTable {
  districtId: string;
  id: string;
  number: string;
  itemId: string;
  categoryId: string;
  fulfilment: string;
  personId: string;
  areaPath: string;
  streetId: string;
  communityId: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
  channel: 'self' | 'family' | 'staff' | 'hotline';
  orderedBy: string;
  orderedByName: string;
  callerName: string | null;
  callerRelation: string | null;
  callerPhone: string | null;
  slotId: string | null;
  menuId: string | null;
  facilityId: string | null;
  mealMode: 'dine_in' | 'delivery' | null;
  roundId: string | null;
  scheduledStart: Timestamp;
  scheduledEnd: Timestamp;
  quantity: number;
  unitPriceFen: number;
  subsidyFen: Generated<number>;
  subsidyGroup: string | null;
  totalFen: number;
  payFen: number;
  notes: Generated<string>;
  status: string;
  providerId: string | null;
  providerDay: string | null;
  acceptedAt: NullableTimestamp;
  assignedAt: NullableTimestamp;
  confirmedAt: NullableTimestamp;
  checkinAt: NullableTimestamp;
  checkoutAt: NullableTimestamp;
  serviceNotes: string | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: NullableTimestamp;
  closedReason: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  version: Generated<number>;
}

export interface ServiceOrderHistoryTable {
  districtId: string;
  orderId: string;
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

export interface ServiceComplaintsTable {
  districtId: string;
  id: string;
  orderId: string;
  providerId: string | null;
  streetId: string;
  areaPath: string;
  text: string;
  status: Generated<'open' | 'resolved'>;
  createdBy: string;
  createdByName: string;
  dueAt: Timestamp;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedByName: string | null;
  resolvedAt: NullableTimestamp;
  createdAt: Timestamp;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    serviceOrders: ServiceOrdersTable;
    serviceOrderHistory: ServiceOrderHistoryTable;
    serviceComplaints: ServiceComplaintsTable;
  }
}
