// The rows the demo generator produces, one type per table, named as in platform/db/schema.ts.
import type { Polygon, MultiPolygon } from 'geojson';

export interface DistrictRow {
  id: string;
  name: string;
  nameEn: string;
  centerLat: number;
  centerLon: number;
  boundary: Polygon;
}

export interface AreaRow {
  districtId: string;
  id: string;
  parentId: string | null;
  level: 'district' | 'street' | 'community' | 'compound' | 'building';
  kind: string;
  code: string;
  name: string;
  nameEn: string | null;
  path: string;
  gridId: string | null;
  lat: number | null;
  lon: number | null;
  geometry: Polygon | MultiPolygon | null;
  properties: Record<string, unknown>;
}

export interface GridRow {
  districtId: string;
  id: string;
  communityId: string;
  code: string;
  name: string;
  areaPath: string;
  geometry: Polygon | MultiPolygon;
  lat: number;
  lon: number;
  areaM2: number;
}

export interface HouseholdRow {
  districtId: string;
  id: string;
  buildingId: string;
  areaPath: string;
  gridId: string | null;
  room: string;
  address: string;
  lowIncome: boolean;
}

export interface PersonRow {
  districtId: string;
  id: string;
  householdId: string | null;
  buildingId: string | null;
  areaPath: string;
  gridId: string | null;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  idNumber: string | null;
  phone: string | null;
  relation: string;
  tags: string[];
}

export interface OrganisationRow {
  districtId: string;
  id: string;
  kind: 'department' | 'provider' | 'social_org' | 'charity' | 'volunteer_team';
  code: string;
  name: string;
  nameEn: string | null;
  areaPath: string | null;
  properties: Record<string, unknown>;
}

export interface UserRow {
  id: string;
  districtId: string;
  username: string;
  displayName: string;
  personId: string | null;
}

export interface RoleAssignmentRow {
  districtId: string;
  id: string;
  userId: string;
  role: string;
  areaId: string | null;
  gridId: string | null;
  orgId: string | null;
}
