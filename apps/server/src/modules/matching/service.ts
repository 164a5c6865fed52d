// Needs and offers (需求清单 / 服务清单): residents, or staff for them, post needs; volunteers,
// party members and residents publish offers; the engine ranks offers for a need and needs for an
// offer and explains each score; one side proposes, the other accepts; the helper reports the help
// and the resident or staff confirm it with a rating, which records the hours in the one ledger and
// feeds later rankings (ratings, load, declined pairs never proposed again).
import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  type CompleteMatch,
  type ConfirmMatch,
  type CreateNeed,
  type CreateOffer,
  type Match,
  type MatchAction,
  type MatchStatus,
  type Need,
  type NeedQuery,
  type Offer,
  type OfferQuery,
  type ScorePart,
  type SkillCode,
  SKILLS,
  SKILL_CATEGORIES,
  SKILL_CATEGORY_NAMES,
  chinaToday,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { covers } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import type { VolunteeringService } from '../volunteering/service.ts';
import { type Community, Neighbourhood, aliasOf, ageOn } from '../sharing/neighbourhood.ts';
import { MatchingRepository } from './repository.ts';
import { type MatchParty, matchActionsFor, matchTransition } from './state-machine.ts';
import { type OfferInput, scoreMatch, targetGroupOf } from './engine.ts';
import { staffScope } from './policy.ts';

type NeedRow = NonNullable<Awaited<ReturnType<MatchingRepository['need']>>>;
type OfferRow = NonNullable<Awaited<ReturnType<MatchingRepository['offer']>>>;
type MatchRow = NonNullable<Awaited<ReturnType<MatchingRepository['match']>>>;
type Stats = { ratingSum: number; ratingCount: number; completed: number; load: number };
const NO_STATS: Stats = { ratingSum: 0, ratingCount: 0, completed: 0, load: 0 };

/** How many helpers hear of a new need nearby. */
const TELL_TOP = 3;

export class MatchingService {
  private readonly repo: MatchingRepository;
  constructor(
    private readonly ctx: AppContext & { volunteering: VolunteeringService },
    private readonly places = new Neighbourhood(ctx),
  ) {
    this.repo = new MatchingRepository(ctx.db);
  }

  // --- presenting -----------------------------------------------------------------------------------------

  private presentNeed(actor: Actor, n: NeedRow): Need {
    const alias = aliasOf({ name: n.personName, gender: n.gender, birthDate: n.birthDate });
    const known = n.personId === actor.personId || n.postedBy === actor.userId || covers(staffScope(actor), { areaPath: n.areaPath });
    return {
      id: n.id,
      communityId: n.communityId,
      communityName: n.communityName,
      personAlias: alias,
      // A resident who posted for themselves is named to others by the same form of address.
      postedByName: known || n.posterPersonId !== n.personId ? n.postedByName : alias,
      skill: n.skill as SkillCode,
      title: n.title,
      details: n.details,
      availability: n.availability as Need['availability'],
      targetGroup: n.targetGroup as Need['targetGroup'],
      status: n.status,
      isMine: n.personId === actor.personId || n.postedBy === actor.userId,
      canManage: n.personId === actor.personId || covers(staffScope(actor), { areaPath: n.areaPath }),
      createdAt: n.createdAt.toISOString(),
    };
  }

  private async presentOffers(actor: Actor, rows: OfferRow[]): Promise<Offer[]> {
    const [stats, names] = await Promise.all([this.repo.helperStats(actor.districtId, rows.map((r) => r.helperUserId)), this.places.communityNames(actor.districtId, rows.flatMap((r) => r.communityIds))]);
    return rows.map((o) => {
      const s = stats.get(o.helperUserId) ?? NO_STATS;
      return {
        id: o.id,
        helperName: o.helperName,
        helperKind: o.helperKind as Offer['helperKind'],
        title: o.title,
        details: o.details,
        skills: o.skills as SkillCode[],
        availability: o.availability as Offer['availability'],
        communityIds: o.communityIds,
        communityNames: o.communityIds.map((id) => names.get(id) ?? ''),
        targetGroups: o.targetGroups as Offer['targetGroups'],
        capacity: o.capacity,
        activeMatches: s.load,
        completed: s.completed,
        rating: s.ratingCount ? Math.round((s.ratingSum / s.ratingCount) * 10) / 10 : null,
        status: o.status,
        isMine: o.helperUserId === actor.userId,
        createdAt: o.createdAt.toISOString(),
      };
    });
  }

