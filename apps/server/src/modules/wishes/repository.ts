// Queries over micro-wishes and pairings, limited to what the caller may see by scopeWhere().
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { type Scope, scopeWhere } from '../../platform/auth/scope.ts';
import './tables.ts';

export interface Viewer {
  userId: string;
  personId: string | null;
  /** Where the caller belongs: the public wall. */
  member: Scope;
  /** Where the caller is staff: the whole record. */
  overseer: Scope;
}

export class WishesRepository {
  constructor(private readonly db: Database) {}

  private wishBase(districtId: string) {
    return this.db.q
      .selectFrom('wishes as w')
      .innerJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'w.districtId').onRef('p.id', '=', 'w.personId'))
      .innerJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'w.districtId').onRef('c.id', '=', 'w.communityId'))
      .leftJoin('households as h', (j) => j.onRef('h.districtId', '=', 'p.districtId').onRef('h.id', '=', 'p.householdId'))
      .selectAll('w')
      .select(['p.name as personName', 'p.gender', 'p.birthDate', 'p.tags', 'p.phone', 'h.address', 'c.name as communityName'])
      .where('w.districtId', '=', districtId);
  }

  async wishes(districtId: string, v: Viewer, f: { status?: string; communityPath?: string; mine: boolean }, page: number, pageSize: number) {
    let q = this.wishBase(districtId).where((eb) => {
      const own = [eb('w.claimedBy', '=', v.userId), ...(v.personId ? [eb('w.personId', '=', v.personId)] : [])];
      if (f.mine) return eb.or(own);
      return eb.or([...own, scopeWhere(v.overseer, { path: 'w.areaPath' }), eb.and([eb('w.status', '!=', 'withdrawn'), scopeWhere(v.member, { path: 'w.areaPath' })])]);
    });
    if (f.status) q = q.where('w.status', '=', f.status as 'open');
    if (f.communityPath) q = q.where('w.areaPath', 'like', `${f.communityPath}%`);
    const [items, total] = await Promise.all([
      q.orderBy(sql`case w.status when 'open' then 0 when 'claimed' then 1 when 'fulfilled' then 2 else 3 end`).orderBy('w.createdAt', 'desc').orderBy('w.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  wish(districtId: string, id: string) {
    return this.wishBase(districtId).where('w.id', '=', id).executeTakeFirst();
  }

  history(districtId: string, wishId: string) {
    return this.db.q.selectFrom('wishHistory').selectAll().where('districtId', '=', districtId).where('wishId', '=', wishId).orderBy('id').execute();
  }

  async addHistory(by: { districtId: string; userId: string | null; name: string }, wishId: string, t: { action: string; from: string | null; to: string }, note: string | null) {
    await this.db.q.insertInto('wishHistory').values({ districtId: by.districtId, wishId, action: t.action, fromStatus: t.from, toStatus: t.to, actorId: by.userId, actorName: by.name, note }).execute();
  }

  // --- pairings -------------------------------------------------------------------------------------------

  private pairingBase(districtId: string) {
    return this.db.q
      .selectFrom('pairings as r')
      .innerJoin('households as h', (j) => j.onRef('h.districtId', '=', 'r.districtId').onRef('h.id', '=', 'r.householdId'))
      .innerJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'r.districtId').onRef('c.id', '=', 'r.communityId'))
      .leftJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'r.districtId').onRef('p.id', '=', 'r.personId'))
      .selectAll('r')
      .select(['h.address', 'c.name as communityName', 'p.name as personName', 'p.gender', 'p.birthDate', 'p.tags'])
      .where('r.districtId', '=', districtId);
  }

  async pairings(districtId: string, v: Viewer & { helper: boolean }, f: { status?: string; flagged?: boolean; mine: boolean; communityPath?: string }, page: number, pageSize: number) {
    let q = this.pairingBase(districtId).where((eb) => {
      const own = eb('r.helperUserId', '=', v.userId);
      if (f.mine) return own;
      return eb.or([own, scopeWhere(v.overseer, { path: 'r.areaPath' }), ...(v.helper ? [eb.and([eb('r.status', '=', 'seeking'), scopeWhere(v.member, { path: 'r.areaPath' })])] : [])]);
    });
    if (f.status) q = q.where('r.status', '=', f.status as 'active');
    if (f.flagged !== undefined) q = q.where('r.flaggedAt', f.flagged ? 'is not' : 'is', null);
    if (f.communityPath) q = q.where('r.areaPath', 'like', `${f.communityPath}%`);
    const [items, total] = await Promise.all([
      q.orderBy(sql`case when r.flagged_at is not null and r.status = 'active' then 0 when r.status = 'seeking' then 1 when r.status = 'active' then 2 else 3 end`).orderBy('r.createdAt', 'desc').orderBy('r.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  pairing(districtId: string, id: string) {
    return this.pairingBase(districtId).where('r.id', '=', id).executeTakeFirst();
  }

  visits(districtId: string, pairingIds: string[]) {
    if (!pairingIds.length) return Promise.resolve([]);
    return this.db.q.selectFrom('pairingVisits').selectAll().where('districtId', '=', districtId).where('pairingId', 'in', pairingIds).orderBy('visitedOn', 'desc').orderBy('createdAt', 'desc').execute();
  }

  /** Active pairings whose last visit (or start) is longer ago than their rhythm, not yet flagged. */
  overdue(districtId: string | null, today: string) {
    let q = this.db.q
      .selectFrom('pairings')
      .select(['districtId', 'id', 'areaPath', 'helperUserId', 'helperName', 'visitEveryDays', 'lastVisitOn', 'startedOn'])
      .where('status', '=', 'active')
      .where('flaggedAt', 'is', null)
      .where(sql<boolean>`coalesce(last_visit_on, started_on) + visit_every_days < ${today}::date`);
    if (districtId) q = q.where('districtId', '=', districtId);
    return q.limit(5000).execute();
  }
}
