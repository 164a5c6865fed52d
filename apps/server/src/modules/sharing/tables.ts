// Kysely types of the shared-hut tables (migrations/0008_sharing.sql): huts, items, loans and
// activities, added to the shared Schema by module augmentation.
import type { ColumnType, Generated } from 'kysely';

export interface HutsTable {
  districtId: string;
  id: string;
  communityId: string;
  areaPath: string;
  name: string;
  address: string;
  lat: number | null;
  lon: number | null;
  openingHours: Generated<string>;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface HutKeepersTable {
  districtId: string;
  hutId: string;
  userId: string;
  name: string;
}

export interface HutThemesTable {
  districtId: string;
  hutId: string;
  month: string;
  theme: string;
  setBy: string | null;
}

export interface ShareItemsTable {
  districtId: string;
  id: string;
  ownerUserId: string;
  ownerName: string;
  communityId: string;
  areaPath: string;
  keptAt: 'home' | 'hut';
  hutId: string | null;
  inHut: Generated<boolean>;
  title: string;
  category: string;
  description: Generated<string>;
  condition: string;
  depositFen: number;
  maxDays: number;
  photoFileId: string | null;
  lat: number | null;
  lon: number | null;
  status: Generated<'available' | 'withdrawn'>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface LoansTable {
  districtId: string;
  id: string;
  itemId: string;
  borrowerUserId: string;
  borrowerName: string;
  areaPath: string;
  startsOn: string;
  endsOn: string;
  status: string;
  depositFen: number;
  depositHeldFen: Generated<number>;
  depositRefundedFen: Generated<number>;
  depositWithheldFen: Generated<number>;
  pickedUpAt: Date | null;
  returnedAt: Date | null;
  returnCondition: string | null;
  conditionNote: string | null;
  extensions: Generated<number>;
  lastRemindedOn: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface HistoryTable {
  districtId: string;
  id: Generated<number>;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string | null;
  actorName: string;
  note: string | null;
  at: Generated<Date>;
}

export interface LoanHistoryTable extends HistoryTable {
  loanId: string;
}

export interface ActivitiesTable {
  districtId: string;
  id: string;
  communityId: string;
  areaPath: string;
  hutId: string | null;
  title: string;
  theme: Generated<string>;
  description: Generated<string>;
  place: string;
  startsAt: ColumnType<Date, Date | string, Date | string>;
  endsAt: ColumnType<Date, Date | string, Date | string>;
  capacity: number;
  targetGroup: string;
  status: Generated<'open' | 'finished' | 'cancelled'>;
  checkinCode: string;
  createdBy: string | null;
  createdByName: string;
  finishedAt: Date | null;
  createdAt: Generated<Date>;
}

export interface ActivityRolesTable {
  districtId: string;
  id: string;
  activityId: string;
  name: string;
  slots: number;
}

export interface ActivitySignupsTable {
  districtId: string;
  activityId: string;
  userId: string;
  name: string;
  kind: 'participant' | 'volunteer';
  roleId: string | null;
  status: 'registered' | 'waitlisted' | 'attended' | 'cancelled';
  checkedInAt: Date | null;
  checkinFailures: Generated<number>;
  queuedAt: Generated<Date>;
  createdAt: Generated<Date>;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    huts: HutsTable;
    hutKeepers: HutKeepersTable;
    hutThemes: HutThemesTable;
    shareItems: ShareItemsTable;
    loans: LoansTable;
    loanHistory: LoanHistoryTable;
    activities: ActivitiesTable;
    activityRoles: ActivityRolesTable;
    activitySignups: ActivitySignupsTable;
  }
}
