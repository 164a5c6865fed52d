// Hut activities: staff and social workers create them (theme, time, place, capacity, target
// group, volunteer roles); residents sign up, onto a waitlist when full, and move up when someone
// cancels; volunteers take roles; everyone checks in at the door with the activity's code; when the
// activity is finished, attendance is fixed and volunteers' hours go to the one ledger.
import crypto from 'node:crypto';
import type { z } from 'zod';
import { type Activity, type ActivityQuery, type CreateActivity, chinaToday } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { covers } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import type { VolunteeringService } from '../volunteering/service.ts';
import type { Neighbourhood } from './neighbourhood.ts';
import { ActivitiesRepository } from './repository.ts';
import { managerScope, requireMember, requireOrganiserFor } from './policy.ts';

type ActivityRow = NonNullable<Awaited<ReturnType<ActivitiesRepository['get']>>>;

/** Check-in opens this long before the start. */
const CHECKIN_OPENS_MS = 60 * 60_000;
/** Wrong door codes a person may try before check-in is locked for them (ask the organiser). */
const MAX_CODE_TRIES = 8;

export class ActivitiesService {
  private readonly repo: ActivitiesRepository;
  constructor(
    private readonly ctx: AppContext & { volunteering: VolunteeringService },
    private readonly places: Neighbourhood,
  ) {
    this.repo = new ActivitiesRepository(ctx.db);
  }

  private async orgPaths(actor: Actor): Promise<string[]> {
    if (!actor.roles.has('provider_staff')) return [];
    const ids = actor.assignments.filter((a) => a.role === 'provider_staff' && a.orgId).map((a) => a.orgId!);
    if (!ids.length) return [];
    const rows = await this.ctx.db.q.selectFrom('organisations').select('areaPath').where('districtId', '=', actor.districtId).where('id', 'in', ids).execute();
    return rows.map((r) => r.areaPath).filter((p): p is string => !!p);
  }

  private async canOrganise(actor: Actor, areaPath: string, orgPaths?: string[]) {
    try {
      requireOrganiserFor(actor, areaPath, orgPaths ?? (await this.orgPaths(actor)));
      return true;
    } catch {
      return false;
    }
  }

  private async present(actor: Actor, rows: ActivityRow[]): Promise<Activity[]> {
    const d = actor.districtId;
    const ids = rows.map((r) => r.id);
    const [roles, mine, orgPaths] = await Promise.all([this.repo.roles(d, ids), this.repo.signupsOf(d, actor.userId, ids), this.orgPaths(actor)]);
    const out: Activity[] = [];
    for (const a of rows) {
      const s = mine.find((m) => m.activityId === a.id && m.status !== 'cancelled');
      const manage = await this.canOrganise(actor, a.areaPath, orgPaths);
      out.push({
        id: a.id,
        communityId: a.communityId,
        communityName: a.communityName,
        hutId: a.hutId,
        hutName: a.hutName ?? null,
        title: a.title,
        theme: a.theme,
        description: a.description,
        place: a.place,
        startsAt: a.startsAt.toISOString(),
        endsAt: a.endsAt.toISOString(),
        capacity: a.capacity,
        targetGroup: a.targetGroup as Activity['targetGroup'],
        status: a.status,
        registered: Number(a.registered ?? 0),
        waitlisted: Number(a.waitlisted ?? 0),
        attended: Number(a.attended ?? 0),
        roles: roles.filter((r) => r.activityId === a.id).map((r) => ({ id: r.id, name: r.name, slots: r.slots, taken: Number(r.taken ?? 0), mine: s?.roleId === r.id })),
        mySignup: s ? { kind: s.kind, status: s.status, roleId: s.roleId, waitlistPosition: s.status === 'waitlisted' ? await this.repo.waitlistPosition(d, a.id, s.userId) : null } : null,
        checkinCode: manage ? a.checkinCode : null,
        canManage: manage,
        createdByName: a.createdByName,
      });
    }
    return out;
  }

  async list(actor: Actor, query: z.infer<typeof ActivityQuery>) {
    const d = actor.districtId;
    const scope = requireMember(await this.places.memberScope(actor));
    const communityPath = query.communityId ? (await this.places.community(d, query.communityId, 'communityId')).path : undefined;
    const { items, total } = await this.repo.list(d, scope, { communityPath, hutId: query.hutId, status: query.status, userId: query.mine === 'true' ? actor.userId : undefined }, query.page, query.pageSize);
    return { items: await this.present(actor, items), total, page: query.page, pageSize: query.pageSize };
  }

  private async visible(actor: Actor, id: string): Promise<ActivityRow> {
    const a = await this.repo.get(actor.districtId, id);
    if (!a || !covers(await this.places.memberScope(actor), { areaPath: a.areaPath })) throw notFound('activity');
    return a;
  }

