// Micro-wishes (微心愿) and pairings (结对帮扶). Staff publish a vulnerable resident's small wish
// showing helpers only what they need: a form of address, an age band, whether they live alone, the
// community; no ID number, no phone, no address. One helper claims it (a conditional update, so of
// two at once exactly one wins) and only then sees where to bring it; they fulfil it with evidence
// and the resident or staff confirm, which records the hours. Pairings: staff publish a household
// seeking a long-term helper, a helper pairs with it, visits are logged (hours each), and a pairing
// without a visit for its rhythm is flagged to the community.
import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  type CreatePairing,
  type CreateWish,
  type FulfilWish,
  type HelperKind,
  type LogVisit,
  type Pairing,
  type Wish,
  type WishAction,
  type WishQuery,
  type WishStatus,
  chinaToday,
  maskPhone,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { covers, isEmpty } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { type OwnerType, fileService, fileUrl } from '../../platform/files.ts';
import type { VolunteeringService } from '../volunteering/service.ts';
import { Neighbourhood, aliasOf, ageBand } from '../sharing/neighbourhood.ts';
import { type Viewer, WishesRepository } from './repository.ts';
import { type WishParty, wishActionsFor, wishTransition } from './state-machine.ts';
import { keeperScope, overseerScope, requireKeeperFor } from './policy.ts';

type WishRow = NonNullable<Awaited<ReturnType<WishesRepository['wish']>>>;
type PairingRow = NonNullable<Awaited<ReturnType<WishesRepository['pairing']>>>;

/** Evidence photos are files owned by the wish (the file service's owner types grow with modules). */
const WISH_PHOTO: OwnerType = 'wish';

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export interface PairingSweep {
  flagged: number;
}

export class WishesService {
  private readonly repo: WishesRepository;
  constructor(
    private readonly ctx: AppContext & { volunteering: VolunteeringService },
    private readonly places = new Neighbourhood(ctx),
  ) {
    this.repo = new WishesRepository(ctx.db);
    fileService(ctx).registerOwner(WISH_PHOTO, async (actor, wishId) => {
      const w = await this.repo.wish(actor.districtId, wishId);
      return !!w && (w.claimedBy === actor.userId || w.personId === actor.personId || covers(overseerScope(actor), { areaPath: w.areaPath }));
    });
  }

  private async viewer(actor: Actor): Promise<Viewer> {
    return { userId: actor.userId, personId: actor.personId, member: await this.places.memberScope(actor), overseer: overseerScope(actor) };
  }

  // --- wishes -------------------------------------------------------------------------------------------

  private parties(actor: Actor, w: WishRow, helper: HelperKind | null): WishParty[] {
    const p: WishParty[] = [];
    if (covers(keeperScope(actor), { areaPath: w.areaPath })) p.push('staff');
    if (helper && w.personId !== actor.personId) p.push('helper');
    if (w.claimedBy === actor.userId) p.push('claimer');
    if (w.personId === actor.personId) p.push('subject');
    return p;
  }

