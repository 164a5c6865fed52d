// Queries over needs, offers and matches, limited to the caller's places by scopeWhere().
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { type Scope, scopeWhere } from '../../platform/auth/scope.ts';
import './tables.ts';

const LIVE = ['proposed', 'accepted', 'done'] as const;

/** Offers serving any community of the scope: their area_paths against its path prefixes. */
function servesScope(scope: Scope) {
  if (scope.all) return sql<boolean>`true`;
  return sql<boolean>`exists (select 1 from unnest(o.area_paths) as ap(path) where ${scopeWhere({ ...scope, gridIds: [], personIds: [] }, { path: 'ap.path' })})`;
}

export class MatchingRepository {
  constructor(private readonly db: Database) {}

  private needBase(districtId: string) {
    return this.db.q
      .selectFrom('needs as n')
      .innerJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'n.districtId').onRef('p.id', '=', 'n.personId'))
      .innerJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'n.districtId').onRef('c.id', '=', 'n.communityId'))
      .leftJoin('households as h', (j) => j.onRef('h.districtId', '=', 'p.districtId').onRef('h.id', '=', 'p.householdId'))
      .leftJoin('users as pu', 'pu.id', 'n.postedBy')
      .selectAll('n')
      .select(['p.name as personName', 'p.gender', 'p.birthDate', 'h.address', 'c.name as communityName', 'pu.personId as posterPersonId'])
      .where('n.districtId', '=', districtId);
  }

  async needs(districtId: string, who: { open: Scope; staff: Scope; personId: string | null; userId: string }, f: { communityPath?: string; status?: string; skill?: string; mine: boolean }, page: number, pageSize: number) {
    let q = this.needBase(districtId).where((eb) => {
      const own = [eb('n.postedBy', '=', who.userId), ...(who.personId ? [eb('n.personId', '=', who.personId)] : [])];
      if (f.mine) return eb.or(own);
      return eb.or([...own, scopeWhere(who.staff, { path: 'n.areaPath' }), eb.and([eb('n.status', '=', 'open'), scopeWhere(who.open, { path: 'n.areaPath' })])]);
    });
    if (f.communityPath) q = q.where('n.areaPath', 'like', `${f.communityPath}%`);
    if (f.status) q = q.where('n.status', '=', f.status as 'open');
    if (f.skill) q = q.where('n.skill', '=', f.skill);
    const [items, total] = await Promise.all([
      q.orderBy('n.createdAt', 'desc').orderBy('n.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  need(districtId: string, id: string) {
    return this.needBase(districtId).where('n.id', '=', id).executeTakeFirst();
  }

  /** Open needs an offer could serve: in its communities, of a category it offers. */
  openNeedsFor(districtId: string, communityIds: string[], skills: string[], limit: number) {
    if (!communityIds.length || !skills.length) return Promise.resolve([]);
    return this.needBase(districtId).where('n.status', '=', 'open').where('n.communityId', 'in', communityIds).where('n.skill', 'in', skills).orderBy('n.createdAt').limit(limit).execute();
  }

  private offerBase(districtId: string) {
    return this.db.q.selectFrom('offers as o').selectAll('o').where('o.districtId', '=', districtId);
  }

  async offers(districtId: string, scope: Scope, userId: string, f: { communityId?: string; skill?: string; mine: boolean }, page: number, pageSize: number) {
    let q = f.mine ? this.offerBase(districtId).where('o.helperUserId', '=', userId) : this.offerBase(districtId).where((eb) => eb.or([eb('o.helperUserId', '=', userId), eb.and([eb('o.status', '=', 'active'), servesScope(scope)])]));
    if (f.communityId) q = q.where(sql<boolean>`${f.communityId}::uuid = any(o.community_ids)`);
    if (f.skill) q = q.where(sql<boolean>`${f.skill} = any(o.skills)`);
    const [items, total] = await Promise.all([
      q.orderBy('o.createdAt', 'desc').orderBy('o.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  offer(districtId: string, id: string) {
    return this.offerBase(districtId).where('o.id', '=', id).executeTakeFirst();
  }

  /** Active offers serving a community that offer a skill of these. */
  activeOffersFor(districtId: string, communityId: string, skills: string[]) {
    return this.offerBase(districtId)
      .where('o.status', '=', 'active')
      .where(sql<boolean>`${communityId}::uuid = any(o.community_ids)`)
      .where(sql<boolean>`o.skills && ${sql.val(skills)}::text[]`)
      .orderBy('o.id')
      .limit(500)
      .execute();
  }

  /** Each helper's record: ratings, finished help and matches under way. */
  async helperStats(districtId: string, helperUserIds: string[]) {
    if (!helperUserIds.length) return new Map<string, { ratingSum: number; ratingCount: number; completed: number; load: number }>();
    const rows = await this.db.q
      .selectFrom('matches')
      .select((eb) => [
        'helperUserId',
        eb.fn.coalesce(eb.fn.sum<number>('rating'), sql<number>`0`).as('ratingSum'),
        eb.fn.count<number>('rating').as('ratingCount'),
        sql<number>`count(*) filter (where status = 'confirmed')`.as('completed'),
        sql<number>`count(*) filter (where status in ('proposed','accepted'))`.as('load'),
      ])
      .where('districtId', '=', districtId)
      .where('helperUserId', 'in', [...new Set(helperUserIds)])
      .groupBy('helperUserId')
      .execute();
    return new Map(rows.map((r) => [r.helperUserId, { ratingSum: Number(r.ratingSum), ratingCount: Number(r.ratingCount), completed: Number(r.completed), load: Number(r.load) }]));
  }

  /** Pairs a resident or helper declined before: never proposed again. */
  async declinedPairs(districtId: string, by: { needId?: string; offerId?: string }) {
    let q = this.db.q.selectFrom('matches').select(['needId', 'offerId']).where('districtId', '=', districtId).where('status', '=', 'declined');
    if (by.needId) q = q.where('needId', '=', by.needId);
    if (by.offerId) q = q.where('offerId', '=', by.offerId);
    return new Set((await q.execute()).map((r) => `${r.needId}:${r.offerId}`));
  }

  liveMatchOf(districtId: string, needId: string) {
    return this.db.q.selectFrom('matches').select(['id', 'status']).where('districtId', '=', districtId).where('needId', '=', needId).where('status', 'in', [...LIVE]).executeTakeFirst();
  }

  private matchBase(districtId: string) {
    return this.db.q
      .selectFrom('matches as m')
      .innerJoin('needs as n', (j) => j.onRef('n.districtId', '=', 'm.districtId').onRef('n.id', '=', 'm.needId'))
      .innerJoin('offers as o', (j) => j.onRef('o.districtId', '=', 'm.districtId').onRef('o.id', '=', 'm.offerId'))
      .innerJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'n.districtId').onRef('p.id', '=', 'n.personId'))
      .leftJoin('households as h', (j) => j.onRef('h.districtId', '=', 'p.districtId').onRef('h.id', '=', 'p.householdId'))
      .selectAll('m')
      .select(['n.title as needTitle', 'n.skill', 'n.personId', 'n.postedBy', 'n.communityId', 'o.title as offerTitle', 'o.helperName', 'p.name as personName', 'p.gender', 'p.birthDate', 'h.address'])
      .where('m.districtId', '=', districtId);
  }

  match(districtId: string, id: string) {
    return this.matchBase(districtId).where('m.id', '=', id).executeTakeFirst();
  }

  async matches(districtId: string, who: { userId: string; personId: string | null; staff: Scope }, f: { status?: string }, page: number, pageSize: number) {
    let q = this.matchBase(districtId).where((eb) =>
      eb.or([eb('m.helperUserId', '=', who.userId), eb('n.postedBy', '=', who.userId), ...(who.personId ? [eb('n.personId', '=', who.personId)] : []), scopeWhere(who.staff, { path: 'm.areaPath' })]),
    );
    if (f.status) q = q.where('m.status', '=', f.status);
    const [items, total] = await Promise.all([
      q.orderBy(sql`case when m.status in ('proposed','accepted','done') then 0 else 1 end`).orderBy('m.updatedAt', 'desc').orderBy('m.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  /** Per skill: active offers and open needs in the scope. */
  async skillCounts(districtId: string, scope: Scope) {
    const [offers, needs] = await Promise.all([
      this.db.q.selectFrom('offers as o').select([sql<string>`unnest(o.skills)`.as('skill')]).where('o.districtId', '=', districtId).where('o.status', '=', 'active').where(servesScope(scope)).execute(),
      this.db.q.selectFrom('needs as n').select(['n.skill', (eb) => eb.fn.countAll<number>().as('n')]).where('n.districtId', '=', districtId).where('n.status', '=', 'open').where(scopeWhere(scope, { path: 'n.areaPath' })).groupBy('n.skill').execute(),
    ]);
    const o = new Map<string, number>();
    for (const r of offers) o.set(r.skill, (o.get(r.skill) ?? 0) + 1);
    return { offers: o, needs: new Map(needs.map((r) => [r.skill, Number(r.n)])) };
  }

  async history(by: { districtId: string; userId: string | null; name: string }, matchId: string, t: { action: string; from: string | null; to: string }, note: string | null) {
    await this.db.q.insertInto('matchHistory').values({ districtId: by.districtId, matchId, action: t.action, fromStatus: t.from, toStatus: t.to, actorId: by.userId, actorName: by.name, note }).execute();
  }
}
