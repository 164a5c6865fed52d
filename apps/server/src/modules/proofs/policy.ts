// Who may issue, revoke and see proofs. An issuer is a community (its staff act for it) or an
// organisation such as a department (its staff act for it); the district admin authorises issuers.
import type { Role } from '@linli/contracts';
import { type Actor, hasRole, orgIds } from '../../platform/auth/actor.ts';
import { type Scope, scopeOf } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';

/** Who sees proofs about subjects in their area (besides the issuers' own staff). */
const VIEWERS: readonly Role[] = ['district_admin', 'district_official', 'street_official', 'community_staff', 'grid_worker', 'resident'];

export interface IssuerRow {
  id: string;
  kind: 'organisation' | 'area';
  orgId: string | null;
  areaPath: string | null;
}

/** May this actor sign for this issuer? Community staff for their community, department staff for their department. */
export function actsFor(actor: Actor, issuer: IssuerRow): boolean {
  if (issuer.kind === 'organisation') return !!issuer.orgId && orgIds(actor, 'department_staff', 'provider_staff').includes(issuer.orgId);
  return actor.assignments.some((a) => a.role === 'community_staff' && !a.gridId && a.areaPath && issuer.areaPath?.startsWith(a.areaPath));
}

export function viewScope(actor: Actor): Scope {
  return scopeOf(actor, VIEWERS);
}

export function requireAdmin(actor: Actor) {
  if (!hasRole(actor, 'district_admin')) throw forbidden('proofs.admin_only', 'only the district admin authorises issuers');
}

export function requireIssuerRole(actor: Actor) {
  if (!hasRole(actor, 'community_staff', 'department_staff', 'provider_staff')) throw forbidden('proofs.not_an_issuer', 'your role does not issue proofs');
}
