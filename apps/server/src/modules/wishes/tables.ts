// Kysely types of the micro-wish and pairing tables (migrations/0008_sharing.sql), added to the
// shared Schema by module augmentation.
import type { Generated } from 'kysely';

export interface WishesTable {
  districtId: string;
  id: string;
  personId: string;
  communityId: string;
  areaPath: string;
  title: string;
  story: string;
  category: 'goods' | 'service' | 'companionship';
  neededBy: string | null;
  status: Generated<'open' | 'claimed' | 'fulfilled' | 'confirmed' | 'withdrawn'>;
  claimedBy: string | null;
  claimedByName: string | null;
  claimedByKind: string | null;
  claimedAt: Date | null;
  evidenceNote: string | null;
  evidenceMinutes: number | null;
  evidencePhotoId: string | null;
  fulfilledAt: Date | null;
  confirmedAt: Date | null;
  createdBy: string | null;
  createdByName: string;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface WishHistoryTable {
  districtId: string;
  id: Generated<number>;
  wishId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string | null;
  actorName: string;
  note: string | null;
  at: Generated<Date>;
}

export interface PairingsTable {
  districtId: string;
  id: string;
  householdId: string;
  personId: string | null;
  communityId: string;
  areaPath: string;
  helperUserId: string | null;
  helperName: string | null;
  helperKind: string | null;
  startedOn: string | null;
  visitEveryDays: number;
  lastVisitOn: string | null;
  flaggedAt: Date | null;
  status: Generated<'seeking' | 'active' | 'ended'>;
  endedOn: string | null;
  note: string | null;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface PairingVisitsTable {
  districtId: string;
  id: string;
  pairingId: string;
  visitedOn: string;
  minutes: number;
  note: string;
  loggedBy: string | null;
  loggedByName: string;
  createdAt: Generated<Date>;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    wishes: WishesTable;
    wishHistory: WishHistoryTable;
    pairings: PairingsTable;
    pairingVisits: PairingVisitsTable;
  }
}
