// Who may see a fund and its report, record donations, review, approve and pay out applications,
// as plain functions of the actor and the fund.
import type { Role } from '@linli/contracts';
import { type Actor, hasRole } from '../../platform/auth/actor.ts';
import { type Scope, covers, scopeOf } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';

/** Staff who see a fund's figures and applications in their area. */
const STAFF_ROLES: readonly Role[] = ['community_staff', 'grid_worker', 'street_official', 'district_official', 'district_admin'];
/** The community keeps the fund's books: records donations, reviews applications, pays out. */
const KEEPER_ROLES: readonly Role[] = ['community_staff'];
/** The district (with the charity) opens funds and sets the match. */
const MANAGER_ROLES: readonly Role[] = ['district_admin', 'district_official'];

/** Grid workers count for their grid's whole community: the fund is a community's. */
function withGridCommunities(actor: Actor, roles: readonly Role[]): Scope {
  const scope = scopeOf(actor, roles);
  for (const a of actor.assignments) if (roles.includes(a.role) && a.gridId && a.areaPath && !scope.paths.includes(a.areaPath)) scope.paths.push(a.areaPath);
  scope.gridIds = [];
  return scope;
}

export function staffScope(actor: Actor): Scope {
  return withGridCommunities(actor, STAFF_ROLES);
}

export interface FundFacts {
  areaPath: string;
  /** The actor's role on the fund's committee, if any. */
  committeeRole: 'chair' | 'member' | null;
  /** The actor's own community path, when they are a resident. */
  residentCommunityPath: string | null;
}

export function canSeeFund(actor: Actor, f: FundFacts): boolean {
  return covers(staffScope(actor), { areaPath: f.areaPath }) || f.committeeRole !== null || f.residentCommunityPath === f.areaPath;
}

export function isKeeper(actor: Actor, areaPath: string): boolean {
  return covers(scopeOf(actor, KEEPER_ROLES), { areaPath });
}

export function isManager(actor: Actor): boolean {
  return hasRole(actor, ...MANAGER_ROLES);
}

/** Donations are recorded by the community, or by the district with the charity. */
export function canRecordDonations(actor: Actor, areaPath: string): boolean {
  return isKeeper(actor, areaPath) || isManager(actor);
}

export function canSeeApplications(actor: Actor, f: FundFacts): boolean {
  return covers(staffScope(actor), { areaPath: f.areaPath }) || f.committeeRole !== null;
}

/** Community staff and grid workers apply for a resident; a resident applies for themselves. */
export function canApplyFor(actor: Actor, areaPath: string): boolean {
  return covers(withGridCommunities(actor, ['community_staff', 'grid_worker']), { areaPath });
}

export function requireManager(actor: Actor) {
  if (!isManager(actor)) throw forbidden('fund.manage_forbidden', 'only district officials open funds and set the match');
}

export function requireKeeper(actor: Actor, areaPath: string, code = 'fund.forbidden') {
  if (!isKeeper(actor, areaPath)) throw forbidden(code, 'only the community\'s staff keep this fund');
}

export function requireCommitteeKeeper(actor: Actor, areaPath: string) {
  if (!isKeeper(actor, areaPath) && !isManager(actor)) throw forbidden('fund.committee_forbidden', 'the community or the district appoints the fund committee');
}
