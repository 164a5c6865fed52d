// HTTP for volunteers, teams, the hours ledger, rankings and certificates (/api/volunteering/...).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Certificate,
  CreateTeam,
  HoursDecision,
  HoursEntry,
  HoursQuery,
  IssueCertificate,
  MyVolunteering,
  Ranking,
  RankingQuery,
  RecordHours,
  RegisterVolunteer,
  SaveVolunteerProfile,
  SetTeamRole,
  Team,
  TeamDetail,
  TeamQuery,
  Uuid,
  Volunteer,
  VolunteerQuery,
  paged,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import { idempotent } from '../../platform/idempotency.ts';
import type { VolunteeringService } from './service.ts';
import { declareVolunteeringFigures } from './insight.ts';

export async function volunteeringRoutes(app: FastifyInstance, ctx: AppContext & { volunteering: VolunteeringService }) {
  const service = ctx.volunteering;
  declareVolunteeringFigures(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });
  const tags = ['volunteering'];

  r.get('/api/volunteering/me', { schema: { tags, summary: 'My volunteering: profile, hours, teams, certificates, approvals waiting', response: { 200: MyVolunteering } } }, async (request) =>
    service.my(requireActor(request)),
  );

  r.put('/api/volunteering/me', { schema: { tags, summary: 'Create or update my volunteer profile (skills, availability, areas)', body: SaveVolunteerProfile, response: { 200: Volunteer } } }, async (request) =>
    service.saveMyProfile(requireActor(request), request.body),
  );

  r.get('/api/volunteering/communities', {
    schema: { tags, summary: 'Every community of the district by street, for choosing a home or service area', response: { 200: z.object({ items: z.array(z.object({ id: Uuid, name: z.string(), streetName: z.string() })) }) } },
  }, async (request) => service.communities(requireActor(request)));

  r.get('/api/volunteering/volunteers', { schema: { tags, summary: 'Volunteers of the organiser\'s area', querystring: VolunteerQuery, response: { 200: paged(Volunteer) } } }, async (request) =>
    service.list(requireActor(request), request.query),
  );

  r.post('/api/volunteering/volunteers', { schema: { tags, summary: 'Register a resident as a volunteer (organisers)', body: RegisterVolunteer, response: { 200: Volunteer } } }, async (request) =>
    service.register(requireActor(request), request.body),
  );

  r.get('/api/volunteering/volunteers/:id', { schema: { tags, summary: 'One volunteer', params: IdParams, response: { 200: Volunteer } } }, async (request) =>
    service.get(requireActor(request), request.params.id),
  );

  r.get('/api/volunteering/teams', { schema: { tags, summary: 'Volunteer teams (of an area, or mine)', querystring: TeamQuery, response: { 200: z.object({ items: z.array(Team) }) } } }, async (request) =>
    service.teams(requireActor(request), request.query),
  );

  r.post('/api/volunteering/teams', { schema: { tags, summary: 'Create a team (organisers)', body: CreateTeam, response: { 201: TeamDetail } } }, async (request, reply) =>
    reply.code(201).send(await service.createTeam(requireActor(request), request.body)),
  );

  r.get('/api/volunteering/teams/:id', { schema: { tags, summary: 'A team with its members', params: IdParams, response: { 200: TeamDetail } } }, async (request) =>
    service.team(requireActor(request), request.params.id),
  );

  r.post('/api/volunteering/teams/:id/join', { schema: { tags, summary: 'Join a team', params: IdParams, response: { 200: TeamDetail } } }, async (request) =>
    service.join(requireActor(request), request.params.id),
  );

  r.post('/api/volunteering/teams/:id/leave', { schema: { tags, summary: 'Leave a team', params: IdParams, response: { 200: TeamDetail } } }, async (request) =>
    service.leave(requireActor(request), request.params.id),
  );

  r.put('/api/volunteering/teams/:id/members/:volunteerId', {
    schema: { tags, summary: 'Make a volunteer a leader or member of a team (organisers)', params: z.object({ id: Uuid, volunteerId: Uuid }), body: SetTeamRole, response: { 200: TeamDetail } },
  }, async (request) => service.setRole(requireActor(request), request.params.id, request.params.volunteerId, request.body.role));

  r.post('/api/volunteering/hours', {
    schema: {
      tags,
      summary: 'Record hours in the ledger (organisers: activity, wish, ...; volunteers: manual claims for their team leader). Idempotency-Key honoured; a repeat of the same source item answers 200 with the first entry.',
      body: RecordHours,
      response: { 200: HoursEntry, 201: HoursEntry },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => {
      const { entry, created } = await service.recordHours(actor, request.body);
      return { status: created ? 201 : 200, body: entry };
    });
    return reply.code(out.status as 201).send(out.body);
  });

  r.get('/api/volunteering/hours', { schema: { tags, summary: 'Ledger entries the caller may see', querystring: HoursQuery, response: { 200: paged(HoursEntry) } } }, async (request) =>
    service.entries(requireActor(request), request.query),
  );

  r.get('/api/volunteering/hours/approvals', { schema: { tags, summary: 'Manual claims waiting for me as a team leader', response: { 200: paged(HoursEntry) } } }, async (request) =>
    service.approvals(requireActor(request)),
  );

  r.post('/api/volunteering/hours/:id/decision', { schema: { tags, summary: 'Approve or reject a manual claim (a leader of its team)', params: IdParams, body: HoursDecision, response: { 200: HoursEntry } } }, async (request) =>
    service.decide(requireActor(request), request.params.id, request.body.decision, request.body.note),
  );

  r.get('/api/volunteering/rankings', { schema: { tags, summary: 'Volunteers and teams ranked by approved hours (district, community or team)', querystring: RankingQuery, response: { 200: Ranking } } }, async (request) =>
    service.rankings(requireActor(request), request.query),
  );

  r.post('/api/volunteering/certificates', { schema: { tags, summary: 'Issue a certificate of approved hours (a numbered snapshot)', body: IssueCertificate, response: { 201: Certificate } } }, async (request, reply) =>
    reply.code(201).send(await service.issueCertificate(requireActor(request), request.body)),
  );

  r.get('/api/volunteering/certificates/:id', { schema: { tags, summary: 'A certificate of hours', params: IdParams, response: { 200: Certificate } } }, async (request) =>
    service.certificate(requireActor(request), request.params.id),
  );
}
