// Kysely types of the needs, offers and matches tables (migrations/0008_sharing.sql), added to the
// shared Schema by module augmentation.
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, T | string, T | string>;

export interface NeedsTable {
  districtId: string;
  id: string;
  personId: string;
  communityId: string;
  areaPath: string;
  postedBy: string | null;
  postedByName: string;
  skill: string;
  title: string;
  details: Generated<string>;
  availability: string[];
  targetGroup: string;
  lat: number | null;
  lon: number | null;
  status: Generated<'open' | 'matched' | 'done' | 'cancelled'>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface OffersTable {
  districtId: string;
  id: string;
  helperUserId: string;
  helperName: string;
  helperKind: string;
  title: string;
  details: Generated<string>;
  skills: string[];
  availability: string[];
  communityIds: string[];
  areaPaths: string[];
  targetGroups: string[];
  capacity: number;
  lat: number | null;
  lon: number | null;
  status: Generated<'active' | 'paused' | 'withdrawn'>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface MatchesTable {
  districtId: string;
  id: string;
  needId: string;
  offerId: string;
  helperUserId: string;
  areaPath: string;
  status: string;
  score: number;
  parts: Json<unknown[]>;
  proposedBy: 'need' | 'offer';
  minutes: number | null;
  servedOn: string | null;
  rating: number | null;
  feedback: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface MatchHistoryTable {
  districtId: string;
  id: Generated<number>;
  matchId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string | null;
  actorName: string;
  note: string | null;
  at: Generated<Date>;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    needs: NeedsTable;
    offers: OffersTable;
    matches: MatchesTable;
    matchHistory: MatchHistoryTable;
  }
}
