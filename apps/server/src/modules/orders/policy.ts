// Who may see and move service orders, and who supervises them, as plain functions of (actor, order).
// A provider sees only the orders assigned to it, a street only its street, a resident their own.
import type { Role } from '@linli/contracts';
import { type Actor, hasRole, orgIds } from '../../platform/auth/actor.ts';
import { type Scope, covers, isEmpty, scopeOf } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';
import type { Party } from './state-machine.ts';

/** The micro-service centre of a place: its street's officials and its community's staff. */
export const CENTRE_ROLES: readonly Role[] = ['street_official', 'community_staff'];
/** Roles that see orders by area: the centre, the district, and the 24-hour hotline (district-wide). */
const AREA_VIEWER_ROLES: readonly Role[] = [...CENTRE_ROLES, 'district_official', 'district_admin', 'hotline_operator'];
/** Who supervises: the centres for their area, the district for all. */
const SUPERVISOR_ROLES: readonly Role[] = [...CENTRE_ROLES, 'district_official', 'district_admin'];

export interface OrderView {
  scope: Scope;
  /** Providers whose assigned orders the actor sees. */
  providerIds: string[];
  /** Orders placed by the actor. */
  userId: string;
  /** Orders for the actor as a resident. */
  personId: string | null;
}

export interface OrderForPolicy {
  areaPath: string;
  providerId: string | null;
  personId: string;
  orderedBy: string;
}

export function orderView(actor: Actor): OrderView {
  return { scope: scopeOf(actor, AREA_VIEWER_ROLES), providerIds: orgIds(actor, 'provider_staff'), userId: actor.userId, personId: hasRole(actor, 'resident') ? actor.personId : null };
}

export function centreScope(actor: Actor): Scope {
  return scopeOf(actor, CENTRE_ROLES);
}

/** The parties of the state machine this actor holds for this order. */
export function partiesFor(actor: Actor, o: OrderForPolicy): Set<Party> {
  const parties = new Set<Party>();
  if (covers(centreScope(actor), { areaPath: o.areaPath })) parties.add('centre');
  if (o.providerId && orgIds(actor, 'provider_staff').includes(o.providerId)) parties.add('provider');
  if ((hasRole(actor, 'resident') && actor.personId === o.personId) || o.orderedBy === actor.userId) parties.add('customer');
  return parties;
}

export function supervisorScope(actor: Actor): Scope {
  const scope = scopeOf(actor, SUPERVISOR_ROLES);
  if (isEmpty(scope)) throw forbidden('supervision.forbidden', 'only the micro-service centres and the district supervise services');
  return scope;
}

/** Staff may unmask a recipient's phone to reach them: the assigned provider, the centre, the hotline. */
export function canRevealContact(actor: Actor, parties: ReadonlySet<Party>): boolean {
  return parties.has('provider') || parties.has('centre') || hasRole(actor, 'hotline_operator');
}

/** Provider performance: the district and street officials see every provider; a provider's staff its own. */
export function performanceView(actor: Actor): { all: boolean; providerIds: string[] } {
  if (hasRole(actor, 'district_admin', 'district_official', 'street_official', 'community_staff')) return { all: true, providerIds: [] };
  const own = orgIds(actor, 'provider_staff');
  if (own.length) return { all: false, providerIds: own };
  throw forbidden('performance.forbidden', 'only officials and providers see provider performance');
}

/** Service statistics: by area for officials and centres. */
export function statsScope(actor: Actor): Scope {
  const scope = scopeOf(actor, ['district_admin', 'district_official', 'street_official', 'community_staff']);
  if (isEmpty(scope)) throw forbidden('stats.forbidden', 'only officials and centres see service statistics');
  return scope;
}
