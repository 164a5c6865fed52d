// HTTP for deliberation: topics and comments (/api/topics, /api/comments), meetings
// (/api/meetings), property units (/api/property-units) and ballots (/api/ballots).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  BallotAction,
  BallotDetail,
  BallotQuery,
  BallotResult,
  BallotSummary,
  CastVote,
  CreateBallot,
  CreateComment,
  CreateMeeting,
  CreatePropertyUnit,
  CreateTopic,
  Electorate,
  HideComment,
  Meeting,
  PropertyUnit,
  PropertyUnitQuery,
  RecordMeeting,
  RecordVote,
  ReportComment,
  RollEntry,
  StageChange,
  TopicDetail,
  TopicQuery,
  TopicSummary,
  TopicTransition,
  UpdatePropertyUnit,
  Uuid,
  paged,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import { idempotent } from '../../platform/idempotency.ts';
import { DeliberationService } from './service.ts';
import { BallotService } from './ballot-service.ts';

/** How often the clock opens and closes ballots whose time has come (reads settle them too). */
const SETTLE_EVERY_MS = 15_000;

export async function deliberationRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = new DeliberationService(ctx);
  const ballots = new BallotService(ctx, service);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });
  const Note = z.object({ note: z.string().trim().max(500).optional() });

  const timer = setInterval(() => void ballots.settleDue(null).catch((err: unknown) => ctx.log.error({ err }, 'ballot clock failed')), SETTLE_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  // --- topics ------------------------------------------------------------------------------------

  r.get('/api/topics', { schema: { tags: ['deliberation'], summary: 'Topics the caller may see', querystring: TopicQuery, response: { 200: paged(TopicSummary) } } }, async (request) =>
    service.listTopics(requireActor(request), request.query),
  );

  r.get('/api/topics/areas', { schema: { tags: ['deliberation'], summary: 'Areas the caller may raise a topic for (a resident: home building, compound, community)', response: { 200: z.object({ items: z.array(z.object({ id: Uuid, name: z.string(), level: z.string() })) }) } } }, async (request) =>
    service.topicAreas(requireActor(request)),
  );

  r.post('/api/topics', { schema: { tags: ['deliberation'], summary: 'Raise a topic for a building, compound or community (Idempotency-Key honoured)', body: CreateTopic, response: { 201: TopicDetail } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.createTopic(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });

  r.get('/api/topics/:id', { schema: { tags: ['deliberation'], summary: 'A topic with its comments, stage history, meetings and ballots', params: IdParams, response: { 200: TopicDetail } } }, async (request) =>
    service.topic(requireActor(request), request.params.id),
  );

  r.post('/api/topics/:id/transition', { schema: { tags: ['deliberation'], summary: 'Move a topic to its next stage (state machine)', params: IdParams, body: TopicTransition, response: { 200: TopicDetail } } }, async (request) =>
    service.transitionTopic(requireActor(request), request.params.id, request.body),
  );

  r.post('/api/topics/:id/support', { schema: { tags: ['deliberation'], summary: 'Support a topic', params: IdParams, response: { 200: TopicDetail } } }, async (request) =>
    service.support(requireActor(request), request.params.id, true),
  );

  r.delete('/api/topics/:id/support', { schema: { tags: ['deliberation'], summary: 'Withdraw one\'s support', params: IdParams, response: { 200: TopicDetail } } }, async (request) =>
    service.support(requireActor(request), request.params.id, false),
  );

  r.post('/api/topics/:id/comments', { schema: { tags: ['deliberation'], summary: 'Comment on a topic, or reply to a comment', params: IdParams, body: CreateComment, response: { 201: TopicDetail } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.comment(actor, request.params.id, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });

  r.post('/api/comments/:id/hide', { schema: { tags: ['deliberation'], summary: 'Hide a comment, with a reason (moderation)', params: IdParams, body: HideComment, response: { 200: TopicDetail } } }, async (request) =>
    service.moderate(requireActor(request), request.params.id, true, request.body.reason),
  );

  r.post('/api/comments/:id/unhide', { schema: { tags: ['deliberation'], summary: 'Show a hidden comment again', params: IdParams, response: { 200: TopicDetail } } }, async (request) =>
    service.moderate(requireActor(request), request.params.id, false),
  );

  r.post('/api/comments/:id/report', { schema: { tags: ['deliberation'], summary: 'Report a comment as abusive', params: IdParams, body: ReportComment, response: { 200: TopicDetail } } }, async (request) =>
    service.report(requireActor(request), request.params.id, request.body.reason),
  );

  // --- meetings ----------------------------------------------------------------------------------

  r.get('/api/meetings', { schema: { tags: ['deliberation'], summary: 'Meetings the caller may see', querystring: z.object({ topicId: Uuid.optional(), areaId: Uuid.optional() }), response: { 200: z.object({ items: z.array(Meeting) }) } } }, async (request) =>
    service.meetings(requireActor(request), request.query),
  );

  r.post('/api/meetings', { schema: { tags: ['deliberation'], summary: 'Schedule a meeting (hut or online) with its agenda and invitees', body: CreateMeeting, response: { 201: Meeting } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.createMeeting(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });

  r.get('/api/meetings/:id', { schema: { tags: ['deliberation'], summary: 'A meeting', params: IdParams, response: { 200: Meeting } } }, async (request) =>
    service.meeting(requireActor(request), request.params.id),
  );

  r.post('/api/meetings/:id/record', { schema: { tags: ['deliberation'], summary: 'Record attendance, minutes and decisions (meeting held)', params: IdParams, body: RecordMeeting, response: { 200: Meeting } } }, async (request) =>
    service.recordMeeting(requireActor(request), request.params.id, request.body),
  );

  r.post('/api/meetings/:id/cancel', { schema: { tags: ['deliberation'], summary: 'Cancel a meeting', params: IdParams, body: Note, response: { 200: Meeting } } }, async (request) =>
    service.cancelMeeting(requireActor(request), request.params.id, request.body.note),
  );

  // --- property units ----------------------------------------------------------------------------

  r.get('/api/property-units', { schema: { tags: ['deliberation'], summary: 'Property units and owners under an area, with the owners\' electorate', querystring: PropertyUnitQuery, response: { 200: z.object({ items: z.array(PropertyUnit), electorate: Electorate }) } } }, async (request) =>
    service.units(requireActor(request), request.query.areaId),
  );

  r.post('/api/property-units', { schema: { tags: ['deliberation'], summary: 'Register a property unit with its exclusive area and owners', body: CreatePropertyUnit, response: { 201: PropertyUnit } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.createUnit(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });

  r.patch('/api/property-units/:id', { schema: { tags: ['deliberation'], summary: 'Correct a unit\'s area, label or owners (send the version you saw)', params: IdParams, body: UpdatePropertyUnit, response: { 200: PropertyUnit } } }, async (request) =>
    service.updateUnit(requireActor(request), request.params.id, request.body),
  );

  // --- ballots -----------------------------------------------------------------------------------

  r.get('/api/ballots', { schema: { tags: ['ballots'], summary: 'Ballots the caller may see', querystring: BallotQuery, response: { 200: paged(BallotSummary) } } }, async (request) =>
    ballots.list(requireActor(request), request.query),
  );

  r.post('/api/ballots', { schema: { tags: ['ballots'], summary: 'Open a ballot (ordinary, or homeowners\' under Civil Code art. 278); the roll is frozen now', body: CreateBallot, response: { 201: BallotDetail } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await ballots.create(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });

  r.get('/api/ballots/:id', { schema: { tags: ['ballots'], summary: 'A ballot: options, turnout, results when visible, the owners\' thresholds, the caller\'s vote', params: IdParams, response: { 200: BallotDetail } } }, async (request) =>
    ballots.get(requireActor(request), request.params.id),
  );

  r.post('/api/ballots/:id/vote', { schema: { tags: ['ballots'], summary: 'Vote, or change one\'s vote until close', params: IdParams, body: CastVote, response: { 200: BallotDetail } } }, async (request) =>
    ballots.vote(requireActor(request), request.params.id, request.body),
  );

  r.post('/api/ballots/:id/votes/record', { schema: { tags: ['ballots'], summary: 'Staff record a paper or in-person vote', params: IdParams, body: RecordVote, response: { 200: BallotDetail } } }, async (request) =>
    ballots.record(requireActor(request), request.params.id, request.body),
  );

  r.get('/api/ballots/:id/roll', { schema: { tags: ['ballots'], summary: 'Who has voted (how, only on open ballots): for staff chasing turnout', params: IdParams, response: { 200: z.object({ items: z.array(RollEntry), eligible: z.number().int(), voted: z.number().int() }) } } }, async (request) =>
    ballots.roll(requireActor(request), request.params.id),
  );

  r.get('/api/ballots/:id/history', { schema: { tags: ['ballots'], summary: 'Status history', params: IdParams, response: { 200: z.object({ items: z.array(StageChange.omit({ fromStage: true, toStage: true }).extend({ fromStatus: z.string().nullable(), toStatus: z.string() })) }) } } }, async (request) =>
    ballots.history(requireActor(request), request.params.id),
  );

  r.post('/api/ballots/:id/close', { schema: { tags: ['ballots'], summary: 'Close now: count, freeze and publish the digest', params: IdParams, body: BallotAction, response: { 200: BallotDetail } } }, async (request) =>
    ballots.close(requireActor(request), request.params.id, request.body.note),
  );

  r.post('/api/ballots/:id/cancel', { schema: { tags: ['ballots'], summary: 'Cancel a ballot (with a reason)', params: IdParams, body: BallotAction, response: { 200: BallotDetail } } }, async (request) =>
    ballots.cancel(requireActor(request), request.params.id, request.body.note),
  );

  r.get('/api/ballots/:id/result', { schema: { tags: ['ballots'], summary: 'The frozen result, its canonical JSON and SHA-256 digest', params: IdParams, response: { 200: BallotResult } } }, async (request) =>
    ballots.result(requireActor(request), request.params.id),
  );
}
