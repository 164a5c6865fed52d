// Who may manage accounts: district admins, within their own district.
import type { Actor } from '../../platform/auth/actor.ts';
import { hasRole } from '../../platform/auth/actor.ts';
import { forbidden } from '../../platform/errors.ts';

export function assertCanManageAccounts(actor: Actor): void {
  if (!hasRole(actor, 'district_admin')) throw forbidden('accounts.forbidden', 'only a district admin manages accounts');
}
