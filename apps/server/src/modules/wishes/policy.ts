// Who keeps a community's micro-wishes and pairings: its staff publish and confirm; grid workers
// and officials see them as staff do. Helpers act by being volunteers, party members or social
// organisations (decided by the shared-hut neighbourhood), and claimers by holding the wish.
import type { Role } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Scope, covers, scopeOf } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';

const KEEPERS: readonly Role[] = ['community_staff', 'street_official', 'district_admin'];
const OVERSEERS: readonly Role[] = [...KEEPERS, 'district_official', 'grid_worker'];

/** Staff who publish wishes and pairings and confirm them. */
export function keeperScope(actor: Actor): Scope {
  return scopeOf(actor, KEEPERS);
}

/** Staff who see the whole record of a community's wishes (grid workers: their grid's community). */
export function overseerScope(actor: Actor): Scope {
  const scope = scopeOf(actor, OVERSEERS);
  for (const a of actor.assignments) if (a.role === 'grid_worker' && a.areaPath && !scope.paths.includes(a.areaPath)) scope.paths.push(a.areaPath);
  scope.gridIds = [];
  return scope;
}

export function requireKeeperFor(actor: Actor, areaPath: string, code = 'wish.forbidden'): void {
  if (!covers(keeperScope(actor), { areaPath })) throw forbidden(code, 'only staff of the resident\'s community do this');
}
