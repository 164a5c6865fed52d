// Queries for users, role assignments, organisations and login attempts.
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';

export class AccountsRepository {
  constructor(private readonly db: Database) {}

  findUserByUsername(username: string) {
    return this.db.q.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  findUser(districtId: string, id: string) {
    return this.db.q.selectFrom('users').selectAll().where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  districtName(districtId: string) {
    return this.db.q.selectFrom('districts').select(['name', 'nameEn']).where('id', '=', districtId).executeTakeFirst();
  }

  /** Failed logins since the later of `since` and the last success, by username and by IP. */
  async recentFailures(username: string, ip: string, since: Date) {
    const row = await this.db.q
      .selectFrom('loginAttempts')
      .select([
        sql<number>`count(*) filter (where username = ${username} and not succeeded and at > greatest(${since}::timestamptz,
          coalesce((select max(at) from login_attempts where username = ${username} and succeeded), ${since}::timestamptz)))`.as('byUser'),
        sql<number>`count(*) filter (where ip = ${ip} and not succeeded)`.as('byIp'),
      ])
      .where('at', '>', since)
      .where((eb) => eb.or([eb('username', '=', username), eb('ip', '=', ip)]))
      .executeTakeFirstOrThrow();
    return { byUser: Number(row.byUser), byIp: Number(row.byIp) };
  }

  recordAttempt(username: string, ip: string, succeeded: boolean) {
    return this.db.q.insertInto('loginAttempts').values({ username: username.slice(0, 64), ip, succeeded }).execute();
  }

  async listUsers(districtId: string, q: string | undefined, page: number, pageSize: number) {
    let base = this.db.q.selectFrom('users').where('districtId', '=', districtId);
    if (q) base = base.where((eb) => eb.or([eb('username', 'ilike', `%${escapeLike(q)}%`), eb('displayName', 'ilike', `%${escapeLike(q)}%`)]));
    const [items, total] = await Promise.all([
      base.selectAll().orderBy('username').limit(pageSize).offset((page - 1) * pageSize).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  districtRoot(districtId: string) {
    return this.db.q.selectFrom('areas').select(['id', 'path', 'name']).where('districtId', '=', districtId).where('level', '=', 'district').executeTakeFirst();
  }

  area(districtId: string, id: string) {
    return this.db.q.selectFrom('areas').select(['id', 'level', 'path', 'name']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  grid(districtId: string, id: string) {
    return this.db.q.selectFrom('grids').select(['id', 'name', 'areaPath']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  organisation(districtId: string, id: string) {
    return this.db.q.selectFrom('organisations').select(['id', 'kind', 'name']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  organisations(districtId: string, kind: string | undefined) {
    let q = this.db.q.selectFrom('organisations').select(['id', 'kind', 'code', 'name', 'nameEn']).where('districtId', '=', districtId);
    if (kind) q = q.where('kind', '=', kind);
    return q.orderBy('kind').orderBy('code').execute();
  }
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
