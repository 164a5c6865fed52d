// HTTP for micro-wishes (/api/wishes) and pairings (/api/pairings), with the pairing check
// (/api/pairings/sweep) that also runs on a timer.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreatePairing, CreateWish, FulfilWish, LogVisit, Pairing, PairingQuery, Uuid, Wish, WishNote, WishQuery, paged } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import { idempotent } from '../../platform/idempotency.ts';
import type { VolunteeringService } from '../volunteering/service.ts';
import { WishesService } from './service.ts';

/** How often pairings are checked for missed visits. */
const SWEEP_EVERY_MS = 60 * 60_000;

export async function wishesRoutes(app: FastifyInstance, ctx: AppContext & { volunteering: VolunteeringService }) {
  const service = new WishesService(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });
  const tags = ['wishes'];

  const timer = setInterval(() => void service.sweep(null).catch((err: unknown) => ctx.log.error({ err }, 'pairing check failed')), SWEEP_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  r.get('/api/wishes', { schema: { tags, summary: 'The micro-wish wall: what each caller may know of each wish', querystring: WishQuery, response: { 200: paged(Wish) } } }, async (request) =>
    service.wishes(requireActor(request), request.query),
  );
  r.post('/api/wishes', { schema: { tags, summary: 'Publish a vulnerable resident\'s micro-wish (staff; Idempotency-Key honoured)', body: CreateWish, response: { 201: Wish } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.create(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });
  r.get('/api/wishes/:id', { schema: { tags, summary: 'A wish with its history', params: IdParams, response: { 200: Wish } } }, async (request) => service.wish(requireActor(request), request.params.id));
  r.post('/api/wishes/:id/claim', { schema: { tags, summary: 'Claim a wish (volunteers, party members, organisations); of two at once, one wins', params: IdParams, response: { 200: Wish } } }, async (request) =>
    service.claim(requireActor(request), request.params.id),
  );
  r.post('/api/wishes/:id/release', { schema: { tags, summary: 'Give a claimed wish back (claimer or staff)', params: IdParams, body: WishNote, response: { 200: Wish } } }, async (request) =>
    service.release(requireActor(request), request.params.id, request.body.note),
  );
  r.post('/api/wishes/:id/fulfil', { schema: { tags, summary: 'Report the wish fulfilled, with evidence and the time it took', params: IdParams, body: FulfilWish, response: { 200: Wish } } }, async (request) =>
    service.fulfil(requireActor(request), request.params.id, request.body),
  );
  r.post('/api/wishes/:id/confirm', { schema: { tags, summary: 'Confirm (the resident or staff); the hours go to the ledger', params: IdParams, body: WishNote, response: { 200: Wish } } }, async (request) =>
    service.confirm(requireActor(request), request.params.id, request.body.note),
  );
  r.post('/api/wishes/:id/dispute', { schema: { tags, summary: 'Send the wish back to the claimer: not fulfilled yet', params: IdParams, body: WishNote, response: { 200: Wish } } }, async (request) =>
    service.dispute(requireActor(request), request.params.id, request.body.note),
  );
  r.post('/api/wishes/:id/withdraw', { schema: { tags, summary: 'Take a wish down (staff)', params: IdParams, body: WishNote, response: { 200: Wish } } }, async (request) =>
    service.withdraw(requireActor(request), request.params.id, request.body.note),
  );

  r.get('/api/pairings', { schema: { tags, summary: 'Pairings: households seeking a helper, the caller\'s own, and for staff all (flagged first)', querystring: PairingQuery, response: { 200: paged(Pairing) } } }, async (request) =>
    service.pairings(requireActor(request), request.query),
  );
  r.post('/api/pairings', { schema: { tags, summary: 'Publish a household as seeking a long-term helper (staff)', body: CreatePairing, response: { 201: Pairing } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.createPairing(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });
  r.post('/api/pairings/sweep', { schema: { tags, summary: 'Flag pairings without a visit for their rhythm, now (staff)', response: { 200: z.object({ flagged: z.number().int() }) } } }, async (request) =>
    service.sweepNow(requireActor(request)),
  );
  r.get('/api/pairings/:id', { schema: { tags, summary: 'A pairing with its visits', params: IdParams, response: { 200: Pairing } } }, async (request) => service.pairing(requireActor(request), request.params.id));
  r.post('/api/pairings/:id/join', { schema: { tags, summary: 'Pair with a household (volunteers, party members, organisations)', params: IdParams, response: { 200: Pairing } } }, async (request) =>
    service.join(requireActor(request), request.params.id),
  );
  r.post('/api/pairings/:id/visits', { schema: { tags, summary: 'Log a visit; the time goes to the ledger', params: IdParams, body: LogVisit, response: { 200: Pairing } } }, async (request) =>
    service.logVisit(requireActor(request), request.params.id, request.body),
  );
  r.post('/api/pairings/:id/end', { schema: { tags, summary: 'End a pairing (helper or staff)', params: IdParams, response: { 200: Pairing } } }, async (request) =>
    service.end(requireActor(request), request.params.id),
  );
}
