// Who sees the district cloud platform: district officials everything, street officials and
// community staff the same views for their own area (the data is opened to them by scope).
import type { Role } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { isEmpty, scopeOf, type Scope } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';

export const INSIGHT_VIEWERS: readonly Role[] = ['district_admin', 'district_official', 'street_official', 'community_staff'];
/** Marking candidate premises and running siting: people who decide where services go. */
export const INSIGHT_PLANNERS: readonly Role[] = ['district_admin', 'district_official', 'street_official'];

export function viewScope(actor: Actor): Scope {
  const scope = scopeOf(actor, INSIGHT_VIEWERS);
  if (isEmpty(scope)) throw forbidden('insight.forbidden', 'your roles do not include the district platform');
  return scope;
}

export function planScope(actor: Actor): Scope {
  const scope = scopeOf(actor, INSIGHT_PLANNERS);
  if (isEmpty(scope)) throw forbidden('insight.forbidden', 'only street and district officials plan new sites');
  return scope;
}

export function rebuildAllowed(actor: Actor): void {
  if (!actor.roles.has('district_admin')) throw forbidden('insight.forbidden', 'only a district administrator rebuilds the roll-ups');
}

/** The outermost paths of a scope (an area inside another granted area is dropped). */
export function topPaths(scope: Scope): string[] {
  return [...new Set(scope.paths)].filter((p, _, all) => !all.some((q) => q !== p && p.startsWith(q)));
}
