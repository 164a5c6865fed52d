// Who records and sees patrols: a grid worker patrols their own grids; the community, street and
// district see the patrols in their area.
import type { Role } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Scope, isEmpty, scopeOf } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';

const VIEWERS: readonly Role[] = ['grid_worker', 'community_staff', 'street_official', 'district_official', 'district_admin'];

export function patrolViewScope(actor: Actor): Scope {
  const scope = scopeOf(actor, VIEWERS);
  if (isEmpty(scope)) throw forbidden('patrol.forbidden', 'your roles do not include patrols');
  return scope;
}

/** Patrols are recorded by the grid worker of the grid. */
export function requirePatrolOf(actor: Actor, gridId: string) {
  if (!actor.assignments.some((a) => a.role === 'grid_worker' && a.gridId === gridId)) {
    throw forbidden('patrol.not_your_grid', 'a patrol is recorded by a grid worker of that grid');
  }
}

/** Overdue visits are listed for grid workers (their grids) and community staff (their community). */
export function visitListScope(actor: Actor): Scope {
  const scope = scopeOf(actor, ['grid_worker', 'community_staff', 'street_official', 'district_official']);
  if (isEmpty(scope)) throw forbidden('visit.forbidden', 'your roles do not include visits');
  return scope;
}