  /** The sides an actor stands on in a match. */
  private sidesOf(actor: Actor, m: Pick<MatchRow, 'personId' | 'postedBy' | 'helperUserId' | 'areaPath'>) {
    const need = m.personId === actor.personId || m.postedBy === actor.userId;
    const staff = covers(staffScope(actor), { areaPath: m.areaPath });
    const offer = m.helperUserId === actor.userId;
    return { need: need || staff, offer, staff, own: need };
  }

  private partiesOf(actor: Actor, m: MatchRow): MatchParty[] {
    const s = this.sidesOf(actor, m);
    const parties: MatchParty[] = [];
    if (s.need) parties.push('need');
    if (s.offer) parties.push('offer');
    if ((m.proposedBy === 'need' && s.need) || (m.proposedBy === 'offer' && s.offer)) parties.push('proposer');
    if ((m.proposedBy === 'need' && s.offer) || (m.proposedBy === 'offer' && s.need)) parties.push('counterpart');
    return parties;
  }

  private presentMatch(actor: Actor, m: MatchRow): Match {
    const s = this.sidesOf(actor, m);
    // Where to go is for the helper once the resident has agreed, and for staff.
    const seesAddress = s.staff || (s.offer && ['accepted', 'done'].includes(m.status));
    return {
      id: m.id,
      needId: m.needId,
      offerId: m.offerId,
      needTitle: m.needTitle,
      offerTitle: m.offerTitle,
      skill: m.skill as SkillCode,
      personAlias: aliasOf({ name: m.personName, gender: m.gender, birthDate: m.birthDate }),
      helperName: m.helperName,
      status: m.status as MatchStatus,
      score: m.score,
      parts: m.parts as ScorePart[],
      proposedBy: m.proposedBy,
      minutes: m.minutes,
      rating: m.rating,
      feedback: m.feedback,
      address: seesAddress ? (m.address ?? null) : null,
      as: [...(s.own ? (['need'] as const) : []), ...(s.offer ? (['offer'] as const) : []), ...(s.staff ? (['staff'] as const) : [])],
      actions: matchActionsFor(m.status as MatchStatus, this.partiesOf(actor, m)),
      createdAt: m.createdAt.toISOString(),
    };
  }

  private offerInput(o: OfferRow, s: Stats): OfferInput {
    return {
      skills: o.skills as SkillCode[],
      availability: o.availability as OfferInput['availability'],
      targetGroups: o.targetGroups as OfferInput['targetGroups'],
      lat: o.lat,
      lon: o.lon,
      capacity: o.capacity,
      load: s.load,
      ratingSum: s.ratingSum,
      ratingCount: s.ratingCount,
    };
  }

  // --- skills ---------------------------------------------------------------------------------------------

  /** The catalogue (9 categories, 38 skills) with how many offers and open needs each has nearby. */
  async skills(actor: Actor) {
    const scope = await this.places.memberScope(actor);
    const counts = await this.repo.skillCounts(actor.districtId, scope);
    return {
      categories: SKILL_CATEGORIES.map((c) => ({
        code: c,
        name: SKILL_CATEGORY_NAMES[c],
        skills: (Object.keys(SKILLS) as SkillCode[]).filter((k) => SKILLS[k].category === c).map((k) => ({ code: k, zh: SKILLS[k].zh, en: SKILLS[k].en, offers: counts.offers.get(k) ?? 0, needs: counts.needs.get(k) ?? 0 })),
      })),
    };
  }

  // --- needs ----------------------------------------------------------------------------------------------

  async needs(actor: Actor, query: z.infer<typeof NeedQuery>) {
    const d = actor.districtId;
    const open = await this.places.memberScope(actor);
    const communityPath = query.communityId ? (await this.places.community(d, query.communityId, 'communityId')).path : undefined;
    const { items, total } = await this.repo.needs(d, { open, staff: staffScope(actor), personId: actor.personId, userId: actor.userId }, { communityPath, status: query.status, skill: query.skill, mine: query.mine === 'true' }, query.page, query.pageSize);
    return { items: items.map((n) => this.presentNeed(actor, n)), total, page: query.page, pageSize: query.pageSize };
  }

