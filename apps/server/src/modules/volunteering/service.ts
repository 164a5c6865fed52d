// Volunteers, their teams and the one hours ledger. Every module that produces volunteer service
// (shared-huts activities, skill help, micro-wishes, pairings; the party service list) records it
// through recordHours(), where (source, sourceId, volunteer) is unique and no volunteer's day holds
// more than 24 hours, so an hour is never counted twice. Manual claims wait for a team leader.
import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  type Certificate,
  type CreateTeam as CreateTeamSchema,
  type HoursEntry,
  type HoursSource,
  type MyVolunteering,
  type Ranking,
  type SaveVolunteerProfile,
  type Team,
  type TeamDetail,
  type Volunteer,
  HOURS_SOURCES,
  chinaToday,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { EMPTY_SCOPE, covers, isEmpty } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { type EntryVisibility, VolunteeringRepository, communityPathOf } from './repository.ts';
import { organiserScope, requireDecider, requireOrganiser, requireOrganiserFor } from './policy.ts';
import { hoursBump } from './insight.ts';
import type { Bump } from '../insight/rollups.ts';

/** A module recording hours on its own authority (it has checked its own policy), e.g. { system: 'huts' }. */
export interface SystemRecorder {
  system: string;
  districtId: string;
}
export type Recorder = Actor | SystemRecorder;
const isSystem = (r: Recorder): r is SystemRecorder => 'system' in r;

/** One entry for the ledger. Minutes are whole minutes; servedOn is a local date, never in the future. */
export interface HoursInput {
  /** Name the volunteer by one of these; with none, the acting user's own volunteer record. */
  volunteerId?: string;
  userId?: string;
  personId?: string;
  source: HoursSource;
  /** The activity, wish, pairing ... the hours came from; optional only for manual claims. */
  sourceId?: string;
  minutes: number;
  servedOn: string;
  description: string;
  /** Where the service was given (a community or below); defaults to the team's or the volunteer's community. */
  areaId?: string;
  teamId?: string;
  projectId?: string;
}

export interface RecordResult {
  entry: HoursEntry;
  /** False when the same entry was already in the ledger (a retry); nothing new was counted. */
  created: boolean;
}

/** Outputs the ledger contributes to service projects. */
export interface LedgerOutputs {
  services: number;
  activities: number;
  personTimes: number;
  minutes: number;
}

type EntryRow = NonNullable<Awaited<ReturnType<VolunteeringRepository['entry']>>>;
type VolunteerRow = NonNullable<Awaited<ReturnType<VolunteeringRepository['volunteer']>>>;
type TeamRow = NonNullable<Awaited<ReturnType<VolunteeringRepository['team']>>>;

/** Manual claims older than this are not accepted: memories fade and leaders cannot check. */
const MANUAL_MAX_AGE_DAYS = 92;

export class VolunteeringService {
  private readonly repo: VolunteeringRepository;
  /** Set by the projects registry so entries can name a project without this module reading its tables. */
  private projectCheck: ((districtId: string, projectId: string) => Promise<boolean>) | null = null;

  constructor(private readonly ctx: AppContext) {
    this.repo = new VolunteeringRepository(ctx.db);
  }

  setProjectCheck(check: (districtId: string, projectId: string) => Promise<boolean>) {
    this.projectCheck = check;
  }

  /** Set when the routes are registered: approved minutes feed the district dashboard (insight.ts). */
  private insight: { bump(districtId: string, bumps: Bump[]): Promise<void> } | null = null;
  setInsight(insight: { bump(districtId: string, bumps: Bump[]): Promise<void> }) {
    this.insight = insight;
  }

  // --- presenting -----------------------------------------------------------------------------------

  presentEntry(r: EntryRow): HoursEntry {
    return {
      id: r.id,
      volunteerId: r.volunteerId,
      volunteerName: r.volunteerName,
      source: r.source as HoursSource,
      sourceId: r.sourceId,
      minutes: r.minutes,
      servedOn: r.servedOn,
      description: r.description,
      communityName: r.communityName ?? null,
      teamId: r.teamId,
      teamName: r.teamName ?? null,
      projectId: r.projectId,
      status: r.status,
      recordedByName: r.recordedByName,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionNote: r.decisionNote,
      createdAt: r.createdAt.toISOString(),
    };
  }

  private async presentVolunteers(districtId: string, rows: VolunteerRow[]): Promise<Volunteer[]> {
    const ids = rows.map((r) => r.id);
    const [minutes, teams] = await Promise.all([this.repo.minutesOf(districtId, ids), this.repo.teamsOf(districtId, ids)]);
    return rows.map((r) => ({
      id: r.id,
      userId: r.userId,
      personId: r.personId,
      name: r.name,
      communityId: r.communityId,
      communityName: r.communityName ?? null,
      skills: r.skills,
      availability: r.availability as Volunteer['availability'],
      serviceAreaIds: r.serviceAreaIds,
      intro: r.intro,
      status: r.status,
      approvedMinutes: minutes.get(r.id)?.approved ?? 0,
      pendingMinutes: minutes.get(r.id)?.pending ?? 0,
      teams: teams.filter((t) => t.volunteerId === r.id).map((t) => ({ id: t.id, name: t.name, role: t.role })),
    }));
  }

