// Client idempotency keys (the Idempotency-Key header). The key row is inserted in the same
// transaction as the change it guards: a retry after success replays the stored answer, a retry
// after a crash finds nothing and applies the change once, and a concurrent duplicate waits on
// the key's unique index and then replays.
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Database } from './db/database.ts';
import { AppError } from './errors.ts';
import type { Actor } from './auth/actor.ts';

export interface Outcome<T> {
  status: number;
  body: T;
}

export async function idempotent<T>(db: Database, actor: Actor, request: FastifyRequest, run: () => Promise<Outcome<T>>): Promise<Outcome<T> & { replayed: boolean }> {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return { ...(await db.tx(run)), replayed: false };
  const key = String(raw);
  if (!/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) {
    throw new AppError('idempotency.invalid_key', 'invalid', 'Idempotency-Key: 8-128 characters of letters, digits, _ . : -', [{ path: 'header.idempotency-key', message: 'invalid format' }]);
  }
  const route = `${request.method} ${request.routeOptions.url}`;
  const requestHash = crypto.createHash('sha256').update(route).update(JSON.stringify(request.body ?? null)).update(JSON.stringify(request.params ?? null)).digest('hex');
  return db.tx(async (q) => {
    const fresh = await q
      .insertInto('idempotencyKeys')
      .values({ userId: actor.userId, key, route, requestHash, statusCode: null, response: null })
      .onConflict((oc) => oc.columns(['userId', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!fresh) {
      const prior = await q.selectFrom('idempotencyKeys').selectAll().where('userId', '=', actor.userId).where('key', '=', key).executeTakeFirstOrThrow();
      if (prior.requestHash !== requestHash) throw new AppError('idempotency.key_reused', 'unprocessable', 'this Idempotency-Key was used for a different request');
      if (prior.statusCode === null) throw new AppError('idempotency.in_progress', 'conflict', 'the first request with this key is still running');
      return { status: prior.statusCode, body: prior.response as T, replayed: true };
    }
    const outcome = await run();
    await q
      .updateTable('idempotencyKeys')
      .set({ statusCode: outcome.status, response: JSON.stringify(outcome.body) })
      .where('userId', '=', actor.userId)
      .where('key', '=', key)
      .execute();
    return { ...outcome, replayed: false };
  });
}
