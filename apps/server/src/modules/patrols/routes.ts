// HTTP for the merged patrol checklist (/api/patrol-checklist), patrols (/api/patrols) and
// residents overdue for a visit (/api/visits/overdue).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseDetail, CreatePatrol, FailedItemToCase, OverdueVisit, Patrol, PatrolDetail, PatrolItem, PatrolQuery, Uuid, paged } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import { idempotent } from '../../platform/idempotency.ts';
import type { AreasService } from '../areas/service.ts';
import { PatrolsService } from './service.ts';

export async function patrolsRoutes(app: FastifyInstance, ctx: AppContext & { areas: AreasService }) {
  const service = new PatrolsService(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['patrols'];

  r.get('/api/patrol-checklist', { schema: { tags, summary: 'The one merged district checklist (items owned by departments)', response: { 200: z.object({ items: z.array(PatrolItem) }) } } }, async (request) =>
    service.checklist(requireActor(request)),
  );

  r.post('/api/patrols', {
    schema: { tags, summary: 'Record a patrol: route, places, item results, visits (Idempotency-Key honoured for offline phones)', body: CreatePatrol, response: { 201: PatrolDetail } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.create(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });

  r.get('/api/patrols', { schema: { tags, summary: 'Patrols in scope, newest first', querystring: PatrolQuery, response: { 200: paged(Patrol) } } }, async (request) =>
    service.list(requireActor(request), request.query),
  );

  r.get('/api/patrols/:id', { schema: { tags, summary: 'A patrol with its route, places, results and visits', params: z.object({ id: Uuid }), response: { 200: PatrolDetail } } }, async (request) =>
    service.get(requireActor(request), request.params.id),
  );

  r.post('/api/patrols/:id/results/:resultId/case', {
    schema: {
      tags,
      summary: 'Turn a failed checklist item into a case of its mapped type (a repeat returns the same case)',
      params: z.object({ id: Uuid, resultId: Uuid }),
      body: FailedItemToCase,
      response: { 200: z.object({ created: z.boolean(), case: CaseDetail }), 201: z.object({ created: z.boolean(), case: CaseDetail }) },
    },
  }, async (request, reply) => {
    const out = await service.failedItemToCase(requireActor(request), request.params.id, request.params.resultId, request.body);
    return reply.code(out.created ? 201 : 200).send(out);
  });

  r.get('/api/visits/overdue', {
    schema: { tags, summary: 'Vulnerable residents overdue for a visit, per grid (intervals in /api/cases/settings)', querystring: z.object({ gridId: Uuid.optional() }), response: { 200: z.object({ items: z.array(OverdueVisit), total: z.number().int() }) } },
  }, async (request) => service.overdueVisits(requireActor(request), request.query.gridId));
}