  async get(actor: Actor, id: string): Promise<Activity> {
    return (await this.present(actor, [await this.visible(actor, id)]))[0]!;
  }

  async create(actor: Actor, input: z.infer<typeof CreateActivity>): Promise<Activity> {
    const d = actor.districtId;
    const community = await this.places.community(d, input.communityId, 'communityId');
    requireOrganiserFor(actor, community.path, await this.orgPaths(actor));
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw fieldError('endsAt', 'must be after startsAt');
    if (endsAt.getTime() <= Date.now()) throw fieldError('endsAt', 'is in the past');
    if (endsAt.getTime() - startsAt.getTime() > 24 * 3600_000) throw fieldError('endsAt', 'an activity lasts at most a day; create one per day');
    const names = input.roles.map((r) => r.name);
    const dup = names.findIndex((n, i) => names.indexOf(n) !== i);
    if (dup >= 0) throw fieldError(`roles.${dup}.name`, 'each role once');
    if (input.hutId) {
      const hut = await this.ctx.db.q.selectFrom('huts').select(['communityId']).where('districtId', '=', d).where('id', '=', input.hutId).executeTakeFirst();
      if (!hut || hut.communityId !== community.id) throw fieldError('hutId', 'no such hut in this community');
    }
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      await q
        .insertInto('activities')
        .values({
          districtId: d,
          id,
          communityId: community.id,
          areaPath: community.path,
          hutId: input.hutId ?? null,
          title: input.title,
          theme: input.theme,
          description: input.description,
          place: input.place,
          startsAt,
          endsAt,
          capacity: input.capacity,
          targetGroup: input.targetGroup,
          // Six digits said aloud or shown on a card at the door.
          checkinCode: String(crypto.randomInt(0, 1_000_000)).padStart(6, '0'),
          createdBy: actor.userId,
          createdByName: actor.displayName,
        })
        .execute();
      if (input.roles.length) await q.insertInto('activityRoles').values(input.roles.map((r) => ({ districtId: d, id: crypto.randomUUID(), activityId: id, name: r.name, slots: r.slots }))).execute();
      await audit(this.ctx.db, actor, d, { action: 'activity.create', entityType: 'activity', entityId: id, areaPath: community.path, details: { title: input.title, capacity: input.capacity, roles: names } });
      this.changed(d, community.path, id);
    });
    return this.get(actor, id);
  }

  private changed(districtId: string, areaPath: string, id: string) {
    this.ctx.db.afterCommit(() => this.ctx.events.publish({ districtId, type: 'sharing.activity', data: { id }, audience: { areaPath } }));
  }

  private open(a: { status: string; endsAt: Date }) {
    if (a.status !== 'open') throw new AppError('activity.closed', 'conflict', `the activity is ${a.status}`, [{ path: 'status', message: `is ${a.status}` }]);
    if (a.endsAt.getTime() <= Date.now()) throw new AppError('activity.over', 'conflict', 'the activity is over', [{ path: 'endsAt', message: 'passed' }]);
  }

  /** A resident signs up: registered while places remain, otherwise onto the waitlist. */
  async signUp(actor: Actor, id: string): Promise<Activity> {
    const d = actor.districtId;
    const a = await this.visible(actor, id);
    this.open(a);
    await this.ctx.db.tx(async (q) => {
      await this.repo.lock(d, id);
      const existing = await this.repo.signup(d, id, actor.userId);
      if (existing && existing.status !== 'cancelled') throw new AppError('activity.already_signed_up', 'conflict', 'you are already signed up', [{ path: 'id', message: existing.status }]);
      const full = (await this.repo.registeredParticipants(d, id)) >= a.capacity;
      const status = full ? ('waitlisted' as const) : ('registered' as const);
      const now = new Date();
      if (existing) await q.updateTable('activitySignups').set({ kind: 'participant', roleId: null, status, queuedAt: now, checkedInAt: null }).where('districtId', '=', d).where('activityId', '=', id).where('userId', '=', actor.userId).execute();
      else await q.insertInto('activitySignups').values({ districtId: d, activityId: id, userId: actor.userId, name: actor.displayName, kind: 'participant', roleId: null, status, queuedAt: now }).execute();
      await audit(this.ctx.db, actor, d, { action: `activity.${status === 'registered' ? 'sign_up' : 'wait'}`, entityType: 'activity', entityId: id, areaPath: a.areaPath });
      this.changed(d, a.areaPath, id);
    });
    return this.get(actor, id);
  }

  /** A volunteer, party member or social worker takes a volunteer role while places remain in it. */
  async takeRole(actor: Actor, id: string, roleId: string): Promise<Activity> {
    const d = actor.districtId;
    const a = await this.visible(actor, id);
    this.open(a);
    if (!(await this.places.helperKind(actor))) throw forbidden('activity.not_volunteer', 'volunteer roles are for registered volunteers, party members and social workers');
    await this.ctx.db.tx(async (q) => {
      await this.repo.lock(d, id);
      const role = await q.selectFrom('activityRoles').selectAll().where('districtId', '=', d).where('id', '=', roleId).where('activityId', '=', id).executeTakeFirst();
      if (!role) throw notFound('activity_role');
      const existing = await this.repo.signup(d, id, actor.userId);
      if (existing && existing.status !== 'cancelled') throw new AppError('activity.already_signed_up', 'conflict', 'you are already signed up; cancel first to change', [{ path: 'roleId', message: existing.status }]);
      if ((await this.repo.takenInRole(d, roleId)) >= role.slots) throw new AppError('activity.role_full', 'conflict', `all ${role.slots} places as ${role.name} are taken`, [{ path: 'roleId', message: 'full' }]);
      const now = new Date();
      if (existing) await q.updateTable('activitySignups').set({ kind: 'volunteer', roleId, status: 'registered', queuedAt: now, checkedInAt: null }).where('districtId', '=', d).where('activityId', '=', id).where('userId', '=', actor.userId).execute();
      else await q.insertInto('activitySignups').values({ districtId: d, activityId: id, userId: actor.userId, name: actor.displayName, kind: 'volunteer', roleId, status: 'registered', queuedAt: now }).execute();
      await audit(this.ctx.db, actor, d, { action: 'activity.take_role', entityType: 'activity', entityId: id, areaPath: a.areaPath, details: { role: role.name } });
      this.changed(d, a.areaPath, id);
    });
    return this.get(actor, id);
  }

  /** Step back; a participant's place goes to the first on the waitlist. */
  async cancelSignup(actor: Actor, id: string): Promise<Activity> {
    const d = actor.districtId;
    const a = await this.visible(actor, id);
    this.open(a);
    await this.ctx.db.tx(async (q) => {
      await this.repo.lock(d, id);
      const s = await this.repo.signup(d, id, actor.userId);
      if (!s || s.status === 'cancelled') throw notFound('activity_signup');
      if (s.status === 'attended') throw conflict('activity.already_attended', 'you have already checked in');
      await q.updateTable('activitySignups').set({ status: 'cancelled' }).where('districtId', '=', d).where('activityId', '=', id).where('userId', '=', actor.userId).execute();
      if (s.kind === 'participant' && s.status === 'registered') {
        const next = await this.repo.firstWaiting(d, id);
        if (next) {
          await q.updateTable('activitySignups').set({ status: 'registered' }).where('districtId', '=', d).where('activityId', '=', id).where('userId', '=', next.userId).execute();
          await this.ctx.notifier.notify(d, [next.userId], { kind: 'sharing.activity', title: `有人退出，您已从候补转为正式报名：${a.title}`, link: `/sharing/activities/${id}` });
        }
      }
      await audit(this.ctx.db, actor, d, { action: 'activity.cancel_signup', entityType: 'activity', entityId: id, areaPath: a.areaPath });
      this.changed(d, a.areaPath, id);
    });
    return this.get(actor, id);
  }

  /**
   * Check in at the door with the code the organiser shows; organisers may check someone in by
   * user id without it. A wrong code is counted (and kept even though the request fails).
   */
  async checkIn(actor: Actor, id: string, input: { code: string; userId?: string }): Promise<Activity> {
    const d = actor.districtId;
    const a = await this.visible(actor, id);
    if (a.status !== 'open') throw new AppError('activity.closed', 'conflict', `the activity is ${a.status}`, [{ path: 'status', message: `is ${a.status}` }]);
    const now = Date.now();
    if (now < a.startsAt.getTime() - CHECKIN_OPENS_MS) throw new AppError('activity.checkin_not_open', 'conflict', 'check-in opens an hour before the start', [{ path: 'code', message: 'too early' }]);
    if (now > a.endsAt.getTime()) throw new AppError('activity.over', 'conflict', 'the activity is over', [{ path: 'code', message: 'too late' }]);
    const forOther = input.userId && input.userId !== actor.userId;
    if (forOther) requireOrganiserFor(actor, a.areaPath, await this.orgPaths(actor));
    const who = forOther ? input.userId! : actor.userId;
    const wrong = await this.ctx.db.tx(async (q) => {
      const s = await this.repo.signup(d, id, who);
      if (!s || s.status === 'cancelled') throw new AppError('activity.not_signed_up', 'conflict', 'sign up first', [{ path: forOther ? 'userId' : 'id', message: 'not signed up' }]);
      if (s.status === 'waitlisted') throw new AppError('activity.on_waitlist', 'conflict', 'you are on the waitlist; a place has not come free', [{ path: 'id', message: 'waitlisted' }]);
      if (s.status === 'attended') return false;
      if (!forOther) {
        if (s.checkinFailures >= MAX_CODE_TRIES) throw new AppError('activity.checkin_locked', 'rate_limited', 'too many wrong codes; ask the organiser to check you in', [{ path: 'code', message: 'locked' }]);
        if (input.code !== a.checkinCode) {
          await q.updateTable('activitySignups').set((eb) => ({ checkinFailures: eb('checkinFailures', '+', 1) })).where('districtId', '=', d).where('activityId', '=', id).where('userId', '=', who).execute();
          return true;
        }
      }
      await q.updateTable('activitySignups').set({ status: 'attended', checkedInAt: new Date() }).where('districtId', '=', d).where('activityId', '=', id).where('userId', '=', who).execute();
      await audit(this.ctx.db, actor, d, { action: 'activity.check_in', entityType: 'activity', entityId: id, areaPath: a.areaPath, details: { userId: who } });
      this.changed(d, a.areaPath, id);
      return false;
    });
    if (wrong) throw fieldError('code', 'wrong check-in code', 'activity.wrong_code');
    return this.get(actor, id);
  }

  /** Close the activity: attendance is final and volunteers who came get their hours in the ledger. */
  async finish(actor: Actor, id: string): Promise<Activity> {
    const d = actor.districtId;
    const a = await this.visible(actor, id);
    requireOrganiserFor(actor, a.areaPath, await this.orgPaths(actor));
    if (a.status !== 'open') throw new AppError('activity.closed', 'conflict', `the activity is ${a.status}`, [{ path: 'status', message: `is ${a.status}` }]);
    if (a.startsAt.getTime() > Date.now()) throw conflict('activity.not_started', 'the activity has not started yet');
    const minutes = Math.max(1, Math.min(1440, Math.round((Math.min(a.endsAt.getTime(), Date.now()) - a.startsAt.getTime()) / 60_000)));
    const servedOn = chinaToday(a.startsAt);
    await this.ctx.db.tx(async (q) => {
      const res = await q.updateTable('activities').set({ status: 'finished', finishedAt: new Date() }).where('districtId', '=', d).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
      if (!res.numUpdatedRows) throw conflict('activity.closed', 'the activity was closed meanwhile');
      const signups = await this.repo.signups(d, id);
      for (const s of signups.filter((x) => x.kind === 'volunteer' && x.status === 'attended')) {
        // source 'activity' + the activity's id: finishing twice can never count an hour twice.
        await this.ctx.volunteering.recordHours({ system: 'sharing', districtId: d }, { userId: s.userId, source: 'activity', sourceId: id, minutes, servedOn, description: `活动志愿：${a.title}（${s.roleName ?? '志愿者'}）`, areaId: a.communityId });
      }
      await audit(this.ctx.db, actor, d, { action: 'activity.finish', entityType: 'activity', entityId: id, areaPath: a.areaPath, details: { attended: signups.filter((s) => s.status === 'attended').length, minutes } });
      this.changed(d, a.areaPath, id);
    });
    return this.get(actor, id);
  }

  async cancel(actor: Actor, id: string): Promise<Activity> {
    const d = actor.districtId;
    const a = await this.visible(actor, id);
    requireOrganiserFor(actor, a.areaPath, await this.orgPaths(actor));
    await this.ctx.db.tx(async (q) => {
      const res = await q.updateTable('activities').set({ status: 'cancelled' }).where('districtId', '=', d).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
      if (!res.numUpdatedRows) throw new AppError('activity.closed', 'conflict', `the activity is ${a.status}`, [{ path: 'status', message: `is ${a.status}` }]);
      const people = (await this.repo.signups(d, id)).filter((s) => s.status !== 'cancelled').map((s) => s.userId);
      await this.ctx.notifier.notify(d, people, { kind: 'sharing.activity', title: `活动取消：${a.title}`, link: `/sharing/activities/${id}` });
      await audit(this.ctx.db, actor, d, { action: 'activity.cancel', entityType: 'activity', entityId: id, areaPath: a.areaPath });
      this.changed(d, a.areaPath, id);
    });
    return this.get(actor, id);
  }

  /** The sign-up sheet, for those who run the activity. */
  async signups(actor: Actor, id: string) {
    const a = await this.visible(actor, id);
    if (!(await this.canOrganise(actor, a.areaPath)) && !covers(managerScope(actor), { areaPath: a.areaPath })) throw forbidden('activity.forbidden', 'only the organisers see the sign-up sheet');
    const rows = await this.repo.signups(actor.districtId, id);
    return {
      items: rows.map((s) => ({ userId: s.userId, name: s.name, kind: s.kind, roleName: s.roleName ?? null, status: s.status, checkedInAt: s.checkedInAt?.toISOString() ?? null, createdAt: s.createdAt.toISOString() })),
    };
  }
}
