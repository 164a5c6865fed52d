// HTTP for the area registry, its map layers and point location.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AreaDetail, AreaSummary, LocateResult, Location, Uuid } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import type { AreasService } from './service.ts';

const FeatureCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) }).describe('GeoJSON FeatureCollection (WGS-84)');

export async function areasRoutes(app: FastifyInstance, ctx: AppContext & { areas: AreasService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = ctx.areas;
  const IdParams = z.object({ id: Uuid });

  r.get('/api/config', {
    schema: { tags: ['areas'], summary: 'District and map configuration for the web app', response: { 200: z.object({ districtId: z.string(), districtName: z.string(), center: z.object({ lat: z.number(), lon: z.number() }), basemap: z.object({ url: z.string(), crs: z.enum(['wgs84', 'gcj02']) }).nullable() }) } },
  }, async (request) => service.config(requireActor(request).districtId));

  r.get('/api/areas/root', { schema: { tags: ['areas'], summary: 'The top areas the user may see', response: { 200: z.object({ items: z.array(AreaSummary) }) } } }, async (request) =>
    service.roots(requireActor(request)),
  );

  r.get('/api/areas/:id', { schema: { tags: ['areas'], summary: 'An area with its breadcrumbs, children and grids, all with counts', params: IdParams, response: { 200: AreaDetail } } }, async (request) =>
    service.detail(requireActor(request), request.params.id),
  );

  r.get('/api/areas/:id/buildings', { schema: { tags: ['areas'], summary: 'Every building under an area (for pickers)', params: IdParams, response: { 200: z.object({ items: z.array(AreaSummary) }) } } }, async (request) =>
    service.buildings(requireActor(request), request.params.id),
  );

  r.get('/api/map/grids', { schema: { tags: ['areas'], summary: 'Grid polygons with resident counts', querystring: z.object({ areaId: Uuid.optional() }), response: { 200: FeatureCollection } } }, async (request) =>
    service.gridMap(requireActor(request), request.query.areaId),
  );

  r.get('/api/map/areas', {
    schema: { tags: ['areas'], summary: 'Street or community polygons with resident counts', querystring: z.object({ level: z.enum(['street', 'community']), areaId: Uuid.optional() }), response: { 200: FeatureCollection } },
  }, async (request) => service.areaMap(requireActor(request), request.query.level, request.query.areaId));

  r.get('/api/geo/locate', { schema: { tags: ['areas'], summary: 'The grid, community and street of a point', querystring: Location, response: { 200: LocateResult } } }, async (request) =>
    service.locate(requireActor(request).districtId, request.query.lat, request.query.lon),
  );
}
