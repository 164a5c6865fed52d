// HTTP for the community mutual-aid funds: funds and their committee (/api/funds), donations, the
// monthly public report, the ledger, and applications for help (/api/fund-applications).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AddCommitteeMember,
  Application,
  ApplicationQuery,
  ApplicationSummary,
  CommitteeMember,
  CreateApplication,
  CreateDonation,
  CreateFund,
  DecideApplication,
  Disburse,
  Donation,
  Fund,
  FundLedger,
  FundQuery,
  FundReport,
  ReviewApplication,
  UpdateFund,
  Uuid,
  paged,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import { idempotent } from '../../platform/idempotency.ts';
import { FundsService } from './service.ts';

export async function fundsRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = new FundsService(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });
  const tags = ['funds'];
  const Committee = z.object({ items: z.array(CommitteeMember) });

  r.get('/api/funds', { schema: { tags, summary: 'Funds the caller may see (staff area, committee, own community)', querystring: FundQuery, response: { 200: z.object({ items: z.array(Fund) }) } } }, async (request) =>
    service.list(requireActor(request), request.query),
  );

  r.post('/api/funds', { schema: { tags, summary: 'Open a community\'s fund and set the charity\'s match (district)', body: CreateFund, response: { 201: Fund } } }, async (request, reply) =>
    reply.code(201).send(await service.create(requireActor(request), request.body)),
  );

  r.get('/api/funds/:id', { schema: { tags, summary: 'A fund with its balances and what the caller may do', params: IdParams, response: { 200: Fund } } }, async (request) =>
    service.get(requireActor(request), request.params.id),
  );

  r.patch('/api/funds/:id', { schema: { tags, summary: 'Change the match ratio, cap, period or status (district)', params: IdParams, body: UpdateFund, response: { 200: Fund } } }, async (request) =>
    service.update(requireActor(request), request.params.id, request.body),
  );

  r.get('/api/funds/:id/committee', { schema: { tags, summary: 'The fund committee', params: IdParams, response: { 200: Committee } } }, async (request) =>
    service.committee(requireActor(request), request.params.id),
  );

  r.post('/api/funds/:id/committee', { schema: { tags, summary: 'Appoint a committee member by username', params: IdParams, body: AddCommitteeMember, response: { 200: Committee } } }, async (request) =>
    service.addToCommittee(requireActor(request), request.params.id, request.body),
  );

  r.delete('/api/funds/:id/committee/:userId', { schema: { tags, summary: 'Remove a committee member', params: z.object({ id: Uuid, userId: Uuid }), response: { 200: Committee } } }, async (request) =>
    service.removeFromCommittee(requireActor(request), request.params.id, request.params.userId),
  );

  r.post('/api/funds/:id/donations', {
    schema: { tags, summary: 'Record a donation; the charity\'s match is added up to the period\'s cap (Idempotency-Key honoured)', params: IdParams, body: CreateDonation, response: { 201: Donation } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.donate(actor, request.params.id, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });

  r.get('/api/funds/:id/donations', { schema: { tags, summary: 'The donation register', params: IdParams, response: { 200: z.object({ items: z.array(Donation) }) } } }, async (request) =>
    service.donations(requireActor(request), request.params.id),
  );

  r.get('/api/funds/:id/report', { schema: { tags, summary: 'The monthly public report (no applicant is named)', params: IdParams, response: { 200: FundReport } } }, async (request) =>
    service.report(requireActor(request), request.params.id),
  );

  r.get('/api/funds/:id/ledger', { schema: { tags, summary: 'Trial balance and recent journal entries (committee and staff)', params: IdParams, response: { 200: FundLedger } } }, async (request) =>
    service.ledger(requireActor(request), request.params.id),
  );

  r.get('/api/funds/:id/applications', { schema: { tags, summary: 'Applications for help (all for committee and staff; one\'s own otherwise)', params: IdParams, querystring: ApplicationQuery, response: { 200: paged(ApplicationSummary) } } }, async (request) =>
    service.applications(requireActor(request), request.params.id, request.query),
  );

  r.post('/api/funds/:id/applications', {
    schema: { tags, summary: 'Apply for help, for oneself or for a resident (Idempotency-Key honoured)', params: IdParams, body: CreateApplication, response: { 201: Application } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.apply(actor, request.params.id, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });

  r.get('/api/fund-applications/:id', { schema: { tags, summary: 'One application with its decisions and history', params: IdParams, response: { 200: Application } } }, async (request) =>
    service.application(requireActor(request), request.params.id),
  );

  r.post('/api/fund-applications/:id/review', { schema: { tags, summary: 'The community forwards (with the amount it recommends) or rejects', params: IdParams, body: ReviewApplication, response: { 200: Application } } }, async (request) =>
    service.review(requireActor(request), request.params.id, request.body),
  );

  r.post('/api/fund-applications/:id/decision', { schema: { tags, summary: 'A committee member approves or rejects; two different approvers approve', params: IdParams, body: DecideApplication, response: { 200: Application } } }, async (request) =>
    service.decide(requireActor(request), request.params.id, request.body),
  );

  r.post('/api/fund-applications/:id/disburse', { schema: { tags, summary: 'Record the payment of an approved application', params: IdParams, body: Disburse, response: { 200: Application } } }, async (request) =>
    service.disburse(requireActor(request), request.params.id, request.body),
  );

  r.post('/api/fund-applications/:id/withdraw', { schema: { tags, summary: 'Withdraw an application before it is approved', params: IdParams, response: { 200: Application } } }, async (request) =>
    service.withdraw(requireActor(request), request.params.id),
  );
}
