// Who may run a community's huts, activities and loans, as plain functions of the actor. Residents
// and helpers act on their own items, loans and sign-ups; the service checks that by ownership.
import type { Role } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Scope, covers, isEmpty, scopeOf } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';

/** Staff who run a community's huts: open them, name keepers, set themes, settle loans. */
const MANAGER_ROLES: readonly Role[] = ['community_staff', 'street_official', 'district_admin'];

export function managerScope(actor: Actor): Scope {
  return scopeOf(actor, MANAGER_ROLES);
}

export function requireManagerFor(actor: Actor, areaPath: string, code = 'sharing.forbidden'): void {
  if (!covers(managerScope(actor), { areaPath })) throw forbidden(code, 'only staff of this community run its huts');
}

export function requireManager(actor: Actor): Scope {
  const scope = managerScope(actor);
  if (isEmpty(scope)) throw forbidden('sharing.forbidden', 'only community staff and officials run the huts');
  return scope;
}

/**
 * Who may organise activities in a place: its managers, and social workers of an organisation
 * based there ("社工参与"). orgPaths are the areas of the actor's organisations.
 */
export function requireOrganiserFor(actor: Actor, areaPath: string, orgPaths: readonly string[]): void {
  if (covers(managerScope(actor), { areaPath })) return;
  if (actor.roles.has('provider_staff') && orgPaths.some((p) => areaPath.startsWith(p))) return;
  throw forbidden('activity.forbidden', 'only staff of this community and its social workers organise activities here');
}

/** A place for the caller to browse the huts at all. */
export function requireMember(scope: Scope): Scope {
  if (isEmpty(scope)) throw forbidden('sharing.forbidden', 'the shared huts are for residents, helpers and staff of a community');
  return scope;
}
