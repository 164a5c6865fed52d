// Where people live and act, for the shared-hut modules (sharing, matching, wishes): a user's home
// on the register, their community, the places their roles cover, whether they help as a volunteer,
// party member or organisation, and whom in a community to tell. Reads the foundation tables; the
// party and volunteering modules are asked through their services.
import { sql } from 'kysely';
import type { HelperKind, Role } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Scope, scopeOf } from '../../platform/auth/scope.ts';
import { fieldError } from '../../platform/errors.ts';
import { PartyService } from '../party/service.ts';
import type { VolunteeringService } from '../volunteering/service.ts';

/** The community part of an area path (district/street/community/), or null above a community. */
export function communityPathOf(path: string): string | null {
  const parts = path.split('/').filter(Boolean);
  return parts.length >= 3 ? `${parts.slice(0, 3).join('/')}/` : null;
}

/** The community's id, from its path. */
export function communityIdOf(path: string): string {
  return path.split('/').filter(Boolean)[2]!;
}

export interface Home {
  personId: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  tags: string[];
  phone: string | null;
  householdId: string | null;
  address: string | null;
  areaPath: string;
  communityPath: string;
  communityId: string;
  communityName: string;
  lat: number | null;
  lon: number | null;
}

export interface Community {
  id: string;
  path: string;
  name: string;
  lat: number | null;
  lon: number | null;
}

/** Roles whose area grants place a user somewhere in the shared huts. */
const PLACED_ROLES: readonly Role[] = ['district_admin', 'district_official', 'street_official', 'community_staff', 'grid_worker', 'volunteer', 'provider_staff'];

export class Neighbourhood {
  private readonly party: PartyService;

  constructor(private readonly ctx: AppContext & { volunteering: VolunteeringService }) {
    this.party = new PartyService(ctx);
  }

