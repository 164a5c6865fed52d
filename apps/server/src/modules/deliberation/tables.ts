// Kysely types of the deliberation tables (migrations/0004_deliberation.sql), added to the shared
// Schema by module augmentation so platform/db/schema.ts stays the foundation's.
import type { ColumnType, Generated } from 'kysely';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string | undefined, T | string>;

export interface TopicsTable {
  districtId: string;
  id: string;
  areaId: string;
  areaPath: string;
  title: string;
  body: string;
  stage: string;
  raisedBy: string;
  raisedByName: string;
  supporterCount: Generated<number>;
  commentCount: Generated<number>;
  decision: string | null;
  followUp: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  version: Generated<number>;
}

export interface TopicSupportersTable {
  districtId: string;
  topicId: string;
  userId: string;
  at: Generated<Date>;
}

export interface TopicCommentsTable {
  districtId: string;
  id: string;
  topicId: string;
  parentId: string | null;
  authorId: string;
  authorName: string;
  body: string;
  hidden: Generated<boolean>;
  hiddenReason: string | null;
  hiddenBy: string | null;
  hiddenAt: NullableTimestamp;
  reportCount: Generated<number>;
  createdAt: Generated<Date>;
}

export interface CommentReportsTable {
  districtId: string;
  commentId: string;
  userId: string;
  reason: string;
  at: Generated<Date>;
}

export interface TopicHistoryTable {
  districtId: string;
  id: Generated<number>;
  topicId: string;
  action: string;
  fromStage: string | null;
  toStage: string;
  byUser: string | null;
  byName: string;
  note: string | null;
  at: Generated<Date>;
}

export interface MeetingsTable {
  districtId: string;
  id: string;
  topicId: string | null;
  areaId: string;
  areaPath: string;
  title: string;
  startsAt: Timestamp;
  placeKind: 'hut' | 'online';
  place: string;
  agenda: Json<string[]>;
  status: Generated<'scheduled' | 'held' | 'cancelled'>;
  minutes: string | null;
  decisions: Json<string[]>;
  createdBy: string;
  createdByName: string;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  version: Generated<number>;
}

export interface MeetingInviteesTable {
  districtId: string;
  meetingId: string;
  id: string;
  personId: string | null;
  name: string;
  role: string | null;
  attended: boolean | null;
}

export interface PropertyUnitsTable {
  districtId: string;
  id: string;
  buildingId: string;
  areaPath: string;
  label: string;
  /** Exclusive floor area in whole square centimetres (bigint; exact below 2^53). */
  areaCm2: number;
  ownerType: 'persons' | 'developer';
  developerName: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  version: Generated<number>;
}

export interface UnitOwnersTable {
  districtId: string;
  unitId: string;
  personId: string;
  shareNum: number;
  shareDen: number;
}

export interface BallotsTable {
  districtId: string;
  id: string;
  topicId: string | null;
  areaId: string;
  areaPath: string;
  title: string;
  description: Generated<string>;
  kind: 'single' | 'multiple' | 'yes_no' | 'owners';
  matter: string | null;
  options: Json<{ id: string; label: string }[]>;
  maxChoices: Generated<number>;
  opensAt: Timestamp;
  closesAt: Timestamp;
  resultsVisibility: 'live' | 'after_close';
  secrecy: 'secret' | 'open';
  status: 'scheduled' | 'open' | 'closed' | 'cancelled';
  createdBy: string;
  createdByName: string;
  createdAt: Generated<Date>;
  closedAt: NullableTimestamp;
  result: Json<Record<string, unknown>> | null;
  resultDigest: string | null;
  version: Generated<number>;
}

export interface BallotElectorsTable {
  districtId: string;
  ballotId: string;
  electorKey: string;
  kind: 'resident' | 'owners' | 'developer';
  personIds: string[];
  label: string;
  unitLabels: string[];
  areaCm2: number | null;
}

export interface BallotVotesTable {
  districtId: string;
  ballotId: string;
  electorKey: string;
  choices: string[];
  method: 'online' | 'paper' | 'in_person';
  castByUser: string;
  castByPerson: string | null;
  recordedByName: string | null;
  note: string | null;
  castAt: Timestamp;
  revision: Generated<number>;
}

export interface BallotHistoryTable {
  districtId: string;
  id: Generated<number>;
  ballotId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  byUser: string | null;
  byName: string;
  note: string | null;
  at: Generated<Date>;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    topics: TopicsTable;
    topicSupporters: TopicSupportersTable;
    topicComments: TopicCommentsTable;
    commentReports: CommentReportsTable;
    topicHistory: TopicHistoryTable;
    meetings: MeetingsTable;
    meetingInvitees: MeetingInviteesTable;
    propertyUnits: PropertyUnitsTable;
    unitOwners: UnitOwnersTable;
    ballots: BallotsTable;
    ballotElectors: BallotElectorsTable;
    ballotVotes: BallotVotesTable;
    ballotHistory: BallotHistoryTable;
  }
}