  private async presentTeams(districtId: string, rows: TeamRow[], myVolunteerId: string | null): Promise<Team[]> {
    const leaders = await this.repo.leadersOf(districtId, rows.map((r) => r.id));
    const mine = myVolunteerId ? await this.repo.teamsOf(districtId, [myVolunteerId]) : [];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      communityId: r.communityId,
      communityName: r.communityName,
      description: r.description,
      status: r.status,
      memberCount: Number(r.memberCount),
      leaders: leaders.filter((l) => l.teamId === r.id).map((l) => ({ volunteerId: l.volunteerId, name: l.name })),
      approvedMinutes: Number(r.approvedMinutes),
      myRole: mine.find((m) => m.id === r.id)?.role ?? null,
    }));
  }

  // --- places -----------------------------------------------------------------------------------------

  /** The community an area lies in (the area itself when it is one); streets and the district are refused. */
  private async communityOf(districtId: string, areaId: string, field: string) {
    const area = await this.repo.area(districtId, areaId);
    if (!area) throw fieldError(field, 'no such area');
    const path = communityPathOf(area.path);
    if (!path) throw fieldError(field, 'must be a community (or a place in one)');
    const community = path === area.path ? area : await this.repo.areaByPath(districtId, path);
    if (!community) throw fieldError(field, 'no such community');
    return { id: community.id, path, name: community.name };
  }

  private async homeOfPerson(districtId: string, personId: string | null) {
    if (!personId) return null;
    const p = await this.repo.person(districtId, personId);
    const path = p ? communityPathOf(p.areaPath) : null;
    if (!path) return null;
    const c = await this.repo.areaByPath(districtId, path);
    return c ? { id: c.id, path } : null;
  }

  /** The district's communities by street: public geography, for choosing where one lives or serves. */
  async communities(actor: Actor) {
    return { items: await this.repo.communities(actor.districtId) };
  }

  // --- volunteers -------------------------------------------------------------------------------------

  private async createVolunteer(districtId: string, v: { userId: string | null; personId: string | null; name: string }) {
    const home = await this.homeOfPerson(districtId, v.personId);
    const id = crypto.randomUUID();
    // Two first uses at once (say, two hours recorded in parallel) create one record: the loser of
    // the unique index reads the winner's.
    await this.ctx.db.q
      .insertInto('volunteers')
      .values({ districtId, id, userId: v.userId, personId: v.personId, name: v.name, communityId: home?.id ?? null, areaPath: home?.path ?? null })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const created = (await this.repo.volunteer(districtId, id)) ?? (v.userId ? await this.repo.volunteerByUser(districtId, v.userId) : await this.repo.volunteerByPerson(districtId, v.personId!));
    return created!;
  }

  /** The volunteer record of a user, created from their account (and resident record) on first use. */
  private async volunteerOfUser(districtId: string, userId: string, create: boolean) {
    const found = await this.repo.volunteerByUser(districtId, userId);
    if (found || !create) return found ?? null;
    const user = await this.repo.user(districtId, userId);
    if (!user) return null;
    if (user.personId) {
      const byPerson = await this.repo.volunteerByPerson(districtId, user.personId);
      if (byPerson) {
        await this.ctx.db.q.updateTable('volunteers').set({ userId }).where('districtId', '=', districtId).where('id', '=', byPerson.id).execute();
        return { ...byPerson, userId };
      }
    }
    return this.createVolunteer(districtId, { userId, personId: user.personId, name: user.displayName });
  }

  private async volunteerOfPerson(districtId: string, personId: string) {
    const found = await this.repo.volunteerByPerson(districtId, personId);
    if (found) return found;
    const person = await this.repo.person(districtId, personId);
    if (!person || person.status !== 'active') return null;
    const user = await this.repo.userByPerson(districtId, personId);
    if (user) {
      const byUser = await this.repo.volunteerByUser(districtId, user.id);
      if (byUser) return byUser;
    }
    return this.createVolunteer(districtId, { userId: user?.id ?? null, personId, name: person.name });
  }

  private async resolveVolunteer(by: Recorder, input: Pick<HoursInput, 'volunteerId' | 'userId' | 'personId'>) {
    const d = by.districtId;
    if (input.volunteerId) {
      const v = await this.repo.volunteer(d, input.volunteerId);
      if (!v) throw fieldError('volunteerId', 'no such volunteer');
      return v;
    }
    if (input.userId) {
      const v = await this.volunteerOfUser(d, input.userId, true);
      if (!v) throw fieldError('userId', 'no such user');
      return v;
    }
    if (input.personId) {
      const v = await this.volunteerOfPerson(d, input.personId);
      if (!v) throw fieldError('personId', 'no such resident');
      return v;
    }
    if (isSystem(by)) throw fieldError('volunteerId', 'name the volunteer: volunteerId, userId or personId');
    return (await this.volunteerOfUser(d, by.userId, true))!;
  }

  async my(actor: Actor): Promise<MyVolunteering> {
    const d = actor.districtId;
    const v = await this.volunteerOfUser(d, actor.userId, false);
    const pending = (await this.approvals(actor)).items.length;
    if (!v) return { volunteer: null, teams: [], recent: [], certificates: [], pendingApprovals: pending };
    const [presented] = await this.presentVolunteers(d, [v]);
    const teams = await this.presentTeams(d, await this.repo.teams(d, { volunteerId: v.id }), v.id);
    const recent = await this.repo.entries(d, null, { volunteerId: v.id }, 1, 20);
    const certificates = await this.repo.certificatesOf(d, v.id);
    return {
      volunteer: presented!,
      teams,
      recent: recent.items.map((e) => this.presentEntry(e)),
      certificates: certificates.map((c) => ({ ...c, issuedAt: c.issuedAt.toISOString() })),
      pendingApprovals: pending,
    };
  }

  private async checkProfile(districtId: string, input: SaveVolunteerProfile) {
    let community: { id: string; path: string } | null = null;
    if (input.communityId) community = await this.communityOf(districtId, input.communityId, 'communityId');
    for (const [i, id] of input.serviceAreaIds.entries()) {
      const a = await this.repo.area(districtId, id);
      if (!a || !['street', 'community'].includes(a.level)) throw fieldError(`serviceAreaIds.${i}`, 'must be a street or a community');
    }
    return community;
  }

  private profileValues(input: SaveVolunteerProfile, community: { id: string; path: string } | null) {
    return {
      ...(input.name ? { name: input.name } : {}),
      ...(community ? { communityId: community.id, areaPath: community.path } : {}),
      skills: [...new Set(input.skills)],
      availability: [...new Set(input.availability)],
      serviceAreaIds: [...new Set(input.serviceAreaIds)],
      intro: input.intro,
      updatedAt: new Date(),
    };
  }

  /** Create or update one's own volunteer profile. */
  async saveMyProfile(actor: Actor, input: SaveVolunteerProfile): Promise<Volunteer> {
    const d = actor.districtId;
    return this.ctx.db.tx(async (q) => {
      const community = await this.checkProfile(d, input);
      const v = (await this.volunteerOfUser(d, actor.userId, true))!;
      await q.updateTable('volunteers').set(this.profileValues(input, community)).where('districtId', '=', d).where('id', '=', v.id).execute();
      await audit(this.ctx.db, actor, d, { action: 'volunteer.profile', entityType: 'volunteer', entityId: v.id, areaPath: community?.path ?? v.areaPath, details: { skills: input.skills, availability: input.availability } });
      return (await this.presentVolunteers(d, [(await this.repo.volunteer(d, v.id))!]))[0]!;
    });
  }

  /** Staff register a resident of their area as a volunteer. */
  async register(actor: Actor, input: SaveVolunteerProfile & { personId: string }): Promise<Volunteer> {
    const d = actor.districtId;
    return this.ctx.db.tx(async (q) => {
      const person = await this.repo.person(d, input.personId);
      if (!person || person.status !== 'active') throw fieldError('personId', 'no such resident');
      requireOrganiserFor(actor, person.areaPath);
      const community = await this.checkProfile(d, input);
      const v = (await this.volunteerOfPerson(d, input.personId))!;
      await q.updateTable('volunteers').set(this.profileValues(input, community)).where('districtId', '=', d).where('id', '=', v.id).execute();
      await audit(this.ctx.db, actor, d, { action: 'volunteer.register', entityType: 'volunteer', entityId: v.id, areaPath: person.areaPath, details: { personId: input.personId } });
      return (await this.presentVolunteers(d, [(await this.repo.volunteer(d, v.id))!]))[0]!;
    });
  }

  async list(actor: Actor, query: { areaId?: string; q?: string; page: number; pageSize: number }) {
    const scope = requireOrganiser(actor);
    const d = actor.districtId;
    let areaPath: string | undefined;
    if (query.areaId) {
      const a = await this.repo.area(d, query.areaId);
      if (!a || !(covers(scope, { areaPath: a.path }) || scope.paths.some((p) => p.startsWith(a.path)))) throw notFound('area');
      areaPath = a.path;
    }
    const { items, total } = await this.repo.listVolunteers(d, scope, { areaPath, q: query.q }, query.page, query.pageSize);
    return { items: await this.presentVolunteers(d, items), total, page: query.page, pageSize: query.pageSize };
  }

  private async visibility(actor: Actor): Promise<EntryVisibility> {
    const [own, led] = await Promise.all([this.repo.volunteerByUser(actor.districtId, actor.userId), this.repo.ledTeamIds(actor.districtId, actor.userId)]);
    return { volunteerId: own?.id ?? null, ledTeamIds: led, scope: organiserScope(actor) };
  }

  /** A volunteer as the actor may see them: themselves, organisers of their area, leaders of their teams. */
  private async visibleVolunteer(actor: Actor, id: string) {
    const d = actor.districtId;
    const v = await this.repo.volunteer(d, id);
    if (!v) throw notFound('volunteer');
    if (v.userId === actor.userId) return v;
    if (v.areaPath && covers(organiserScope(actor), { areaPath: v.areaPath })) return v;
    const led = await this.repo.ledTeamIds(d, actor.userId);
    if (led.length && (await this.repo.teamsOf(d, [v.id])).some((t) => led.includes(t.id))) return v;
    if (!isEmpty(organiserScope(actor)) && (await this.repo.entries(d, { volunteerId: null, ledTeamIds: [], scope: organiserScope(actor) }, { volunteerId: v.id }, 1, 1)).total > 0) return v;
    throw notFound('volunteer');
  }

  async get(actor: Actor, id: string): Promise<Volunteer> {
    const v = await this.visibleVolunteer(actor, id);
    return (await this.presentVolunteers(actor.districtId, [v]))[0]!;
  }

  // --- teams ------------------------------------------------------------------------------------------

  async teams(actor: Actor, query: { areaId?: string; mine?: 'true' | 'false' }): Promise<{ items: Team[] }> {
    const d = actor.districtId;
    const own = await this.repo.volunteerByUser(d, actor.userId);
    let areaPath: string | undefined;
    if (query.areaId) {
      const a = await this.repo.area(d, query.areaId);
      if (!a) throw notFound('area');
      areaPath = a.path;
    }
    if (query.mine === 'true' && !own) return { items: [] };
    const rows = await this.repo.teams(d, { areaPath, volunteerId: query.mine === 'true' ? own!.id : undefined });
    return { items: await this.presentTeams(d, rows, own?.id ?? null) };
  }

  async team(actor: Actor, id: string): Promise<TeamDetail> {
    const d = actor.districtId;
    const row = await this.repo.team(d, id);
    if (!row) throw notFound('team');
    const own = await this.repo.volunteerByUser(d, actor.userId);
    const [team] = await this.presentTeams(d, [row], own?.id ?? null);
    const members = await this.repo.members(d, id);
    return { ...team!, members: members.map((m) => ({ volunteerId: m.volunteerId, name: m.name, role: m.role, joinedAt: m.joinedAt.toISOString(), approvedMinutes: Number(m.approvedMinutes) })) };
  }

  async createTeam(actor: Actor, input: z.infer<typeof CreateTeamSchema>): Promise<TeamDetail> {
    const d = actor.districtId;
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      const area = await this.repo.area(d, input.areaId);
      if (!area || !['street', 'community'].includes(area.level)) throw fieldError('areaId', 'must be a street or a community');
      requireOrganiserFor(actor, area.path);
      const taken = await q.selectFrom('volunteerTeams').select('id').where('districtId', '=', d).where('name', '=', input.name).executeTakeFirst();
      if (taken) throw new AppError('team.name_taken', 'conflict', 'a team with this name exists', [{ path: 'name', message: 'already taken' }]);
      await q.insertInto('volunteerTeams').values({ districtId: d, id, name: input.name, communityId: area.id, areaPath: area.path, description: input.description, createdBy: actor.userId }).execute();
      if (input.leaderVolunteerId) {
        const leader = await this.repo.volunteer(d, input.leaderVolunteerId);
        if (!leader) throw fieldError('leaderVolunteerId', 'no such volunteer');
        await q.insertInto('volunteerTeamMembers').values({ districtId: d, teamId: id, volunteerId: leader.id, role: 'leader' }).execute();
        if (leader.userId) await this.ctx.notifier.notify(d, [leader.userId], { kind: 'volunteering.leader', title: `您已被任命为志愿服务队「${input.name}」队长`, link: '/volunteering' });
      }
      await audit(this.ctx.db, actor, d, { action: 'team.create', entityType: 'volunteer_team', entityId: id, areaPath: area.path, details: { name: input.name, leader: input.leaderVolunteerId ?? null } });
    });
    return this.team(actor, id);
  }

  /** Join a team as oneself (the volunteer profile is created on first use). */
  async join(actor: Actor, teamId: string): Promise<TeamDetail> {
    const d = actor.districtId;
    await this.ctx.db.tx(async (q) => {
      const team = await this.repo.team(d, teamId);
      if (!team || team.status !== 'active') throw notFound('team');
      const v = (await this.volunteerOfUser(d, actor.userId, true))!;
      const m = await this.repo.membership(d, teamId, v.id);
      if (m && !m.leftAt) throw conflict('team.already_member', 'you are already in this team');
      if (m) await q.updateTable('volunteerTeamMembers').set({ leftAt: null, role: 'member', joinedAt: new Date() }).where('districtId', '=', d).where('teamId', '=', teamId).where('volunteerId', '=', v.id).execute();
      else await q.insertInto('volunteerTeamMembers').values({ districtId: d, teamId, volunteerId: v.id, role: 'member' }).execute();
      await audit(this.ctx.db, actor, d, { action: 'team.join', entityType: 'volunteer_team', entityId: teamId, areaPath: team.areaPath, details: { volunteerId: v.id } });
    });
    return this.team(actor, teamId);
  }

  async leave(actor: Actor, teamId: string): Promise<TeamDetail> {
    const d = actor.districtId;
    await this.ctx.db.tx(async (q) => {
      const team = await this.repo.team(d, teamId);
      if (!team) throw notFound('team');
      const v = await this.repo.volunteerByUser(d, actor.userId);
      const m = v ? await this.repo.membership(d, teamId, v.id) : undefined;
      if (!v || !m || m.leftAt) throw conflict('team.not_member', 'you are not in this team');
      await q.updateTable('volunteerTeamMembers').set({ leftAt: new Date() }).where('districtId', '=', d).where('teamId', '=', teamId).where('volunteerId', '=', v.id).execute();
      await audit(this.ctx.db, actor, d, { action: 'team.leave', entityType: 'volunteer_team', entityId: teamId, areaPath: team.areaPath, details: { volunteerId: v.id } });
    });
    return this.team(actor, teamId);
  }

  /** Organisers name leaders (and add a volunteer to the team if they are not in it). */
  async setRole(actor: Actor, teamId: string, volunteerId: string, role: 'leader' | 'member'): Promise<TeamDetail> {
    const d = actor.districtId;
    await this.ctx.db.tx(async (q) => {
      const team = await this.repo.team(d, teamId);
      if (!team) throw notFound('team');
      requireOrganiserFor(actor, team.areaPath);
      const v = await this.repo.volunteer(d, volunteerId);
      if (!v) throw notFound('volunteer');
      const m = await this.repo.membership(d, teamId, volunteerId);
      if (m) await q.updateTable('volunteerTeamMembers').set({ role, leftAt: null }).where('districtId', '=', d).where('teamId', '=', teamId).where('volunteerId', '=', volunteerId).execute();
      else await q.insertInto('volunteerTeamMembers').values({ districtId: d, teamId, volunteerId, role }).execute();
      await audit(this.ctx.db, actor, d, { action: 'team.set_role', entityType: 'volunteer_team', entityId: teamId, areaPath: team.areaPath, details: { volunteerId, role } });
      if (role === 'leader' && v.userId) await this.ctx.notifier.notify(d, [v.userId], { kind: 'volunteering.leader', title: `您已被任命为志愿服务队「${team.name}」队长`, link: '/volunteering' });
    });
    return this.team(actor, teamId);
  }

  // --- the hours ledger ---------------------------------------------------------------------------------

  /**
   * Record hours of service in the one ledger. Other modules call this with a SystemRecorder once
   * their own act (an activity closed, a wish fulfilled) is done; people call it through HTTP.
   * The same (source, sourceId, volunteer) is counted once: a repeat with the same minutes and day
   * returns the first entry with created=false; a repeat that differs is refused (409).
   */
  async recordHours(by: Recorder, input: HoursInput): Promise<RecordResult> {
    const d = by.districtId;
    if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > 1440) throw fieldError('minutes', 'whole minutes from 1 to 1440');
    if (!HOURS_SOURCES.includes(input.source)) throw fieldError('source', 'unknown source');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.servedOn) || Number.isNaN(Date.parse(input.servedOn))) throw fieldError('servedOn', 'a date, YYYY-MM-DD');
    const today = chinaToday();
    if (input.servedOn > today) throw fieldError('servedOn', 'is in the future');
    const manual = input.source === 'manual';
    if (manual && isSystem(by)) throw fieldError('source', 'manual hours are claimed by the volunteer');
    if (manual && input.servedOn < addDays(today, -MANUAL_MAX_AGE_DAYS)) throw fieldError('servedOn', `manual claims go back at most ${MANUAL_MAX_AGE_DAYS} days`);
    if (manual && !input.teamId) throw fieldError('teamId', 'a manual claim names the team whose leader approves it');
    if (!manual && !input.sourceId) throw fieldError('sourceId', `required for source ${input.source}`);
    const sourceId = input.sourceId ?? crypto.randomUUID();
    const description = input.description.trim();
    if (!description) throw fieldError('description', 'required');

    return this.ctx.db.tx(async () => {
      const v = await this.resolveVolunteer(by, input);
      if (v.status !== 'active') throw fieldError('volunteerId', 'the volunteer is inactive');

      const team = input.teamId ? await this.repo.team(d, input.teamId) : null;
      if (input.teamId && (!team || team.status !== 'active')) throw fieldError('teamId', 'no such team');
      if (team) {
        const m = await this.repo.membership(d, team.id, v.id);
        if (!m || m.leftAt) throw fieldError('teamId', 'the volunteer is not a member of this team');
      }
      let areaPath: string | null;
      if (input.areaId) areaPath = (await this.communityOf(d, input.areaId, 'areaId')).path;
      else areaPath = team ? (communityPathOf(team.areaPath) ?? team.areaPath) : v.areaPath;
      if (!areaPath) throw fieldError('areaId', 'say where the service was given: the volunteer has no home community');
      if (input.projectId && !(await this.projectCheck?.(d, input.projectId))) throw fieldError('projectId', 'no such project');

      let status: 'pending' | 'approved';
      if (isSystem(by)) status = 'approved';
      else if (manual) {
        if (v.userId !== by.userId) throw forbidden('hours.manual_self_only', 'a volunteer claims their own manual hours');
        status = 'pending';
      } else {
        requireOrganiserFor(by, areaPath, 'hours.record_forbidden');
        status = 'approved';
      }

      // One volunteer's hours are checked and written one at a time.
      await this.repo.lockVolunteer(d, v.id);
      const existing = await this.repo.entryByKey(d, input.source, sourceId, v.id);
      if (existing) return this.repeated(existing, input);
      const already = await this.repo.minutesOnDay(d, v.id, input.servedOn);
      if (already + input.minutes > 1440) {
        throw new AppError('hours.day_exceeded', 'conflict', `this volunteer already has ${already} minutes on ${input.servedOn}; a day has 1440`, [{ path: 'minutes', message: 'more than a day holds' }]);
      }
      const id = crypto.randomUUID();
      const recordedByName = isSystem(by) ? `system:${by.system}` : by.displayName;
      const inserted = await this.repo.insertEntry({
        districtId: d,
        id,
        volunteerId: v.id,
        source: input.source,
        sourceId,
        minutes: input.minutes,
        servedOn: input.servedOn,
        description,
        areaPath,
        teamId: team?.id ?? null,
        projectId: input.projectId ?? null,
        status,
        recordedBy: isSystem(by) ? null : by.userId,
        recordedByName,
        decidedBy: status === 'approved' && !isSystem(by) ? by.userId : null,
        decidedAt: status === 'approved' ? new Date() : null,
        decisionNote: null,
      });
      if (!inserted) return this.repeated((await this.repo.entryByKey(d, input.source, sourceId, v.id))!, input);
      if (status === 'approved') await this.insight?.bump(d, [hoursBump({ areaPath, servedOn: input.servedOn, minutes: input.minutes })]);
      await audit(this.ctx.db, isSystem(by) ? null : by, d, {
        action: 'hours.record',
        entityType: 'volunteer_hours',
        entityId: id,
        areaPath,
        details: { volunteerId: v.id, source: input.source, sourceId, minutes: input.minutes, servedOn: input.servedOn, status, ...(isSystem(by) ? { system: by.system } : {}) },
      });
      if (status === 'pending' && team) {
        const leaders = (await this.repo.leadersOf(d, [team.id])).map((l) => l.userId).filter((u): u is string => !!u && u !== v.userId);
        await this.ctx.notifier.notify(d, leaders, { kind: 'volunteering.claim', title: `${v.name} 申报志愿时长 ${formatMinutes(input.minutes)}，请审核`, link: '/volunteering?tab=approvals' });
      }
      this.ctx.db.afterCommit(() => this.ctx.events.publish({ districtId: d, type: 'volunteering.hours', data: { id, volunteerId: v.id, status }, audience: { areaPath } }));
      return { entry: this.presentEntry((await this.repo.entry(d, id))!), created: true };
    });
  }

  private repeated(existing: EntryRow, input: HoursInput): RecordResult {
    if (existing.minutes !== input.minutes || existing.servedOn !== input.servedOn) {
      throw new AppError('hours.already_recorded', 'conflict', `${input.source} ${existing.sourceId} is already in the ledger for this volunteer (${existing.minutes} minutes on ${existing.servedOn})`, [
        { path: 'sourceId', message: 'already recorded for this volunteer' },
      ]);
    }
    return { entry: this.presentEntry(existing), created: false };
  }

  async entries(actor: Actor, query: { volunteerId?: string; teamId?: string; areaId?: string; status?: string; source?: string; from?: string; to?: string; page: number; pageSize: number }) {
    const d = actor.districtId;
    const vis = await this.visibility(actor);
    let areaPath: string | undefined;
    if (query.areaId) {
      const a = await this.repo.area(d, query.areaId);
      if (!a) throw notFound('area');
      areaPath = a.path;
    }
    const { items, total } = await this.repo.entries(d, vis, { ...query, areaPath }, query.page, query.pageSize);
    return { items: items.map((e) => this.presentEntry(e)), total, page: query.page, pageSize: query.pageSize };
  }

  /** Manual claims waiting for the actor as a team leader. */
  async approvals(actor: Actor) {
    const d = actor.districtId;
    const led = await this.repo.ledTeamIds(d, actor.userId);
    if (!led.length) return { items: [], total: 0, page: 1, pageSize: 200 };
    const { items, total } = await this.repo.entries(d, { volunteerId: null, ledTeamIds: led, scope: EMPTY_SCOPE }, { status: 'pending' }, 1, 200);
    return { items: items.filter((e) => e.volunteerUserId !== actor.userId).map((e) => this.presentEntry(e)), total, page: 1, pageSize: 200 };
  }

  async decide(actor: Actor, id: string, decision: 'approve' | 'reject', note?: string): Promise<HoursEntry> {
    const d = actor.districtId;
    return this.ctx.db.tx(async () => {
      const vis = await this.visibility(actor);
      const found = await this.repo.entry(d, id);
      if (!found) throw notFound('hours');
      const visible = found.volunteerId === vis.volunteerId || (found.teamId && vis.ledTeamIds.includes(found.teamId)) || covers(vis.scope, { areaPath: found.areaPath });
      if (!visible) throw notFound('hours');
      const leaders = found.teamId ? (await this.repo.leadersOf(d, [found.teamId])).map((l) => l.userId).filter((u): u is string => !!u) : [];
      requireDecider(actor, { leaderUserIds: leaders, claimantUserId: found.volunteerUserId });
      if (found.status !== 'pending') throw conflict('hours.already_decided', `this entry is already ${found.status}`);
      await this.repo.lockVolunteer(d, found.volunteerId);
      if (!(await this.repo.decide(d, id, decision === 'approve' ? 'approved' : 'rejected', actor.userId, note ?? null))) throw conflict('hours.already_decided', 'this entry was decided meanwhile');
      if (decision === 'approve') await this.insight?.bump(d, [hoursBump(found)]);
      await audit(this.ctx.db, actor, d, { action: `hours.${decision}`, entityType: 'volunteer_hours', entityId: id, areaPath: found.areaPath, details: { minutes: found.minutes, note: note ?? null } });
      if (found.volunteerUserId) {
        await this.ctx.notifier.notify(d, [found.volunteerUserId], {
          kind: `volunteering.${decision}`,
          title: `您申报的志愿时长 ${formatMinutes(found.minutes)}（${found.servedOn}）${decision === 'approve' ? '已通过' : '未通过'}`,
          body: note ?? '',
          link: '/volunteering',
        });
      }
      return this.presentEntry((await this.repo.entry(d, id))!);
    });
  }

  // --- recognition ------------------------------------------------------------------------------------

  async rankings(actor: Actor, query: { communityId?: string; teamId?: string; from?: string; to?: string; limit: number }): Promise<Ranking> {
    const d = actor.districtId;
    if (query.from && query.to && query.from > query.to) throw fieldError('to', 'must not be before from');
    const period = { from: query.from, to: query.to };
    if (query.teamId) {
      const team = await this.repo.team(d, query.teamId);
      if (!team) throw notFound('team');
      const volunteers = await this.repo.rankVolunteers(d, { teamId: team.id, ...period }, query.limit);
      return { scope: { kind: 'team', id: team.id, name: team.name }, from: query.from ?? null, to: query.to ?? null, volunteers: ranked(volunteers), teams: [] };
    }
    let scope: Ranking['scope'] = { kind: 'district', id: null, name: '' };
    let areaPath: string | undefined;
    if (query.communityId) {
      const a = await this.repo.area(d, query.communityId);
      if (!a || !['street', 'community'].includes(a.level)) throw notFound('area');
      scope = { kind: 'community', id: a.id, name: a.name };
      areaPath = a.path;
    }
    const [volunteers, teams] = await Promise.all([this.repo.rankVolunteers(d, { areaPath, ...period }, query.limit), this.repo.rankTeams(d, { areaPath, ...period }, query.limit)]);
    return {
      scope,
      from: query.from ?? null,
      to: query.to ?? null,
      volunteers: ranked(volunteers),
      teams: teams.map((t, i) => ({ rank: i + 1, teamId: t.teamId, name: t.name, communityName: t.communityName, minutes: Number(t.minutes), members: Number(t.members) })),
    };
  }

  /** Issue a certificate of approved hours: a snapshot of the entries, numbered. */
  async issueCertificate(actor: Actor, input: { volunteerId?: string; from?: string; to?: string }): Promise<Certificate> {
    const d = actor.districtId;
    const to = input.to ?? chinaToday();
    if (to > chinaToday()) throw fieldError('to', 'is in the future');
    if (input.from && input.from > to) throw fieldError('from', 'must not be after to');
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      const v = input.volunteerId ? await this.visibleVolunteer(actor, input.volunteerId) : await this.repo.volunteerByUser(d, actor.userId);
      if (!v) throw notFound('volunteer');
      if (v.userId !== actor.userId && !(v.areaPath && covers(organiserScope(actor), { areaPath: v.areaPath })) && isEmpty(organiserScope(actor))) {
        throw forbidden('certificate.forbidden', 'a certificate is issued to the volunteer or by the staff of their area');
      }
      const rows = await this.repo.allApproved(d, v.id, input.from ?? null, to);
      if (!rows.length) throw conflict('certificate.no_hours', 'no approved hours in this period');
      const bySource: Record<string, number> = {};
      for (const r of rows) bySource[r.source] = (bySource[r.source] ?? 0) + r.minutes;
      const total = rows.reduce((n, r) => n + r.minutes, 0);
      const seq = await this.repo.nextCertificateNumber();
      const number = `ZY${to.slice(0, 4)}${String(seq).padStart(6, '0')}`;
      await q
        .insertInto('volunteerCertificates')
        .values({
          districtId: d,
          id,
          number,
          volunteerId: v.id,
          volunteerName: v.name,
          periodFrom: input.from ?? null,
          periodTo: to,
          totalMinutes: total,
          bySource: JSON.stringify(bySource),
          entries: JSON.stringify(rows.map((r) => ({ id: r.id, servedOn: r.servedOn, source: r.source, minutes: r.minutes, description: r.description, communityName: r.communityName ?? null }))),
          issuedBy: actor.userId,
          issuedByName: actor.displayName,
        })
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'certificate.issue', entityType: 'volunteer_certificate', entityId: id, areaPath: v.areaPath, details: { number, volunteerId: v.id, totalMinutes: total } });
    });
    return this.certificate(actor, id);
  }

  async certificate(actor: Actor, id: string): Promise<Certificate> {
    const d = actor.districtId;
    const c = await this.repo.certificate(d, id);
    if (!c) throw notFound('certificate');
    await this.visibleVolunteer(actor, c.volunteerId).catch(() => {
      throw notFound('certificate');
    });
    const district = await this.ctx.db.q.selectFrom('districts').select('name').where('id', '=', d).executeTakeFirstOrThrow();
    return {
      id: c.id,
      number: c.number,
      volunteerId: c.volunteerId,
      volunteerName: c.volunteerName,
      districtName: district.name,
      periodFrom: c.periodFrom,
      periodTo: c.periodTo,
      totalMinutes: c.totalMinutes,
      bySource: c.bySource as Record<string, number>,
      entries: (c.entries as Certificate['entries']).map((e) => ({ servedOn: e.servedOn, source: e.source, minutes: e.minutes, description: e.description, communityName: e.communityName })),
      issuedByName: c.issuedByName,
      issuedAt: c.issuedAt.toISOString(),
    };
  }

  // --- for other modules --------------------------------------------------------------------------------

  /** Approved hours of whoever is this user or resident, per source, with recent entries (party participation). */
  async participationOf(districtId: string, who: { userId: string | null; personId: string | null }) {
    const ids = new Set<string>();
    if (who.userId) {
      const v = await this.repo.volunteerByUser(districtId, who.userId);
      if (v) ids.add(v.id);
    }
    if (who.personId) {
      const v = await this.repo.volunteerByPerson(districtId, who.personId);
      if (v) ids.add(v.id);
    }
    const bySource = await this.repo.bySource(districtId, [...ids]);
    const recent = ids.size ? (await this.repo.entries(districtId, null, { volunteerId: [...ids][0]!, status: 'approved' }, 1, 10)).items.map((e) => this.presentEntry(e)) : [];
    return {
      bySource: Object.fromEntries(bySource.map((r) => [r.source, { count: Number(r.count), minutes: Number(r.minutes) }])) as Record<string, { count: number; minutes: number }>,
      totalMinutes: bySource.reduce((n, r) => n + Number(r.minutes), 0),
      recent,
    };
  }

  /** The ledger's contribution to service projects' actual outputs. */
  async projectOutputs(districtId: string, projectIds: string[]): Promise<Map<string, LedgerOutputs>> {
    if (!projectIds.length) return new Map();
    const rows = await this.repo.projectOutputs(districtId, projectIds);
    return new Map(rows.map((r) => [r.projectId!, { services: Number(r.services), activities: Number(r.activities), personTimes: Number(r.personTimes), minutes: Number(r.minutes) }]));
  }
}

function ranked(rows: { volunteerId: string; name: string; minutes: number; entries: number }[]) {
  return rows.map((r, i) => ({ rank: i + 1, volunteerId: r.volunteerId, name: r.name, minutes: Number(r.minutes), entries: Number(r.entries) }));
}

function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

export function formatMinutes(m: number): string {
  const h = Math.floor(m / 60);
  const r = m % 60;
  return h && r ? `${h}小时${r}分钟` : h ? `${h}小时` : `${r}分钟`;
}
