// Working party members reporting (报到) to the community where they live, the community's service
// list they take items from, compound party branches with members and activities, and each
// member's participation as the community's party organisation sees it: service-list items, branch
// activities, and the hours ledger (activities, wishes, pairings) read through the volunteering service.
import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  type AddBranchMember,
  type CompleteClaim,
  type CreateBranch,
  type CreateBranchActivity,
  type CreatePartyServiceItem,
  type Participation,
  type PartyBranch,
  type PartyBranchDetail,
  type PartyMember,
  type PartyReport,
  type PartyServiceItem,
  chinaToday,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { covers, touchesPath } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import type { VolunteeringService } from '../volunteering/service.ts';
import { PartyRepository } from './repository.ts';
import { organisationScope, requireOrganisation, requireOrganisationFor } from './policy.ts';

type MemberRow = NonNullable<Awaited<ReturnType<PartyRepository['member']>>>;
type ItemRow = NonNullable<Awaited<ReturnType<PartyRepository['item']>>>;
type BranchRow = NonNullable<Awaited<ReturnType<PartyRepository['branch']>>>;

function communityPathOf(path: string): string | null {
  const parts = path.split('/').filter(Boolean);
  return parts.length >= 3 ? `${parts.slice(0, 3).join('/')}/` : null;
}

export class PartyService {
  private readonly repo: PartyRepository;
  constructor(private readonly ctx: AppContext & { volunteering: VolunteeringService }) {
    this.repo = new PartyRepository(ctx.db);
  }

  private present(m: MemberRow): PartyMember {
    return {
      id: m.id,
      userId: m.userId,
      name: m.name,
      kind: m.kind,
      workUnit: m.workUnit,
      homeOrg: m.homeOrg,
      communityId: m.communityId,
      communityName: m.communityName,
      branchId: m.branchId,
      branchName: m.branchName ?? null,
      status: m.status,
      reportedAt: m.reportedAt.toISOString(),
      decidedAt: m.decidedAt?.toISOString() ?? null,
      note: m.note,
    };
  }

  private async community(districtId: string, areaId: string, field = 'communityId') {
    const a = await this.repo.area(districtId, areaId);
    if (!a || a.level !== 'community') throw fieldError(field, 'must be a community');
    return a;
  }

  /** The member as the actor may see them: the party organisation of their community, or themselves. */
  private async visibleMember(actor: Actor, id: string) {
    const m = await this.repo.member(actor.districtId, id);
    if (!m) throw notFound('party_member');
    if (m.userId === actor.userId || covers(organisationScope(actor), { areaPath: m.areaPath })) return m;
    if (m.branchId) {
      const b = await this.repo.branch(actor.districtId, m.branchId);
      if (b?.secretaryUserId === actor.userId) return m;
    }
    throw notFound('party_member');
  }

  // --- reporting (报到) -------------------------------------------------------------------------------

