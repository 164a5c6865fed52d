// Queries over canteen menus and delivery rounds. A menu's meals are booked only through the
// conditional update in reserve(), so concurrent orders never take more meals than the kitchen makes.
import { type SqlBool, sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import './tables.ts';

export type MenuInsert = { districtId: string; id: string; facilityId: string; day: string; meal: 'lunch' | 'dinner'; dishes: string[]; capacity: number };

export class CanteensRepository {
  constructor(private readonly db: Database) {}

  async insertMenus(rows: MenuInsert[]) {
    for (let i = 0; i < rows.length; i += 500) {
      await this.db.q.insertInto('canteenMenus').values(rows.slice(i, i + 500)).onConflict((oc) => oc.columns(['districtId', 'facilityId', 'day', 'meal']).doNothing()).execute();
    }
  }

  menus(districtId: string, facilityIds: string[], from: string, to: string, meal?: 'lunch' | 'dinner') {
    if (!facilityIds.length) return Promise.resolve([]);
    let q = this.db.q
      .selectFrom('canteenMenus as m')
      .innerJoin('facilities as f', (j) => j.onRef('f.districtId', '=', 'm.districtId').onRef('f.id', '=', 'm.facilityId'))
      .selectAll('m')
      .select(['f.name as canteenName', 'f.lat', 'f.lon', 'f.streetId', 'f.orgId'])
      .where('m.districtId', '=', districtId)
      .where('m.facilityId', 'in', facilityIds)
      .where('m.day', '>=', from)
      .where('m.day', '<=', to);
    if (meal) q = q.where('m.meal', '=', meal);
    return q.orderBy('m.day').orderBy('m.meal', 'desc').execute();
  }

  menu(districtId: string, id: string) {
    return this.db.q
      .selectFrom('canteenMenus as m')
      .innerJoin('facilities as f', (j) => j.onRef('f.districtId', '=', 'm.districtId').onRef('f.id', '=', 'm.facilityId'))
      .selectAll('m')
      .select(['f.name as canteenName', 'f.lat', 'f.lon', 'f.streetId', 'f.orgId', 'f.areaPath'])
      .where('m.districtId', '=', districtId)
      .where('m.id', '=', id)
      .executeTakeFirst();
  }

  menuOf(districtId: string, facilityId: string, day: string, meal: 'lunch' | 'dinner') {
    return this.db.q.selectFrom('canteenMenus').selectAll().where('districtId', '=', districtId).where('facilityId', '=', facilityId).where('day', '=', day).where('meal', '=', meal).executeTakeFirst();
  }

  async updateMenu(districtId: string, id: string, set: { dishes?: string[]; capacity?: number }) {
    await this.db.q
      .updateTable('canteenMenus')
      .set({ ...(set.dishes ? { dishes: set.dishes } : {}), ...(set.capacity !== undefined ? { capacity: sql<number>`greatest(${set.capacity}::int, booked)` } : {}), updatedAt: new Date() })
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .execute();
  }

  /** Take n meals of a menu; false when fewer than n are left. */
  async reserve(districtId: string, id: string, n: number): Promise<boolean> {
    const res = await this.db.q
      .updateTable('canteenMenus')
      .set((eb) => ({ booked: eb('booked', '+', n) }))
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .where(sql<SqlBool>`booked + ${n}::int <= capacity`)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async release(districtId: string, id: string, n: number) {
    await this.db.q
      .updateTable('canteenMenus')
      .set({ booked: sql<number>`greatest(booked - ${n}::int, 0)` })
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .execute();
  }

  rounds(districtId: string, facilityIds: string[]) {
    if (!facilityIds.length) return Promise.resolve([]);
    return this.db.q.selectFrom('canteenRounds').selectAll().where('districtId', '=', districtId).where('facilityId', 'in', facilityIds).orderBy('meal', 'desc').orderBy('sort').execute();
  }

  async insertRounds(rows: { districtId: string; id: string; facilityId: string; meal: 'lunch' | 'dinner'; code: string; label: string; departs: string; communityIds: string[]; sort: number }[]) {
    if (rows.length) await this.db.q.insertInto('canteenRounds').values(rows).onConflict((oc) => oc.columns(['districtId', 'facilityId', 'meal', 'code']).doNothing()).execute();
  }

  communityNames(districtId: string, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.q.selectFrom('areas').select(['id', 'name']).where('districtId', '=', districtId).where('id', 'in', ids).execute();
  }
}
