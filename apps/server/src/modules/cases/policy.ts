// Who may see, report, move and escalate cases, as plain functions of (actor, case).
import type { CaseSource, Role } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { hasRole, orgIds } from '../../platform/auth/actor.ts';
import { type Scope, covers, isEmpty, scopeOf } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';
import type { Party } from './state-machine.ts';

/** Dispatchers: community staff for their community, street officials for their street, the district centre for all. */
export const DISPATCHER_ROLES: readonly Role[] = ['community_staff', 'street_official', 'district_official', 'hotline_operator'];
/** Roles that see cases by area (besides departments by assignment and reporters by authorship). */
const AREA_VIEWER_ROLES: readonly Role[] = [...DISPATCHER_ROLES, 'grid_worker', 'district_admin'];
/** Who maintains the catalogue, dispatch rules, calendar and settings. */
const CATALOGUE_ROLES: readonly Role[] = ['district_admin', 'district_official'];

export interface CaseView {
  /** Area/grid scope (community, street, district, grid workers' grids). */
  scope: Scope;
  /** Departments whose dispatched cases the actor sees. */
  orgIds: string[];
  /** The actor's own reports are always visible to them. */
  userId: string;
}

export interface CaseRowForPolicy {
  areaPath: string;
  gridId: string | null;
  orgId: string | null;
  reporterId: string | null;
  communityId?: string | null;
}

export function caseView(actor: Actor): CaseView {
  return { scope: scopeOf(actor, AREA_VIEWER_ROLES), orgIds: orgIds(actor, 'department_staff'), userId: actor.userId };
}

export function canSee(view: CaseView, c: CaseRowForPolicy): boolean {
  return covers(view.scope, { areaPath: c.areaPath, gridId: c.gridId }) || (!!c.orgId && view.orgIds.includes(c.orgId)) || (!!c.reporterId && c.reporterId === view.userId);
}

export function dispatcherScope(actor: Actor): Scope {
  return scopeOf(actor, DISPATCHER_ROLES);
}

/** The parties of the state machine this actor holds for this case. */
export function partiesFor(actor: Actor, c: CaseRowForPolicy): Set<Party> {
  const parties = new Set<Party>();
  if (covers(dispatcherScope(actor), { areaPath: c.areaPath })) parties.add('dispatcher');
  if (c.orgId && orgIds(actor, 'department_staff').includes(c.orgId)) parties.add('department');
  if (c.gridId && actor.assignments.some((a) => a.role === 'grid_worker' && a.gridId === c.gridId)) parties.add('grid_worker');
  if (c.reporterId && c.reporterId === actor.userId) parties.add('reporter');
  return parties;
}

/** How a report from this actor is labelled; hotline operators report on behalf of a caller. */
export function reportSource(actor: Actor, withCaller: boolean): CaseSource {
  if (withCaller) {
    if (!hasRole(actor, 'hotline_operator')) throw forbidden('case.caller_forbidden', 'only hotline operators report on behalf of a caller');
    return 'hotline';
  }
  if (hasRole(actor, 'hotline_operator') && actor.roles.size === 1) throw forbidden('case.caller_required', 'a hotline report needs the caller (name and phone)');
  if (hasRole(actor, 'grid_worker')) return 'grid_worker';
  if (hasRole(actor, 'community_staff', 'street_official', 'district_official', 'department_staff', 'district_admin')) return 'staff';
  if (hasRole(actor, 'resident', 'volunteer', 'provider_staff')) return 'resident';
  throw forbidden('case.report_forbidden', 'your roles may not report cases');
}

/** The levels this actor may raise a case to ("网格吹哨": a grid or community whistles up to the street or district). */
export function escalationLevels(actor: Actor, c: CaseRowForPolicy & { escalationLevel: 'street' | 'district' | null }): ('street' | 'district')[] {
  const gridOrCommunity =
    (c.gridId && actor.assignments.some((a) => a.role === 'grid_worker' && a.gridId === c.gridId)) || covers(scopeOf(actor, ['community_staff']), { areaPath: c.areaPath });
  const street = covers(scopeOf(actor, ['street_official']), { areaPath: c.areaPath });
  const levels: ('street' | 'district')[] = [];
  if (gridOrCommunity && c.escalationLevel === null) levels.push('street');
  if ((gridOrCommunity || street) && c.escalationLevel !== 'district') levels.push('district');
  return levels;
}

export function requireCatalogueEditor(actor: Actor) {
  if (!hasRole(actor, ...CATALOGUE_ROLES)) throw forbidden('case.catalogue_forbidden', 'only district administrators and officials maintain the catalogue, rules and calendar');
}

/** Hotline operators call back, departments contact the caller, dispatchers check reports. */
export function canRevealCaller(actor: Actor, parties: ReadonlySet<Party>): boolean {
  return hasRole(actor, 'hotline_operator') || parties.has('department') || parties.has('dispatcher');
}

export function requireSomeView(view: CaseView) {
  // Everyone logged in may at least see their own reports; nothing to refuse here.
  return !isEmpty(view.scope) || view.orgIds.length > 0;
}
