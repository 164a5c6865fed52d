// HTTP for the service catalogue (/api/service-categories, /api/service-items), street offerings,
// providers, facilities (with a GeoJSON layer for the resource map), schedules and bookable slots.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateItem, Facility, FacilityQuery, ItemQuery, Offerings, Provider, Schedule, ServiceCategory, ServiceItem, SetOfferings, Slot, SlotQuery, UpdateItem, UpdateProvider, UpdateSchedule, Uuid } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import type { AreasService } from '../areas/service.ts';
import { catalogueService } from './service.ts';

export async function catalogueRoutes(app: FastifyInstance, ctx: AppContext & { areas: AreasService }) {
  const service = catalogueService(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });
  const tags = ['services'];

  r.get('/api/service-categories', { schema: { tags, summary: 'The 25 service categories, with their item counts', response: { 200: z.object({ items: z.array(ServiceCategory) }) } } }, async (request) => ({
    items: await service.categories(requireActor(request)),
  }));

  r.get('/api/service-items', {
    schema: {
      tags,
      summary: 'Service items. For a resident (themselves, or personId for staff and the hotline): only what their street offers, with their subsidised price and eligibility',
      querystring: ItemQuery,
      response: { 200: z.object({ items: z.array(ServiceItem), street: z.object({ id: Uuid, name: z.string() }).nullable() }) },
    },
  }, async (request) => service.items(requireActor(request), request.query));

  r.get('/api/service-items/:id', { schema: { tags, summary: 'One item (priced for personId, or for the resident asking)', params: IdParams, querystring: z.object({ personId: Uuid.optional() }), response: { 200: ServiceItem } } }, async (request) =>
    service.item(requireActor(request), request.params.id, request.query.personId),
  );

  r.post('/api/service-items', { schema: { tags, summary: 'Add a catalogue item (district admin/official)', body: CreateItem, response: { 201: ServiceItem } } }, async (request, reply) =>
    reply.code(201).send(await service.createItem(requireActor(request), request.body)),
  );

  r.patch('/api/service-items/:id', { schema: { tags, summary: 'Edit price, subsidies, eligibility or withdraw an item (district admin/official)', params: IdParams, body: UpdateItem, response: { 200: ServiceItem } } }, async (request) =>
    service.updateItem(requireActor(request), request.params.id, request.body),
  );

  r.get('/api/streets/:id/offerings', { schema: { tags, summary: 'The items a street\'s micro-service centre offers', params: IdParams, response: { 200: Offerings } } }, async (request) =>
    service.offerings(requireActor(request), request.params.id),
  );

  r.post('/api/streets/:id/offerings', { schema: { tags, summary: 'Offer or withdraw items at a street (its officials, or the district)', params: IdParams, body: SetOfferings, response: { 200: Offerings } } }, async (request) =>
    service.setOfferings(requireActor(request), request.params.id, request.body.itemIds, request.body.offered),
  );

  r.get('/api/service-providers', { schema: { tags, summary: 'Service providers with coverage, capacity, qualifications and rating', querystring: z.object({ categoryId: Uuid.optional() }), response: { 200: z.object({ items: z.array(Provider) }) } } }, async (request) => ({
    items: await service.providers(requireActor(request), request.query.categoryId),
  }));

  r.get('/api/service-providers/:id', { schema: { tags, summary: 'One provider', params: IdParams, response: { 200: Provider } } }, async (request) => service.provider(requireActor(request), request.params.id));

  r.patch('/api/service-providers/:id', {
    schema: { tags, summary: 'Edit a provider\'s profile (district: everything; its own staff: capacity, qualifications, phone)', params: IdParams, body: UpdateProvider, response: { 200: Provider } },
  }, async (request) => service.updateProvider(requireActor(request), request.params.id, request.body));

  r.get('/api/service-facilities', { schema: { tags, summary: 'Family centres, home elderly-care centres, elder canteens and day-care centres (nearest first for a resident)', querystring: FacilityQuery, response: { 200: z.object({ items: z.array(Facility) }) } } }, async (request) => ({
    items: await service.facilities(requireActor(request), request.query),
  }));

  r.get('/api/service-facilities/map', { schema: { tags, summary: 'Facilities as GeoJSON points (WGS-84) for the district resource map' } }, async (request) => service.facilityMap(requireActor(request)));

  r.get('/api/service-facilities/:id', { schema: { tags, summary: 'One facility', params: IdParams, response: { 200: Facility } } }, async (request) => service.facility(requireActor(request), request.params.id));

  r.get('/api/service-slots', {
    schema: { tags, summary: 'Bookable slots of an item for a resident (their street\'s centre, or their street\'s day-care centres), with free places', querystring: SlotQuery, response: { 200: z.object({ items: z.array(Slot) }) } },
  }, async (request) => service.slots(requireActor(request), request.query));

  r.get('/api/service-schedules', { schema: { tags, summary: 'Standing schedules slots are made from', querystring: z.object({ streetId: Uuid.optional(), facilityId: Uuid.optional() }), response: { 200: z.object({ items: z.array(Schedule) }) } } }, async (request) =>
    service.schedules(requireActor(request), request.query),
  );

  r.patch('/api/service-schedules/:id', {
    schema: { tags, summary: 'Change windows, days or capacity (future slots follow, never below what is booked)', params: IdParams, body: UpdateSchedule, response: { 200: Schedule } },
  }, async (request) => service.updateSchedule(requireActor(request), request.params.id, request.body));
}
