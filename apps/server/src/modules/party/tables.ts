// Kysely types of the party tables (migrations/0007_participation.sql), added to the shared Schema
// by module augmentation.
import type { Generated } from 'kysely';

export interface PartyBranchesTable {
  districtId: string;
  id: string;
  communityId: string;
  compoundId: string | null;
  areaPath: string;
  name: string;
  kind: 'community_committee' | 'compound_branch';
  secretaryId: string | null;
  foundedOn: string | null;
  createdAt: Generated<Date>;
}

export interface PartyMembersTable {
  districtId: string;
  id: string;
  userId: string | null;
  personId: string | null;
  name: string;
  kind: Generated<'in_service' | 'resident'>;
  workUnit: Generated<string>;
  homeOrg: Generated<string>;
  communityId: string;
  areaPath: string;
  branchId: string | null;
  status: 'pending' | 'active' | 'rejected' | 'withdrawn';
  reportedAt: Generated<Date>;
  decidedBy: string | null;
  decidedAt: Date | null;
  note: string | null;
}

export interface PartyServiceItemsTable {
  districtId: string;
  id: string;
  communityId: string;
  areaPath: string;
  title: string;
  description: Generated<string>;
  category: string;
  slots: number;
  status: Generated<'open' | 'closed'>;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface PartyServiceClaimsTable {
  districtId: string;
  itemId: string;
  memberId: string;
  status: 'claimed' | 'done' | 'withdrawn';
  claimedAt: Generated<Date>;
  doneAt: Date | null;
  minutes: number | null;
  confirmedBy: string | null;
}

export interface PartyBranchActivitiesTable {
  districtId: string;
  id: string;
  branchId: string;
  title: string;
  heldOn: string;
  place: Generated<string>;
  description: Generated<string>;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface PartyActivityAttendeesTable {
  districtId: string;
  activityId: string;
  memberId: string;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    partyBranches: PartyBranchesTable;
    partyMembers: PartyMembersTable;
    partyServiceItems: PartyServiceItemsTable;
    partyServiceClaims: PartyServiceClaimsTable;
    partyBranchActivities: PartyBranchActivitiesTable;
    partyActivityAttendees: PartyActivityAttendeesTable;
  }
}
