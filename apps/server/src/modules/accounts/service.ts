// Accounts: logging in and out, one's own preferences and password, and (for district admins)
// users and the roles granted to them on areas, grids and organisations.
import crypto from 'node:crypto';
import { type Assignment, type Me, type Role, roleScope } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { hashPassword, verifyPassword, decoyHash } from '../../platform/auth/password.ts';
import { createSession, destroySession, destroyUserSessions, loadAssignments, type ActorAssignment } from '../../platform/auth/index.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.ts';
import { AccountsRepository } from './repository.ts';
import { assertCanManageAccounts } from './policy.ts';
import type { InsightService } from '../insight/service.ts';
import { trackAccounts } from './insight.ts';

const WINDOW_MS = 15 * 60_000;

/** Role names for messages composed on the server (the web app translates its own labels). */
const ROLE_NAMES_ZH: Record<Role, string> = {
  district_admin: '区级管理员',
  district_official: '区级领导',
  street_official: '街道干部',
  community_staff: '社区工作者',
  grid_worker: '网格员',
  department_staff: '部门人员',
  provider_staff: '服务机构人员',
  hotline_operator: '热线坐席',
  volunteer: '志愿者',
  resident: '居民',
};

const toAssignment = (a: ActorAssignment): Assignment => ({ id: a.id, role: a.role, areaId: a.areaId, gridId: a.gridId, orgId: a.orgId, scopeName: a.scopeName });

export class AccountsService {
  private readonly repo: AccountsRepository;
  constructor(private readonly ctx: AppContext & { insight?: InsightService }) {
    this.repo = new AccountsRepository(ctx.db);
  }

  async login(username: string, password: string, ip: string, userAgent: string | undefined) {
    const { db, config } = this.ctx;
    const failures = await this.repo.recentFailures(username, ip, new Date(Date.now() - WINDOW_MS));
    if (failures.byUser >= config.loginMaxFailures || failures.byIp >= config.loginMaxFailures * 10) {
      throw new AppError('auth.rate_limited', 'rate_limited', 'too many failed logins; try again in 15 minutes', undefined, { 'retry-after': String(WINDOW_MS / 1000) });
    }
    const user = await this.repo.findUserByUsername(username);
    // Verify against a decoy when the user is unknown, so response time does not reveal usernames.
    const ok = (await verifyPassword(user?.passwordHash ?? (await decoyHash()), password)) && user?.status === 'active';
    await this.repo.recordAttempt(username, ip, Boolean(ok));
    if (!ok || !user) throw new AppError('auth.invalid_credentials', 'unauthenticated', 'wrong username or password');
    return db.tx(async (q) => {
      const session = await createSession(db, user.id, config.sessionHours, ip, userAgent);
      await q.updateTable('users').set({ lastLoginAt: new Date() }).where('id', '=', user.id).execute();
      await audit(db, { userId: user.id, displayName: user.displayName, username: user.username, ip }, user.districtId, { action: 'auth.login', entityType: 'user', entityId: user.id });
      return { ...session, user: await this.me(user.id) };
    });
  }

  logout(token: string) {
    return destroySession(this.ctx.db, token);
  }

