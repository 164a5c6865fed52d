// The acting user of a request: who they are and, through their role assignments, where they may act.
import type { Role } from '@linli/contracts';

export interface ActorAssignment {
  id: string;
  role: Role;
  areaId: string | null;
  /** For area grants: the area's path; for grid grants: the path of the grid's community. */
  areaPath: string | null;
  gridId: string | null;
  orgId: string | null;
  scopeName: string | null;
}

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  districtId: string;
  personId: string | null;
  assignments: ActorAssignment[];
  roles: ReadonlySet<Role>;
  ip: string;
  /** After an administrator's reset: only the password change (and who am I) are open. */
  mustChangePassword?: boolean;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.has(r));
}

/** The organisations (departments, providers) an actor acts for under the given roles. */
export function orgIds(actor: Actor, ...roles: Role[]): string[] {
  return actor.assignments.filter((a) => roles.includes(a.role) && a.orgId).map((a) => a.orgId!);
}
