// Who may connect sources, import, and settle conflicts and duplicates: staff who keep the register
// for an area (community staff, street officials) and the district admin, each within their area.
import type { Role } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Scope, isEmpty, scopeOf } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';

const IMPORTERS: readonly Role[] = ['district_admin', 'street_official', 'community_staff'];

export function importScope(actor: Actor): Scope {
  const scope = scopeOf(actor, IMPORTERS);
  if (isEmpty(scope)) throw forbidden('imports.forbidden', 'only register staff import data');
  return scope;
}
