// HTTP for the district cloud platform: dashboard, demand and resource maps, coverage, siting,
// candidate premises, exports and the roll-up maintenance endpoints.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Candidate, CandidateInput, Coverage, CoverageQuery, Dashboard, DemandQuery, HexQuery, Ok, PeriodQuery, ResourceQuery, SitingRequest, SitingResult, Uuid } from '@linli/contracts';
import { requireActor } from '../../platform/auth/index.ts';
import type { InsightService } from './service.ts';
import { SitingService } from '../siting/service.ts';
import { ExportService } from './exports.ts';

const FeatureCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) }).describe('GeoJSON FeatureCollection (WGS-84)');

export async function insightRoutes(app: FastifyInstance, modules: { insight: InsightService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = modules.insight;
  const siting = new SitingService(service);
  const ctx = { siting, exports: new ExportService(service, siting) };
  const tags = ['insight'];

  r.get('/api/insight/dashboard', { schema: { tags, summary: 'Live figures of an area and its children, from roll-ups', querystring: PeriodQuery, response: { 200: Dashboard } } }, async (request) =>
    service.dashboard(requireActor(request), request.query),
  );

  r.get('/api/insight/demand', { schema: { tags, summary: 'Demand map: streets, communities or grids with counts by group', querystring: DemandQuery, response: { 200: FeatureCollection } } }, async (request) =>
    service.demandAreas(requireActor(request), request.query.level, request.query.areaId),
  );

  r.get('/api/insight/hexes', { schema: { tags, summary: 'Demand heat map: H3 hexagons with counts by group', querystring: HexQuery, response: { 200: FeatureCollection } } }, async (request) =>
    service.hexes(requireActor(request), request.query.res, request.query.areaId),
  );

  r.get('/api/insight/resources', { schema: { tags, summary: 'Resource map: facilities with capacity and walking reach', querystring: ResourceQuery, response: { 200: FeatureCollection } } }, async (request) =>
    service.resources(requireActor(request), request.query),
  );

  r.get('/api/insight/coverage', { schema: { tags, summary: 'Coverage gaps of a facility kind for a group', querystring: CoverageQuery, response: { 200: Coverage } } }, async (request) =>
    ctx.siting.coverage(requireActor(request), request.query),
  );

  r.post('/api/insight/siting', { schema: { tags, summary: 'Choose k new sites (maximal covering or p-median) with a proven bound', body: SitingRequest, response: { 200: SitingResult } } }, async (request) =>
    ctx.siting.site(requireActor(request), request.body),
  );

  r.get('/api/insight/candidates', { schema: { tags, summary: 'Premises marked as possible sites', response: { 200: z.object({ items: z.array(Candidate) }) } } }, async (request) =>
    service.candidates(requireActor(request)),
  );

  r.post('/api/insight/candidates', { schema: { tags, summary: 'Mark premises as a possible site', body: CandidateInput, response: { 201: Candidate } } }, async (request, reply) =>
    reply.code(201).send(await service.addCandidate(requireActor(request), request.body)),
  );

  r.delete('/api/insight/candidates/:id', { schema: { tags, summary: 'Remove marked premises', params: z.object({ id: Uuid }), response: { 200: Ok } } }, async (request) =>
    service.deleteCandidate(requireActor(request), request.params.id),
  );

  r.post('/api/insight/rebuild', { schema: { tags, summary: 'Recount every roll-up from the raw tables (administrators)', response: { 200: z.object({ ms: z.number() }) } } }, async (request) =>
    service.rebuild(requireActor(request)),
  );

  r.get('/api/insight/check', {
    schema: { tags, summary: 'Compare the roll-ups with a full scan at every level (administrators)', response: { 200: z.object({ items: z.array(z.object({ level: z.string(), keys: z.number(), mismatches: z.number(), rollupMs: z.number(), scanMs: z.number() })) }) } },
  }, async (request) => ({ items: await service.check(requireActor(request)) }));

  const ExportParams = z.object({ name: z.string().regex(/^[a-z0-9-]+\.(geojson|csv|xlsx)$/) });
  r.get('/api/insight/export/:name', {
    schema: { tags, summary: 'A map layer as GeoJSON, or a table as CSV or XLSX', params: ExportParams, querystring: z.object({ areaId: Uuid.optional(), res: z.coerce.number().int().min(7).max(9).optional(), level: z.enum(['street', 'community', 'grid']).optional(), kind: z.string().optional(), group: z.string().optional(), walkM: z.coerce.number().int().min(100).max(5000).optional() }) },
  }, async (request, reply) => {
    const out = await ctx.exports.file(requireActor(request), request.params.name, request.query);
    return reply.header('content-type', out.type).header('content-disposition', `attachment; filename="${out.filename}"`).send(out.body);
  });

  r.get('/api/insight/report', { schema: { tags, summary: 'A printable one-page report of an area for a street meeting (HTML)', querystring: z.object({ areaId: Uuid.optional() }) } }, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(await ctx.exports.report(requireActor(request), request.query.areaId)),
  );
}
