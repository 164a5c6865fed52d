// Who may see, change and unmask resident records. Lists are always masked; unmasking is a
// separate, audited act for the roles whose work needs it.
import type { Role } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Scope, isEmpty, scopeOf } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';

const VIEWERS: readonly Role[] = ['district_admin', 'district_official', 'hotline_operator', 'street_official', 'community_staff', 'grid_worker', 'resident'];
/** Community staff keep the register; grid workers collect and correct it in the field. */
const EDITORS: readonly Role[] = ['community_staff', 'grid_worker'];
/** Field workers contact residents, and a resident may see their own data. */
const REVEALERS: readonly Role[] = ['community_staff', 'grid_worker', 'resident'];
/** Hotline operators call people back, so they may unmask a phone number but not an ID number. */
const PHONE_REVEALERS: readonly Role[] = ['hotline_operator'];

export function viewScope(actor: Actor): Scope {
  const scope = scopeOf(actor, VIEWERS);
  if (isEmpty(scope)) throw forbidden('people.forbidden', 'your roles do not include the resident register');
  return scope;
}

export function editScope(actor: Actor): Scope {
  const scope = scopeOf(actor, EDITORS);
  if (isEmpty(scope)) throw forbidden('people.edit_forbidden', 'only community staff and grid workers change the register');
  return scope;
}

export function revealScope(actor: Actor, fields: readonly ('idNumber' | 'phone')[]): Scope {
  const roles = fields.includes('idNumber') ? REVEALERS : [...REVEALERS, ...PHONE_REVEALERS];
  const scope = scopeOf(actor, roles);
  if (isEmpty(scope)) throw forbidden('people.reveal_forbidden', 'your role may not see unmasked personal data');
  return scope;
}
