// Deliberation: topics (raise, discuss, support, comment, moderate, move through the stages of
// state-machines.ts with a history), meetings (agenda, invitees, attendance, minutes, decisions)
// and the property units and owners that homeowners' ballots count (ballot-service.ts).
import crypto from 'node:crypto';
import type { z } from 'zod';
import type {
  CreateMeeting,
  CreatePropertyUnit,
  CreateTopic,
  Meeting,
  PropertyUnit,
  RecordMeeting,
  TopicAction,
  TopicDetail,
  TopicQuery,
  TopicStage,
  TopicSummary,
  TopicTransition as TopicTransitionInput,
  UpdatePropertyUnit,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { covers, isEmpty } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { DeliberationRepository } from './repository.ts';
import { type Viewer, canManage, homeCovers, isResident, requireManager, requireViewer, staffScope } from './policy.ts';
import { type Party, TOPIC_CLOSED, meetingTransition, topicActions, topicTransition } from './state-machines.ts';
import { Fraction, cm2ToM2, m2ToCm2 } from './fraction.ts';
import { groupElectorate } from './art278.ts';

type TopicRow = NonNullable<Awaited<ReturnType<DeliberationRepository['topic']>>>;
type MeetingRow = NonNullable<Awaited<ReturnType<DeliberationRepository['meeting']>>>;
type UnitRow = NonNullable<Awaited<ReturnType<DeliberationRepository['unit']>>>;

/** Areas a topic, meeting or ballot may concern. */
export const AUDIENCE_LEVELS = ['community', 'compound', 'building'] as const;

export class DeliberationService {
  readonly repo: DeliberationRepository;
  constructor(private readonly ctx: AppContext) {
    this.repo = new DeliberationRepository(ctx.db);
  }

  /** Staff scope, and for residents their home, so every read can be limited in SQL. */
  async viewer(actor: Actor): Promise<Viewer> {
    let homePath: string | null = null;
    if (isResident(actor)) {
      const p = await this.repo.person(actor.districtId, actor.personId!);
      if (p && p.status === 'active') homePath = p.areaPath;
    }
    const v: Viewer = { actor, staff: staffScope(actor), homePath, personId: isResident(actor) ? actor.personId : null };
    requireViewer(v);
    return v;
  }

  /** An audience area (community, compound or building) the actor may address. */
  async audienceArea(actor: Actor, areaId: string, field = 'areaId', asResidentToo = false) {
    const area = await this.repo.area(actor.districtId, areaId);
    if (!area || !(AUDIENCE_LEVELS as readonly string[]).includes(area.level)) throw fieldError(field, 'choose a community, compound or building');
    if (canManage(actor, area.path)) return area;
    if (asResidentToo && isResident(actor)) {
      const home = await this.repo.person(actor.districtId, actor.personId!);
      if (home && home.status === 'active' && homeCovers(home.areaPath, area.path)) return area;
      throw fieldError(field, 'residents raise topics only for the building, compound or community they live in');
    }
    throw fieldError(field, 'not in your area');
  }

  private publishTopic(districtId: string, id: string, areaPath: string) {
    this.ctx.db.afterCommit(() => this.ctx.events.publish({ districtId, type: 'topic.updated', data: { id }, audience: { areaPath } }));
  }

  /** The areas the caller may raise a topic for: a resident's building, compound and community; staff's granted areas. */
  async topicAreas(actor: Actor) {
    const v = await this.viewer(actor);
    const ids: string[] = [];
    if (v.homePath) ids.push(...v.homePath.split('/').filter(Boolean).slice(2));
    for (const a of actor.assignments) if ((a.role === 'community_staff' || a.role === 'street_official') && a.areaId) ids.push(a.areaId);
    const rows = ids.length
      ? await this.ctx.db.q.selectFrom('areas').select(['id', 'name', 'level', 'path']).where('districtId', '=', actor.districtId).where('id', 'in', [...new Set(ids)]).execute()
      : [];
    const order = ['building', 'compound', 'community', 'street'];
    return { items: rows.filter((r) => order.includes(r.level)).sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level)).map((r) => ({ id: r.id, name: r.name, level: r.level })) };
  }

  // --- topics ------------------------------------------------------------------------------------

  private summary(t: TopicRow): TopicSummary {
    return {
      id: t.id,
      areaId: t.areaId,
      areaName: t.areaName,
      title: t.title,
      stage: t.stage as TopicStage,
      raisedByName: t.raisedByName,
      supporterCount: t.supporterCount,
      commentCount: t.commentCount,
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
    };
  }

  async listTopics(actor: Actor, query: z.infer<typeof TopicQuery>) {
    const v = await this.viewer(actor);
    const areaPath = query.areaId ? (await this.repo.area(actor.districtId, query.areaId))?.path ?? '\u0000' : undefined;
    const { items, total } = await this.repo.topics(actor.districtId, v, { stage: query.stage, areaPath, q: query.q || undefined }, query.page, query.pageSize);
    return { items: items.map((t) => this.summary(t)), total, page: query.page, pageSize: query.pageSize };
  }

  private parties(actor: Actor, t: { areaPath: string; raisedBy: string }): Set<Party> {
    const parties = new Set<Party>();
    if (canManage(actor, t.areaPath)) parties.add('manager');
    if (t.raisedBy === actor.userId) parties.add('raiser');
    return parties;
  }

  async topic(actor: Actor, id: string): Promise<TopicDetail> {
    const v = await this.viewer(actor);
    const d = actor.districtId;
    const t = await this.repo.topic(d, v, id);
    if (!t) throw notFound('topic');
    const moderator = canManage(actor, t.areaPath);
    const [comments, history, supported, meetings, ballots] = await Promise.all([
      this.repo.comments(d, id, actor.userId),
      this.repo.topicHistory(d, id),
      this.repo.supports(d, id, actor.userId),
      this.repo.meetings(d, v, { topicId: id }),
      this.repo.ballotsOfTopic(d, id),
    ]);
    return {
      ...this.summary(t),
      body: t.body,
      decision: t.decision,
      followUp: t.followUp,
      supportedByMe: !!supported,
      canModerate: moderator,
      actions: topicActions(t.stage as TopicStage, this.parties(actor, t)),
      comments: comments.map((c) => ({
        id: c.id,
        parentId: c.parentId,
        authorName: c.authorName,
        mine: c.authorId === actor.userId,
        body: c.hidden && !moderator ? null : c.body,
        hidden: c.hidden,
        hiddenReason: c.hiddenReason,
        reportCount: moderator ? c.reportCount : 0,
        reportedByMe: !!c.reportedByMe,
        createdAt: c.createdAt.toISOString(),
      })),
      history: history.map((h) => ({ at: h.at.toISOString(), action: h.action, fromStage: h.fromStage, toStage: h.toStage, byName: h.byName, note: h.note })),
      meetings: meetings.map((m) => ({ id: m.id, title: m.title, startsAt: m.startsAt.toISOString(), status: m.status })),
      ballots,
      version: t.version,
    };
  }

  async createTopic(actor: Actor, input: CreateTopic): Promise<TopicDetail> {
    await this.viewer(actor);
    const area = await this.audienceArea(actor, input.areaId, 'areaId', true);
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      await q
        .insertInto('topics')
        .values({ districtId: actor.districtId, id, areaId: area.id, areaPath: area.path, title: input.title, body: input.body, stage: 'raised', raisedBy: actor.userId, raisedByName: actor.displayName })
        .execute();
      await q.insertInto('topicHistory').values({ districtId: actor.districtId, topicId: id, action: 'raise', fromStage: null, toStage: 'raised', byUser: actor.userId, byName: actor.displayName, note: null }).execute();
      await audit(this.ctx.db, actor, actor.districtId, { action: 'topic.create', entityType: 'topic', entityId: id, areaPath: area.path, details: { title: input.title, areaId: area.id } });
      this.publishTopic(actor.districtId, id, area.path);
    });
    return this.topic(actor, id);
  }

  /** Take one transition of the topic state machine (inside the caller's transaction). */
  private async applyTopicTransition(actor: Actor, topicId: string, action: TopicAction, opts: { note?: string; decision?: string; parties?: Set<Party>; quiet?: boolean }) {
    const d = actor.districtId;
    const row = await this.repo.lockTopic(d, topicId);
    if (!row) throw notFound('topic');
    const from = row.stage as TopicStage;
    const t = topicTransition(action, from);
    if (!t) {
      if (opts.quiet) return false;
      throw conflict('topic.transition_not_allowed', `a topic that is ${from} cannot take '${action}'`);
    }
    const parties = opts.parties ?? this.parties(actor, row);
    if (!t.by.some((p) => parties.has(p))) throw forbidden('topic.transition_forbidden', `you may not take '${action}' on this topic`);
    if (t.noteRequired && !opts.note) throw fieldError('note', 'say why');
    if (action === 'decide' && !opts.decision) throw fieldError('decision', 'record the decision');
    const set: { stage: string; updatedAt: Date; version: number; decision?: string; followUp?: string } = { stage: t.to, updatedAt: new Date(), version: row.version + 1 };
    if (action === 'decide') set.decision = opts.decision!;
    if ((action === 'start_work' || action === 'finish') && opts.note) set.followUp = opts.note;
    await this.ctx.db.q.updateTable('topics').set(set).where('districtId', '=', d).where('id', '=', topicId).execute();
    await this.ctx.db.q
      .insertInto('topicHistory')
      .values({ districtId: d, topicId, action, fromStage: from, toStage: t.to, byUser: actor.userId, byName: actor.displayName, note: opts.note ?? opts.decision ?? null })
      .execute();
    await audit(this.ctx.db, actor, d, { action: `topic.${action}`, entityType: 'topic', entityId: topicId, areaPath: row.areaPath, details: { from, to: t.to, note: opts.note ?? null } });
    this.publishTopic(d, topicId, row.areaPath);
    return true;
  }

  async transitionTopic(actor: Actor, id: string, input: z.infer<typeof TopicTransitionInput>): Promise<TopicDetail> {
    const v = await this.viewer(actor);
    if (!(await this.repo.topic(actor.districtId, v, id))) throw notFound('topic');
    await this.ctx.db.tx(() => this.applyTopicTransition(actor, id, input.action, { note: input.note, decision: input.decision }));
    return this.topic(actor, id);
  }

  /** Move a topic along as a side effect (a meeting scheduled, a ballot opened), when its stage allows. */
  async advanceTopic(actor: Actor, topicId: string, action: TopicAction, note: string) {
    await this.applyTopicTransition(actor, topicId, action, { note, parties: new Set<Party>(['manager']), quiet: true });
  }

  /** A topic the actor may see and manage (for meetings and ballots attached to it). */
  async managedTopic(actor: Actor, topicId: string, field = 'topicId') {
    const v = await this.viewer(actor);
    const t = await this.repo.topic(actor.districtId, v, topicId);
    if (!t) throw fieldError(field, 'no such topic in your area');
    if (!canManage(actor, t.areaPath)) throw forbidden('deliberation.forbidden', 'only staff of the topic\'s area run its meetings and ballots');
    return t;
  }

  async support(actor: Actor, id: string, on: boolean): Promise<TopicDetail> {
    const v = await this.viewer(actor);
    const d = actor.districtId;
    const t = await this.repo.topic(d, v, id);
    if (!t) throw notFound('topic');
    if (TOPIC_CLOSED.includes(t.stage as TopicStage)) throw conflict('topic.closed', 'this topic is closed');
    await this.ctx.db.tx(async (q) => {
      if (on) await q.insertInto('topicSupporters').values({ districtId: d, topicId: id, userId: actor.userId }).onConflict((oc) => oc.columns(['districtId', 'topicId', 'userId']).doNothing()).execute();
      else await q.deleteFrom('topicSupporters').where('districtId', '=', d).where('topicId', '=', id).where('userId', '=', actor.userId).execute();
      await q
        .updateTable('topics')
        .set((eb) => ({ supporterCount: eb.selectFrom('topicSupporters as s').select((e) => e.fn.countAll<number>().as('n')).where('s.districtId', '=', d).where('s.topicId', '=', id) }))
        .where('districtId', '=', d)
        .where('id', '=', id)
        .execute();
      this.publishTopic(d, id, t.areaPath);
    });
    return this.topic(actor, id);
  }

  async comment(actor: Actor, topicId: string, input: { body: string; parentId?: string }): Promise<TopicDetail> {
    const v = await this.viewer(actor);
    const d = actor.districtId;
    const t = await this.repo.topic(d, v, topicId);
    if (!t) throw notFound('topic');
    if (TOPIC_CLOSED.includes(t.stage as TopicStage)) throw conflict('topic.closed', 'this topic is closed for comments');
    if (input.parentId) {
      const parent = await this.repo.comment(d, input.parentId);
      if (!parent || parent.topicId !== topicId) throw fieldError('parentId', 'no such comment on this topic');
    }
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      await q.insertInto('topicComments').values({ districtId: d, id, topicId, parentId: input.parentId ?? null, authorId: actor.userId, authorName: actor.displayName, body: input.body }).execute();
      await q.updateTable('topics').set((eb) => ({ commentCount: eb('commentCount', '+', 1), updatedAt: new Date() })).where('districtId', '=', d).where('id', '=', topicId).execute();
      await audit(this.ctx.db, actor, d, { action: 'topic.comment', entityType: 'topic', entityId: topicId, areaPath: t.areaPath, details: { commentId: id, parentId: input.parentId ?? null } });
      this.publishTopic(d, topicId, t.areaPath);
    });
    return this.topic(actor, topicId);
  }

  private async commentWithTopic(actor: Actor, commentId: string) {
    const v = await this.viewer(actor);
    const c = await this.repo.comment(actor.districtId, commentId);
    const t = c ? await this.repo.topic(actor.districtId, v, c.topicId) : undefined;
    if (!c || !t) throw notFound('comment');
    return { c, t };
  }

  /** Moderation: hide a comment with a reason (staff of the topic's area), or show it again. */
  async moderate(actor: Actor, commentId: string, hide: boolean, reason?: string): Promise<TopicDetail> {
    const { c, t } = await this.commentWithTopic(actor, commentId);
    if (!canManage(actor, t.areaPath)) throw forbidden('topic.moderate_forbidden', 'only staff of the topic\'s area moderate its comments');
    await this.ctx.db.tx(async (q) => {
      await q
        .updateTable('topicComments')
        .set(hide ? { hidden: true, hiddenReason: reason!, hiddenBy: actor.userId, hiddenAt: new Date() } : { hidden: false, hiddenReason: null, hiddenBy: null, hiddenAt: null })
        .where('districtId', '=', actor.districtId)
        .where('id', '=', commentId)
        .execute();
      await audit(this.ctx.db, actor, actor.districtId, { action: hide ? 'comment.hide' : 'comment.unhide', entityType: 'topic', entityId: t.id, areaPath: t.areaPath, details: { commentId, reason: reason ?? null } });
      this.publishTopic(actor.districtId, t.id, t.areaPath);
    });
    return this.topic(actor, c.topicId);
  }

  async report(actor: Actor, commentId: string, reason: string): Promise<TopicDetail> {
    const { c, t } = await this.commentWithTopic(actor, commentId);
    if (c.authorId === actor.userId) throw fieldError('commentId', 'you cannot report your own comment');
    await this.ctx.db.tx(async (q) => {
      const fresh = await q
        .insertInto('commentReports')
        .values({ districtId: actor.districtId, commentId, userId: actor.userId, reason })
        .onConflict((oc) => oc.columns(['districtId', 'commentId', 'userId']).doNothing())
        .returning('commentId')
        .executeTakeFirst();
      if (!fresh) return;
      await q.updateTable('topicComments').set((eb) => ({ reportCount: eb('reportCount', '+', 1) })).where('districtId', '=', actor.districtId).where('id', '=', commentId).execute();
      await audit(this.ctx.db, actor, actor.districtId, { action: 'comment.report', entityType: 'topic', entityId: t.id, areaPath: t.areaPath, details: { commentId, reason } });
    });
    return this.topic(actor, c.topicId);
  }

  // --- meetings ----------------------------------------------------------------------------------

  private async presentMeeting(d: string, m: MeetingRow): Promise<Meeting> {
    const invitees = await this.repo.invitees(d, m.id);
    return {
      id: m.id,
      topicId: m.topicId,
      topicTitle: m.topicTitle ?? null,
      areaId: m.areaId,
      areaName: m.areaName,
      title: m.title,
      startsAt: m.startsAt.toISOString(),
      placeKind: m.placeKind,
      place: m.place,
      agenda: m.agenda,
      status: m.status,
      invitees: invitees.map((i) => ({ id: i.id, personId: i.personId, name: i.name, role: i.role, attended: i.attended })),
      minutes: m.minutes,
      decisions: m.decisions,
      createdByName: m.createdByName,
      version: m.version,
    };
  }

  async meetings(actor: Actor, f: { topicId?: string; areaId?: string }) {
    const v = await this.viewer(actor);
    const areaPath = f.areaId ? (await this.repo.area(actor.districtId, f.areaId))?.path ?? '\u0000' : undefined;
    const rows = await this.repo.meetings(actor.districtId, v, { topicId: f.topicId, areaPath });
    return { items: await Promise.all(rows.map((m) => this.presentMeeting(actor.districtId, m))) };
  }

  async meeting(actor: Actor, id: string): Promise<Meeting> {
    const v = await this.viewer(actor);
    const m = await this.repo.meeting(actor.districtId, v, id);
    if (!m) throw notFound('meeting');
    return this.presentMeeting(actor.districtId, m);
  }

  async createMeeting(actor: Actor, input: CreateMeeting): Promise<Meeting> {
    requireManager(actor);
    const d = actor.districtId;
    const topic = input.topicId ? await this.managedTopic(actor, input.topicId) : null;
    const area = input.areaId ? await this.audienceArea(actor, input.areaId) : topic ? { id: topic.areaId, path: topic.areaPath } : null;
    if (!area) throw fieldError('areaId', 'give a topic or an area');
    const personIds = input.invitees.flatMap((i) => (i.personId ? [i.personId] : []));
    const people = new Map((await this.repo.persons(d, personIds)).map((p) => [p.id, p]));
    const invitees = input.invitees.map((i, n) => {
      if (!i.personId && !i.name) throw fieldError(`invitees.${n}`, 'give a personId or a name');
      if (i.personId && !people.has(i.personId)) throw fieldError(`invitees.${n}.personId`, 'no such resident');
      return { districtId: d, meetingId: '', id: crypto.randomUUID(), personId: i.personId ?? null, name: i.personId ? people.get(i.personId)!.name : i.name!, role: i.role ?? null, attended: null };
    });
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      await q
        .insertInto('meetings')
        .values({
          districtId: d, id, topicId: topic?.id ?? null, areaId: area.id, areaPath: area.path, title: input.title, startsAt: input.startsAt,
          placeKind: input.placeKind, place: input.place, agenda: JSON.stringify(input.agenda), decisions: '[]', createdBy: actor.userId, createdByName: actor.displayName,
        })
        .execute();
      if (invitees.length) await q.insertInto('meetingInvitees').values(invitees.map((i) => ({ ...i, meetingId: id }))).execute();
      await audit(this.ctx.db, actor, d, { action: 'meeting.create', entityType: 'meeting', entityId: id, areaPath: area.path, details: { title: input.title, startsAt: input.startsAt, topicId: topic?.id ?? null } });
      if (topic) await this.advanceTopic(actor, topic.id, 'schedule_meeting', input.title);
      // Invitees with an account hear of it in their inbox.
      const users = await this.repo.userIdsOfPersons(d, personIds);
      await this.ctx.notifier.notify(d, users, { kind: 'meeting.invited', title: `议事会议：${input.title}`, body: `${input.startsAt} · ${input.place}`, link: topic ? `/deliberation/topics/${topic.id}` : '/deliberation' });
    });
    return this.meeting(actor, id);
  }

  private async managedMeeting(actor: Actor, id: string) {
    const v = await this.viewer(actor);
    const m = await this.repo.meeting(actor.districtId, v, id);
    if (!m) throw notFound('meeting');
    if (!canManage(actor, m.areaPath)) throw forbidden('deliberation.forbidden', 'only staff of the meeting\'s area record it');
    return m;
  }

  async recordMeeting(actor: Actor, id: string, input: z.infer<typeof RecordMeeting>): Promise<Meeting> {
    const m = await this.managedMeeting(actor, id);
    const t = meetingTransition('hold', m.status);
    if (!t) throw conflict('meeting.not_scheduled', `a ${m.status} meeting cannot be recorded again`);
    const invitees = new Set((await this.repo.invitees(actor.districtId, id)).map((i) => i.id));
    input.attendance.forEach((a, n) => {
      if (!invitees.has(a.inviteeId)) throw fieldError(`attendance.${n}.inviteeId`, 'not invited to this meeting');
    });
    await this.ctx.db.tx(async (q) => {
      const res = await q
        .updateTable('meetings')
        .set({ status: t.to, minutes: input.minutes, decisions: JSON.stringify(input.decisions), updatedAt: new Date(), version: m.version + 1 })
        .where('districtId', '=', actor.districtId)
        .where('id', '=', id)
        .where('version', '=', m.version)
        .executeTakeFirst();
      if (!res.numUpdatedRows) throw conflict('meeting.version_conflict', 'someone changed this meeting meanwhile');
      for (const a of input.attendance) {
        await q.updateTable('meetingInvitees').set({ attended: a.attended }).where('districtId', '=', actor.districtId).where('meetingId', '=', id).where('id', '=', a.inviteeId).execute();
      }
      await audit(this.ctx.db, actor, actor.districtId, { action: 'meeting.hold', entityType: 'meeting', entityId: id, areaPath: m.areaPath, details: { decisions: input.decisions, attended: input.attendance.filter((a) => a.attended).length } });
      if (m.topicId) this.publishTopic(actor.districtId, m.topicId, m.areaPath);
    });
    return this.meeting(actor, id);
  }

  async cancelMeeting(actor: Actor, id: string, note: string | undefined): Promise<Meeting> {
    const m = await this.managedMeeting(actor, id);
    const t = meetingTransition('cancel', m.status);
    if (!t) throw conflict('meeting.not_scheduled', `a ${m.status} meeting cannot be cancelled`);
    if (!note) throw fieldError('note', 'say why');
    await this.ctx.db.tx(async (q) => {
      await q.updateTable('meetings').set({ status: t.to, updatedAt: new Date(), version: m.version + 1 }).where('districtId', '=', actor.districtId).where('id', '=', id).execute();
      await audit(this.ctx.db, actor, actor.districtId, { action: 'meeting.cancel', entityType: 'meeting', entityId: id, areaPath: m.areaPath, details: { note } });
    });
    return this.meeting(actor, id);
  }

  // --- property units ----------------------------------------------------------------------------

  private presentUnit(u: UnitRow): PropertyUnit {
    return {
      id: u.id,
      buildingId: u.buildingId,
      buildingName: u.buildingName,
      label: u.label,
      areaM2: cm2ToM2(u.areaCm2),
      ownerType: u.ownerType,
      developerName: u.developerName,
      owners: u.owners.map((o) => ({ personId: o.personId, name: o.name, share: `${o.shareNum}/${o.shareDen}` })),
      version: u.version,
    };
  }

  async units(actor: Actor, areaId: string) {
    const scope = staffScope(actor);
    if (isEmpty(scope)) throw forbidden('deliberation.forbidden', 'the register of property units is for staff');
    const area = await this.repo.area(actor.districtId, areaId);
    if (!area || !covers(scope, { areaPath: area.path })) throw notFound('area');
    const units = await this.repo.unitsUnder(actor.districtId, area.path);
    const electors = groupElectorate(units);
    return {
      items: units.map((u) => this.presentUnit(u)),
      electorate: { units: units.length, heads: electors.length, totalAreaM2: cm2ToM2(units.reduce((s, u) => s + u.areaCm2, 0n)) },
    };
  }

  /** Owners must be registered residents (living anywhere); co-owners' shares add up to exactly 1. */
  private async checkOwners(actor: Actor, ownerType: 'persons' | 'developer', developerName: string | null | undefined, owners: { personId: string; share: string }[]) {
    if (ownerType === 'developer') {
      if (owners.length) throw fieldError('owners', 'a developer\'s unit has no personal owners');
      if (!developerName) throw fieldError('developerName', 'name the developer');
      return [];
    }
    if (!owners.length) throw fieldError('owners', 'give at least one owner');
    if (new Set(owners.map((o) => o.personId)).size !== owners.length) throw fieldError('owners', 'each owner once');
    const found = new Map((await this.repo.persons(actor.districtId, owners.map((o) => o.personId))).map((p) => [p.id, p]));
    let sum = new Fraction(0n);
    const rows = owners.map((o, n) => {
      const p = found.get(o.personId);
      if (!p || p.status === 'deceased') throw fieldError(`owners.${n}.personId`, 'no such resident');
      const share = Fraction.parse(o.share);
      if (share.compare(new Fraction(0n)) <= 0 || share.gt(new Fraction(1n))) throw fieldError(`owners.${n}.share`, 'a share between 0 and 1');
      sum = sum.add(share);
      return { personId: o.personId, shareNum: Number(share.num), shareDen: Number(share.den) };
    });
    if (!sum.equals(new Fraction(1n))) throw fieldError('owners', `the shares add up to ${sum.toString()}, not 1`);
    return rows;
  }

  async createUnit(actor: Actor, input: CreatePropertyUnit): Promise<PropertyUnit> {
    requireManager(actor);
    const d = actor.districtId;
    const b = await this.repo.area(d, input.buildingId);
    if (!b || b.level !== 'building' || !canManage(actor, b.path)) throw fieldError('buildingId', 'no such building in your area');
    const owners = await this.checkOwners(actor, input.ownerType, input.developerName, input.owners);
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      if (await this.repo.unitByLabel(d, b.id, input.label)) throw new AppError('unit.label_taken', 'conflict', 'the building already has a unit with this label', [{ path: 'label', message: 'taken' }]);
      await q
        .insertInto('propertyUnits')
        .values({ districtId: d, id, buildingId: b.id, areaPath: b.path, label: input.label, areaCm2: Number(m2ToCm2(input.areaM2)), ownerType: input.ownerType, developerName: input.ownerType === 'developer' ? input.developerName! : null })
        .execute();
      await this.repo.replaceOwners(d, id, owners);
      await audit(this.ctx.db, actor, d, { action: 'unit.create', entityType: 'property_unit', entityId: id, areaPath: b.path, details: { label: input.label, areaM2: input.areaM2, ownerType: input.ownerType, owners: owners.length } });
    });
    return this.presentUnit((await this.repo.unit(d, id))!);
  }

  async updateUnit(actor: Actor, id: string, input: z.infer<typeof UpdatePropertyUnit>): Promise<PropertyUnit> {
    requireManager(actor);
    const d = actor.districtId;
    const u = await this.repo.unit(d, id);
    if (!u || !canManage(actor, u.areaPath)) throw notFound('property_unit');
    const ownerType = input.ownerType ?? u.ownerType;
    const developerName = input.developerName === undefined ? u.developerName : input.developerName;
    const ownersInput = input.owners ?? (ownerType === u.ownerType ? u.owners.map((o) => ({ personId: o.personId, share: `${o.shareNum}/${o.shareDen}` })) : []);
    const owners = await this.checkOwners(actor, ownerType, developerName, ownersInput);
    await this.ctx.db.tx(async (q) => {
      if (input.label && input.label !== u.label && (await this.repo.unitByLabel(d, u.buildingId, input.label))) {
        throw new AppError('unit.label_taken', 'conflict', 'the building already has a unit with this label', [{ path: 'label', message: 'taken' }]);
      }
      const res = await q
        .updateTable('propertyUnits')
        .set({
          label: input.label ?? u.label,
          areaCm2: input.areaM2 ? Number(m2ToCm2(input.areaM2)) : Number(u.areaCm2),
          ownerType,
          developerName: ownerType === 'developer' ? developerName : null,
          updatedAt: new Date(),
          version: u.version + 1,
        })
        .where('districtId', '=', d)
        .where('id', '=', id)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (!res.numUpdatedRows) throw conflict('unit.version_conflict', `someone changed this unit since you loaded it (now version ${u.version})`);
      await this.repo.replaceOwners(d, id, owners);
      await audit(this.ctx.db, actor, d, { action: 'unit.update', entityType: 'property_unit', entityId: id, areaPath: u.areaPath, details: { ...input, owners: input.owners?.length } });
    });
    return this.presentUnit((await this.repo.unit(d, id))!);
  }
}
