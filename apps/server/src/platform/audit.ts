// The audit log: every change and every unmasked read of personal data, appended in the same
// transaction as the act itself, so an act and its record stand or fall together.
import type { Actor } from './auth/actor.ts';
import type { Database } from './db/database.ts';

export interface AuditEvent {
  action: string; // e.g. person.create, person.reveal, user.grant_role
  entityType: string;
  entityId?: string | null;
  areaPath?: string | null;
  details?: Record<string, unknown>;
}

export async function audit(db: Database, actor: Pick<Actor, 'userId' | 'displayName' | 'username' | 'ip'> | null, districtId: string, event: AuditEvent): Promise<void> {
  await db.q
    .insertInto('auditLog')
    .values({
      districtId,
      actorId: actor?.userId ?? null,
      actorName: actor ? `${actor.displayName} (${actor.username})` : null,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId ?? null,
      areaPath: event.areaPath ?? null,
      details: JSON.stringify(event.details ?? {}),
      ip: actor?.ip ?? null,
    })
    .execute();
}
