// Open311: reading is public (only cases of types offered as services); submitting needs an API
// key; keys are managed by the district administrator.
import type { Actor } from '../../platform/auth/actor.ts';
import { hasRole } from '../../platform/auth/actor.ts';
import { forbidden } from '../../platform/errors.ts';

export function requireKeyAdmin(actor: Actor) {
  if (!hasRole(actor, 'district_admin')) throw forbidden('open311.keys_forbidden', 'only the district administrator manages Open311 API keys');
}
