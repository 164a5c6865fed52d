// Who may do what in deliberation. Staff act over their area (community staff, street officials);
// district roles and grid workers read; residents take part where they live (and owners where they
// own), so a resident's reach is their home and the rolls they are on, never a staff scope.
import type { Role } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Scope, covers, isEmpty } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';

/** Raise topics for, schedule meetings in, run ballots in and moderate their area. */
const MANAGERS: readonly Role[] = ['community_staff', 'street_official'];
/** Read everything in their area (grid workers: their grid's community). */
const STAFF_VIEWERS: readonly Role[] = ['district_admin', 'district_official', 'hotline_operator', 'street_official', 'community_staff', 'grid_worker'];
const DISTRICT_WIDE: readonly Role[] = ['district_admin', 'district_official', 'hotline_operator'];

function pathScope(actor: Actor, roles: readonly Role[]): Scope {
  const scope: Scope = { all: false, paths: [], gridIds: [], personIds: [] };
  for (const a of actor.assignments) {
    if (!roles.includes(a.role)) continue;
    if (DISTRICT_WIDE.includes(a.role)) scope.all = true;
    // A grid grant's areaPath is its community's path: deliberation is community-wide.
    else if (a.areaPath) scope.paths.push(a.areaPath);
  }
  return scope;
}

/** The area staff may manage deliberation in (empty for everyone else). */
export function manageScope(actor: Actor): Scope {
  return pathScope(actor, MANAGERS);
}

export function staffScope(actor: Actor): Scope {
  return pathScope(actor, STAFF_VIEWERS);
}

export function requireManager(actor: Actor, code = 'deliberation.forbidden'): Scope {
  const scope = manageScope(actor);
  if (isEmpty(scope)) throw forbidden(code, 'only community staff and street officials run deliberation and ballots');
  return scope;
}

export function canManage(actor: Actor, areaPath: string): boolean {
  return covers(manageScope(actor), { areaPath });
}

/** Who reads what: staff by scope, a resident by their home (ancestor areas) and the rolls they are on. */
export interface Viewer {
  actor: Actor;
  staff: Scope;
  /** The resident's home area path, when they hold the resident role and a person record. */
  homePath: string | null;
  personId: string | null;
}

export function isResident(actor: Actor): boolean {
  return actor.roles.has('resident') && !!actor.personId;
}

export function requireViewer(v: Viewer): void {
  if (isEmpty(v.staff) && !v.homePath && !v.personId) throw forbidden('deliberation.forbidden', 'deliberation is for residents and the staff serving them');
}

/** A resident sees what concerns the area they live in: the building, its compound, its community. */
export function homeCovers(homePath: string | null, areaPath: string): boolean {
  return !!homePath && homePath.startsWith(areaPath);
}
