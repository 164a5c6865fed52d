// Who maintains the catalogue, what streets offer, provider profiles, schedules and facilities.
// Reading the catalogue is open to every signed-in user: residents browse it.
import type { OrderChannel, Role } from '@linli/contracts';
import { type Actor, hasRole, orgIds } from '../../platform/auth/actor.ts';
import { covers, scopeOf } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';

/** The district's civil-affairs side keeps the catalogue and the providers' register. */
const DISTRICT_ROLES: readonly Role[] = ['district_admin', 'district_official'];

export function requireCatalogueEditor(actor: Actor) {
  if (!hasRole(actor, ...DISTRICT_ROLES)) throw forbidden('catalogue.forbidden', 'only district administrators and officials maintain the service catalogue');
}

/** A street's centre chooses what it offers; the district may set it for any street. */
export function requireStreetManager(actor: Actor, street: { path: string }) {
  if (hasRole(actor, ...DISTRICT_ROLES)) return;
  if (covers(scopeOf(actor, ['street_official']), { areaPath: street.path })) return;
  throw forbidden('catalogue.street_forbidden', 'only officials of this street (or the district) change what it offers');
}

/** Registering a facility or changing what it is and where: the district, or the officials of its street. */
export function requireFacilityKeeper(actor: Actor, street: { path: string }) {
  if (hasRole(actor, ...DISTRICT_ROLES)) return;
  if (covers(scopeOf(actor, ['street_official']), { areaPath: street.path })) return;
  throw forbidden('facility.forbidden', 'only officials of the facility\'s street (or the district) register and change facilities');
}

/** 'full': every field; 'own': a provider's own staff keep capacity, qualifications and phone. */
export function providerEditRights(actor: Actor, orgId: string): 'full' | 'own' {
  if (hasRole(actor, ...DISTRICT_ROLES)) return 'full';
  if (orgIds(actor, 'provider_staff').includes(orgId)) return 'own';
  throw forbidden('provider.forbidden', 'only the district or the provider\'s own staff change a provider\'s profile');
}

/** A facility's operator and its street's officials manage its schedule and menus. */
export function requireFacilityManager(actor: Actor, facility: { areaPath: string; orgId: string | null }) {
  if (hasRole(actor, ...DISTRICT_ROLES)) return;
  if (covers(scopeOf(actor, ['street_official']), { areaPath: facility.areaPath })) return;
  if (facility.orgId && orgIds(actor, 'provider_staff').includes(facility.orgId)) return;
  throw forbidden('facility.forbidden', 'only the facility\'s operator, its street or the district manage it');
}

/**
 * How an order for this resident would be recorded, or null when the actor may not order for
 * them: the resident themselves, the 24-hour hotline on anyone's behalf, centre staff for
 * residents of their street or community, or a family member of the same household.
 */
export function orderingChannel(actor: Actor, person: { id: string; areaPath: string; householdId: string | null }, actorHouseholdId: string | null): OrderChannel | null {
  if (actor.personId === person.id && hasRole(actor, 'resident')) return 'self';
  if (hasRole(actor, 'hotline_operator')) return 'hotline';
  if (covers(scopeOf(actor, ['community_staff', 'street_official']), { areaPath: person.areaPath })) return 'staff';
  if (hasRole(actor, 'resident') && actorHouseholdId && actorHouseholdId === person.householdId) return 'family';
  return null;
}
