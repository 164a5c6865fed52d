// Who acts for a community's party organisation: its community staff (the community party
// committee's working body), and street and district officials above them. A member reported to a
// community sees that community's service list; a branch secretary keeps their branch's activities.
import type { Role } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Scope, covers, isEmpty, scopeOf } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';

const ORGANISATION_ROLES: readonly Role[] = ['community_staff', 'street_official', 'district_official', 'district_admin'];

export function organisationScope(actor: Actor): Scope {
  return scopeOf(actor, ORGANISATION_ROLES);
}

export function requireOrganisation(actor: Actor): Scope {
  const scope = organisationScope(actor);
  if (isEmpty(scope)) throw forbidden('party.forbidden', 'only the community\'s party organisation (community staff and officials) does this');
  return scope;
}

export function requireOrganisationFor(actor: Actor, areaPath: string) {
  if (!covers(organisationScope(actor), { areaPath })) throw forbidden('party.forbidden', 'only this community\'s party organisation does this');
}
