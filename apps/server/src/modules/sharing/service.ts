// The shared huts (共享小屋): huts with keepers and monthly themes, items residents lend, and loans
// from reservation to return under the written-down state machine in lending.ts. Two neighbours
// can never hold one item on the same day: each reservation locks the item's row and checks, and
// on PostgreSQL an exclusion constraint refuses overlaps as well.
import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  type CreateHut,
  type CreateShareItem,
  type Hut,
  type ShareItemQuery,
  type Loan,
  type LoanAction,
  type LoanParty,
  type LoanQuery,
  type LoanStatus,
  type ReserveItem,
  type ReturnLoan,
  type SetHutTheme,
  type ShareItem,
  type UpdateHut,
  type UpdateShareItem,
  chinaToday,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Scope, covers } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { type OwnerType, fileService, fileUrl } from '../../platform/files.ts';
import type { VolunteeringService } from '../volunteering/service.ts';
import { type LoanTransition, actionsFor, addDays, daysBetween, transition } from './lending.ts';
import { type Home, Neighbourhood } from './neighbourhood.ts';
import { SharingRepository } from './repository.ts';
import { managerScope, requireManager, requireManagerFor, requireMember } from './policy.ts';

type ItemRow = NonNullable<Awaited<ReturnType<SharingRepository['item']>>>;
type LoanRow = NonNullable<Awaited<ReturnType<SharingRepository['loan']>>>;
type HutRow = NonNullable<Awaited<ReturnType<SharingRepository['hut']>>>;

/** Photos of items are files owned by the item (the file service's owner types grow with modules). */
const ITEM_PHOTO: OwnerType = 'share_item';
/** How far ahead a reservation may start. */
const MAX_LEAD_DAYS = 90;
/** A hold lapses when the item is not picked up by the day after the first reserved day. */
const HOLD_GRACE_DAYS = 1;
const SYSTEM_NAME = '系统';
const yuan = (fen: number) => `${(fen / 100).toFixed(2)}元`;

export interface SweepCounts {
  overdue: number;
  reminded: number;
  expired: number;
  promoted: number;
}

export class SharingService {
  private readonly repo: SharingRepository;
  readonly places: Neighbourhood;

  constructor(private readonly ctx: AppContext & { volunteering: VolunteeringService }) {
    this.repo = new SharingRepository(ctx.db);
    this.places = new Neighbourhood(ctx);
    fileService(ctx).registerOwner(ITEM_PHOTO, async (actor, itemId) => {
      const item = await this.repo.item(actor.districtId, itemId);
      return !!item && (item.ownerUserId === actor.userId || covers(await this.places.memberScope(actor), { areaPath: item.areaPath }));
    });
  }

  // --- huts --------------------------------------------------------------------------------------------------

  private async presentHuts(actor: Actor, rows: HutRow[]): Promise<Hut[]> {
    const ids = rows.map((r) => r.id);
    const [keepers, themes] = await Promise.all([this.repo.keepers(actor.districtId, ids), this.repo.themes(actor.districtId, ids)]);
    const month = chinaToday().slice(0, 7);
    const manage = managerScope(actor);
    return rows.map((h) => {
      const mine = themes.filter((t) => t.hutId === h.id);
      const hk = keepers.filter((k) => k.hutId === h.id);
      return {
        id: h.id,
        communityId: h.communityId,
        communityName: h.communityName,
        name: h.name,
        address: h.address,
        lat: h.lat,
        lon: h.lon,
        openingHours: h.openingHours,
        keepers: hk.map((k) => ({ userId: k.userId, name: k.name, username: k.username })),
        theme: mine.find((t) => t.month === month)?.theme ?? null,
        themes: mine.slice(0, 12).map((t) => ({ month: t.month, theme: t.theme })),
        itemCount: Number(h.itemCount ?? 0),
        upcomingActivities: Number(h.upcomingActivities ?? 0),
        isKeeper: hk.some((k) => k.userId === actor.userId),
        canManage: covers(manage, { areaPath: h.areaPath }),
      };
    });
  }

  async huts(actor: Actor, query: { communityId?: string }): Promise<{ items: Hut[] }> {
    const scope = requireMember(await this.places.memberScope(actor));
    const path = query.communityId ? (await this.places.community(actor.districtId, query.communityId, 'communityId')).path : undefined;
    return { items: await this.presentHuts(actor, await this.repo.huts(actor.districtId, scope, path)) };
  }

  private async visibleHut(actor: Actor, id: string, scope?: Scope): Promise<HutRow> {
    const h = await this.repo.hut(actor.districtId, id);
    if (!h || !covers(scope ?? (await this.places.memberScope(actor)), { areaPath: h.areaPath })) throw notFound('hut');
    return h;
  }

  async hut(actor: Actor, id: string): Promise<Hut> {
    return (await this.presentHuts(actor, [await this.visibleHut(actor, id)]))[0]!;
  }

