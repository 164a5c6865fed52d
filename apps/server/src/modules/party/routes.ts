// HTTP for party members reporting to their community (/api/party/...): reports and decisions,
// participation, the community service list, compound branches and their activities.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AddBranchMember,
  CompleteClaim,
  CreateBranch,
  CreateBranchActivity,
  CreatePartyServiceItem,
  Participation,
  PartyBranch,
  PartyBranchDetail,
  PartyDecision,
  PartyMember,
  PartyMemberQuery,
  PartyReport,
  PartyServiceItem,
  Uuid,
  paged,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import type { VolunteeringService } from '../volunteering/service.ts';
import { PartyService } from './service.ts';

export async function partyRoutes(app: FastifyInstance, ctx: AppContext & { volunteering: VolunteeringService }) {
  const service = new PartyService(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });
  const tags = ['party'];

  r.get('/api/party/me', { schema: { tags, summary: 'My report to my community, and my participation', response: { 200: z.object({ member: PartyMember.nullable(), participation: Participation.nullable() }) } } }, async (request) =>
    service.me(requireActor(request)),
  );

  r.post('/api/party/report', { schema: { tags, summary: 'Report (报到) as a working party member to the community where I live', body: PartyReport, response: { 201: PartyMember } } }, async (request, reply) =>
    reply.code(201).send(await service.report(requireActor(request), request.body)),
  );

  r.post('/api/party/me/withdraw', { schema: { tags, summary: 'Withdraw my report', response: { 200: PartyMember } } }, async (request) => service.withdraw(requireActor(request)));

  r.get('/api/party/members', { schema: { tags, summary: 'Party members reported to communities in my area (party organisation)', querystring: PartyMemberQuery, response: { 200: paged(PartyMember) } } }, async (request) =>
    service.members(requireActor(request), request.query),
  );

  r.get('/api/party/members/:id', { schema: { tags, summary: 'One party member', params: IdParams, response: { 200: PartyMember } } }, async (request) =>
    service.member(requireActor(request), request.params.id),
  );

  r.post('/api/party/members/:id/decision', { schema: { tags, summary: 'Accept or reject a report (the community)', params: IdParams, body: PartyDecision, response: { 200: PartyMember } } }, async (request) =>
    service.decide(requireActor(request), request.params.id, request.body.decision, request.body.note),
  );

  r.get('/api/party/members/:id/participation', { schema: { tags, summary: 'A member\'s activities, wishes, pairings, hours and service-list items', params: IdParams, response: { 200: Participation } } }, async (request) =>
    service.participation(requireActor(request), request.params.id),
  );

  r.get('/api/party/service-items', {
    schema: { tags, summary: 'The community service list (服务清单)', querystring: z.object({ communityId: Uuid.optional(), status: z.enum(['open', 'closed']).optional() }), response: { 200: z.object({ items: z.array(PartyServiceItem) }) } },
  }, async (request) => service.serviceItems(requireActor(request), request.query));

  r.post('/api/party/service-items', { schema: { tags, summary: 'Publish an item on the service list (the community)', body: CreatePartyServiceItem, response: { 201: PartyServiceItem } } }, async (request, reply) =>
    reply.code(201).send(await service.createServiceItem(requireActor(request), request.body)),
  );

  r.post('/api/party/service-items/:id/close', { schema: { tags, summary: 'Close an item', params: IdParams, response: { 200: PartyServiceItem } } }, async (request) =>
    service.closeServiceItem(requireActor(request), request.params.id),
  );

  r.post('/api/party/service-items/:id/claim', { schema: { tags, summary: 'Take an item (a member reported to the community)', params: IdParams, response: { 200: PartyServiceItem } } }, async (request) =>
    service.claim(requireActor(request), request.params.id),
  );

  r.post('/api/party/service-items/:id/unclaim', { schema: { tags, summary: 'Give an item back', params: IdParams, response: { 200: PartyServiceItem } } }, async (request) =>
    service.unclaim(requireActor(request), request.params.id),
  );

  r.post('/api/party/service-items/:id/claims/:memberId/complete', {
    schema: { tags, summary: 'Confirm a member did the item; the time goes into the hours ledger', params: z.object({ id: Uuid, memberId: Uuid }), body: CompleteClaim, response: { 200: PartyServiceItem } },
  }, async (request) => service.complete(requireActor(request), request.params.id, request.params.memberId, request.body));

  r.get('/api/party/branches', { schema: { tags, summary: 'Compound party branches', querystring: z.object({ areaId: Uuid.optional() }), response: { 200: z.object({ items: z.array(PartyBranch) }) } } }, async (request) =>
    service.branches(requireActor(request), request.query),
  );

  r.post('/api/party/branches', { schema: { tags, summary: 'Found a compound party branch (the community)', body: CreateBranch, response: { 201: PartyBranchDetail } } }, async (request, reply) =>
    reply.code(201).send(await service.createBranch(requireActor(request), request.body)),
  );

  r.get('/api/party/branches/:id', { schema: { tags, summary: 'A branch with its members and activities', params: IdParams, response: { 200: PartyBranchDetail } } }, async (request) =>
    service.branch(requireActor(request), request.params.id),
  );

  r.post('/api/party/branches/:id/members', { schema: { tags, summary: 'Add a member (or a resident party member) to a branch', params: IdParams, body: AddBranchMember, response: { 200: PartyBranchDetail } } }, async (request) =>
    service.addBranchMember(requireActor(request), request.params.id, request.body),
  );

  r.post('/api/party/branches/:id/activities', { schema: { tags, summary: 'Record a branch activity with its attendees', params: IdParams, body: CreateBranchActivity, response: { 200: PartyBranchDetail } } }, async (request) =>
    service.createActivity(requireActor(request), request.params.id, request.body),
  );
}
