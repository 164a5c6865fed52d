// HTTP for service orders (/api/service-orders), complaints under supervision, provider
// performance, service statistics and the canteen kitchen's counts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Complaint,
  ComplaintQuery,
  CreateComplaint,
  KitchenCounts,
  OrderDetail,
  OrderQuery,
  OrderSummary,
  OrderTransition,
  Performance,
  PerformanceQuery,
  PlaceOrder,
  ProviderSuggestion,
  RateOrder,
  ResolveComplaint,
  ServiceStats,
  StatsQuery,
  TransitionRow,
  Uuid,
  paged,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import { idempotent } from '../../platform/idempotency.ts';
import type { AreasService } from '../areas/service.ts';
import { ordersService } from './service.ts';
import { declareOrderFigures } from './insight.ts';
import { TRANSITIONS } from './state-machine.ts';

export async function ordersRoutes(app: FastifyInstance, ctx: AppContext & { areas: AreasService }) {
  const service = ordersService(ctx);
  declareOrderFigures(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });
  const tags = ['services'];

  r.get('/api/service-orders/state-machine', {
    schema: { tags, summary: 'The order state machine: every allowed transition and who may take it', response: { 200: z.object({ transitions: z.array(TransitionRow) }) } },
  }, async () => ({ transitions: TRANSITIONS.map((t) => ({ ...t, from: [...t.from], by: [...t.by] })) }));

  r.post('/api/service-orders', {
    schema: {
      tags,
      summary: 'Order a service for a slot, or a meal from a canteen menu, for yourself, a member of your household, or (staff, hotline) a resident. Idempotency-Key honoured.',
      body: PlaceOrder,
      response: { 201: OrderDetail },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.place(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });

  r.get('/api/service-orders', {
    schema: { tags, summary: 'Orders you may see (queue=centre|provider|mine), open ones first', querystring: OrderQuery, response: { 200: paged(OrderSummary) } },
  }, async (request) => service.list(requireActor(request), request.query));

  r.get('/api/service-orders/:id', { schema: { tags, summary: 'An order with its history, complaints and the actions open to you', params: IdParams, response: { 200: OrderDetail } } }, async (request) =>
    service.get(requireActor(request), request.params.id),
  );

  r.post('/api/service-orders/:id/transition', {
    schema: { tags, summary: 'Move an order through the state machine (see /api/service-orders/state-machine)', params: IdParams, body: OrderTransition, response: { 200: OrderDetail } },
  }, async (request) => service.transition(requireActor(request), request.params.id, request.body));

  r.post('/api/service-orders/:id/rate', { schema: { tags, summary: 'Rate a completed service 1-5 (the resident, or whoever ordered for them)', params: IdParams, body: RateOrder, response: { 200: OrderDetail } } }, async (request) =>
    service.rate(requireActor(request), request.params.id, request.body),
  );

  r.post('/api/service-orders/:id/complaints', {
    schema: { tags, summary: 'Complain about an order: a supervised item for the centre, due in 3 working days', params: IdParams, body: CreateComplaint, response: { 201: Complaint } },
  }, async (request, reply) => reply.code(201).send(await service.complain(requireActor(request), request.params.id, request.body.text)));

  r.get('/api/service-orders/:id/provider-suggestions', {
    schema: { tags, summary: 'Providers for an order, best first (coverage, free capacity, rating, distance); others for a manual override', params: IdParams, response: { 200: z.object({ items: z.array(ProviderSuggestion) }) } },
  }, async (request) => service.suggestions(requireActor(request), request.params.id));

  r.post('/api/service-orders/:id/reveal-contact', {
    schema: { tags, summary: 'Unmask the recipient\'s and caller\'s phone (assigned provider, centre, hotline; audited)', params: IdParams, body: z.object({ reason: z.string().trim().min(2).max(200) }), response: { 200: z.object({ phone: z.string().nullable(), callerPhone: z.string().nullable() }) } },
  }, async (request) => service.revealContact(requireActor(request), request.params.id, request.body.reason));

  r.get('/api/service-complaints', { schema: { tags, summary: 'Complaints under supervision in your area, open and overdue first', querystring: ComplaintQuery, response: { 200: paged(Complaint) } } }, async (request) =>
    service.complaints(requireActor(request), request.query),
  );

  r.post('/api/service-complaints/:id/resolve', { schema: { tags, summary: 'Close a complaint with what was done', params: IdParams, body: ResolveComplaint, response: { 200: Complaint } } }, async (request) =>
    service.resolveComplaint(requireActor(request), request.params.id, request.body.resolution),
  );

  r.get('/api/service-performance', {
    schema: { tags, summary: 'Provider performance in a month: completed, on time, rating, complaints; low performers flagged', querystring: PerformanceQuery, response: { 200: Performance } },
  }, async (request) => service.performance(requireActor(request), request.query.month));

  r.get('/api/service-stats', {
    schema: { tags, summary: 'Completed services and person-times in your area (default: the last 90 days), for the district statistics', querystring: StatsQuery, response: { 200: ServiceStats } },
  }, async (request) => service.stats(requireActor(request), request.query));

  r.get('/api/canteens/:id/kitchen', {
    schema: { tags, summary: 'Counts for the kitchen: meals per menu, dine-in and delivery by round, diet notes', params: IdParams, querystring: z.object({ day: z.iso.date().optional() }), response: { 200: KitchenCounts } },
  }, async (request) => service.kitchen(requireActor(request), request.params.id, request.query.day));
}