  private async keeperRows(districtId: string, usernames: string[]) {
    const unique = [...new Set(usernames)];
    const users = await this.repo.usersByName(districtId, unique);
    unique.forEach((u, i) => {
      if (!users.some((x) => x.username === u)) throw fieldError(`keeperUsernames.${i}`, 'no such user');
    });
    return users;
  }

  async createHut(actor: Actor, input: z.infer<typeof CreateHut>): Promise<Hut> {
    const d = actor.districtId;
    const community = await this.places.community(d, input.communityId, 'communityId');
    requireManagerFor(actor, community.path);
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      const keepers = await this.keeperRows(d, input.keeperUsernames);
      const clash = await q.selectFrom('huts').select('id').where('districtId', '=', d).where('communityId', '=', community.id).where('name', '=', input.name).executeTakeFirst();
      if (clash) throw new AppError('hut.name_taken', 'conflict', 'this community already has a hut of that name', [{ path: 'name', message: 'taken' }]);
      await q
        .insertInto('huts')
        .values({ districtId: d, id, communityId: community.id, areaPath: community.path, name: input.name, address: input.address, lat: input.lat ?? community.lat, lon: input.lon ?? community.lon, openingHours: input.openingHours, createdBy: actor.userId })
        .execute();
      if (keepers.length) await q.insertInto('hutKeepers').values(keepers.map((k) => ({ districtId: d, hutId: id, userId: k.id, name: k.displayName }))).execute();
      await audit(this.ctx.db, actor, d, { action: 'hut.create', entityType: 'hut', entityId: id, areaPath: community.path, details: { name: input.name, keepers: input.keeperUsernames } });
    });
    return this.hut(actor, id);
  }

  async updateHut(actor: Actor, id: string, input: z.infer<typeof UpdateHut>): Promise<Hut> {
    const d = actor.districtId;
    const h = await this.visibleHut(actor, id);
    requireManagerFor(actor, h.areaPath);
    await this.ctx.db.tx(async (q) => {
      const { keeperUsernames, ...fields } = input;
      if (Object.keys(fields).length) await q.updateTable('huts').set(fields).where('districtId', '=', d).where('id', '=', id).execute();
      if (keeperUsernames) {
        const keepers = await this.keeperRows(d, keeperUsernames);
        await q.deleteFrom('hutKeepers').where('districtId', '=', d).where('hutId', '=', id).execute();
        if (keepers.length) await q.insertInto('hutKeepers').values(keepers.map((k) => ({ districtId: d, hutId: id, userId: k.id, name: k.displayName }))).execute();
      }
      await audit(this.ctx.db, actor, d, { action: 'hut.update', entityType: 'hut', entityId: id, areaPath: h.areaPath, details: input });
    });
    return this.hut(actor, id);
  }

  /** The month's theme (每月主题): set by the community's staff or the hut's keepers. */
  async setTheme(actor: Actor, id: string, input: z.infer<typeof SetHutTheme>): Promise<Hut> {
    const d = actor.districtId;
    const h = await this.visibleHut(actor, id);
    const keeps = (await this.repo.keptBy(d, actor.userId)).includes(id);
    if (!keeps) requireManagerFor(actor, h.areaPath, 'hut.theme_forbidden');
    await this.ctx.db.tx(async (q) => {
      await q
        .insertInto('hutThemes')
        .values({ districtId: d, hutId: id, month: input.month, theme: input.theme, setBy: actor.userId })
        .onConflict((oc) => oc.columns(['districtId', 'hutId', 'month']).doUpdateSet({ theme: input.theme, setBy: actor.userId }))
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'hut.theme', entityType: 'hut', entityId: id, areaPath: h.areaPath, details: input });
    });
    return this.hut(actor, id);
  }

  // --- items -------------------------------------------------------------------------------------------------

  private async presentItems(actor: Actor, rows: ItemRow[]): Promise<ShareItem[]> {
    const booked = await this.repo.booked(actor.districtId, rows.map((r) => r.id), chinaToday());
    return rows.map((i) => ({
      id: i.id,
      title: i.title,
      category: i.category as ShareItem['category'],
      description: i.description,
      condition: i.condition as ShareItem['condition'],
      depositFen: Number(i.depositFen),
      maxDays: i.maxDays,
      keptAt: i.keptAt,
      hutId: i.hutId,
      hutName: i.hutName ?? null,
      inHut: i.inHut,
      communityId: i.communityId,
      communityName: i.communityName,
      ownerName: i.ownerName,
      isMine: i.ownerUserId === actor.userId,
      photoUrl: i.photoFileId ? fileUrl(i.photoFileId) : null,
      status: i.status,
      distanceM: i.distanceM === null || i.distanceM === undefined ? null : Math.round(Number(i.distanceM)),
      booked: booked.filter((b) => b.itemId === i.id).map((b) => ({ startsOn: b.startsOn, endsOn: b.endsOn })),
      waitlisted: Number(i.waitlisted ?? 0),
      createdAt: i.createdAt.toISOString(),
    }));
  }

  async items(actor: Actor, query: z.infer<typeof ShareItemQuery>) {
    const d = actor.districtId;
    const home = await this.places.home(d, actor.personId);
    const scope = requireMember(await this.places.memberScope(actor, home));
    const origin = query.lat !== undefined && query.lon !== undefined ? { lat: query.lat, lon: query.lon } : home?.lat != null && home.lon != null ? { lat: home.lat, lon: home.lon } : undefined;
    if ((query.lat === undefined) !== (query.lon === undefined)) throw fieldError(query.lat === undefined ? 'lat' : 'lon', 'give both lat and lon');
    if (query.radiusM && !origin) throw fieldError('radiusM', 'a radius needs a point: lat and lon, or a home on the register');
    const communityPath = query.communityId ? (await this.places.community(d, query.communityId, 'communityId')).path : undefined;
    const mine = query.mine === 'true';
    const { items, total } = await this.repo.items(
      d,
      scope,
      { q: query.q || undefined, category: query.category, communityPath, hutId: query.hutId, ownerUserId: mine ? actor.userId : undefined, onlyAvailable: !mine, origin, radiusM: query.radiusM },
      query.page,
      query.pageSize,
    );
    return { items: await this.presentItems(actor, items), total, page: query.page, pageSize: query.pageSize };
  }

  private async visibleItem(actor: Actor, id: string, home?: Home | null): Promise<ItemRow> {
    const h = home === undefined ? await this.places.home(actor.districtId, actor.personId) : home;
    const i = await this.repo.item(actor.districtId, id, h?.lat != null && h.lon != null ? { lat: h.lat, lon: h.lon } : undefined);
    if (!i) throw notFound('item');
    if (i.ownerUserId !== actor.userId && !covers(await this.places.memberScope(actor, h), { areaPath: i.areaPath })) throw notFound('item');
    return i;
  }

  async item(actor: Actor, id: string): Promise<ShareItem> {
    return (await this.presentItems(actor, [await this.visibleItem(actor, id)]))[0]!;
  }

  /** A resident lists an item kept at home, or anyone of the community leaves one at its hut. */
  async createItem(actor: Actor, input: z.infer<typeof CreateShareItem>): Promise<ShareItem> {
    const d = actor.districtId;
    const home = await this.places.home(d, actor.personId);
    let place: { communityId: string; areaPath: string; hutId: string | null; lat: number | null; lon: number | null };
    if (input.keptAt === 'hut') {
      if (!input.hutId) throw fieldError('hutId', 'name the hut the item is kept in');
      const scope = await this.places.memberScope(actor, home);
      const h = await this.repo.hut(d, input.hutId);
      if (!h || !covers(scope, { areaPath: h.areaPath })) throw fieldError('hutId', 'no such hut in your community');
      place = { communityId: h.communityId, areaPath: h.areaPath, hutId: h.id, lat: h.lat, lon: h.lon };
    } else {
      if (input.hutId) throw fieldError('hutId', 'only for items kept at a hut');
      if (!home) throw fieldError('keptAt', 'you have no home on the register; leave the item at a hut instead');
      place = { communityId: home.communityId, areaPath: home.communityPath, hutId: null, lat: home.lat, lon: home.lon };
    }
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      await q
        .insertInto('shareItems')
        .values({
          districtId: d,
          id,
          ownerUserId: actor.userId,
          ownerName: actor.displayName,
          communityId: place.communityId,
          areaPath: place.areaPath,
          keptAt: input.keptAt,
          hutId: place.hutId,
          title: input.title,
          category: input.category,
          description: input.description,
          condition: input.condition,
          depositFen: input.depositFen,
          maxDays: input.maxDays,
          photoFileId: input.photoFileId ?? null,
          lat: place.lat,
          lon: place.lon,
        })
        .execute();
      if (input.photoFileId) await fileService(this.ctx).attach(actor, [input.photoFileId], { type: ITEM_PHOTO, id, purpose: 'item' }, 'photoFileId');
      await audit(this.ctx.db, actor, d, { action: 'item.create', entityType: 'share_item', entityId: id, areaPath: place.areaPath, details: { title: input.title, keptAt: input.keptAt, depositFen: input.depositFen } });
      if (place.hutId) await this.tellKeepers(d, place.hutId, { kind: 'sharing.item', title: `${actor.displayName} 将「${input.title}」放到小屋，请清点入库`, link: `/sharing/items/${id}` });
    });
    return this.item(actor, id);
  }

  async updateItem(actor: Actor, id: string, input: z.infer<typeof UpdateShareItem>): Promise<ShareItem> {
    const d = actor.districtId;
    const i = await this.visibleItem(actor, id);
    if (i.ownerUserId !== actor.userId) requireManagerFor(actor, i.areaPath, 'item.forbidden');
    await this.ctx.db.tx(async (q) => {
      await this.repo.lockItem(d, id);
      if (input.status === 'withdrawn') {
        const live = await q.selectFrom('loans').select('id').where('districtId', '=', d).where('itemId', '=', id).where('status', 'in', ['picked_up', 'overdue']).executeTakeFirst();
        if (live) throw new AppError('item.on_loan', 'conflict', 'the item is lent out; withdraw it once it is back', [{ path: 'status', message: 'the item is lent out' }]);
        // Holds and waits for a withdrawn item cannot be honoured: they end, and their borrowers hear why.
        const waiting = await q.selectFrom('loans').selectAll().where('districtId', '=', d).where('itemId', '=', id).where('status', 'in', ['held', 'waitlisted']).execute();
        for (const l of waiting) {
          await this.move(actor, l, 'cancel', 'system', { note: '物品已下架' });
          await this.ctx.notifier.notify(d, [l.borrowerUserId], { kind: 'sharing.loan', title: `「${i.title}」已下架，您的预约已取消`, link: `/sharing/loans/${l.id}` });
        }
      }
      await q.updateTable('shareItems').set({ ...input, updatedAt: new Date() }).where('districtId', '=', d).where('id', '=', id).execute();
      await audit(this.ctx.db, actor, d, { action: 'item.update', entityType: 'share_item', entityId: id, areaPath: i.areaPath, details: input });
    });
    return this.item(actor, id);
  }

  /** The keeper puts a hut item on the shelf (入库): when it is first brought in. Returns do it too. */
  async checkInItem(actor: Actor, id: string): Promise<ShareItem> {
    const d = actor.districtId;
    const i = await this.visibleItem(actor, id);
    if (i.keptAt !== 'hut' || !i.hutId) throw conflict('item.not_hut_item', 'only items kept at a hut are checked in');
    await this.requireKeeper(actor, i.hutId, i.areaPath);
    await this.ctx.db.tx(async (q) => {
      await this.repo.lockItem(d, id);
      const out = await q.selectFrom('loans').select('id').where('districtId', '=', d).where('itemId', '=', id).where('status', 'in', ['picked_up', 'overdue']).executeTakeFirst();
      if (out) throw conflict('item.on_loan', 'the item is lent out; record its return instead');
      await q.updateTable('shareItems').set({ inHut: true, updatedAt: new Date() }).where('districtId', '=', d).where('id', '=', id).execute();
      await audit(this.ctx.db, actor, d, { action: 'item.check_in', entityType: 'share_item', entityId: id, areaPath: i.areaPath });
    });
    return this.item(actor, id);
  }

  private async requireKeeper(actor: Actor, hutId: string, areaPath: string) {
    if ((await this.repo.keptBy(actor.districtId, actor.userId)).includes(hutId)) return;
    if (covers(managerScope(actor), { areaPath })) return;
    throw forbidden('hut.not_keeper', 'only the hut\'s keepers check items in and out');
  }

  private async tellKeepers(districtId: string, hutId: string, message: { kind: string; title: string; body?: string; link?: string }) {
    const keepers = (await this.repo.keepers(districtId, [hutId])).map((k) => k.userId);
    await this.ctx.notifier.notify(districtId, keepers, message);
  }

  // --- loans -------------------------------------------------------------------------------------------------

  /** The caller's parts in a loan; the service's checks and the offered actions both come from these. */
  private async partiesOf(actor: Actor, l: Pick<LoanRow, 'borrowerUserId' | 'ownerUserId' | 'keptAt' | 'hutId' | 'areaPath'>): Promise<LoanParty[]> {
    const parties: LoanParty[] = [];
    if (l.borrowerUserId === actor.userId) parties.push('borrower');
    if (l.keptAt === 'home' && l.ownerUserId === actor.userId) parties.push('lender');
    const manages = covers(managerScope(actor), { areaPath: l.areaPath });
    if (l.keptAt === 'hut' && l.hutId && (manages || (await this.repo.keptBy(actor.districtId, actor.userId)).includes(l.hutId))) parties.push('keeper');
    if (manages) parties.push('staff');
    return parties;
  }

  private async presentLoan(actor: Actor, l: LoanRow): Promise<Loan> {
    const d = actor.districtId;
    const [parties, history, position] = await Promise.all([
      this.partiesOf(actor, l),
      this.repo.history(d, l.id),
      l.status === 'waitlisted' ? this.repo.waitlistPosition(d, l) : Promise.resolve(null),
    ]);
    return {
      id: l.id,
      itemId: l.itemId,
      itemTitle: l.itemTitle,
      keptAt: l.keptAt,
      hutName: l.hutName ?? null,
      ownerName: l.ownerName,
      borrowerName: l.borrowerName,
      startsOn: l.startsOn,
      endsOn: l.endsOn,
      status: l.status as LoanStatus,
      waitlistPosition: position,
      depositFen: Number(l.depositFen),
      depositHeldFen: Number(l.depositHeldFen),
      depositRefundedFen: Number(l.depositRefundedFen),
      depositWithheldFen: Number(l.depositWithheldFen),
      pickedUpAt: l.pickedUpAt?.toISOString() ?? null,
      returnedAt: l.returnedAt?.toISOString() ?? null,
      returnCondition: (l.returnCondition as Loan['returnCondition']) ?? null,
      conditionNote: l.conditionNote,
      extensions: l.extensions,
      as: parties,
      actions: actionsFor(l.status as LoanStatus, parties),
      history: history.map((h) => ({ action: h.action as LoanAction, from: (h.fromStatus as LoanStatus) ?? null, to: h.toStatus as LoanStatus, byName: h.actorName, note: h.note, at: h.at.toISOString() })),
      createdAt: l.createdAt.toISOString(),
    };
  }

  private async visibleLoan(actor: Actor, id: string): Promise<LoanRow> {
    const l = await this.repo.loan(actor.districtId, id);
    // The owner of an item kept at a hut follows its loans without handing it over.
    if (!l || !(l.ownerUserId === actor.userId || (await this.partiesOf(actor, l)).length)) throw notFound('loan');
    return l;
  }

  async loan(actor: Actor, id: string): Promise<Loan> {
    return this.presentLoan(actor, await this.visibleLoan(actor, id));
  }

  async loans(actor: Actor, query: z.infer<typeof LoanQuery>) {
    const d = actor.districtId;
    const role = query.role;
    const hutIds = !role || role === 'keeper' ? await this.repo.keptBy(d, actor.userId) : [];
    const who = {
      borrower: !role || role === 'borrower' ? actor.userId : undefined,
      owner: !role || role === 'lender' ? actor.userId : undefined,
      hutIds,
      scope: role === 'staff' || role === 'keeper' ? managerScope(actor) : undefined,
    };
    const { items, total } = await this.repo.loans(d, who, { status: query.status, itemId: query.itemId }, query.page, query.pageSize);
    return { items: await Promise.all(items.map((l) => this.presentLoan(actor, l))), total, page: query.page, pageSize: query.pageSize };
  }

  /** Reserve days of an item, or (waitlist: true) queue for them when they are taken. */
  async reserve(actor: Actor, input: z.infer<typeof ReserveItem>): Promise<Loan> {
    const d = actor.districtId;
    const today = chinaToday();
    if (input.endsOn < input.startsOn) throw fieldError('endsOn', 'is before startsOn', 'loan.ends_before_start');
    if (input.startsOn < today) throw fieldError('startsOn', 'is in the past');
    if (daysBetween(today, input.startsOn) > MAX_LEAD_DAYS) throw fieldError('startsOn', `at most ${MAX_LEAD_DAYS} days ahead`);
    const item = await this.visibleItem(actor, input.itemId);
    if (item.ownerUserId === actor.userId) throw fieldError('itemId', 'you cannot borrow your own item', 'loan.own_item');
    if (item.status !== 'available') throw new AppError('item.withdrawn', 'conflict', 'the item is no longer lent', [{ path: 'itemId', message: 'withdrawn' }]);
    const days = daysBetween(input.startsOn, input.endsOn) + 1;
    if (days > item.maxDays) throw fieldError('endsOn', `the owner lends this for at most ${item.maxDays} days`, 'loan.too_long');
    const id = crypto.randomUUID();
    try {
      await this.ctx.db.tx(async () => {
        const locked = await this.repo.lockItem(d, item.id);
        if (locked?.status !== 'available') throw new AppError('item.withdrawn', 'conflict', 'the item is no longer lent', [{ path: 'itemId', message: 'withdrawn' }]);
        if ((await this.repo.mineOverlapping(d, item.id, actor.userId, input)).length) {
          throw new AppError('loan.already_reserved', 'conflict', 'you already have a reservation or a place in the queue for these days', [{ path: 'startsOn', message: 'already reserved by you' }]);
        }
        const taken = await this.repo.occupying(d, item.id, input);
        if (taken.length && !input.waitlist) {
          throw new AppError('loan.dates_taken', 'conflict', `the item is taken ${taken.map((t) => `${t.startsOn}–${t.endsOn}`).join(', ')}; choose other days or join the waitlist`, [{ path: 'startsOn', message: 'taken on some of these days' }]);
        }
        const t = transition(null, taken.length ? 'wait' : 'reserve')!;
        await this.repo.insertLoan({ districtId: d, id, itemId: item.id, borrowerUserId: actor.userId, borrowerName: actor.displayName, areaPath: item.areaPath, startsOn: input.startsOn, endsOn: input.endsOn, status: t.to, depositFen: Number(item.depositFen) });
        await this.history(actor, id, t, input.note ?? null);
        await audit(this.ctx.db, actor, d, { action: `loan.${t.action}`, entityType: 'loan', entityId: id, areaPath: item.areaPath, details: { itemId: item.id, startsOn: input.startsOn, endsOn: input.endsOn } });
        const what = t.to === 'held' ? '预约' : '排队等候';
        await this.tellHolders(d, item, { kind: 'sharing.loan', title: `${actor.displayName} ${what}「${item.title}」${input.startsOn} 至 ${input.endsOn}`, link: `/sharing/loans/${id}` });
      });
    } catch (err) {
      // PostgreSQL's exclusion constraint: the same refusal as the check above, should a race get past it.
      if ((err as { code?: string }).code === '23P01') throw new AppError('loan.dates_taken', 'conflict', 'the item is taken on some of these days', [{ path: 'startsOn', message: 'taken on some of these days' }]);
      throw err;
    }
    return this.loan(actor, id);
  }

  /** Those who hold an item and hand it over: its owner for items at home, the hut's keepers otherwise. */
  private async tellHolders(districtId: string, item: { keptAt: string; hutId: string | null; ownerUserId: string }, message: { kind: string; title: string; body?: string; link?: string }) {
    if (item.keptAt === 'hut' && item.hutId) await this.tellKeepers(districtId, item.hutId, message);
    else await this.ctx.notifier.notify(districtId, [item.ownerUserId], message);
  }

  private async history(by: Actor | null, loanId: string, t: LoanTransition, note: string | null, districtId?: string) {
    await this.ctx.db.q
      .insertInto('loanHistory')
      .values({ districtId: by?.districtId ?? districtId!, loanId, action: t.action, fromStatus: t.from, toStatus: t.to, actorId: by?.userId ?? null, actorName: by?.displayName ?? SYSTEM_NAME, note })
      .execute();
  }

  /**
   * Apply one transition of the table to a loan, inside the caller's transaction: check the state
   * and the party, write the new state with the history row. Callers add the business rules.
   */
  private async move(by: Actor | null, l: { districtId: string; id: string; status: string }, action: LoanAction, party: LoanParty, extra: { note?: string | null; set?: Record<string, unknown> } = {}) {
    const t = transition(l.status as LoanStatus, action);
    if (!t || !t.by.includes(party)) {
      throw new AppError('loan.invalid_transition', 'conflict', `a ${l.status} loan does not take "${action}" from the ${party}`, [{ path: 'status', message: `is ${l.status}` }]);
    }
    const res = await this.ctx.db.q
      .updateTable('loans')
      .set({ ...(extra.set ?? {}), status: t.to, updatedAt: new Date() })
      .where('districtId', '=', l.districtId)
      .where('id', '=', l.id)
      .where('status', '=', l.status)
      .executeTakeFirst();
    if (!res.numUpdatedRows) throw conflict('loan.changed', 'the loan changed meanwhile; reload it');
    await this.history(by, l.id, t, extra.note ?? null, l.districtId);
    return t;
  }

  /** Pick the party an actor takes an action as: the first of theirs the table allows. */
  private partyFor(parties: LoanParty[], status: LoanStatus, action: LoanAction, code: string): LoanParty {
    const t = transition(status, action);
    const p = t ? parties.find((x) => t.by.includes(x)) : undefined;
    if (p) return p;
    if (!t) throw new AppError('loan.invalid_transition', 'conflict', `a ${status} loan cannot take "${action}"`, [{ path: 'status', message: `is ${status}` }]);
    throw forbidden(code, `only the ${t.by.filter((x) => x !== 'system').join(' or ')} may do this`);
  }

  /** Inside a transaction with the item locked: hand freed days to the queue, first come first served. */
  private async promoteWaiting(districtId: string, itemId: string, itemTitle: string): Promise<number> {
    const today = chinaToday();
    let promoted = 0;
    for (const w of await this.repo.waitlist(districtId, itemId)) {
      if (w.endsOn < today) {
        await this.move(null, w, 'expire', 'system', { note: '等候的日期已过' });
        continue;
      }
      const startsOn = w.startsOn < today ? today : w.startsOn;
      if ((await this.repo.occupying(districtId, itemId, { startsOn, endsOn: w.endsOn }, w.id)).length) continue;
      await this.move(null, w, 'promote', 'system', { set: { startsOn }, note: startsOn !== w.startsOn ? `从 ${startsOn} 起` : null });
      await this.ctx.notifier.notify(districtId, [w.borrowerUserId], { kind: 'sharing.loan', title: `「${itemTitle}」轮到您了：已为您保留 ${startsOn} 至 ${w.endsOn}`, link: `/sharing/loans/${w.id}` });
      promoted++;
    }
    return promoted;
  }

  async cancel(actor: Actor, id: string, note?: string): Promise<Loan> {
    return this.act(actor, id, 'cancel', async (l, party) => {
      await this.move(actor, l, 'cancel', party, { note });
      const others = [l.borrowerUserId, l.keptAt === 'home' ? l.ownerUserId : null].filter((u): u is string => !!u && u !== actor.userId);
      await this.ctx.notifier.notify(actor.districtId, others, { kind: 'sharing.loan', title: `「${l.itemTitle}」${l.startsOn} 至 ${l.endsOn} 的预约已取消`, link: `/sharing/loans/${l.id}` });
      if (l.status === 'held') await this.promoteWaiting(actor.districtId, l.itemId, l.itemTitle);
    });
  }

  /** The holder hands the item over (出借/出库) and takes the deposit, if any. */
  async pickUp(actor: Actor, id: string, note?: string): Promise<Loan> {
    return this.act(actor, id, 'pick_up', async (l, party) => {
      const today = chinaToday();
      if (today < addDays(l.startsOn, -1)) throw new AppError('loan.not_due', 'conflict', `the reservation starts ${l.startsOn}; hand the item over from the day before`, [{ path: 'startsOn', message: 'not yet' }]);
      if (l.keptAt === 'hut') {
        const item = await this.ctx.db.q.selectFrom('shareItems').select('inHut').where('districtId', '=', l.districtId).where('id', '=', l.itemId).executeTakeFirstOrThrow();
        if (!item.inHut) throw new AppError('item.not_in_hut', 'conflict', 'the item is not checked in at the hut', [{ path: 'itemId', message: 'not on the shelf' }]);
        await this.ctx.db.q.updateTable('shareItems').set({ inHut: false, updatedAt: new Date() }).where('districtId', '=', l.districtId).where('id', '=', l.itemId).execute();
      }
      await this.move(actor, l, 'pick_up', party, { note, set: { pickedUpAt: new Date(), depositHeldFen: Number(l.depositFen) } });
      const deposit = Number(l.depositFen) ? `，押金 ${yuan(Number(l.depositFen))}` : '';
      await this.ctx.notifier.notify(actor.districtId, [l.borrowerUserId], { kind: 'sharing.loan', title: `已借出「${l.itemTitle}」，请于 ${l.endsOn} 前归还${deposit}`, link: `/sharing/loans/${l.id}` });
    });
  }

  /** Keep the item longer: refused when a neighbour has reserved or is waiting for those days. */
  async extend(actor: Actor, id: string, endsOn: string): Promise<Loan> {
    return this.act(actor, id, 'extend', async (l, party, item) => {
      if (endsOn <= l.endsOn) throw fieldError('endsOn', `must be after the current end, ${l.endsOn}`);
      if (daysBetween(l.startsOn, endsOn) + 1 > item.maxDays * 2) throw fieldError('endsOn', `a loan of this item lasts at most ${item.maxDays * 2} days with extensions`, 'loan.too_long');
      const next = await this.repo.following(l.districtId, l.itemId, l.id, { startsOn: addDays(l.endsOn, 1), endsOn });
      if (next.length) {
        throw new AppError('loan.extension_blocked', 'conflict', `a neighbour has ${next[0]!.status === 'waitlisted' ? 'queued for' : 'reserved'} the item from ${next[0]!.startsOn}; please return it by ${l.endsOn}`, [{ path: 'endsOn', message: 'a reservation follows' }]);
      }
      await this.move(actor, l, 'extend', party, { note: `${l.endsOn} → ${endsOn}`, set: { endsOn, extensions: l.extensions + 1 } });
      await this.tellHolders(actor.districtId, { ...l, ownerUserId: l.ownerUserId }, { kind: 'sharing.loan', title: `${l.borrowerName} 将「${l.itemTitle}」续借到 ${endsOn}`, link: `/sharing/loans/${l.id}` });
    });
  }

  /** The holder takes the item back (归还/入库), notes its condition and settles the deposit. */
  async returnLoan(actor: Actor, id: string, input: z.infer<typeof ReturnLoan>): Promise<Loan> {
    return this.act(actor, id, 'return', async (l, party) => {
      const held = Number(l.depositHeldFen);
      if (input.withheldFen > held) throw fieldError('withheldFen', `at most the deposit taken, ${held} fen`);
      if (input.withheldFen > 0 && !input.note) throw fieldError('note', 'say why part of the deposit is kept');
      if (input.condition === 'damaged' && !input.note) throw fieldError('note', 'describe the damage');
      await this.move(actor, l, 'return', party, {
        note: input.note ?? null,
        set: { returnedAt: new Date(), returnCondition: input.condition, conditionNote: input.note ?? null, depositWithheldFen: input.withheldFen, depositRefundedFen: held - input.withheldFen },
      });
      // The item's condition is what came back; a damaged item stops being lent until its owner relists it.
      await this.ctx.db.q
        .updateTable('shareItems')
        .set({ condition: input.condition, inHut: l.keptAt === 'hut', ...(input.condition === 'damaged' ? { status: 'withdrawn' as const } : {}), updatedAt: new Date() })
        .where('districtId', '=', l.districtId)
        .where('id', '=', l.itemId)
        .execute();
      const refund = held ? `，退还押金 ${yuan(held - input.withheldFen)}${input.withheldFen ? `（扣 ${yuan(input.withheldFen)}）` : ''}` : '';
      await this.ctx.notifier.notify(actor.districtId, [l.borrowerUserId], { kind: 'sharing.loan', title: `「${l.itemTitle}」已归还${refund}`, link: `/sharing/loans/${l.id}` });
      if (input.condition === 'damaged') {
        const waiting = await this.ctx.db.q.selectFrom('loans').selectAll().where('districtId', '=', l.districtId).where('itemId', '=', l.itemId).where('status', 'in', ['held', 'waitlisted']).execute();
        for (const w of waiting) {
          await this.move(null, w, 'cancel', 'system', { note: '物品损坏，暂停出借' });
          await this.ctx.notifier.notify(l.districtId, [w.borrowerUserId], { kind: 'sharing.loan', title: `「${l.itemTitle}」归还时已损坏，暂停出借，您的预约已取消`, link: `/sharing/loans/${w.id}` });
        }
      } else await this.promoteWaiting(actor.districtId, l.itemId, l.itemTitle);
    });
  }

  /** One loan action by a person: lock the item, reload the loan, pick the party, run the rules. */
  private async act(actor: Actor, id: string, action: LoanAction, run: (l: LoanRow, party: LoanParty, item: { maxDays: number }) => Promise<void>): Promise<Loan> {
    const d = actor.districtId;
    const seen = await this.visibleLoan(actor, id);
    try {
      await this.ctx.db.tx(async () => {
        await this.repo.lockItem(d, seen.itemId);
        const l = (await this.repo.loan(d, id))!;
        const party = this.partyFor(await this.partiesOf(actor, l), l.status as LoanStatus, action, `loan.${action}_forbidden`);
        const item = await this.ctx.db.q.selectFrom('shareItems').select(['maxDays']).where('districtId', '=', d).where('id', '=', l.itemId).executeTakeFirstOrThrow();
        await run(l, party, item);
        await audit(this.ctx.db, actor, d, { action: `loan.${action}`, entityType: 'loan', entityId: id, areaPath: l.areaPath, details: { itemId: l.itemId, as: party } });
        this.ctx.db.afterCommit(() => this.ctx.events.publish({ districtId: d, type: 'sharing.loan', data: { id, itemId: l.itemId }, audience: { userIds: [l.borrowerUserId, l.ownerUserId] } }));
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23P01') throw new AppError('loan.extension_blocked', 'conflict', 'a neighbour has reserved the item on those days', [{ path: 'endsOn', message: 'a reservation follows' }]);
      throw err;
    }
    return this.loan(actor, id);
  }

  /**
   * The clock: loans past their end become overdue and their borrowers are reminded once a day;
   * holds not picked up lapse and waits whose days passed end, and the queue moves up. Runs on a
   * timer for every district, and on demand for one.
   */
  async sweep(districtId: string | null, today = chinaToday()): Promise<SweepCounts> {
    const counts: SweepCounts = { overdue: 0, reminded: 0, expired: 0, promoted: 0 };
    for (const due of await this.repo.due(districtId, today)) {
      await this.ctx.db.tx(async () => {
        await this.repo.lockItem(due.districtId, due.itemId);
        const l = await this.repo.loan(due.districtId, due.id);
        if (!l) return;
        const remind = async (title: string) => {
          await this.ctx.notifier.notify(l.districtId, [l.borrowerUserId], { kind: 'sharing.overdue', title, link: `/sharing/loans/${l.id}` }, ['sms']);
          await this.ctx.db.q.updateTable('loans').set({ lastRemindedOn: today }).where('districtId', '=', l.districtId).where('id', '=', l.id).execute();
          counts.reminded++;
        };
        if (l.status === 'picked_up' && l.endsOn < today) {
          await this.move(null, l, 'mark_overdue', 'system');
          counts.overdue++;
          await remind(`「${l.itemTitle}」应于 ${l.endsOn} 归还，已逾期，请尽快归还`);
          await this.tellHolders(l.districtId, l, { kind: 'sharing.overdue', title: `${l.borrowerName} 借的「${l.itemTitle}」已逾期未还`, link: `/sharing/loans/${l.id}` });
        } else if (l.status === 'overdue' && (!l.lastRemindedOn || l.lastRemindedOn < today)) {
          await remind(`「${l.itemTitle}」已逾期 ${daysBetween(l.endsOn, today)} 天，请尽快归还`);
        } else if (l.status === 'held' && daysBetween(l.startsOn, today) > HOLD_GRACE_DAYS) {
          await this.move(null, l, 'expire', 'system', { note: '未按时取用' });
          counts.expired++;
          await this.ctx.notifier.notify(l.districtId, [l.borrowerUserId], { kind: 'sharing.loan', title: `「${l.itemTitle}」的预约因未取用已失效`, link: `/sharing/loans/${l.id}` });
          counts.promoted += await this.promoteWaiting(l.districtId, l.itemId, l.itemTitle);
        } else if (l.status === 'waitlisted' && l.endsOn < today) {
          await this.move(null, l, 'expire', 'system', { note: '等候的日期已过' });
          counts.expired++;
        }
      });
    }
    return counts;
  }

  /** Staff run the clock for their district on demand. */
  async sweepNow(actor: Actor): Promise<SweepCounts> {
    requireManager(actor);
    return this.sweep(actor.districtId);
  }

}
