// Health, the notification inbox, the audit log search and the live event stream.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuditEntry, AuditQuery, Notification, Ok, Uuid, paged } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor, hasRole, covers } from '../../platform/auth/index.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { areaScope } from '../areas/policy.ts';

export async function systemRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  r.get('/api/health', {
    schema: { tags: ['system'], summary: 'Liveness and database reachability', response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), version: z.string(), demo: z.boolean() }) } },
  }, async () => {
    await db.q.selectFrom('districts').select('id').limit(1).execute();
    return { status: 'ok' as const, database: db.kind, version: ctx.version, demo: ctx.config.demo };
  });

  r.get('/api/notifications', {
    schema: { tags: ['notifications'], summary: 'The inbox, newest first', querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }), response: { 200: z.object({ items: z.array(Notification), unread: z.number().int() }) } },
  }, async (request) => {
    const actor = requireActor(request);
    const base = db.q.selectFrom('notifications').where('districtId', '=', actor.districtId).where('userId', '=', actor.userId);
    const [rows, unread] = await Promise.all([
      base.select(['id', 'kind', 'title', 'body', 'link', 'createdAt', 'readAt']).orderBy('createdAt', 'desc').limit(request.query.limit).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).where('readAt', 'is', null).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((n) => ({ ...n, createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null })), unread: Number(unread.n) };
  });

  r.post('/api/notifications/:id/read', { schema: { tags: ['notifications'], summary: 'Mark one read', params: z.object({ id: Uuid }), response: { 200: Ok } } }, async (request) => {
    const actor = requireActor(request);
    const res = await db.tx((q) =>
      q.updateTable('notifications').set({ readAt: new Date() }).where('districtId', '=', actor.districtId).where('userId', '=', actor.userId).where('id', '=', request.params.id).executeTakeFirst(),
    );
    if (!res.numUpdatedRows) throw notFound('notification');
    return { ok: true as const };
  });

  r.post('/api/notifications/read-all', { schema: { tags: ['notifications'], summary: 'Mark all read', response: { 200: Ok } } }, async (request) => {
    const actor = requireActor(request);
    await db.tx((q) => q.updateTable('notifications').set({ readAt: new Date() }).where('districtId', '=', actor.districtId).where('userId', '=', actor.userId).where('readAt', 'is', null).execute());
    return { ok: true as const };
  });

  r.get('/api/audit', { schema: { tags: ['audit'], summary: 'Search the audit log (district admins)', querystring: AuditQuery, response: { 200: paged(AuditEntry) } } }, async (request) => {
    const actor = requireActor(request);
    if (!hasRole(actor, 'district_admin')) throw forbidden('audit.forbidden', 'only a district admin searches the audit log');
    const f = request.query;
    let q = db.q.selectFrom('auditLog').where('districtId', '=', actor.districtId);
    if (f.actorId) q = q.where('actorId', '=', f.actorId);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.entityType) q = q.where('entityType', '=', f.entityType);
    if (f.entityId) q = q.where('entityId', '=', f.entityId);
    if (f.from) q = q.where('at', '>=', new Date(f.from));
    if (f.to) q = q.where('at', '<', new Date(f.to));
    const [rows, total] = await Promise.all([
      q.select(['id', 'at', 'actorId', 'actorName', 'action', 'entityType', 'entityId', 'details', 'ip']).orderBy('at', 'desc').orderBy('id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((a) => ({ ...a, id: String(a.id), at: a.at.toISOString(), details: (a.details ?? {}) as Record<string, unknown> })),
      total: Number(total.n),
      page: f.page,
      pageSize: f.pageSize,
    };
  });

  // Server-sent events: each open page gets the events addressed to its user or inside its area.
  r.get('/api/events', { schema: { tags: ['system'], summary: 'Live updates (text/event-stream)', hide: false } }, async (request, reply) => {
    const actor = requireActor(request);
    const scope = areaScope(actor);
    // A resident also hears what happens where they live (their building and everything above it).
    const home = actor.personId
      ? (await db.q.selectFrom('persons').select('areaPath').where('districtId', '=', actor.districtId).where('id', '=', actor.personId).executeTakeFirst())?.areaPath
      : undefined;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`retry: 3000\n\nevent: ready\ndata: {}\n\n`);
    const unsubscribe = ctx.events.subscribe((e) => {
      if (e.districtId !== actor.districtId) return;
      const a = e.audience;
      const allowed =
        'userIds' in a ? a.userIds.includes(actor.userId) : 'areaPath' in a ? covers(scope, { areaPath: a.areaPath }) || Boolean(home?.startsWith(a.areaPath)) : true;
      if (allowed) res.write(`event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    request.raw.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });
}