  /** A working party member reports to the community where they live; the community accepts. */
  async report(actor: Actor, input: z.infer<typeof PartyReport>): Promise<PartyMember> {
    const d = actor.districtId;
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      let communityId = input.communityId;
      if (!communityId && actor.personId) {
        const p = await this.repo.person(d, actor.personId);
        const path = p ? communityPathOf(p.areaPath) : null;
        communityId = path ? (await this.repo.areaByPath(d, path))?.id : undefined;
      }
      if (!communityId) throw fieldError('communityId', 'say which community you live in');
      const community = await this.community(d, communityId);
      const current = await this.repo.memberOfUser(d, actor.userId);
      if (current && (current.status === 'pending' || current.status === 'active')) throw conflict('party.already_reported', `you have already reported to ${current.communityName}`);
      // A resident already on the roll (entered by their community) cannot report a second time.
      const enrolled = actor.personId ? await this.repo.currentOfPerson(d, actor.personId) : undefined;
      if (enrolled) throw conflict('party.already_reported', `you are already a party member of ${enrolled.communityName}`);
      await q
        .insertInto('partyMembers')
        .values({ districtId: d, id, userId: actor.userId, personId: actor.personId, name: input.name ?? actor.displayName, kind: 'in_service', workUnit: input.workUnit, homeOrg: input.homeOrg, communityId: community.id, areaPath: community.path, status: 'pending' })
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'party.report', entityType: 'party_member', entityId: id, areaPath: community.path, details: { workUnit: input.workUnit, homeOrg: input.homeOrg } });
      await this.ctx.notifier.notify(d, await this.repo.staffOf(d, community.id), { kind: 'party.report', title: `在职党员 ${input.name ?? actor.displayName} 到社区报到，请确认`, link: '/party?tab=members' });
    });
    return this.present((await this.repo.member(d, id))!);
  }

  async withdraw(actor: Actor): Promise<PartyMember> {
    const d = actor.districtId;
    return this.ctx.db.tx(async (q) => {
      const m = await this.repo.memberOfUser(d, actor.userId);
      if (!m || (m.status !== 'pending' && m.status !== 'active')) throw conflict('party.not_reported', 'you have not reported to a community');
      await q.updateTable('partyMembers').set({ status: 'withdrawn' }).where('districtId', '=', d).where('id', '=', m.id).execute();
      await audit(this.ctx.db, actor, d, { action: 'party.withdraw', entityType: 'party_member', entityId: m.id, areaPath: m.areaPath });
      return this.present((await this.repo.member(d, m.id))!);
    });
  }

  async decide(actor: Actor, id: string, decision: 'accept' | 'reject', note?: string): Promise<PartyMember> {
    const d = actor.districtId;
    return this.ctx.db.tx(async (q) => {
      const m = await this.repo.member(d, id);
      if (!m || !covers(organisationScope(actor), { areaPath: m.areaPath })) throw notFound('party_member');
      requireOrganisationFor(actor, m.areaPath);
      if (m.status !== 'pending') throw conflict('party.already_decided', `this report is ${m.status}`);
      const status = decision === 'accept' ? 'active' : 'rejected';
      await q.updateTable('partyMembers').set({ status, decidedBy: actor.userId, decidedAt: new Date(), note: note ?? null }).where('districtId', '=', d).where('id', '=', id).execute();
      await audit(this.ctx.db, actor, d, { action: `party.${decision}`, entityType: 'party_member', entityId: id, areaPath: m.areaPath, details: { note: note ?? null } });
      if (m.userId) {
        await this.ctx.notifier.notify(d, [m.userId], { kind: `party.${decision}`, title: decision === 'accept' ? `${m.communityName}已确认您的报到` : `${m.communityName}未确认您的报到`, body: note ?? '', link: '/party' });
      }
      return this.present((await this.repo.member(d, id))!);
    });
  }

  async me(actor: Actor): Promise<{ member: PartyMember | null; participation: Participation | null }> {
    const m = await this.repo.memberOfUser(actor.districtId, actor.userId);
    if (!m) return { member: null, participation: null };
    return { member: this.present(m), participation: m.status === 'active' ? await this.participationOf(m) : null };
  }

  async members(actor: Actor, query: { areaId?: string; status?: string; q?: string; page: number; pageSize: number }) {
    const scope = requireOrganisation(actor);
    const d = actor.districtId;
    let areaPath: string | undefined;
    if (query.areaId) {
      const a = await this.repo.area(d, query.areaId);
      if (!a || !touchesPath(scope, a.path)) throw notFound('area');
      areaPath = a.path;
    }
    const { items, total } = await this.repo.members(d, scope, { areaPath, status: query.status, q: query.q }, query.page, query.pageSize);
    return { items: items.map((m) => this.present(m)), total, page: query.page, pageSize: query.pageSize };
  }

  async member(actor: Actor, id: string): Promise<PartyMember> {
    return this.present(await this.visibleMember(actor, id));
  }

  private async participationOf(m: MemberRow): Promise<Participation> {
    const d = m.districtId;
    const [hours, claims, attended] = await Promise.all([
      this.ctx.volunteering.participationOf(d, { userId: m.userId, personId: m.personId }),
      this.repo.claimsOfMember(d, m.id),
      this.repo.activitiesAttended(d, m.id),
    ]);
    return {
      member: this.present(m),
      totalMinutes: hours.totalMinutes,
      bySource: hours.bySource,
      claims: claims.map((c) => ({ itemId: c.itemId, title: c.title, status: c.status, claimedAt: c.claimedAt.toISOString(), minutes: c.minutes })),
      branchActivities: attended,
      recent: hours.recent,
    };
  }

  /** What the member has done, as the community's party organisation sees it. */
  async participation(actor: Actor, id: string): Promise<Participation> {
    return this.participationOf(await this.visibleMember(actor, id));
  }

  // --- the service list ---------------------------------------------------------------------------

  private presentItems(rows: ItemRow[], claims: Awaited<ReturnType<PartyRepository['claims']>>, myMemberId: string | null, withClaims: boolean): PartyServiceItem[] {
    return rows.map((i) => {
      const mine = myMemberId ? claims.find((c) => c.itemId === i.id && c.memberId === myMemberId) : undefined;
      return {
        id: i.id,
        communityId: i.communityId,
        communityName: i.communityName,
        title: i.title,
        description: i.description,
        category: i.category as PartyServiceItem['category'],
        slots: i.slots,
        taken: Number(i.taken),
        status: i.status,
        myClaim: mine?.status ?? null,
        ...(withClaims ? { claims: claims.filter((c) => c.itemId === i.id).map((c) => ({ memberId: c.memberId, name: c.name, status: c.status, minutes: c.minutes })) } : {}),
        createdAt: i.createdAt.toISOString(),
      };
    });
  }

  /** The service list: the organisation sees its area's (with who took what); a member sees their community's. */
  async serviceItems(actor: Actor, query: { communityId?: string; status?: string }): Promise<{ items: PartyServiceItem[] }> {
    const d = actor.districtId;
    const scope = organisationScope(actor);
    const me = await this.repo.memberOfUser(d, actor.userId);
    const memberPath = me?.status === 'active' ? me.areaPath : null;
    let rows = await this.repo.items(d, scope, memberPath, query.status);
    if (query.communityId) rows = rows.filter((r) => r.communityId === query.communityId);
    const claims = await this.repo.claims(d, rows.map((r) => r.id));
    const organises = (r: ItemRow) => covers(scope, { areaPath: r.areaPath });
    return {
      items: rows.map((r) => this.presentItems([r], claims, me?.status === 'active' ? me.id : null, organises(r))[0]!),
    };
  }

  async createServiceItem(actor: Actor, input: z.infer<typeof CreatePartyServiceItem>): Promise<PartyServiceItem> {
    const d = actor.districtId;
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      const community = await this.community(d, input.communityId);
      requireOrganisationFor(actor, community.path);
      await q
        .insertInto('partyServiceItems')
        .values({ districtId: d, id, communityId: community.id, areaPath: community.path, title: input.title, description: input.description, category: input.category, slots: input.slots, createdBy: actor.userId })
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'party.item_create', entityType: 'party_service_item', entityId: id, areaPath: community.path, details: { title: input.title, slots: input.slots } });
    });
    return this.itemFor(actor, id);
  }

  private async itemFor(actor: Actor, id: string): Promise<PartyServiceItem> {
    const d = actor.districtId;
    const row = await this.repo.item(d, id);
    if (!row) throw notFound('service_item');
    const me = await this.repo.memberOfUser(d, actor.userId);
    const organises = covers(organisationScope(actor), { areaPath: row.areaPath });
    if (!organises && !(me?.status === 'active' && me.areaPath === row.areaPath)) throw notFound('service_item');
    return this.presentItems([row], await this.repo.claims(d, [id]), me?.status === 'active' ? me.id : null, organises)[0]!;
  }

  async closeServiceItem(actor: Actor, id: string): Promise<PartyServiceItem> {
    const d = actor.districtId;
    await this.ctx.db.tx(async (q) => {
      const item = await this.repo.item(d, id);
      if (!item || !covers(organisationScope(actor), { areaPath: item.areaPath })) throw notFound('service_item');
      await q.updateTable('partyServiceItems').set({ status: 'closed' }).where('districtId', '=', d).where('id', '=', id).execute();
      await audit(this.ctx.db, actor, d, { action: 'party.item_close', entityType: 'party_service_item', entityId: id, areaPath: item.areaPath });
    });
    return this.itemFor(actor, id);
  }

  /** A member reported to the item's community takes it, while places are left. */
  async claim(actor: Actor, itemId: string): Promise<PartyServiceItem> {
    const d = actor.districtId;
    await this.ctx.db.tx(async (q) => {
      const me = await this.repo.memberOfUser(d, actor.userId);
      if (!me || me.status !== 'active') throw forbidden('party.not_member', 'report to your community first; the community confirms it');
      await this.repo.lockItem(d, itemId);
      const item = await this.repo.item(d, itemId);
      if (!item || item.areaPath !== me.areaPath) throw notFound('service_item');
      if (item.status !== 'open') throw conflict('service_item.closed', 'this item is closed');
      const existing = await this.repo.claim(d, itemId, me.id);
      if (existing && existing.status !== 'withdrawn') throw conflict('service_item.already_claimed', 'you have already taken this item');
      if (Number(item.taken) >= item.slots) throw conflict('service_item.full', 'every place on this item is taken');
      if (existing) await q.updateTable('partyServiceClaims').set({ status: 'claimed', claimedAt: new Date() }).where('districtId', '=', d).where('itemId', '=', itemId).where('memberId', '=', me.id).execute();
      else await q.insertInto('partyServiceClaims').values({ districtId: d, itemId, memberId: me.id, status: 'claimed' }).execute();
      await audit(this.ctx.db, actor, d, { action: 'party.claim', entityType: 'party_service_item', entityId: itemId, areaPath: item.areaPath, details: { memberId: me.id } });
    });
    return this.itemFor(actor, itemId);
  }

  async unclaim(actor: Actor, itemId: string): Promise<PartyServiceItem> {
    const d = actor.districtId;
    await this.ctx.db.tx(async (q) => {
      const me = await this.repo.memberOfUser(d, actor.userId);
      const existing = me ? await this.repo.claim(d, itemId, me.id) : undefined;
      if (!me || !existing || existing.status !== 'claimed') throw conflict('service_item.not_claimed', 'you have not taken this item');
      await q.updateTable('partyServiceClaims').set({ status: 'withdrawn' }).where('districtId', '=', d).where('itemId', '=', itemId).where('memberId', '=', me.id).execute();
      await audit(this.ctx.db, actor, d, { action: 'party.unclaim', entityType: 'party_service_item', entityId: itemId, areaPath: me.areaPath });
    });
    return this.itemFor(actor, itemId);
  }

  /** The organisation confirms a member did the item; the time goes into the hours ledger once. */
  async complete(actor: Actor, itemId: string, memberId: string, input: z.infer<typeof CompleteClaim>): Promise<PartyServiceItem> {
    const d = actor.districtId;
    await this.ctx.db.tx(async (q) => {
      const item = await this.repo.item(d, itemId);
      if (!item || !covers(organisationScope(actor), { areaPath: item.areaPath })) throw notFound('service_item');
      requireOrganisationFor(actor, item.areaPath);
      const claim = await this.repo.claim(d, itemId, memberId);
      if (!claim || claim.status !== 'claimed') throw conflict('service_item.not_claimed', 'this member has no open claim on the item');
      const member = (await this.repo.member(d, memberId))!;
      await this.ctx.volunteering.recordHours(
        { system: 'party', districtId: d },
        {
          userId: member.userId ?? undefined,
          personId: member.userId ? undefined : (member.personId ?? undefined),
          source: 'service_item',
          sourceId: itemId,
          minutes: input.minutes,
          servedOn: input.servedOn,
          description: item.title,
          areaId: item.communityId,
        },
      );
      await q
        .updateTable('partyServiceClaims')
        .set({ status: 'done', doneAt: new Date(), minutes: input.minutes, confirmedBy: actor.userId })
        .where('districtId', '=', d)
        .where('itemId', '=', itemId)
        .where('memberId', '=', memberId)
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'party.complete', entityType: 'party_service_item', entityId: itemId, areaPath: item.areaPath, details: { memberId, minutes: input.minutes } });
    });
    return this.itemFor(actor, itemId);
  }

  // --- compound branches --------------------------------------------------------------------------

  private presentBranch(b: BranchRow): PartyBranch {
    return {
      id: b.id,
      name: b.name,
      kind: b.kind,
      communityId: b.communityId,
      communityName: b.communityName,
      compoundId: b.compoundId,
      compoundName: b.compoundName ?? null,
      secretaryId: b.secretaryId,
      secretaryName: b.secretaryName ?? null,
      memberCount: Number(b.memberCount),
      activityCount: Number(b.activityCount),
      foundedOn: b.foundedOn,
    };
  }

  async branches(actor: Actor, query: { areaId?: string }): Promise<{ items: PartyBranch[] }> {
    const d = actor.districtId;
    const me = await this.repo.memberOfUser(d, actor.userId);
    const own = me?.status === 'active' && me.branchId ? [me.branchId] : [];
    let areaPath: string | undefined;
    if (query.areaId) {
      const a = await this.repo.area(d, query.areaId);
      if (!a) throw notFound('area');
      areaPath = a.path;
    }
    return { items: (await this.repo.branches(d, organisationScope(actor), areaPath, own)).map((b) => this.presentBranch(b)) };
  }

  private async visibleBranch(actor: Actor, id: string) {
    const b = await this.repo.branch(actor.districtId, id);
    if (!b) throw notFound('party_branch');
    if (covers(organisationScope(actor), { areaPath: b.areaPath }) || b.secretaryUserId === actor.userId) return b;
    const me = await this.repo.memberOfUser(actor.districtId, actor.userId);
    if (me?.status === 'active' && me.branchId === b.id) return b;
    throw notFound('party_branch');
  }

  async branch(actor: Actor, id: string): Promise<PartyBranchDetail> {
    const d = actor.districtId;
    const b = await this.visibleBranch(actor, id);
    const [members, activities] = await Promise.all([this.repo.members(d, { all: true, paths: [], gridIds: [], personIds: [] }, { branchId: id, status: 'active' }, 1, 200), this.repo.activities(d, id)]);
    return {
      ...this.presentBranch(b),
      members: members.items.map((m) => ({ id: m.id, name: m.name, kind: m.kind })),
      activities: activities.map((x) => ({ id: x.id, title: x.title, heldOn: x.heldOn, place: x.place, description: x.description, attendees: Number(x.attendees) })),
    };
  }

  async createBranch(actor: Actor, input: z.infer<typeof CreateBranch>): Promise<PartyBranchDetail> {
    const d = actor.districtId;
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      const compound = await this.repo.area(d, input.compoundId);
      if (!compound || compound.level !== 'compound') throw fieldError('compoundId', 'must be a residential compound');
      requireOrganisationFor(actor, compound.path);
      const community = (await this.repo.areaByPath(d, communityPathOf(compound.path)!))!;
      const taken = await q.selectFrom('partyBranches').select('id').where('districtId', '=', d).where('name', '=', input.name).executeTakeFirst();
      if (taken) throw conflict('party_branch.name_taken', 'a branch with this name exists');
      await q
        .insertInto('partyBranches')
        .values({ districtId: d, id, communityId: community.id, compoundId: compound.id, areaPath: compound.path, name: input.name, kind: 'compound_branch', foundedOn: input.foundedOn ?? null })
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'party.branch_create', entityType: 'party_branch', entityId: id, areaPath: compound.path, details: { name: input.name } });
    });
    return this.branch(actor, id);
  }

  /** Add a reported member to a branch, or register a resident party member straight into it. */
  async addBranchMember(actor: Actor, branchId: string, input: z.infer<typeof AddBranchMember>): Promise<PartyBranchDetail> {
    const d = actor.districtId;
    await this.ctx.db.tx(async (q) => {
      const b = await this.repo.branch(d, branchId);
      if (!b || !covers(organisationScope(actor), { areaPath: b.areaPath })) throw notFound('party_branch');
      const communityPath = communityPathOf(b.areaPath)!;
      let memberId: string;
      if ('memberId' in input) {
        const m = await this.repo.member(d, input.memberId);
        if (!m || m.status !== 'active' || m.areaPath !== communityPath) throw fieldError('memberId', 'no active party member reported to this community');
        memberId = m.id;
        await q.updateTable('partyMembers').set({ branchId }).where('districtId', '=', d).where('id', '=', memberId).execute();
      } else {
        const p = await this.repo.person(d, input.personId);
        if (!p || p.status !== 'active' || communityPathOf(p.areaPath) !== communityPath) throw fieldError('personId', 'no such resident in this community');
        const existing = await this.repo.currentOfPerson(d, p.id);
        memberId = existing?.id ?? crypto.randomUUID();
        if (existing) await q.updateTable('partyMembers').set({ branchId, status: 'active' }).where('districtId', '=', d).where('id', '=', memberId).execute();
        else
          await q
            .insertInto('partyMembers')
            .values({ districtId: d, id: memberId, userId: null, personId: p.id, name: p.name, kind: 'resident', homeOrg: b.name, communityId: b.communityId, areaPath: communityPath, branchId, status: 'active', decidedBy: actor.userId, decidedAt: new Date() })
            .execute();
      }
      if (input.secretary) await q.updateTable('partyBranches').set({ secretaryId: memberId }).where('districtId', '=', d).where('id', '=', branchId).execute();
      await audit(this.ctx.db, actor, d, { action: 'party.branch_member', entityType: 'party_branch', entityId: branchId, areaPath: b.areaPath, details: { memberId, secretary: input.secretary } });
    });
    return this.branch(actor, branchId);
  }

  async createActivity(actor: Actor, branchId: string, input: z.infer<typeof CreateBranchActivity>): Promise<PartyBranchDetail> {
    const d = actor.districtId;
    await this.ctx.db.tx(async (q) => {
      if (input.heldOn > chinaToday()) throw fieldError('heldOn', 'is in the future');
      const b = await this.visibleBranch(actor, branchId);
      if (!covers(organisationScope(actor), { areaPath: b.areaPath }) && b.secretaryUserId !== actor.userId) throw forbidden('party.branch_forbidden', 'the branch secretary or the community records branch activities');
      const members = new Set((await this.repo.members(d, { all: true, paths: [], gridIds: [], personIds: [] }, { branchId, status: 'active' }, 1, 500)).items.map((m) => m.id));
      for (const [i, m] of input.attendeeIds.entries()) if (!members.has(m)) throw fieldError(`attendeeIds.${i}`, 'not a member of this branch');
      const id = crypto.randomUUID();
      await q.insertInto('partyBranchActivities').values({ districtId: d, id, branchId, title: input.title, heldOn: input.heldOn, place: input.place, description: input.description, createdBy: actor.userId }).execute();
      const attendees = [...new Set(input.attendeeIds)];
      if (attendees.length) await q.insertInto('partyActivityAttendees').values(attendees.map((memberId) => ({ districtId: d, activityId: id, memberId }))).execute();
      await audit(this.ctx.db, actor, d, { action: 'party.activity', entityType: 'party_branch', entityId: branchId, areaPath: b.areaPath, details: { activityId: id, title: input.title, attendees: attendees.length } });
    });
    return this.branch(actor, branchId);
  }
}
