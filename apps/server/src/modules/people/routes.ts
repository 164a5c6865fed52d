// HTTP for residents (/api/persons) and households (/api/households).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateHousehold, CreatePerson, Household, HouseholdQuery, MovePerson, Person, PersonQuery, RevealRequest, Revealed, UpdateHousehold, UpdatePerson, Uuid, paged } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import { idempotent } from '../../platform/idempotency.ts';
import type { AreasService } from '../areas/service.ts';
import { PeopleService } from './service.ts';

export async function peopleRoutes(app: FastifyInstance, ctx: AppContext & { areas: AreasService }) {
  const service = new PeopleService(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });

  r.get('/api/persons', { schema: { tags: ['people'], summary: 'Residents in scope (personal data masked)', querystring: PersonQuery, response: { 200: paged(Person) } } }, async (request) =>
    service.list(requireActor(request), request.query),
  );

  r.get('/api/persons/:id', { schema: { tags: ['people'], summary: 'One resident (masked)', params: IdParams, response: { 200: Person } } }, async (request) =>
    service.get(requireActor(request), request.params.id),
  );

  r.post('/api/persons', {
    schema: { tags: ['people'], summary: 'Register a resident (Idempotency-Key honoured)', body: CreatePerson, response: { 201: Person } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.create(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });

  r.patch('/api/persons/:id', { schema: { tags: ['people'], summary: 'Edit a resident (optimistic: send the version you saw)', params: IdParams, body: UpdatePerson, response: { 200: Person } } }, async (request) =>
    service.update(requireActor(request), request.params.id, request.body),
  );

  r.post('/api/persons/:id/move', { schema: { tags: ['people'], summary: 'Move a resident to another building', params: IdParams, body: MovePerson, response: { 200: Person } } }, async (request) =>
    service.move(requireActor(request), request.params.id, request.body),
  );

  r.post('/api/persons/:id/reveal', { schema: { tags: ['people'], summary: 'Unmask ID number or phone (audited)', params: IdParams, body: RevealRequest, response: { 200: Revealed } } }, async (request) =>
    service.reveal(requireActor(request), request.params.id, request.body.fields, request.body.reason),
  );

  r.get('/api/households', { schema: { tags: ['people'], summary: 'Households in scope', querystring: HouseholdQuery, response: { 200: paged(Household) } } }, async (request) =>
    service.households(requireActor(request), request.query.areaId, request.query.page, request.query.pageSize),
  );

  r.get('/api/households/:id', { schema: { tags: ['people'], summary: 'A household with its members', params: IdParams, response: { 200: Household } } }, async (request) =>
    service.household(requireActor(request), request.params.id),
  );

  r.post('/api/households', { schema: { tags: ['people'], summary: 'Register a household', body: CreateHousehold, response: { 201: Household } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.createHousehold(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });

  r.patch('/api/households/:id', { schema: { tags: ['people'], summary: 'Edit a household', params: IdParams, body: UpdateHousehold, response: { 200: Household } } }, async (request) =>
    service.updateHousehold(requireActor(request), request.params.id, request.body),
  );
}
