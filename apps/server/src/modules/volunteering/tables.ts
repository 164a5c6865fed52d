// Kysely types of the volunteering tables (migrations/0007_participation.sql), added to the shared
// Schema by module augmentation.
import type { ColumnType, Generated } from 'kysely';

type Json<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;

export interface VolunteersTable {
  districtId: string;
  id: string;
  userId: string | null;
  personId: string | null;
  name: string;
  communityId: string | null;
  areaPath: string | null;
  skills: Generated<string[]>;
  availability: Generated<string[]>;
  serviceAreaIds: Generated<string[]>;
  intro: Generated<string>;
  status: Generated<'active' | 'inactive'>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface VolunteerTeamsTable {
  districtId: string;
  id: string;
  name: string;
  communityId: string;
  areaPath: string;
  description: Generated<string>;
  status: Generated<'active' | 'disbanded'>;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface VolunteerTeamMembersTable {
  districtId: string;
  teamId: string;
  volunteerId: string;
  role: Generated<'leader' | 'member'>;
  joinedAt: Generated<Date>;
  leftAt: Date | null;
}

export interface VolunteerHoursTable {
  districtId: string;
  id: string;
  volunteerId: string;
  source: string;
  sourceId: string;
  minutes: number;
  servedOn: string;
  description: Generated<string>;
  areaPath: string;
  teamId: string | null;
  projectId: string | null;
  status: 'pending' | 'approved' | 'rejected';
  recordedBy: string | null;
  recordedByName: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  createdAt: Generated<Date>;
}

export interface VolunteerCertificatesTable {
  districtId: string;
  id: string;
  number: string;
  volunteerId: string;
  volunteerName: string;
  periodFrom: string | null;
  periodTo: string;
  totalMinutes: number;
  bySource: Json<Record<string, number>>;
  entries: Json<unknown[]>;
  issuedBy: string | null;
  issuedByName: string;
  issuedAt: Generated<Date>;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    volunteers: VolunteersTable;
    volunteerTeams: VolunteerTeamsTable;
    volunteerTeamMembers: VolunteerTeamMembersTable;
    volunteerHours: VolunteerHoursTable;
    volunteerCertificates: VolunteerCertificatesTable;
  }
}
