// HTTP for the skill catalogue (/api/skills), needs (/api/needs), offers (/api/offers) and the
// matches between them (/api/matches), with the engine's explained rankings.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CompleteMatch, ConfirmMatch, CreateNeed, CreateOffer, Match, MatchQuery, Need, NeedQuery, Offer, OfferQuery, ProposeMatch, RankedNeed, RankedOffer, SkillCode, UpdateOffer, Uuid, paged } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import { idempotent } from '../../platform/idempotency.ts';
import type { VolunteeringService } from '../volunteering/service.ts';
import { MatchingService } from './service.ts';

const SkillCatalogue = z.object({
  categories: z.array(
    z.object({
      code: z.string(),
      name: z.object({ zh: z.string(), en: z.string() }),
      skills: z.array(z.object({ code: SkillCode, zh: z.string(), en: z.string(), offers: z.number().int(), needs: z.number().int() })),
    }),
  ),
});

export async function matchingRoutes(app: FastifyInstance, ctx: AppContext & { volunteering: VolunteeringService }) {
  const service = new MatchingService(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });
  const Note = z.object({ note: z.string().trim().max(300).optional() });
  const tags = ['matching'];

  r.get('/api/skills', { schema: { tags, summary: 'The skill catalogue (9 categories) with offers and open needs nearby', response: { 200: SkillCatalogue } } }, async (request) => service.skills(requireActor(request)));

  r.get('/api/needs', { schema: { tags, summary: 'Needs: open ones nearby, the caller\'s own, and all of their community for staff', querystring: NeedQuery, response: { 200: paged(Need) } } }, async (request) =>
    service.needs(requireActor(request), request.query),
  );
  r.post('/api/needs', { schema: { tags, summary: 'Post a need (for oneself, or as staff for a resident; Idempotency-Key honoured)', body: CreateNeed, response: { 201: Need } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.createNeed(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });
  r.get('/api/needs/:id', { schema: { tags, summary: 'A need', params: IdParams, response: { 200: Need } } }, async (request) => service.need(requireActor(request), request.params.id));
  r.post('/api/needs/:id/cancel', { schema: { tags, summary: 'Withdraw a need', params: IdParams, response: { 200: Need } } }, async (request) => service.cancelNeed(requireActor(request), request.params.id));
  r.get('/api/needs/:id/offers', { schema: { tags, summary: 'Offers ranked for a need, each score explained', params: IdParams, response: { 200: z.object({ items: z.array(RankedOffer) }) } } }, async (request) =>
    service.rankedOffers(requireActor(request), request.params.id),
  );

  r.get('/api/offers', { schema: { tags, summary: 'Offers of help serving the caller\'s communities (mine=true: the caller\'s own)', querystring: OfferQuery, response: { 200: paged(Offer) } } }, async (request) =>
    service.offers(requireActor(request), request.query),
  );
  r.post('/api/offers', { schema: { tags, summary: 'Publish an offer: what, when, where, for whom (Idempotency-Key honoured)', body: CreateOffer, response: { 201: Offer } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.createOffer(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });
  r.get('/api/offers/:id', { schema: { tags, summary: 'An offer with the helper\'s record', params: IdParams, response: { 200: Offer } } }, async (request) => service.offer(requireActor(request), request.params.id));
  r.patch('/api/offers/:id', { schema: { tags, summary: 'Pause, resume or withdraw one\'s offer', params: IdParams, body: UpdateOffer, response: { 200: Offer } } }, async (request) =>
    service.updateOffer(requireActor(request), request.params.id, request.body.status),
  );
  r.get('/api/offers/:id/needs', { schema: { tags, summary: 'Open needs ranked for an offer, each score explained', params: IdParams, response: { 200: z.object({ items: z.array(RankedNeed) }) } } }, async (request) =>
    service.rankedNeeds(requireActor(request), request.params.id),
  );

  r.get('/api/matches', { schema: { tags, summary: 'Matches the caller is part of (or oversees)', querystring: MatchQuery, response: { 200: paged(Match) } } }, async (request) =>
    service.matches(requireActor(request), request.query),
  );
  r.post('/api/matches', { schema: { tags, summary: 'Propose a need and an offer to each other', body: ProposeMatch, response: { 201: Match } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.propose(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });
  r.get('/api/matches/:id', { schema: { tags, summary: 'A match with its explained score and the caller\'s next actions', params: IdParams, response: { 200: Match } } }, async (request) => service.match(requireActor(request), request.params.id));
  for (const action of ['accept', 'decline', 'cancel'] as const) {
    r.post(`/api/matches/:id/${action}`, { schema: { tags, summary: `${action[0]!.toUpperCase()}${action.slice(1)} a match`, params: IdParams, body: Note, response: { 200: Match } } }, async (request) =>
      service.act(requireActor(request), request.params.id, action, request.body),
    );
  }
  r.post('/api/matches/:id/complete', { schema: { tags, summary: 'The helper reports the help done, with the time it took', params: IdParams, body: CompleteMatch, response: { 200: Match } } }, async (request) =>
    service.complete(requireActor(request), request.params.id, request.body),
  );
  r.post('/api/matches/:id/confirm', { schema: { tags, summary: 'The resident or staff confirm with a rating; the hours go to the ledger', params: IdParams, body: ConfirmMatch, response: { 200: Match } } }, async (request) =>
    service.confirm(requireActor(request), request.params.id, request.body),
  );
}
