// Kysely types of the registry tables (migrations/0007_participation.sql): social organisations,
// social workers and service projects, added to the shared Schema by module augmentation.
import type { ColumnType, Generated } from 'kysely';

type Json<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;

export interface SocialOrganisationsTable {
  districtId: string;
  id: string;
  orgId: string | null;
  name: string;
  registration: 'registered' | 'filed';
  creditCode: string | null;
  category: string;
  areaId: string;
  areaPath: string;
  address: Generated<string>;
  contactName: Generated<string>;
  establishedOn: string | null;
  status: Generated<'active' | 'deregistered'>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface SocialWorkersTable {
  districtId: string;
  id: string;
  name: string;
  personId: string | null;
  userId: string | null;
  organisationId: string | null;
  level: 'assistant' | 'intermediate' | 'senior';
  certificateNo: string;
  certifiedOn: string | null;
  areaPath: string;
  status: Generated<'active' | 'left'>;
  createdAt: Generated<Date>;
}

export interface ServiceProjectsTable {
  districtId: string;
  id: string;
  code: string;
  name: string;
  organisationId: string;
  funderName: string;
  funderOrgId: string | null;
  budgetFen: number;
  startsOn: string;
  endsOn: string;
  targetGroups: Generated<string[]>;
  areaId: string;
  areaPath: string;
  lat: number;
  lon: number;
  planned: Json<Record<string, number>>;
  description: Generated<string>;
  status: Generated<'planned' | 'active' | 'closed'>;
  createdBy: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    socialOrganisations: SocialOrganisationsTable;
    socialWorkers: SocialWorkersTable;
    serviceProjects: ServiceProjectsTable;
  }
}