  private async visibleNeed(actor: Actor, id: string): Promise<NeedRow> {
    const n = await this.repo.need(actor.districtId, id);
    if (!n) throw notFound('need');
    const own = n.personId === actor.personId || n.postedBy === actor.userId;
    if (own || covers(staffScope(actor), { areaPath: n.areaPath })) return n;
    if (n.status === 'open' && covers(await this.places.memberScope(actor), { areaPath: n.areaPath })) return n;
    throw notFound('need');
  }

  async need(actor: Actor, id: string): Promise<Need> {
    return this.presentNeed(actor, await this.visibleNeed(actor, id));
  }

  async createNeed(actor: Actor, input: z.infer<typeof CreateNeed>): Promise<Need> {
    const d = actor.districtId;
    let personId: string;
    if (input.personId && input.personId !== actor.personId) {
      const p = await this.places.home(d, input.personId);
      if (!p || !covers(staffScope(actor), { areaPath: p.areaPath })) throw fieldError('personId', 'no such resident in your community');
      personId = p.personId;
    } else {
      if (!actor.personId) throw fieldError('personId', 'you are not on the register; community staff can post the need for you');
      personId = actor.personId;
    }
    const home = (await this.places.home(d, personId))!;
    if (!home) throw fieldError('personId', 'the resident has no home on the register');
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      await q
        .insertInto('needs')
        .values({
          districtId: d,
          id,
          personId,
          communityId: home.communityId,
          areaPath: home.areaPath,
          postedBy: actor.userId,
          postedByName: actor.displayName,
          skill: input.skill,
          title: input.title,
          details: input.details,
          availability: input.availability,
          targetGroup: targetGroupOf({ age: ageOn(home.birthDate), tags: home.tags }),
          lat: home.lat,
          lon: home.lon,
        })
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'need.create', entityType: 'need', entityId: id, areaPath: home.areaPath, details: { skill: input.skill, forOther: personId !== actor.personId } });
      // The best-placed helpers hear of it: the engine's top few.
      const ranked = await this.rank(d, (await this.repo.need(d, id))!);
      const tell = [...new Set(ranked.slice(0, TELL_TOP).map((r) => r.offer.helperUserId))].filter((u) => u !== actor.userId);
      await this.ctx.notifier.notify(d, tell, { kind: 'matching.need', title: `附近有人需要帮助：${input.title}（${SKILLS[input.skill].zh}）`, link: `/sharing/needs/${id}` });
      this.ctx.db.afterCommit(() => this.ctx.events.publish({ districtId: d, type: 'matching.need', data: { id }, audience: { areaPath: home.communityPath } }));
    });
    return this.need(actor, id);
  }

  async cancelNeed(actor: Actor, id: string): Promise<Need> {
    const d = actor.districtId;
    const n = await this.visibleNeed(actor, id);
    if (!(n.personId === actor.personId || n.postedBy === actor.userId || covers(staffScope(actor), { areaPath: n.areaPath }))) throw forbidden('need.forbidden', 'only the resident or their community staff');
    await this.ctx.db.tx(async (q) => {
      const res = await q.updateTable('needs').set({ status: 'cancelled', updatedAt: new Date() }).where('districtId', '=', d).where('id', '=', id).where('status', 'in', ['open', 'matched']).executeTakeFirst();
      if (!res.numUpdatedRows) throw new AppError('need.closed', 'conflict', `the need is ${n.status}`, [{ path: 'status', message: `is ${n.status}` }]);
      const live = await this.repo.liveMatchOf(d, id);
      if (live && live.status !== 'done') {
        await q.updateTable('matches').set({ status: 'cancelled', updatedAt: new Date() }).where('districtId', '=', d).where('id', '=', live.id).execute();
        await this.repo.history({ districtId: d, userId: actor.userId, name: actor.displayName }, live.id, { action: 'cancel', from: live.status, to: 'cancelled' }, '需求已撤销');
      }
      await audit(this.ctx.db, actor, d, { action: 'need.cancel', entityType: 'need', entityId: id, areaPath: n.areaPath });
    });
    return this.need(actor, id);
  }

  // --- offers ---------------------------------------------------------------------------------------------

  async offers(actor: Actor, query: z.infer<typeof OfferQuery>) {
    const scope = await this.places.memberScope(actor);
    const { items, total } = await this.repo.offers(actor.districtId, scope, actor.userId, { communityId: query.communityId, skill: query.skill, mine: query.mine === 'true' }, query.page, query.pageSize);
    return { items: await this.presentOffers(actor, items), total, page: query.page, pageSize: query.pageSize };
  }

  private async visibleOffer(actor: Actor, id: string): Promise<OfferRow> {
    const o = await this.repo.offer(actor.districtId, id);
    if (!o) throw notFound('offer');
    if (o.helperUserId === actor.userId) return o;
    const scope = await this.places.memberScope(actor);
    if (o.status === 'active' && o.areaPaths.some((p) => covers(scope, { areaPath: p }))) return o;
    if (o.areaPaths.some((p) => covers(staffScope(actor), { areaPath: p }))) return o;
    throw notFound('offer');
  }

  async offer(actor: Actor, id: string): Promise<Offer> {
    return (await this.presentOffers(actor, [await this.visibleOffer(actor, id)]))[0]!;
  }

  async createOffer(actor: Actor, input: z.infer<typeof CreateOffer>): Promise<Offer> {
    const d = actor.districtId;
    const home = await this.places.home(d, actor.personId);
    const scope = await this.places.memberScope(actor, home);
    const communities: Community[] = [];
    for (const [i, cid] of input.communityIds.entries()) {
      const c = await this.places.community(d, cid, `communityIds.${i}`);
      if (!covers(scope, { areaPath: c.path })) throw fieldError(`communityIds.${i}`, 'not a community you belong to or serve');
      if (!communities.some((x) => x.id === c.id)) communities.push(c);
    }
    if (!communities.length) {
      if (!home) throw fieldError('communityIds', 'name the communities you serve');
      communities.push((await this.places.communityByPath(d, home.communityPath))!);
    }
    const kind = (await this.places.helperKind(actor)) ?? 'resident';
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      await q
        .insertInto('offers')
        .values({
          districtId: d,
          id,
          helperUserId: actor.userId,
          helperName: actor.displayName,
          helperKind: kind,
          title: input.title,
          details: input.details,
          skills: [...new Set(input.skills)],
          availability: [...new Set(input.availability)],
          communityIds: communities.map((c) => c.id),
          areaPaths: communities.map((c) => c.path),
          targetGroups: [...new Set(input.targetGroups)],
          capacity: input.capacity,
          lat: home?.lat ?? communities[0]!.lat,
          lon: home?.lon ?? communities[0]!.lon,
        })
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'offer.create', entityType: 'offer', entityId: id, areaPath: communities[0]!.path, details: { skills: input.skills, communities: communities.map((c) => c.name) } });
    });
    return this.offer(actor, id);
  }

  async updateOffer(actor: Actor, id: string, status: 'active' | 'paused' | 'withdrawn'): Promise<Offer> {
    const o = await this.visibleOffer(actor, id);
    if (o.helperUserId !== actor.userId) throw forbidden('offer.forbidden', 'only the helper changes their offer');
    if (o.status === 'withdrawn') throw new AppError('offer.withdrawn', 'conflict', 'the offer was withdrawn; publish a new one', [{ path: 'status', message: 'withdrawn' }]);
    await this.ctx.db.tx(async (q) => {
      await q.updateTable('offers').set({ status, updatedAt: new Date() }).where('districtId', '=', actor.districtId).where('id', '=', id).execute();
      await audit(this.ctx.db, actor, actor.districtId, { action: 'offer.update', entityType: 'offer', entityId: id, areaPath: o.areaPaths[0] ?? null, details: { status } });
    });
    return this.offer(actor, id);
  }

  // --- ranking ----------------------------------------------------------------------------------------------

  /** Offers for a need, best first, each with its explained score. */
  private async rank(districtId: string, n: NeedRow) {
    const skill = n.skill as SkillCode;
    const sameCategory = (Object.keys(SKILLS) as SkillCode[]).filter((k) => SKILLS[k].category === SKILLS[skill].category);
    const [offers, declined] = await Promise.all([this.repo.activeOffersFor(districtId, n.communityId, sameCategory), this.repo.declinedPairs(districtId, { needId: n.id })]);
    const owner = await this.ctx.db.q.selectFrom('users').select('id').where('districtId', '=', districtId).where('personId', '=', n.personId).execute();
    const ownUsers = new Set(owner.map((u) => u.id));
    const candidates = offers.filter((o) => !declined.has(`${n.id}:${o.id}`) && !ownUsers.has(o.helperUserId));
    const stats = await this.repo.helperStats(districtId, candidates.map((o) => o.helperUserId));
    const needInput = { skill, availability: n.availability as OfferInput['availability'], targetGroup: n.targetGroup as Need['targetGroup'], lat: n.lat, lon: n.lon };
    return candidates
      .map((o) => ({ offer: o, scored: scoreMatch(needInput, this.offerInput(o, stats.get(o.helperUserId) ?? NO_STATS)) }))
      .filter((x): x is { offer: OfferRow; scored: NonNullable<typeof x.scored> } => !!x.scored)
      .sort((a, b) => b.scored.score - a.scored.score || a.offer.id.localeCompare(b.offer.id));
  }

  async rankedOffers(actor: Actor, needId: string) {
    const n = await this.visibleNeed(actor, needId);
    if (!(n.personId === actor.personId || n.postedBy === actor.userId || covers(staffScope(actor), { areaPath: n.areaPath }))) throw forbidden('need.rank_forbidden', 'the ranking is for the resident and their community staff');
    const ranked = (await this.rank(actor.districtId, n)).slice(0, 20);
    const offers = await this.presentOffers(actor, ranked.map((r) => r.offer));
    return { items: ranked.map((r, i) => ({ offer: offers[i]!, score: r.scored.score, parts: r.scored.parts, distanceM: r.scored.distanceM })) };
  }

  /** Needs a helper's offer could serve, best first. */
  async rankedNeeds(actor: Actor, offerId: string) {
    const d = actor.districtId;
    const o = await this.visibleOffer(actor, offerId);
    if (o.helperUserId !== actor.userId && !o.areaPaths.some((p) => covers(staffScope(actor), { areaPath: p }))) throw forbidden('offer.rank_forbidden', 'the ranking is for the helper and staff');
    const categories = new Set((o.skills as SkillCode[]).map((s) => SKILLS[s].category));
    const skills = (Object.keys(SKILLS) as SkillCode[]).filter((k) => categories.has(SKILLS[k].category));
    const [needs, declined, stats] = await Promise.all([this.repo.openNeedsFor(d, o.communityIds, skills, 500), this.repo.declinedPairs(d, { offerId }), this.repo.helperStats(d, [o.helperUserId])]);
    const input = this.offerInput(o, stats.get(o.helperUserId) ?? NO_STATS);
    // Ranking needs for a helper asks whether they fit, not whether the helper has room today.
    const room = { ...input, load: Math.min(input.load, input.capacity - 1) };
    const ranked = needs
      .filter((n) => !declined.has(`${n.id}:${o.id}`) && n.personId !== actor.personId)
      .map((n) => ({ need: n, scored: scoreMatch({ skill: n.skill as SkillCode, availability: n.availability as OfferInput['availability'], targetGroup: n.targetGroup as Need['targetGroup'], lat: n.lat, lon: n.lon }, room) }))
      .filter((x): x is { need: NeedRow; scored: NonNullable<typeof x.scored> } => !!x.scored)
      .sort((a, b) => b.scored.score - a.scored.score || a.need.id.localeCompare(b.need.id))
      .slice(0, 20);
    return { items: ranked.map((r) => ({ need: this.presentNeed(actor, r.need), score: r.scored.score, parts: r.scored.parts, distanceM: r.scored.distanceM })) };
  }

  // --- matches ----------------------------------------------------------------------------------------------

  async matches(actor: Actor, query: { status?: string; page: number; pageSize: number }) {
    const { items, total } = await this.repo.matches(actor.districtId, { userId: actor.userId, personId: actor.personId, staff: staffScope(actor) }, { status: query.status }, query.page, query.pageSize);
    return { items: items.map((m) => this.presentMatch(actor, m)), total, page: query.page, pageSize: query.pageSize };
  }

  private async visibleMatch(actor: Actor, id: string): Promise<MatchRow> {
    const m = await this.repo.match(actor.districtId, id);
    if (!m) throw notFound('match');
    const s = this.sidesOf(actor, m);
    if (!s.need && !s.offer) throw notFound('match');
    return m;
  }

  async match(actor: Actor, id: string): Promise<Match> {
    return this.presentMatch(actor, await this.visibleMatch(actor, id));
  }

  /** Propose a need and an offer to each other, as the resident (or staff) or as the helper. */
  async propose(actor: Actor, input: { needId: string; offerId: string; note?: string }): Promise<Match> {
    const d = actor.districtId;
    const n = await this.visibleNeed(actor, input.needId).catch(() => {
      throw fieldError('needId', 'no such open need in your communities');
    });
    const o = await this.visibleOffer(actor, input.offerId).catch(() => {
      throw fieldError('offerId', 'no such offer');
    });
    const needSide = n.personId === actor.personId || n.postedBy === actor.userId || covers(staffScope(actor), { areaPath: n.areaPath });
    const offerSide = o.helperUserId === actor.userId;
    if (!needSide && !offerSide) throw forbidden('match.forbidden', 'propose for your own need (or as staff), or with your own offer');
    if (n.personId === actor.personId && offerSide) throw fieldError('offerId', 'you cannot help with your own need');
    if (n.status !== 'open') throw new AppError('need.closed', 'conflict', `the need is ${n.status}`, [{ path: 'needId', message: `is ${n.status}` }]);
    if (o.status !== 'active') throw new AppError('offer.inactive', 'conflict', `the offer is ${o.status}`, [{ path: 'offerId', message: `is ${o.status}` }]);
    if (!o.communityIds.includes(n.communityId)) throw fieldError('offerId', 'the offer does not serve the resident\'s community');
    const ranked = (await this.rank(d, n)).find((r) => r.offer.id === o.id);
    if (!ranked) {
      const declined = await this.repo.declinedPairs(d, { needId: n.id });
      if (declined.has(`${n.id}:${o.id}`)) throw new AppError('match.declined_before', 'conflict', 'this pairing was declined before', [{ path: 'offerId', message: 'declined before' }]);
      throw new AppError('match.not_eligible', 'conflict', 'the offer does not fit this need (skill, or the helper has no room)', [{ path: 'offerId', message: 'does not fit' }]);
    }
    const side = needSide ? 'need' : 'offer';
    const id = crypto.randomUUID();
    try {
      await this.ctx.db.tx(async (q) => {
        if (await this.repo.liveMatchOf(d, n.id)) throw new AppError('match.need_taken', 'conflict', 'the need already has a match under way', [{ path: 'needId', message: 'already matched' }]);
        await q
          .insertInto('matches')
          .values({ districtId: d, id, needId: n.id, offerId: o.id, helperUserId: o.helperUserId, areaPath: n.areaPath, status: 'proposed', score: ranked.scored.score, parts: JSON.stringify(ranked.scored.parts), proposedBy: side, minutes: null, servedOn: null, rating: null, feedback: null })
          .execute();
        await this.repo.history({ districtId: d, userId: actor.userId, name: actor.displayName }, id, { action: 'propose', from: null, to: 'proposed' }, input.note ?? null);
        await audit(this.ctx.db, actor, d, { action: 'match.propose', entityType: 'match', entityId: id, areaPath: n.areaPath, details: { needId: n.id, offerId: o.id, as: side, score: ranked.scored.score } });
        const others = side === 'need' ? [o.helperUserId] : await this.needUsers(d, n);
        await this.ctx.notifier.notify(d, others.filter((u) => u !== actor.userId), { kind: 'matching.match', title: side === 'need' ? `有居民请您帮忙：${n.title}` : `${o.helperName} 愿意帮忙：${n.title}`, link: `/sharing/matches/${id}` });
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new AppError('match.need_taken', 'conflict', 'the need already has a match under way', [{ path: 'needId', message: 'already matched' }]);
      throw err;
    }
    return this.match(actor, id);
  }

  /** Who answers for a need: the resident's own login if they have one, else the staff who posted it. */
  private async needUsers(districtId: string, n: { personId: string; postedBy: string | null }) {
    const own = await this.ctx.db.q.selectFrom('users').select('id').where('districtId', '=', districtId).where('personId', '=', n.personId).where('status', '=', 'active').execute();
    return [...new Set([...own.map((u) => u.id), ...(n.postedBy ? [n.postedBy] : [])])];
  }

  async act(actor: Actor, id: string, action: Exclude<MatchAction, 'propose'>, body: { note?: string; minutes?: number; servedOn?: string; rating?: number; feedback?: string } = {}): Promise<Match> {
    const d = actor.districtId;
    await this.visibleMatch(actor, id);
    await this.ctx.db.tx(async (q) => {
      const m = (await this.repo.match(d, id))!;
      const t = matchTransition(m.status as MatchStatus, action);
      if (!t) throw new AppError('match.invalid_transition', 'conflict', `a ${m.status} match cannot take "${action}"`, [{ path: 'status', message: `is ${m.status}` }]);
      if (!t.by.some((p) => this.partiesOf(actor, m).includes(p))) throw forbidden(`match.${action}_forbidden`, `only the ${t.by.join(' or ')} may ${action} this match`);
      const set: Record<string, unknown> = { status: t.to, updatedAt: new Date() };
      const today = chinaToday();
      if (action === 'complete') {
        const servedOn = body.servedOn ?? today;
        if (servedOn > today) throw fieldError('servedOn', 'is in the future');
        if (servedOn < chinaToday(m.createdAt)) throw fieldError('servedOn', 'is before the match was made');
        Object.assign(set, { minutes: body.minutes, servedOn });
      }
      if (action === 'confirm') Object.assign(set, { rating: body.rating, feedback: body.feedback ?? null });
      const res = await q.updateTable('matches').set(set).where('districtId', '=', d).where('id', '=', id).where('status', '=', m.status).executeTakeFirst();
      if (!res.numUpdatedRows) throw conflict('match.changed', 'the match changed meanwhile; reload it');
      await this.repo.history({ districtId: d, userId: actor.userId, name: actor.displayName }, id, t, body.note ?? body.feedback ?? null);
      const needStatus = action === 'accept' ? 'matched' : action === 'confirm' ? 'done' : action === 'decline' || action === 'cancel' ? 'open' : null;
      if (needStatus) await q.updateTable('needs').set({ status: needStatus, updatedAt: new Date() }).where('districtId', '=', d).where('id', '=', m.needId).where('status', '!=', 'cancelled').execute();
      if (action === 'confirm') {
        // The helper's time goes to the one ledger; the match id keeps it from being counted twice.
        await this.ctx.volunteering.recordHours({ system: 'matching', districtId: d }, { userId: m.helperUserId, source: 'skill_help', sourceId: m.id, minutes: m.minutes!, servedOn: m.servedOn!, description: `技能互助：${SKILLS[m.skill as SkillCode].zh}（${m.needTitle}）`, areaId: m.communityId });
      }
      await audit(this.ctx.db, actor, d, { action: `match.${action}`, entityType: 'match', entityId: id, areaPath: m.areaPath, details: { from: m.status, to: t.to, ...(body.rating ? { rating: body.rating } : {}), ...(body.minutes ? { minutes: body.minutes } : {}) } });
      const sides = this.sidesOf(actor, m);
      const others = (sides.offer ? await this.needUsers(d, m) : [m.helperUserId]).filter((u) => u !== actor.userId);
      const words: Record<string, string> = { accept: '已接受', decline: '已婉拒', cancel: '已取消', complete: '已完成，请确认', confirm: '已确认，感谢帮忙' };
      await this.ctx.notifier.notify(d, others, { kind: 'matching.match', title: `${m.needTitle}：${words[action]}`, link: `/sharing/matches/${id}` });
    });
    return this.match(actor, id);
  }

  complete(actor: Actor, id: string, input: z.infer<typeof CompleteMatch>) {
    return this.act(actor, id, 'complete', input);
  }

  confirm(actor: Actor, id: string, input: z.infer<typeof ConfirmMatch>) {
    return this.act(actor, id, 'confirm', input);
  }

}
