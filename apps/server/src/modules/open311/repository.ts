// Queries over Open311 API keys and the districts (jurisdictions) the endpoint serves.
import type { Database } from '../../platform/db/database.ts';
import './tables.ts';

export class Open311Repository {
  constructor(private readonly db: Database) {}

  districts() {
    return this.db.q.selectFrom('districts').select(['id', 'name']).orderBy('id').execute();
  }

  keyByHash(hash: string) {
    return this.db.q.selectFrom('open311Keys').selectAll().where('keyHash', '=', hash).where('revokedAt', 'is', null).executeTakeFirst();
  }

  async touchKey(districtId: string, id: string) {
    await this.db.q.updateTable('open311Keys').set({ lastUsedAt: new Date() }).where('districtId', '=', districtId).where('id', '=', id).execute();
  }

  keys(districtId: string) {
    return this.db.q.selectFrom('open311Keys').selectAll().where('districtId', '=', districtId).orderBy('createdAt', 'desc').execute();
  }

  async insertKey(row: { districtId: string; id: string; name: string; keyHash: string; keyPrefix: string; createdBy: string }) {
    await this.db.q.insertInto('open311Keys').values(row).execute();
  }

  async revokeKey(districtId: string, id: string) {
    const res = await this.db.q.updateTable('open311Keys').set({ revokedAt: new Date() }).where('districtId', '=', districtId).where('id', '=', id).where('revokedAt', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}
