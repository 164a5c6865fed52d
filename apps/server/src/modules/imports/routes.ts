// HTTP for imports (/api/imports): sources, uploads (multipart, streamed to disk), jobs with
// progress and cancel, error reports (JSON and CSV), the push endpoint for departmental systems
// (per-source key, no session) and the scheduled pull's clock, conflicts, the duplicate review queue, merges and provenance.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateSource, DecideConflict, DecideMatch, DistrictId, ImportConflict, ImportJob, ImportRowError, ImportSource, MatchCandidate, Ok, Provenance, PushKey, PushRecords, StartImport, Uuid } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { AreasService } from '../areas/service.ts';
import { ImportsService } from './service.ts';
import { ImportPuller, registerPuller } from './puller.ts';

/** Uploads stream to disk, so the limit guards the disk rather than memory. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024 * 1024;

export async function importsRoutes(app: FastifyInstance, ctx: AppContext & { areas: AreasService }) {
  const service = new ImportsService(ctx);
  const puller = new ImportPuller(service, ctx.log);
  registerPuller(ctx, puller);
  puller.start();
  app.addHook('onClose', () => puller.stop());
  const IdParams = z.object({ id: Uuid });

  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 4, parts: 5 }, throwFileSizeLimit: true });
    scope.withTypeProvider<ZodTypeProvider>().post('/api/imports/sources/:id/uploads', {
      schema: { tags: ['imports'], summary: 'Upload a CSV (UTF-8 or GBK) or XLSX file for a source (multipart field "file"); answers the header and first rows', params: IdParams, consumes: ['multipart/form-data'], response: { 201: ImportJob } },
    }, async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('upload.not_multipart', 'unsupported', 'send the file as multipart/form-data in a field named "file"', [{ path: 'file', message: 'required' }]);
      let part;
      try {
        part = await request.file();
      } catch (err) {
        // The parser's own 4xx (too large, too many parts) pass through; a body it cannot read is the caller's fault.
        const status = (err as { statusCode?: number }).statusCode;
        if (err instanceof AppError || (typeof status === 'number' && status < 500)) throw err;
        throw new AppError('upload.malformed', 'invalid', 'the multipart body could not be read', [{ path: 'file', message: 'malformed multipart body' }]);
      }
      if (!part) throw new AppError('upload.no_file', 'invalid', 'no file in the upload', [{ path: 'file', message: 'required' }]);
      return reply.code(201).send(await service.upload(actor, request.params.id, part.file, part.filename || 'upload'));
    });
  });

  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/imports/sources', { schema: { tags: ['imports'], summary: 'Connected sources in your area', response: { 200: z.object({ items: z.array(ImportSource) }) } } }, async (request) => service.sources(requireActor(request)));

  r.post('/api/imports/sources', { schema: { tags: ['imports'], summary: 'Connect a source (a departmental system) to an area', body: CreateSource, response: { 201: ImportSource } } }, async (request, reply) =>
    reply.code(201).send(await service.createSource(requireActor(request), request.body)),
  );

  r.post('/api/imports/sources/:id/push-key', { schema: { tags: ['imports'], summary: 'Issue a new push key for the source (shown once; the old one stops working)', params: IdParams, response: { 200: PushKey } } }, async (request) =>
    service.rotatePushKey(requireActor(request), request.params.id),
  );

  r.post('/api/imports/push/:districtId/:id', {
    config: { csrf: false },
    schema: {
      tags: ['imports'], summary: 'A departmental system pushes JSON records (header x-source-key); mapped with the source\'s saved mapping', params: z.object({ districtId: DistrictId, id: Uuid }), body: PushRecords,
      headers: z.object({ 'x-source-key': z.string().optional() }).loose(), response: { 200: ImportJob.extend({ errors: z.array(ImportRowError) }) }, security: [],
    },
  }, async (request) => service.push(request.params.districtId, request.params.id, request.headers['x-source-key'] as string | undefined, request.body, request.ip));

  r.get('/api/imports/jobs', { schema: { tags: ['imports'], summary: 'Recent imports in your area', querystring: z.object({ sourceId: Uuid.optional() }), response: { 200: z.object({ items: z.array(ImportJob) }) } } }, async (request) =>
    service.jobs(requireActor(request), request.query.sourceId),
  );

  r.get('/api/imports/jobs/:id', { schema: { tags: ['imports'], summary: 'One import with its progress', params: IdParams, response: { 200: ImportJob } } }, async (request) => service.job(requireActor(request), request.params.id));

  r.post('/api/imports/jobs/:id/start', { schema: { tags: ['imports'], summary: 'Start (or dry-run) an uploaded import with a mapping', params: IdParams, body: StartImport, response: { 200: ImportJob } } }, async (request) =>
    service.start(requireActor(request), request.params.id, request.body),
  );

  r.post('/api/imports/jobs/:id/cancel', { schema: { tags: ['imports'], summary: 'Cancel a running import', params: IdParams, response: { 200: ImportJob } } }, async (request) => service.cancel(requireActor(request), request.params.id));

  r.get('/api/imports/jobs/:id/errors', { schema: { tags: ['imports'], summary: 'Row-level errors (first 500)', params: IdParams, response: { 200: z.object({ items: z.array(ImportRowError) }) } } }, async (request) =>
    service.errors(requireActor(request), request.params.id, 500),
  );

  r.get('/api/imports/jobs/:id/errors.csv', { schema: { tags: ['imports'], summary: 'The row-level error report as a CSV file, with each failed row as it arrived', params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    const gen = service.errorsCsv(actor, request.params.id);
    const first = await gen.next(); // checks access before any byte is sent
    const body = Readable.from((async function* () {
      if (!first.done) yield first.value;
      yield* gen;
    })());
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="import-errors-${request.params.id.slice(0, 8)}.csv"`).send(body);
  });

  r.get('/api/imports/conflicts', { schema: { tags: ['imports'], summary: 'Values two sources disagree on', querystring: z.object({ status: z.enum(['open', 'kept', 'replaced']).default('open') }), response: { 200: z.object({ items: z.array(ImportConflict) }) } } }, async (request) =>
    service.conflicts(requireActor(request), request.query.status),
  );

  r.post('/api/imports/conflicts/:id', { schema: { tags: ['imports'], summary: 'Keep the current value or take the incoming one', params: IdParams, body: DecideConflict, response: { 200: Ok } } }, async (request) =>
    service.decideConflict(requireActor(request), request.params.id, request.body.decision),
  );

  r.get('/api/imports/matches', { schema: { tags: ['imports'], summary: 'Pairs of residents that may be the same person', querystring: z.object({ status: z.enum(['pending', 'merged', 'distinct']).default('pending') }), response: { 200: z.object({ items: z.array(MatchCandidate) }) } } }, async (request) =>
    service.candidates(requireActor(request), request.query.status),
  );

  r.post('/api/imports/matches/:id', { schema: { tags: ['imports'], summary: 'Merge the pair (the arrived record into the existing one) or mark them distinct', params: IdParams, body: DecideMatch, response: { 200: z.object({ ok: z.literal(true), mergeId: Uuid.nullable() }) } } }, async (request) =>
    service.decideCandidate(requireActor(request), request.params.id, request.body.decision),
  );

  r.post('/api/imports/merges/:id/undo', { schema: { tags: ['imports'], summary: 'Un-merge: restore both records as they were', params: IdParams, response: { 200: Ok } } }, async (request) =>
    service.unmerge(requireActor(request), request.params.id),
  );

  r.get('/api/imports/provenance/:id', { schema: { tags: ['imports'], summary: 'Which source and import each field of a resident came from', params: IdParams, response: { 200: Provenance } } }, async (request) =>
    service.provenance(requireActor(request), request.params.id),
  );
}
