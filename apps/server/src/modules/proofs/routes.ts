// HTTP for proofs (/api/proofs, signed in) and the public transparency log (/api/transparency, no login).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import QRCode from 'qrcode';
import {
  AuditReport, ClaimType, ConsistencyAnswer, ConsistencyQuery, DistrictId, InclusionAnswer, InclusionQuery, IssueProof, LogKeys, ProofBundle, ProofIssuer,
  ProofQuery, ProofStatus, ProofSummary, RevokeProof, SignedTreeHead, Uuid, paged,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import { idempotent } from '../../platform/idempotency.ts';
import { notFound } from '../../platform/errors.ts';
import type { AreasService } from '../areas/service.ts';
import { PeopleService } from '../people/service.ts';
import { ProofsService } from './service.ts';
import { requireAdmin } from './policy.ts';

/** The address a QR code points at: this server as the caller reached it. */
function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export async function proofsRoutes(app: FastifyInstance, ctx: AppContext & { areas: AreasService }) {
  const service = new ProofsService(ctx, new PeopleService(ctx));
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });
  const District = z.object({ districtId: DistrictId });
  const known = async (districtId: string) => {
    const d = await ctx.db.q.selectFrom('districts').select('id').where('id', '=', districtId).executeTakeFirst();
    if (!d) throw notFound('district');
  };

  r.get('/api/proofs/issuers', { schema: { tags: ['proofs'], summary: 'Issuers you sign for (all of them for the admin)', response: { 200: z.object({ items: z.array(ProofIssuer) }) } } }, async (request) => ({
    items: await service.issuers(requireActor(request)),
  }));

  const AuthoriseIssuer = z.object({ kind: z.enum(['organisation', 'area']), orgId: Uuid.optional(), areaId: Uuid.optional(), claimTypes: z.array(ClaimType).min(1) });
  r.post('/api/proofs/issuers', { schema: { tags: ['proofs'], summary: 'Authorise a department or community to issue proofs (admin)', body: AuthoriseIssuer, response: { 201: ProofIssuer } } }, async (request, reply) =>
    reply.code(201).send(await service.authoriseIssuer(requireActor(request), request.body)),
  );

  r.patch('/api/proofs/issuers/:id', { schema: { tags: ['proofs'], summary: 'Change the claims an issuer may make (admin)', params: IdParams, body: z.object({ claimTypes: z.array(ClaimType).min(1) }), response: { 200: ProofIssuer } } }, async (request) =>
    service.updateIssuer(requireActor(request), request.params.id, request.body.claimTypes),
  );

  r.get('/api/proofs', { schema: { tags: ['proofs'], summary: 'Proofs you issued or about subjects in your area', querystring: ProofQuery, response: { 200: paged(ProofSummary) } } }, async (request) =>
    service.list(requireActor(request), request.query),
  );

  r.post('/api/proofs', { schema: { tags: ['proofs'], summary: 'Issue a signed proof and append it to the transparency log (Idempotency-Key honoured)', body: IssueProof, response: { 201: ProofSummary } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.issue(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });

  r.get('/api/proofs/audit', { schema: { tags: ['proofs'], summary: 'Recompute the log from its stored entries and report any tampering (admin)', response: { 200: AuditReport } } }, async (request) => {
    const actor = requireActor(request);
    requireAdmin(actor);
    return service.auditLog(actor.districtId);
  });

  r.get('/api/proofs/:id', { schema: { tags: ['proofs'], summary: 'One proof', params: IdParams, response: { 200: ProofSummary } } }, async (request) =>
    service.get(requireActor(request), request.params.id),
  );

  r.get('/api/proofs/:id/bundle', { schema: { tags: ['proofs'], summary: 'The proof with its audit path and a signed tree head, as the payload a QR code carries', params: IdParams, response: { 200: ProofBundle } } }, async (request) =>
    service.bundle(requireActor(request), request.params.id, originOf(request)),
  );

  r.get('/api/proofs/:id/qr.svg', { schema: { tags: ['proofs'], summary: 'The verification QR code (SVG)', params: IdParams } }, async (request, reply) => {
    const b = await service.bundle(requireActor(request), request.params.id, originOf(request));
    const svg = await QRCode.toString(b.url, { type: 'svg', errorCorrectionLevel: 'L', margin: 2 });
    return reply.type('image/svg+xml').header('cache-control', 'private, no-store').send(svg);
  });

  r.post('/api/proofs/:id/revoke', { schema: { tags: ['proofs'], summary: 'Revoke a proof: a signed revocation entry in the log', params: IdParams, body: RevokeProof, response: { 200: ProofSummary } } }, async (request) =>
    service.revoke(requireActor(request), request.params.id, request.body.reason),
  );

  // --- public: no login, read-only ------------------------------------------------------------

  r.get('/api/transparency/:districtId/keys', { schema: { tags: ['transparency'], summary: 'The log key and the issuers with their public keys (public)', params: District, response: { 200: LogKeys }, security: [] } }, async (request) => {
    await known(request.params.districtId);
    return service.logKeys(request.params.districtId);
  });

  r.get('/api/transparency/:districtId/sth', { schema: { tags: ['transparency'], summary: 'The latest signed tree head (public)', params: District, response: { 200: SignedTreeHead }, security: [] } }, async (request) => {
    await known(request.params.districtId);
    return service.treeHead(request.params.districtId);
  });

  r.get('/api/transparency/:districtId/consistency', { schema: { tags: ['transparency'], summary: 'RFC 9162 consistency proof between two tree sizes (public)', params: District, querystring: ConsistencyQuery, response: { 200: ConsistencyAnswer }, security: [] } }, async (request) => {
    await known(request.params.districtId);
    return service.consistency(request.params.districtId, request.query.first, request.query.second);
  });

  r.get('/api/transparency/:districtId/inclusion', { schema: { tags: ['transparency'], summary: 'RFC 9162 inclusion proof (audit path) for a leaf (public)', params: District, querystring: InclusionQuery, response: { 200: InclusionAnswer }, security: [] } }, async (request) => {
    await known(request.params.districtId);
    return service.inclusion(request.params.districtId, request.query.leafIndex, request.query.treeSize);
  });

  r.get('/api/transparency/:districtId/proofs/:id/status', {
    schema: { tags: ['transparency'], summary: 'Whether a proof is revoked, with evidence and a consistency proof from the holder\'s tree size (public)', params: District.extend({ id: Uuid }), querystring: z.object({ from: z.coerce.number().int().optional() }), response: { 200: ProofStatus }, security: [] },
  }, async (request) => {
    await known(request.params.districtId);
    return service.status(request.params.districtId, request.params.id, request.query.from);
  });
}
