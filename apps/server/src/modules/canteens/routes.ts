// HTTP for elder canteens: menus open for ordering (/api/canteen-menus), menu edits and delivery
// rounds. Meals are ordered through POST /api/service-orders with a menuId; the kitchen's counts
// are at GET /api/canteens/:id/kitchen (orders module).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DeliveryRound, Menu, MenuQuery, UpdateMenu, Uuid } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import type { AreasService } from '../areas/service.ts';
import { canteensService } from './service.ts';

export async function canteensRoutes(app: FastifyInstance, ctx: AppContext & { areas: AreasService }) {
  const service = canteensService(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });
  const tags = ['services'];

  r.get('/api/canteen-menus', {
    schema: {
      tags,
      summary: 'Menus still open for ordering: for a meal item, at the canteens of the resident\'s street (nearest first); or one canteen\'s',
      querystring: MenuQuery,
      response: { 200: z.object({ items: z.array(Menu) }) },
    },
  }, async (request) => service.menus(requireActor(request), request.query));

  r.patch('/api/canteen-menus/:id', { schema: { tags, summary: 'Change a day\'s dishes or meals (the canteen\'s operator, its street, the district)', params: IdParams, body: UpdateMenu, response: { 200: Menu } } }, async (request) =>
    service.updateMenu(requireActor(request), request.params.id, request.body),
  );

  r.get('/api/canteens/:id/rounds', { schema: { tags, summary: 'A canteen\'s delivery rounds', params: IdParams, response: { 200: z.object({ items: z.array(DeliveryRound) }) } } }, async (request) => ({
    items: await service.rounds(requireActor(request), request.params.id),
  }));
}
