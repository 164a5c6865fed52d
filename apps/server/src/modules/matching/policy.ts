// Who acts for a resident's need besides the resident: staff of their community ("staff confirm
// or the resident accepts"). Helpers act on their own offers; the service checks that by ownership.
import type { Role } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Scope, scopeOf } from '../../platform/auth/scope.ts';

const STAFF_ROLES: readonly Role[] = ['community_staff', 'street_official', 'district_admin'];

export function staffScope(actor: Actor): Scope {
  return scopeOf(actor, STAFF_ROLES);
}
