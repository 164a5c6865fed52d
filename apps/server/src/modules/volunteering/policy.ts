// Who may keep volunteer teams, record hours, decide manual claims and see the ledger, as plain
// functions of the actor (and the team or entry).
import type { Role } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Scope, covers, isEmpty, scopeOf } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';

/** Staff who organise volunteers: they create teams, name leaders and record hours of service. */
export const ORGANISER_ROLES: readonly Role[] = ['community_staff', 'grid_worker', 'street_official', 'district_official', 'district_admin'];

/**
 * An area scope in which grid workers count for their grid's whole community: volunteering is
 * organised per community, not per grid.
 */
export function organiserScope(actor: Actor): Scope {
  const scope = scopeOf(actor, ORGANISER_ROLES);
  for (const a of actor.assignments) {
    if (a.role === 'grid_worker' && a.areaPath && !scope.paths.includes(a.areaPath)) scope.paths.push(a.areaPath);
  }
  scope.gridIds = [];
  return scope;
}

export function requireOrganiserFor(actor: Actor, areaPath: string, code = 'volunteering.forbidden'): Scope {
  const scope = organiserScope(actor);
  if (!covers(scope, { areaPath })) throw forbidden(code, 'only community staff, grid workers and officials of this area organise its volunteers');
  return scope;
}

export function requireOrganiser(actor: Actor): Scope {
  const scope = organiserScope(actor);
  if (isEmpty(scope)) throw forbidden('volunteering.forbidden', 'only community staff, grid workers and officials organise volunteers');
  return scope;
}

/** A manual claim is decided by a leader of its team, never by the volunteer who claimed it. */
export function requireDecider(actor: Actor, ledBy: { leaderUserIds: string[]; claimantUserId: string | null }) {
  if (ledBy.claimantUserId === actor.userId) throw forbidden('hours.own_claim', 'a volunteer may not approve their own hours');
  if (!ledBy.leaderUserIds.includes(actor.userId)) throw forbidden('hours.not_team_leader', 'only a leader of the team approves its manual hours');
}