  private async present(actor: Actor, w: WishRow, helper: HelperKind | null, withHistory = false): Promise<Wish> {
    const parties = this.parties(actor, w, helper);
    const staff = covers(overseerScope(actor), { areaPath: w.areaPath });
    const claimerNow = w.claimedBy === actor.userId && (w.status === 'claimed' || w.status === 'fulfilled');
    const alias = aliasOf({ name: w.personName, gender: w.gender, birthDate: w.birthDate });
    // Only what each part needs: staff know the resident (the register masks the phone); the
    // claimer needs where to bring the wish and how to call ahead, while it is theirs.
    const contact = staff
      ? { name: w.personName, address: w.address ?? null, phone: maskPhone(w.phone) }
      : claimerNow
        ? { name: alias, address: w.address ?? null, phone: w.phone }
        : null;
    const history = withHistory ? await this.repo.history(actor.districtId, w.id) : [];
    return {
      id: w.id,
      communityId: w.communityId,
      communityName: w.communityName,
      title: w.title,
      story: w.story,
      category: w.category,
      subject: { alias, ageBand: ageBand(w.birthDate), livingAlone: w.tags.includes('living_alone') },
      status: w.status,
      neededBy: w.neededBy,
      claimedByName: w.claimedByName,
      claimedByKind: (w.claimedByKind as HelperKind | null) ?? null,
      claimedAt: w.claimedAt?.toISOString() ?? null,
      evidence: w.evidenceNote && w.fulfilledAt ? { note: w.evidenceNote, minutes: w.evidenceMinutes ?? 0, photoUrl: w.evidencePhotoId && (staff || parties.includes('claimer') || parties.includes('subject')) ? fileUrl(w.evidencePhotoId) : null, at: w.fulfilledAt.toISOString() } : null,
      confirmedAt: w.confirmedAt?.toISOString() ?? null,
      contact,
      as: [...(parties.includes('claimer') ? (['claimer'] as const) : []), ...(parties.includes('subject') ? (['subject'] as const) : []), ...(staff ? (['staff'] as const) : []), ...(helper ? (['helper'] as const) : [])],
      actions: wishActionsFor(w.status, parties),
      history: history.map((h) => ({ action: h.action as WishAction, from: (h.fromStatus as WishStatus) ?? null, to: h.toStatus as WishStatus, byName: h.actorName, note: h.note, at: h.at.toISOString() })),
      createdAt: w.createdAt.toISOString(),
    };
  }

  async wishes(actor: Actor, query: z.infer<typeof WishQuery>) {
    const d = actor.districtId;
    const v = await this.viewer(actor);
    if (isEmpty(v.member) && isEmpty(v.overseer) && !actor.personId) throw forbidden('wish.forbidden', 'the wish wall is for a community\'s residents, helpers and staff');
    const communityPath = query.communityId ? (await this.places.community(d, query.communityId, 'communityId')).path : undefined;
    const { items, total } = await this.repo.wishes(d, v, { status: query.status, communityPath, mine: query.mine === 'true' }, query.page, query.pageSize);
    const helper = await this.places.helperKind(actor);
    return { items: await Promise.all(items.map((w) => this.present(actor, w, helper))), total, page: query.page, pageSize: query.pageSize };
  }

  private async visibleWish(actor: Actor, id: string): Promise<WishRow> {
    const w = await this.repo.wish(actor.districtId, id);
    if (!w) throw notFound('wish');
    if (w.claimedBy === actor.userId || w.personId === actor.personId || covers(overseerScope(actor), { areaPath: w.areaPath })) return w;
    if (w.status !== 'withdrawn' && covers(await this.places.memberScope(actor), { areaPath: w.areaPath })) return w;
    throw notFound('wish');
  }

  async wish(actor: Actor, id: string): Promise<Wish> {
    return this.present(actor, await this.visibleWish(actor, id), await this.places.helperKind(actor), true);
  }