  async me(userId: string): Promise<Me> {
    const user = await this.ctx.db.q.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    const district = await this.repo.districtName(user.districtId);
    const assignments = await loadAssignments(this.ctx.db, userId);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      districtId: user.districtId,
      districtName: district?.name ?? user.districtId,
      personId: user.personId,
      locale: user.locale === 'en' ? 'en' : 'zh-CN',
      elderMode: user.elderMode,
      mustChangePassword: user.mustChangePassword,
      roles: assignments.map(toAssignment),
    };
  }

  async updatePreferences(actor: Actor, prefs: { locale?: 'zh-CN' | 'en'; elderMode?: boolean }) {
    await this.ctx.db.tx(async (q) => {
      await q.updateTable('users').set({ ...prefs, updatedAt: new Date() }).where('id', '=', actor.userId).execute();
    });
    return this.me(actor.userId);
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string) {
    const user = await this.repo.findUser(actor.districtId, actor.userId);
    if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) throw fieldError('currentPassword', 'wrong password', 'auth.wrong_password');
    if (currentPassword === newPassword) throw fieldError('newPassword', 'must differ from the current password');
    const hash = await hashPassword(newPassword);
    await this.ctx.db.tx(async (q) => {
      await q.updateTable('users').set({ passwordHash: hash, mustChangePassword: false, updatedAt: new Date() }).where('id', '=', actor.userId).execute();
      await destroyUserSessions(this.ctx.db, actor.userId);
      await audit(this.ctx.db, actor, actor.districtId, { action: 'user.change_password', entityType: 'user', entityId: actor.userId });
    });
  }

  // --- administration -------------------------------------------------------------------------

  async listUsers(actor: Actor, q: string | undefined, page: number, pageSize: number) {
    assertCanManageAccounts(actor);
    const { items, total } = await this.repo.listUsers(actor.districtId, q, page, pageSize);
    const withRoles = await Promise.all(
      items.map(async (u) => ({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        status: u.status,
        lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
        roles: (await loadAssignments(this.ctx.db, u.id)).map(toAssignment),
      })),
    );
    return { items: withRoles, total, page, pageSize };
  }

  async createUser(actor: Actor, input: { username: string; displayName: string; password: string; personId?: string }) {
    assertCanManageAccounts(actor);
    const hash = await hashPassword(input.password);
    return this.ctx.db.tx(async (q) => {
      if (await this.repo.findUserByUsername(input.username)) throw new AppError('user.username_taken', 'conflict', 'that username is taken', [{ path: 'username', message: 'taken' }]);
      if (input.personId) {
        const person = await q.selectFrom('persons').select('id').where('districtId', '=', actor.districtId).where('id', '=', input.personId).executeTakeFirst();
        if (!person) throw fieldError('personId', 'no such resident in this district');
      }
      const id = crypto.randomUUID();
      const registered = await trackAccounts(this.ctx, actor.districtId, { userIds: [id] });
      await q.insertInto('users').values({ id, districtId: actor.districtId, username: input.username, passwordHash: hash, displayName: input.displayName, personId: input.personId ?? null }).execute();
      await registered.apply();
      await audit(this.ctx.db, actor, actor.districtId, { action: 'user.create', entityType: 'user', entityId: id, details: { username: input.username } });
      return this.userSummary(actor.districtId, id);
    });
  }

  async updateUser(actor: Actor, id: string, input: { displayName?: string; status?: 'active' | 'disabled'; password?: string }) {
    assertCanManageAccounts(actor);
    const hash = input.password ? await hashPassword(input.password) : undefined;
    return this.ctx.db.tx(async (q) => {
      const user = await this.repo.findUser(actor.districtId, id);
      if (!user) throw notFound('user');
      if (id === actor.userId && input.status === 'disabled') throw conflict('user.cannot_disable_self', 'you cannot disable your own account');
      await q
        .updateTable('users')
        .set({ ...(input.displayName ? { displayName: input.displayName } : {}), ...(input.status ? { status: input.status } : {}), ...(hash ? { passwordHash: hash, mustChangePassword: true } : {}), updatedAt: new Date() })
        .where('id', '=', id)
        .execute();
      // A reset password or a disabled account ends every open session of that user.
      if (hash || input.status === 'disabled') await destroyUserSessions(this.ctx.db, id);
      await audit(this.ctx.db, actor, actor.districtId, {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        details: { displayName: input.displayName, status: input.status, passwordReset: Boolean(hash) },
      });
      return this.userSummary(actor.districtId, id);
    });
  }

  async grantRole(actor: Actor, userId: string, input: { role: Role; areaId?: string; gridId?: string; orgId?: string }) {
    assertCanManageAccounts(actor);
    const d = actor.districtId;
    return this.ctx.db.tx(async (q) => {
      const user = await this.repo.findUser(d, userId);
      if (!user) throw notFound('user');
      const target = { areaId: null as string | null, gridId: null as string | null, orgId: null as string | null };
      const kind = roleScope[input.role];
      if (kind === 'district') {
        const root = await this.repo.districtRoot(d);
        if (!root) throw notFound('area', 'the district has no root area');
        target.areaId = root.id;
      } else if (kind === 'area') {
        const wanted = input.role === 'street_official' ? 'street' : 'community';
        if (!input.areaId) throw fieldError('areaId', `required: the ${wanted} this role is granted on`);
        const area = await this.repo.area(d, input.areaId);
        if (!area) throw fieldError('areaId', 'no such area in this district');
        if (area.level !== wanted) throw fieldError('areaId', `must be a ${wanted}, not a ${area.level}`);
        target.areaId = area.id;
      } else if (kind === 'grid') {
        if (!input.gridId) throw fieldError('gridId', 'required: the grid this role is granted on');
        if (!(await this.repo.grid(d, input.gridId))) throw fieldError('gridId', 'no such grid in this district');
        target.gridId = input.gridId;
      } else if (kind === 'org') {
        const wanted = input.role === 'department_staff' ? 'department' : 'provider';
        if (!input.orgId) throw fieldError('orgId', `required: the ${wanted} this role is granted on`);
        const org = await this.repo.organisation(d, input.orgId);
        if (!org) throw fieldError('orgId', 'no such organisation in this district');
        if (org.kind !== wanted) throw fieldError('orgId', `must be a ${wanted}, not a ${org.kind}`);
        target.orgId = org.id;
      } else if (kind === 'self' && !user.personId) {
        throw new AppError('user.no_person', 'unprocessable', 'link the account to a resident record before granting the resident role');
      }
      const id = crypto.randomUUID();
      const placed = await trackAccounts(this.ctx, d, { userIds: [userId] });
      await q.insertInto('roleAssignments').values({ districtId: d, id, userId, role: input.role, ...target, grantedBy: actor.userId }).execute();
      await placed.apply();
      await audit(this.ctx.db, actor, d, { action: 'user.grant_role', entityType: 'user', entityId: userId, details: { role: input.role, ...target } });
      const granted = (await loadAssignments(this.ctx.db, userId)).find((a) => a.id === id)!;
      await this.ctx.notifier.notify(d, [userId], {
        kind: 'role.granted',
        title: `您获得了新角色：${ROLE_NAMES_ZH[input.role]}${granted.scopeName ? `（${granted.scopeName}）` : ''}`,
        body: `由 ${actor.displayName} 授予`,
        link: '/',
      });
      return toAssignment(granted);
    });
  }

  async revokeRole(actor: Actor, userId: string, assignmentId: string) {
    assertCanManageAccounts(actor);
    await this.ctx.db.tx(async (q) => {
      const res = await q
        .updateTable('roleAssignments')
        .set({ revokedAt: new Date() })
        .where('districtId', '=', actor.districtId)
        .where('userId', '=', userId)
        .where('id', '=', assignmentId)
        .where('revokedAt', 'is', null)
        .executeTakeFirst();
      if (!res.numUpdatedRows) throw notFound('role_assignment');
      await audit(this.ctx.db, actor, actor.districtId, { action: 'user.revoke_role', entityType: 'user', entityId: userId, details: { assignmentId } });
    });
  }

  async organisations(actor: Actor, kind: string | undefined) {
    const rows = await this.repo.organisations(actor.districtId, kind);
    return { items: rows };
  }

  private async userSummary(districtId: string, id: string) {
    const u = (await this.repo.findUser(districtId, id))!;
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      status: u.status,
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      roles: (await loadAssignments(this.ctx.db, id)).map(toAssignment),
    };
  }
}
