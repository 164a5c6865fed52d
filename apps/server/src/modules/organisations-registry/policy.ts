// Who keeps the registry. Registration (登记) is with the district's civil affairs bureau, so
// registered organisations are kept by district officials; filing (备案) is with the street, so
// filed ones are kept by street officials and community staff of their area. An organisation's own
// staff (provider_staff of its linked organisation) keep its social workers and projects.
import type { Role } from '@linli/contracts';
import { type Actor, hasRole, orgIds } from '../../platform/auth/actor.ts';
import { type Scope, covers, isEmpty, scopeOf } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';

const DISTRICT_KEEPERS: readonly Role[] = ['district_admin', 'district_official'];
const AREA_KEEPERS: readonly Role[] = ['street_official', 'community_staff'];
/** Social workers are personal data: staff of the area, and the organisations that employ them. */
const WORKER_VIEWERS: readonly Role[] = ['district_admin', 'district_official', 'street_official', 'community_staff'];

export function isDistrictKeeper(actor: Actor): boolean {
  return hasRole(actor, ...DISTRICT_KEEPERS);
}

export function requireOrgKeeper(actor: Actor, registration: 'registered' | 'filed', areaPath: string) {
  if (isDistrictKeeper(actor)) return;
  if (registration === 'filed' && covers(scopeOf(actor, AREA_KEEPERS), { areaPath })) return;
  throw forbidden('registry.forbidden', registration === 'registered' ? 'registered organisations are kept by the district' : 'filed organisations are kept by their street and community');
}

/** Keep an organisation's workers and projects: the district, or the organisation's own staff. */
export function requireOrgStaff(actor: Actor, linkedOrgId: string | null, areaPath: string, code = 'registry.forbidden') {
  if (isDistrictKeeper(actor)) return;
  if (linkedOrgId && orgIds(actor, 'provider_staff').includes(linkedOrgId)) return;
  if (covers(scopeOf(actor, ['street_official']), { areaPath })) return;
  throw forbidden(code, 'only the district, the street or the organisation\'s own staff do this');
}

export function workerViewScope(actor: Actor): { scope: Scope; orgIds: string[] } {
  const scope = scopeOf(actor, WORKER_VIEWERS);
  const orgs = orgIds(actor, 'provider_staff');
  if (isEmpty(scope) && !orgs.length) throw forbidden('registry.workers_forbidden', 'the social-worker register is open to staff and to the employing organisations');
  return { scope, orgIds: orgs };
}