  async create(actor: Actor, input: z.infer<typeof CreateWish>): Promise<Wish> {
    const d = actor.districtId;
    const home = await this.places.home(d, input.personId);
    if (!home || !covers(keeperScope(actor), { areaPath: home.areaPath })) throw fieldError('personId', 'no such resident in your community');
    if (input.neededBy && input.neededBy < chinaToday()) throw fieldError('neededBy', 'is in the past');
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      await q
        .insertInto('wishes')
        .values({
          districtId: d, id, personId: home.personId, communityId: home.communityId, areaPath: home.areaPath, title: input.title, story: input.story, category: input.category, neededBy: input.neededBy ?? null,
          claimedBy: null, claimedByName: null, claimedByKind: null, claimedAt: null, evidenceNote: null, evidenceMinutes: null, evidencePhotoId: null, fulfilledAt: null, confirmedAt: null, createdBy: actor.userId, createdByName: actor.displayName,
        })
        .execute();
      await this.repo.addHistory({ districtId: d, userId: actor.userId, name: actor.displayName }, id, { action: 'publish', from: null, to: 'open' }, null);
      await audit(this.ctx.db, actor, d, { action: 'wish.publish', entityType: 'wish', entityId: id, areaPath: home.areaPath, details: { title: input.title, category: input.category } });
      this.changed(d, home.communityPath, id);
    });
    return this.wish(actor, id);
  }

  private changed(districtId: string, areaPath: string, id: string) {
    this.ctx.db.afterCommit(() => this.ctx.events.publish({ districtId, type: 'wish.updated', data: { id }, audience: { areaPath } }));
  }

  /**
   * One move of the table: the party is checked, then the row changes only if it is still in the
   * state the caller saw. Of two claims at once, the second finds the wish no longer open.
   */
  private async move(actor: Actor, w: WishRow, action: WishAction, helper: HelperKind | null, set: Record<string, unknown>, note: string | null) {
    const t = wishTransition(w.status, action);
    if (!t) {
      const code = action === 'claim' ? (w.status === 'claimed' || w.status === 'fulfilled' ? 'wish.already_claimed' : 'wish.not_open') : 'wish.invalid_transition';
      throw new AppError(code, 'conflict', `the wish is ${w.status}`, [{ path: 'status', message: `is ${w.status}` }]);
    }
    const parties = this.parties(actor, w, helper);
    if (!t.by.some((p) => parties.includes(p))) {
      throw forbidden(action === 'claim' ? 'wish.not_helper' : `wish.${action}_forbidden`, action === 'claim' ? 'micro-wishes are claimed by volunteers, party members and organisations' : `only the ${t.by.join(' or ')} may ${action} this wish`);
    }
    const res = await this.ctx.db.q.updateTable('wishes').set({ ...set, status: t.to, updatedAt: new Date() }).where('districtId', '=', w.districtId).where('id', '=', w.id).where('status', '=', w.status).executeTakeFirst();
    if (!res.numUpdatedRows) {
      const now = await this.repo.wish(w.districtId, w.id);
      throw new AppError(action === 'claim' ? 'wish.already_claimed' : 'wish.changed', 'conflict', action === 'claim' ? 'someone else claimed this wish a moment ago' : 'the wish changed meanwhile; reload it', [{ path: 'status', message: `is ${now?.status}` }]);
    }
    await this.repo.addHistory({ districtId: w.districtId, userId: actor.userId, name: actor.displayName }, w.id, t, note);
    await audit(this.ctx.db, actor, w.districtId, { action: `wish.${action}`, entityType: 'wish', entityId: w.id, areaPath: w.areaPath, details: { from: w.status, to: t.to, ...(action === 'claim' ? { contactShared: true } : {}) } });
    this.changed(w.districtId, w.areaPath, w.id);
    return t;
  }

  /** Load the wish as the caller may see it, then run one move inside a transaction on a fresh read. */
  private async act(actor: Actor, id: string, run: (w: WishRow, helper: HelperKind | null) => Promise<void>): Promise<Wish> {
    const helper = await this.places.helperKind(actor);
    const seen = await this.visibleWish(actor, id);
    await this.ctx.db.tx(async () => run((await this.repo.wish(actor.districtId, seen.id))!, helper));
    return this.wish(actor, id);
  }

  async claim(actor: Actor, id: string): Promise<Wish> {
    return this.act(actor, id, async (w, helper) => {
      await this.move(actor, w, 'claim', helper, { claimedBy: actor.userId, claimedByName: actor.displayName, claimedByKind: helper, claimedAt: new Date() }, null);
      const staff = await this.places.staffOf(w.districtId, w.areaPath.split('/').slice(0, 3).join('/') + '/');
      await this.ctx.notifier.notify(w.districtId, staff, { kind: 'wish.claimed', title: `微心愿「${w.title}」已被 ${actor.displayName} 认领`, link: `/sharing/wishes/${w.id}` });
    });
  }

  async release(actor: Actor, id: string, note?: string): Promise<Wish> {
    return this.act(actor, id, async (w, helper) => {
      const by = w.claimedBy;
      await this.move(actor, w, 'release', helper, { claimedBy: null, claimedByName: null, claimedByKind: null, claimedAt: null, evidenceNote: null, evidenceMinutes: null, evidencePhotoId: null, fulfilledAt: null }, note ?? null);
      if (by && by !== actor.userId) await this.ctx.notifier.notify(w.districtId, [by], { kind: 'wish.released', title: `微心愿「${w.title}」已由社区收回`, link: `/sharing/wishes/${w.id}` });
    });
  }

  async fulfil(actor: Actor, id: string, input: z.infer<typeof FulfilWish>): Promise<Wish> {
    return this.act(actor, id, async (w, helper) => {
      await this.move(actor, w, 'fulfil', helper, { evidenceNote: input.note, evidenceMinutes: input.minutes, evidencePhotoId: input.photoFileId ?? null, fulfilledAt: new Date() }, input.note);
      if (input.photoFileId) await fileService(this.ctx).attach(actor, [input.photoFileId], { type: WISH_PHOTO, id: w.id, purpose: 'evidence' }, 'photoFileId');
      const tell = [...(await this.places.staffOf(w.districtId, w.areaPath.split('/').slice(0, 3).join('/') + '/')), ...(await this.subjectUsers(w.districtId, w.personId))];
      await this.ctx.notifier.notify(w.districtId, tell, { kind: 'wish.fulfilled', title: `微心愿「${w.title}」已完成，请确认`, link: `/sharing/wishes/${w.id}` });
    });
  }

  private async subjectUsers(districtId: string, personId: string) {
    return (await this.ctx.db.q.selectFrom('users').select('id').where('districtId', '=', districtId).where('personId', '=', personId).where('status', '=', 'active').execute()).map((u) => u.id);
  }

  async dispute(actor: Actor, id: string, note?: string): Promise<Wish> {
    return this.act(actor, id, async (w, helper) => {
      await this.move(actor, w, 'dispute', helper, { fulfilledAt: null }, note ?? null);
      if (w.claimedBy) await this.ctx.notifier.notify(w.districtId, [w.claimedBy], { kind: 'wish.disputed', title: `微心愿「${w.title}」还未完成：${note ?? '请与社区联系'}`, link: `/sharing/wishes/${w.id}` });
    });
  }

  /** Confirmed: the claimer's time goes to the one ledger, once (source wish + the wish's id). */
  async confirm(actor: Actor, id: string, note?: string): Promise<Wish> {
    return this.act(actor, id, async (w, helper) => {
      await this.move(actor, w, 'confirm', helper, { confirmedAt: new Date() }, note ?? null);
      await this.ctx.volunteering.recordHours(
        { system: 'wishes', districtId: w.districtId },
        { userId: w.claimedBy!, source: 'wish', sourceId: w.id, minutes: w.evidenceMinutes ?? 1, servedOn: chinaToday(w.fulfilledAt ?? new Date()), description: `微心愿：${w.title}`, areaId: w.communityId },
      );
      await this.ctx.notifier.notify(w.districtId, [w.claimedBy!], { kind: 'wish.confirmed', title: `微心愿「${w.title}」已确认，感谢您！`, link: `/sharing/wishes/${w.id}` });
    });
  }

  async withdraw(actor: Actor, id: string, note?: string): Promise<Wish> {
    return this.act(actor, id, async (w, helper) => {
      // A withdrawn wish has no claimer (the table holds claimed_by only while claimed, fulfilled or confirmed).
      await this.move(actor, w, 'withdraw', helper, { claimedBy: null, claimedByName: null, claimedByKind: null, claimedAt: null }, note ?? null);
      if (w.claimedBy) await this.ctx.notifier.notify(w.districtId, [w.claimedBy], { kind: 'wish.withdrawn', title: `微心愿「${w.title}」已撤下`, link: `/sharing/wishes/${w.id}` });
    });
  }

  // --- pairings ------------------------------------------------------------------------------------------

  private async presentPairings(actor: Actor, rows: PairingRow[], helper: HelperKind | null): Promise<Pairing[]> {
    const visits = await this.repo.visits(actor.districtId, rows.map((r) => r.id));
    const today = chinaToday();
    const overseer = overseerScope(actor);
    const keeper = keeperScope(actor);
    return rows.map((r) => {
      const staff = covers(overseer, { areaPath: r.areaPath });
      const mine = r.helperUserId === actor.userId;
      const since = r.lastVisitOn ?? r.startedOn;
      return {
        id: r.id,
        communityId: r.communityId,
        communityName: r.communityName,
        householdAlias: r.personName ? `${aliasOf({ name: r.personName, gender: r.gender!, birthDate: r.birthDate! })}家` : '一户居民',
        address: staff || (mine && r.status === 'active') ? r.address : null,
        helperName: r.helperName,
        helperKind: (r.helperKind as HelperKind | null) ?? null,
        startedOn: r.startedOn,
        subject: { ageBand: r.birthDate ? ageBand(r.birthDate) : '', livingAlone: !!r.tags?.includes('living_alone') },
        note: r.note,
        visitEveryDays: r.visitEveryDays,
        lastVisitOn: r.lastVisitOn,
        daysSinceVisit: since ? daysBetween(since, today) : 0,
        flagged: r.flaggedAt !== null && r.status === 'active',
        status: r.status,
        visits: staff || mine ? visits.filter((v) => v.pairingId === r.id).slice(0, 20).map((v) => ({ id: v.id, visitedOn: v.visitedOn, minutes: v.minutes, note: v.note, byName: v.loggedByName })) : [],
        isHelper: mine,
        canManage: covers(keeper, { areaPath: r.areaPath }),
        canJoin: r.status === 'seeking' && !!helper,
      };
    });
  }

  async pairings(actor: Actor, query: { status?: 'seeking' | 'active' | 'ended'; flagged?: 'true' | 'false'; mine?: 'true' | 'false'; communityId?: string; page: number; pageSize: number }) {
    const d = actor.districtId;
    const helper = await this.places.helperKind(actor);
    const v = await this.viewer(actor);
    const communityPath = query.communityId ? (await this.places.community(d, query.communityId, 'communityId')).path : undefined;
    const { items, total } = await this.repo.pairings(d, { ...v, helper: !!helper }, { status: query.status, flagged: query.flagged === undefined ? undefined : query.flagged === 'true', mine: query.mine === 'true', communityPath }, query.page, query.pageSize);
    return { items: await this.presentPairings(actor, items, helper), total, page: query.page, pageSize: query.pageSize };
  }

  private async visiblePairing(actor: Actor, id: string, helper: HelperKind | null): Promise<PairingRow> {
    const r = await this.repo.pairing(actor.districtId, id);
    if (!r) throw notFound('pairing');
    if (r.helperUserId === actor.userId || covers(overseerScope(actor), { areaPath: r.areaPath })) return r;
    if (helper && r.status === 'seeking' && covers(await this.places.memberScope(actor), { areaPath: r.areaPath })) return r;
    throw notFound('pairing');
  }

  async pairing(actor: Actor, id: string): Promise<Pairing> {
    const helper = await this.places.helperKind(actor);
    return (await this.presentPairings(actor, [await this.visiblePairing(actor, id, helper)], helper))[0]!;
  }

  async createPairing(actor: Actor, input: z.infer<typeof CreatePairing>): Promise<Pairing> {
    const d = actor.districtId;
    const home = await this.places.home(d, input.personId);
    if (!home?.householdId || !covers(keeperScope(actor), { areaPath: home.areaPath })) throw fieldError('personId', 'no such resident (with a household) in your community');
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      const open = await q.selectFrom('pairings').select('id').where('districtId', '=', d).where('householdId', '=', home.householdId!).where('status', '=', 'seeking').executeTakeFirst();
      if (open) throw new AppError('pairing.already_seeking', 'conflict', 'this household is already looking for a helper', [{ path: 'personId', message: 'already seeking' }]);
      await q
        .insertInto('pairings')
        .values({ districtId: d, id, householdId: home.householdId!, personId: home.personId, communityId: home.communityId, areaPath: home.areaPath, helperUserId: null, helperName: null, helperKind: null, startedOn: null, visitEveryDays: input.visitEveryDays, lastVisitOn: null, flaggedAt: null, endedOn: null, note: input.note ?? null, createdBy: actor.userId })
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'pairing.publish', entityType: 'pairing', entityId: id, areaPath: home.areaPath, details: { visitEveryDays: input.visitEveryDays } });
    });
    return this.pairing(actor, id);
  }

  /** A helper pairs with a household seeking one; of two at once, one does. */
  async join(actor: Actor, id: string): Promise<Pairing> {
    const d = actor.districtId;
    const helper = await this.places.helperKind(actor);
    const r = await this.repo.pairing(d, id);
    if (!r || !(covers(await this.places.memberScope(actor), { areaPath: r.areaPath }) || covers(overseerScope(actor), { areaPath: r.areaPath }))) throw notFound('pairing');
    if (!helper) throw forbidden('pairing.not_helper', 'pairings are for volunteers, party members and organisations');
    if (r.status !== 'seeking') throw new AppError('pairing.taken', 'conflict', r.helperUserId === actor.userId ? 'you are already paired with this household' : 'another helper paired with this household first', [{ path: 'status', message: `is ${r.status}` }]);
    if (r.personId && r.personId === actor.personId) throw forbidden('pairing.not_helper', 'you cannot pair with your own household');
    await this.ctx.db.tx(async (q) => {
      const already = await q.selectFrom('pairings').select('id').where('districtId', '=', d).where('householdId', '=', r.householdId).where('helperUserId', '=', actor.userId).where('status', '=', 'active').executeTakeFirst();
      if (already) throw new AppError('pairing.already_paired', 'conflict', 'you are already paired with this household', [{ path: 'id', message: 'already paired' }]);
      const res = await q
        .updateTable('pairings')
        .set({ helperUserId: actor.userId, helperName: actor.displayName, helperKind: helper, startedOn: chinaToday(), status: 'active' })
        .where('districtId', '=', d)
        .where('id', '=', id)
        .where('status', '=', 'seeking')
        .executeTakeFirst();
      if (!res.numUpdatedRows) throw new AppError('pairing.taken', 'conflict', 'another helper paired with this household first', [{ path: 'status', message: 'no longer seeking' }]);
      await audit(this.ctx.db, actor, d, { action: 'pairing.join', entityType: 'pairing', entityId: id, areaPath: r.areaPath, details: { helperKind: helper } });
      const staff = await this.places.staffOf(d, r.areaPath.split('/').slice(0, 3).join('/') + '/');
      await this.ctx.notifier.notify(d, staff, { kind: 'pairing.joined', title: `${actor.displayName} 与${r.personName ?? '一户居民'}家结对帮扶`, link: `/sharing/pairings/${id}` });
    });
    return this.pairing(actor, id);
  }

  /** A visit by the helper (or noted by staff for them): the pairing is no longer overdue, and the time is counted. */
  async logVisit(actor: Actor, id: string, input: z.infer<typeof LogVisit>): Promise<Pairing> {
    const d = actor.districtId;
    const r = await this.visiblePairing(actor, id, null);
    if (r.status !== 'active') throw new AppError('pairing.not_active', 'conflict', `the pairing is ${r.status}`, [{ path: 'status', message: `is ${r.status}` }]);
    if (r.helperUserId !== actor.userId) requireKeeperFor(actor, r.areaPath, 'pairing.forbidden');
    if (input.visitedOn > chinaToday()) throw fieldError('visitedOn', 'is in the future');
    if (r.startedOn && input.visitedOn < r.startedOn) throw fieldError('visitedOn', `is before the pairing began (${r.startedOn})`);
    const visitId = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      await q.insertInto('pairingVisits').values({ districtId: d, id: visitId, pairingId: id, visitedOn: input.visitedOn, minutes: input.minutes, note: input.note, loggedBy: actor.userId, loggedByName: actor.displayName }).execute();
      const last = r.lastVisitOn && r.lastVisitOn > input.visitedOn ? r.lastVisitOn : input.visitedOn;
      await q.updateTable('pairings').set({ lastVisitOn: last, flaggedAt: null }).where('districtId', '=', d).where('id', '=', id).execute();
      await this.ctx.volunteering.recordHours({ system: 'wishes', districtId: d }, { userId: r.helperUserId!, source: 'pairing', sourceId: visitId, minutes: input.minutes, servedOn: input.visitedOn, description: `结对探访：${r.personName ? aliasOf({ name: r.personName, gender: r.gender!, birthDate: r.birthDate! }) : ''}家`, areaId: r.communityId });
      await audit(this.ctx.db, actor, d, { action: 'pairing.visit', entityType: 'pairing', entityId: id, areaPath: r.areaPath, details: { visitedOn: input.visitedOn, minutes: input.minutes } });
    });
    return this.pairing(actor, id);
  }

  async end(actor: Actor, id: string): Promise<Pairing> {
    const d = actor.districtId;
    const r = await this.visiblePairing(actor, id, null);
    if (r.helperUserId !== actor.userId) requireKeeperFor(actor, r.areaPath, 'pairing.forbidden');
    await this.ctx.db.tx(async (q) => {
      const res = await q.updateTable('pairings').set({ status: 'ended', endedOn: chinaToday() }).where('districtId', '=', d).where('id', '=', id).where('status', 'in', ['seeking', 'active']).executeTakeFirst();
      if (!res.numUpdatedRows) throw conflict('pairing.ended', 'the pairing has ended');
      await audit(this.ctx.db, actor, d, { action: 'pairing.end', entityType: 'pairing', entityId: id, areaPath: r.areaPath });
    });
    return this.pairing(actor, id);
  }

  /** Flag pairings without a visit for their rhythm and tell the community's staff and the helper. */
  async sweep(districtId: string | null, today = chinaToday()): Promise<PairingSweep> {
    let flagged = 0;
    for (const r of await this.repo.overdue(districtId, today)) {
      await this.ctx.db.tx(async (q) => {
        const res = await q.updateTable('pairings').set({ flaggedAt: new Date() }).where('districtId', '=', r.districtId).where('id', '=', r.id).where('flaggedAt', 'is', null).executeTakeFirst();
        if (!res.numUpdatedRows) return;
        flagged++;
        const since = daysBetween(r.lastVisitOn ?? r.startedOn!, today);
        const staff = await this.places.staffOf(r.districtId, r.areaPath.split('/').slice(0, 3).join('/') + '/');
        await this.ctx.notifier.notify(r.districtId, staff, { kind: 'pairing.overdue', title: `结对帮扶已 ${since} 天未探访（${r.helperName}）`, link: `/sharing/pairings/${r.id}` });
        if (r.helperUserId) await this.ctx.notifier.notify(r.districtId, [r.helperUserId], { kind: 'pairing.overdue', title: `您结对的家庭已 ${since} 天未探访，请抽空看看`, link: `/sharing/pairings/${r.id}` });
        await audit(this.ctx.db, null, r.districtId, { action: 'pairing.flag', entityType: 'pairing', entityId: r.id, areaPath: r.areaPath, details: { daysSinceVisit: since } });
      });
    }
    return { flagged };
  }

  async sweepNow(actor: Actor): Promise<PairingSweep> {
    if (isEmpty(keeperScope(actor))) throw forbidden('pairing.forbidden', 'only community staff run the pairing check');
    return this.sweep(actor.districtId);
  }
}
