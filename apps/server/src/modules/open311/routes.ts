// Open311 GeoReport v2 under /open311/v2/ (each resource in .json and .xml; errors in the spec's
// [{code, description}] format, scoped to this plugin) and API-key management under /api/open311.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateOpen311Key, CreatedOpen311Key, Ok, Open311Key, Uuid } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import { AppError, toProblem } from '../../platform/errors.ts';
import type { AreasService } from '../areas/service.ts';
import { CONTENT_TYPE, type Format, render } from './format.ts';
import { Open311Service } from './service.ts';

const FormatParam = z.enum(['json', 'xml']);
const Query = z.record(z.string(), z.string().optional());

function formatOf(request: FastifyRequest): Format {
  return /\.xml(\?|$)/.test(request.url) ? 'xml' : 'json';
}

/** Unknown resources under /open311, in the spec's error format (also used by the app's own not-found handler). */
export function open311NotFound(request: FastifyRequest, reply: FastifyReply) {
  return open311Error(new AppError('open311.not_found', 'not_found', `no resource ${request.method} ${request.url.split('?')[0]}`), request, reply);
}

/** Spec statuses: 404 for what does not exist, 403 for the API key, 400 for any other refusal. */
export function open311Error(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { body, unexpected } = toProblem(err);
  if (unexpected) request.log.error({ err }, 'unhandled error (open311)');
  const kind = err instanceof AppError ? err.kind : undefined;
  const status = unexpected ? 500 : kind === 'not_found' || body.status === 404 ? 404 : kind === 'forbidden' || kind === 'unauthenticated' ? 403 : (err as FastifyError).statusCode === 413 ? 413 : 400;
  const description = body.fields?.length && !(err instanceof AppError) ? body.fields.map((f) => `${f.path.replace(/^(params|query|body)\./, '')}: ${f.message}`).join('; ') : (body.detail ?? body.title);
  const format = formatOf(request);
  return reply.code(status).type(CONTENT_TYPE[format]).send(render(format, 'errors', [{ code: status, description }]));
}

export async function open311Routes(app: FastifyInstance, ctx: AppContext & { areas: AreasService }) {
  const service = new Open311Service(ctx);

  await app.register(
    async (scope) => {
      await scope.register(formbody, { bodyLimit: 64 * 1024 });
      scope.setErrorHandler(open311Error);
      scope.setNotFoundHandler(open311NotFound);
      const r = scope.withTypeProvider<ZodTypeProvider>();
      // API-key clients do not hold a session, so CSRF does not apply.
      const config = { csrf: false };
      const tags = ['open311'];
      const send = (reply: FastifyReply, format: Format, root: string, value: unknown, status = 200) => reply.code(status).type(CONTENT_TYPE[format]).send(render(format, root, value));

      r.get('/discovery.:format', { config, schema: { tags, summary: 'Service discovery', params: z.object({ format: FormatParam }) } }, async (request, reply) =>
        send(reply, request.params.format, 'discovery', service.discovery(`${request.protocol}://${request.headers.host ?? 'localhost'}`)),
      );

      r.get('/services.:format', { config, schema: { tags, summary: 'Service list', params: z.object({ format: FormatParam }), querystring: Query } }, async (request, reply) => {
        const district = await service.jurisdiction(request.query.jurisdiction_id);
        return send(reply, request.params.format, 'services', await service.services(district));
      });

      r.get('/services/:code.:format', { config, schema: { tags, summary: 'Service definition', params: z.object({ code: z.string().min(1).max(40), format: FormatParam }), querystring: Query } }, async (request, reply) => {
        const district = await service.jurisdiction(request.query.jurisdiction_id);
        return send(reply, request.params.format, 'service_definition', await service.definition(district, request.params.code));
      });

      r.get('/requests.:format', { config, schema: { tags, summary: 'Service requests (filters: service_request_id, service_code, start_date, end_date, status)', params: z.object({ format: FormatParam }), querystring: Query } }, async (request, reply) => {
        const district = await service.jurisdiction(request.query.jurisdiction_id);
        return send(reply, request.params.format, 'service_requests', await service.requests(district, request.query));
      });

      r.post('/requests.:format', { config, schema: { tags, summary: 'Create a service request (form-encoded, api_key required)', params: z.object({ format: FormatParam }) } }, async (request, reply) => {
        const body = request.body;
        if (!body || typeof body !== 'object') throw new AppError('open311.bad_request', 'invalid', 'send the request as application/x-www-form-urlencoded');
        return send(reply, request.params.format, 'service_requests', await service.create(body as Record<string, string | string[]>), 201);
      });

      r.get('/requests/:id.:format', { config, schema: { tags, summary: 'One service request', params: z.object({ id: z.string().min(1).max(40), format: FormatParam }), querystring: Query } }, async (request, reply) => {
        const district = await service.jurisdiction(request.query.jurisdiction_id);
        return send(reply, request.params.format, 'service_requests', await service.request(district, request.params.id));
      });

      r.get('/tokens/:token.:format', { config, schema: { tags, summary: 'The service request id of a token', params: z.object({ token: z.string().min(1).max(64), format: FormatParam }), querystring: Query } }, async (request, reply) => {
        const district = await service.jurisdiction(request.query.jurisdiction_id);
        return send(reply, request.params.format, 'service_requests', await service.token(district, request.params.token));
      });
    },
    { prefix: '/open311/v2' },
  );

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/open311/keys', { schema: { tags: ['open311'], summary: 'Open311 API keys (district admin)', response: { 200: z.object({ items: z.array(Open311Key) }) } } }, async (request) =>
    service.keys(requireActor(request)),
  );
  r.post('/api/open311/keys', { schema: { tags: ['open311'], summary: 'Issue an Open311 API key (shown once)', body: CreateOpen311Key, response: { 201: CreatedOpen311Key } } }, async (request, reply) =>
    reply.code(201).send(await service.createKey(requireActor(request), request.body.name)),
  );
  r.delete('/api/open311/keys/:id', { schema: { tags: ['open311'], summary: 'Revoke an Open311 API key', params: z.object({ id: Uuid }), response: { 200: Ok } } }, async (request) =>
    service.revokeKey(requireActor(request), request.params.id),
  );
}
