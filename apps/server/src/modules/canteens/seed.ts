// Seeds each elder canteen's delivery rounds: two lunch rounds (its own community first, then the
// rest of its street) and one dinner round. Menus need no seed: they are made from the weekly
// rotation as the days come into the horizon.
import type { Database } from '../../platform/db/database.ts';
import { stableUuid } from '../catalogue/seed.ts';
import '../catalogue/tables.ts';
import { CanteensRepository } from './repository.ts';

export async function seedCanteenRounds(db: Database, districtId: string): Promise<number> {
  const canteens = await db.q
    .selectFrom('facilities as f')
    .leftJoin('areas as c', (j) => j.onRef('c.districtId', '=', 'f.districtId').onRef('c.id', '=', 'f.communityId'))
    .innerJoin('areas as s', (j) => j.onRef('s.districtId', '=', 'f.districtId').onRef('s.id', '=', 'f.streetId'))
    .select(['f.id', 'f.communityId', 'c.name as communityName', 's.name as streetName'])
    .where('f.districtId', '=', districtId)
    .where('f.kind', '=', 'elder_canteen')
    .execute();
  const rows = canteens.flatMap((c) => {
    const id = (code: string) => stableUuid(districtId, 'round', c.id, code);
    return [
      { districtId, id: id('L1'), facilityId: c.id, meal: 'lunch' as const, code: 'L1', label: `午餐第一轮（${c.communityName ?? c.streetName}）`, departs: '11:00', communityIds: c.communityId ? [c.communityId] : [], sort: 1 },
      { districtId, id: id('L2'), facilityId: c.id, meal: 'lunch' as const, code: 'L2', label: `午餐第二轮（${c.streetName}其他社区）`, departs: '11:30', communityIds: [] as string[], sort: 2 },
      { districtId, id: id('D1'), facilityId: c.id, meal: 'dinner' as const, code: 'D1', label: '晚餐配送', departs: '17:00', communityIds: [] as string[], sort: 3 },
    ];
  });
  await new CanteensRepository(db).insertRounds(rows);
  return rows.length;
}