  /** A resident's home: the register's record with its building's point and community. */
  async home(districtId: string, personId: string | null): Promise<Home | null> {
    if (!personId) return null;
    const row = await this.ctx.db.q
      .selectFrom('persons as p')
      .leftJoin('households as h', (j) => j.onRef('h.districtId', '=', 'p.districtId').onRef('h.id', '=', 'p.householdId'))
      .leftJoin('areas as b', (j) => j.onRef('b.districtId', '=', 'p.districtId').onRef('b.id', '=', 'p.buildingId'))
      .leftJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'p.districtId').on('c.id', '=', sql<string>`nullif(split_part(p.area_path, '/', 3), '')::uuid`))
      .select(['p.id', 'p.name', 'p.gender', 'p.birthDate', 'p.tags', 'p.phone', 'p.householdId', 'p.areaPath', 'p.status', 'h.address', 'b.lat', 'b.lon', 'c.id as communityId', 'c.path as communityPath', 'c.name as communityName', 'c.lat as cLat', 'c.lon as cLon'])
      .where('p.districtId', '=', districtId)
      .where('p.id', '=', personId)
      .executeTakeFirst();
    if (!row || row.status !== 'active' || !row.communityId || !row.communityPath) return null;
    return {
      personId: row.id,
      name: row.name,
      gender: row.gender,
      birthDate: row.birthDate,
      tags: row.tags,
      phone: row.phone,
      householdId: row.householdId,
      address: row.address ?? null,
      areaPath: row.areaPath,
      communityPath: row.communityPath,
      communityId: row.communityId,
      communityName: row.communityName!,
      lat: row.lat ?? row.cLat ?? null,
      lon: row.lon ?? row.cLon ?? null,
    };
  }

  /** The community an area is, or lies in; anything above a community is refused naming the field. */
  async community(districtId: string, areaId: string, field: string): Promise<Community> {
    const area = await this.ctx.db.q.selectFrom('areas').select(['path']).where('districtId', '=', districtId).where('id', '=', areaId).executeTakeFirst();
    const path = area ? communityPathOf(area.path) : null;
    if (!path) throw fieldError(field, area ? 'must be a community (or a place in one)' : 'no such area');
    return (await this.communityByPath(districtId, path))!;
  }

  async communityByPath(districtId: string, path: string): Promise<Community | null> {
    const c = await this.ctx.db.q.selectFrom('areas').select(['id', 'path', 'name', 'lat', 'lon']).where('districtId', '=', districtId).where('path', '=', path).executeTakeFirst();
    return c ?? null;
  }

  async communityNames(districtId: string, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.ctx.db.q.selectFrom('areas').select(['id', 'name']).where('districtId', '=', districtId).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * The places an actor belongs to in the shared huts: what their roles cover (a grid worker their
   * grid's community, a social worker their organisation's area) and, for anyone on the register,
   * their home community. Lists of items, activities, needs and wishes are limited to it.
   */
  async memberScope(actor: Actor, home?: Home | null): Promise<Scope> {
    const scope = scopeOf(actor, PLACED_ROLES);
    for (const a of actor.assignments) {
      if (a.role === 'grid_worker' && a.areaPath && !scope.paths.includes(a.areaPath)) scope.paths.push(a.areaPath);
    }
    scope.gridIds = [];
    const orgIds = actor.assignments.filter((a) => a.role === 'provider_staff' && a.orgId).map((a) => a.orgId!);
    if (orgIds.length) {
      const orgs = await this.ctx.db.q.selectFrom('organisations').select(['areaPath']).where('districtId', '=', actor.districtId).where('id', 'in', orgIds).execute();
      for (const o of orgs) if (o.areaPath && !scope.paths.includes(o.areaPath)) scope.paths.push(o.areaPath);
    }
    const h = home === undefined ? await this.home(actor.districtId, actor.personId) : home;
    if (h && !scope.paths.includes(h.communityPath)) scope.paths.push(h.communityPath);
    return scope;
  }

  /**
   * How a user helps, if they do: an active party member who reported to a community, a volunteer
   * (the role, or a profile in the volunteers' register), or a social organisation's worker.
   */
  async helperKind(actor: Actor): Promise<HelperKind | null> {
    const member = (await this.party.me(actor)).member;
    if (member?.status === 'active') return 'party_member';
    if (actor.roles.has('volunteer')) return 'volunteer';
    if (actor.roles.has('provider_staff')) return 'organisation';
    const v = (await this.ctx.volunteering.my(actor)).volunteer;
    return v?.status === 'active' ? 'volunteer' : null;
  }

  /** Active community staff whose grant covers a community: whom to tell about its huts, wishes and pairings. */
  async staffOf(districtId: string, communityPath: string): Promise<string[]> {
    const rows = await this.ctx.db.q
      .selectFrom('roleAssignments as r')
      .innerJoin('users as u', 'u.id', 'r.userId')
      .innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'r.districtId').onRef('a.id', '=', 'r.areaId'))
      .select('r.userId')
      .distinct()
      .where('r.districtId', '=', districtId)
      .where('r.role', '=', 'community_staff')
      .where('r.revokedAt', 'is', null)
      .where('u.status', '=', 'active')
      .where(sql<boolean>`${communityPath} like a.path || '%'`)
      .execute();
    return rows.map((r) => r.userId);
  }
}

/** How a helper addresses a resident they have not met: surname and a kinship word by age and sex (陈阿伯, 程姨). */
export function aliasOf(p: { name: string; gender: 'male' | 'female'; birthDate: string }, today = new Date()): string {
  const age = ageOn(p.birthDate, today);
  const surname = p.name.length >= 4 ? p.name.slice(0, 2) : p.name.slice(0, 1);
  if (age >= 60) return `${surname}${p.gender === 'male' ? '伯' : '姨'}`;
  if (age >= 18) return `${surname}${p.gender === 'male' ? '先生' : '女士'}`;
  return `${surname}同学`;
}

export function ageOn(birthDate: string, today = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--;
  return age;
}

/** An age band instead of a birth date: "80多岁". */
export function ageBand(birthDate: string, today = new Date()): string {
  const age = ageOn(birthDate, today);
  if (age < 18) return '未成年';
  return `${Math.floor(age / 10) * 10}多岁`;
}

/** Metres between two points (equirectangular; exact enough inside a district). */
export function metresBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const k = 111_320;
  const dx = (a.lon - b.lon) * k * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
  const dy = (a.lat - b.lat) * k;
  return Math.sqrt(dx * dx + dy * dy);
}
