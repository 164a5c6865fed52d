// Cookie sessions stored server-side. The cookie holds a random token; the table holds only its
// SHA-256, so a leaked table cannot be replayed. Each session has its own CSRF token.
import crypto from 'node:crypto';
import type { Role } from '@linli/contracts';
import type { Database } from '../db/database.ts';
import type { Actor, ActorAssignment } from './actor.ts';

export const SESSION_COOKIE = 'linli_session';

const sha256 = (v: string) => crypto.createHash('sha256').update(v).digest('hex');
const randomToken = () => crypto.randomBytes(32).toString('base64url');

export async function createSession(db: Database, userId: string, hours: number, ip: string, userAgent: string | undefined) {
  const token = randomToken();
  const csrfToken = randomToken();
  await db.q
    .insertInto('sessions')
    .values({ idHash: sha256(token), userId, csrfToken, expiresAt: new Date(Date.now() + hours * 3600_000), ip, userAgent: userAgent?.slice(0, 200) ?? null })
    .execute();
  return { token, csrfToken };
}

export async function destroySession(db: Database, token: string) {
  await db.q.deleteFrom('sessions').where('idHash', '=', sha256(token)).execute();
}

export async function destroyUserSessions(db: Database, userId: string) {
  await db.q.deleteFrom('sessions').where('userId', '=', userId).execute();
}

/** Load the assignments of a user, each with the area path it covers and a readable scope name. */
export async function loadAssignments(db: Database, userId: string): Promise<ActorAssignment[]> {
  const rows = await db.q
    .selectFrom('roleAssignments as r')
    .leftJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'r.districtId').onRef('a.id', '=', 'r.areaId'))
    .leftJoin('grids as g', (j) => j.onRef('g.districtId', '=', 'r.districtId').onRef('g.id', '=', 'r.gridId'))
    .leftJoin('organisations as o', (j) => j.onRef('o.districtId', '=', 'r.districtId').onRef('o.id', '=', 'r.orgId'))
    .select(['r.id', 'r.role', 'r.areaId', 'r.gridId', 'r.orgId', 'a.path as areaPath', 'a.name as areaName', 'g.areaPath as gridCommunityPath', 'g.name as gridName', 'o.name as orgName'])
    .where('r.userId', '=', userId)
    .where('r.revokedAt', 'is', null)
    .orderBy('r.createdAt')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    role: r.role as Role,
    areaId: r.areaId,
    areaPath: r.areaPath ?? r.gridCommunityPath ?? null,
    gridId: r.gridId,
    orgId: r.orgId,
    scopeName: r.areaName ?? r.gridName ?? r.orgName ?? null,
  }));
}

export async function loadSession(db: Database, token: string, ip: string): Promise<{ actor: Actor; csrfToken: string } | null> {
  const row = await db.q
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .select(['s.idHash', 's.csrfToken', 's.expiresAt', 's.lastSeenAt', 'u.id', 'u.username', 'u.displayName', 'u.districtId', 'u.personId', 'u.status', 'u.mustChangePassword'])
    .where('s.idHash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.status !== 'active' || row.expiresAt.getTime() < Date.now()) return null;
  if (Date.now() - row.lastSeenAt.getTime() > 5 * 60_000) {
    await db.q.updateTable('sessions').set({ lastSeenAt: new Date() }).where('idHash', '=', row.idHash).execute();
  }
  const assignments = await loadAssignments(db, row.id);
  return {
    csrfToken: row.csrfToken,
    actor: {
      userId: row.id,
      username: row.username,
      displayName: row.displayName,
      districtId: row.districtId,
      personId: row.personId,
      assignments,
      roles: new Set(assignments.map((a) => a.role)),
      ip,
      mustChangePassword: row.mustChangePassword,
    },
  };
}

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
