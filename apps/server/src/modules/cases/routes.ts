// HTTP for cases (/api/cases), the case-type catalogue (/api/case-types), dispatch rules
// (/api/dispatch-rules), the working calendar (/api/calendar) and smart-grid settings.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CalendarDay,
  CalendarYear,
  CaseDetail,
  CaseQuery,
  CaseSummary,
  CaseType,
  CreateCase,
  CreateCaseType,
  CreateDispatchRule,
  CreatedCase,
  DispatchRule,
  DuplicateCandidate,
  DuplicateQuery,
  EscalateRequest,
  Ok,
  OnTimeQuery,
  OnTimeStats,
  RateRequest,
  SmartGridSettings,
  TransitionRequest,
  UpdateCaseType,
  Uuid,
  paged,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import { idempotent } from '../../platform/idempotency.ts';
import type { AreasService } from '../areas/service.ts';
import { casesService } from './service.ts';
import { TRANSITIONS } from './state-machine.ts';
import { declareCaseFigures } from './insight.ts';

export async function casesRoutes(app: FastifyInstance, ctx: AppContext & { areas: AreasService }) {
  const service = casesService(ctx);
  declareCaseFigures(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });
  const tags = ['cases'];

  // --- catalogue, rules, calendar, settings ---------------------------------------------------------

  r.get('/api/case-types', {
    schema: { tags, summary: 'The case-type catalogue (a 2-3 level tree, flat, parents first)', querystring: z.object({ open311: z.enum(['true', 'false']).optional() }), response: { 200: z.object({ items: z.array(CaseType) }) } },
  }, async (request) => ({ items: await service.types(requireActor(request).districtId, { open311Only: request.query.open311 === 'true' }) }));

  r.post('/api/case-types', { schema: { tags, summary: 'Add a case type (district admin/official)', body: CreateCaseType, response: { 201: CaseType } } }, async (request, reply) =>
    reply.code(201).send(await service.createType(requireActor(request), request.body)),
  );

  r.patch('/api/case-types/:id', { schema: { tags, summary: 'Edit a case type: department, time limit, Open311 (district admin/official)', params: IdParams, body: UpdateCaseType, response: { 200: CaseType } } }, async (request) =>
    service.updateType(requireActor(request), request.params.id, request.body),
  );

  r.get('/api/dispatch-rules', { schema: { tags, summary: 'Dispatch rules: case type x area -> department', response: { 200: z.object({ items: z.array(DispatchRule) }) } } }, async (request) =>
    service.rules(requireActor(request)),
  );

  r.post('/api/dispatch-rules', { schema: { tags, summary: 'Add a dispatch rule', body: CreateDispatchRule, response: { 201: DispatchRule } } }, async (request, reply) =>
    reply.code(201).send(await service.createRule(requireActor(request), request.body)),
  );

  r.delete('/api/dispatch-rules/:id', { schema: { tags, summary: 'Delete a dispatch rule', params: IdParams, response: { 200: Ok } } }, async (request) =>
    service.deleteRule(requireActor(request), request.params.id),
  );

  const YearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
  r.get('/api/calendar/:year', { schema: { tags, summary: 'Holidays and make-up working days of a year', params: YearParams, response: { 200: CalendarYear } } }, async (request) =>
    service.calendarYear(requireActor(request), request.params.year),
  );

  r.put('/api/calendar/:year', {
    schema: { tags, summary: 'Replace a year\'s holidays and make-up working days (district admin/official)', params: YearParams, body: z.object({ days: z.array(CalendarDay).max(366) }), response: { 200: CalendarYear } },
  }, async (request) => service.setCalendarYear(requireActor(request), request.params.year, request.body.days));

  r.get('/api/cases/settings', { schema: { tags, summary: 'Smart-grid settings of the district', response: { 200: SmartGridSettings } } }, async (request) =>
    service.settings(requireActor(request).districtId),
  );

  r.patch('/api/cases/settings', { schema: { tags, summary: 'Change smart-grid settings (district admin/official)', body: SmartGridSettings.partial(), response: { 200: SmartGridSettings } } }, async (request) =>
    service.updateSettings(requireActor(request), request.body),
  );

  r.get('/api/cases/state-machine', {
    schema: {
      tags,
      summary: 'The case state machine: every allowed transition and who may take it',
      response: { 200: z.object({ transitions: z.array(z.object({ action: z.string(), from: z.array(z.string()), to: z.string(), by: z.array(z.string()), noteRequired: z.boolean() })) }) },
    },
  }, async () => ({ transitions: TRANSITIONS.map((t) => ({ ...t, from: [...t.from], by: [...t.by] })) }));

  // --- cases ----------------------------------------------------------------------------------------------

  r.get('/api/cases', { schema: { tags, summary: 'Cases in scope, newest first, with due-soon and overdue flags', querystring: CaseQuery, response: { 200: paged(CaseSummary) } } }, async (request) =>
    service.list(requireActor(request), request.query),
  );

  r.get('/api/cases/map', { schema: { tags, summary: 'Open cases in scope as GeoJSON points (command centre map)' } }, async (request) => service.map(requireActor(request)));

  r.get('/api/cases/duplicates', {
    schema: { tags, summary: 'Open cases of the same type near a point (default radius from settings)', querystring: DuplicateQuery, response: { 200: z.object({ items: z.array(DuplicateCandidate) }) } },
  }, async (request) => ({ items: await service.duplicates(requireActor(request), request.query) }));

  r.get('/api/cases/stats/on-time', { schema: { tags, summary: 'On-time rate per department or per type', querystring: OnTimeQuery, response: { 200: OnTimeStats } } }, async (request) =>
    service.onTime(requireActor(request), request.query),
  );

  r.post('/api/cases', {
    schema: {
      tags,
      summary: 'Report a case (photos: ids from POST /api/files). Idempotency-Key honoured, so an offline phone may retry safely.',
      body: CreateCase,
      response: { 201: CreatedCase },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.report(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });

  r.get('/api/cases/:id', { schema: { tags, summary: 'A case with its history, photos and the actions open to you', params: IdParams, response: { 200: CaseDetail } } }, async (request) =>
    service.get(requireActor(request), request.params.id),
  );

  r.post('/api/cases/:id/transition', {
    schema: { tags, summary: 'Move a case through the state machine (see /api/cases/state-machine)', params: IdParams, body: TransitionRequest, response: { 200: CaseDetail } },
  }, async (request) => service.transition(requireActor(request), request.params.id, request.body));

  r.post('/api/cases/:id/escalate', { schema: { tags, summary: '吹哨: raise a case to the street or district', params: IdParams, body: EscalateRequest, response: { 200: CaseDetail } } }, async (request) =>
    service.escalate(requireActor(request), request.params.id, request.body),
  );

  r.post('/api/cases/:id/rate', { schema: { tags, summary: 'The reporter rates a closed case (1-5)', params: IdParams, body: RateRequest, response: { 200: CaseDetail } } }, async (request) =>
    service.rate(requireActor(request), request.params.id, request.body),
  );

  r.post('/api/cases/:id/follow', { schema: { tags, summary: 'Follow a case', params: IdParams, response: { 200: z.object({ following: z.boolean() }) } } }, async (request) =>
    service.follow(requireActor(request), request.params.id, true),
  );

  r.delete('/api/cases/:id/follow', { schema: { tags, summary: 'Stop following a case', params: IdParams, response: { 200: z.object({ following: z.boolean() }) } } }, async (request) =>
    service.follow(requireActor(request), request.params.id, false),
  );

  r.post('/api/cases/:id/reveal-caller', {
    schema: { tags, summary: 'Unmask a hotline caller\'s phone (audited)', params: IdParams, body: z.object({ reason: z.string().trim().min(2).max(200) }), response: { 200: z.object({ name: z.string().nullable(), phone: z.string().nullable() }) } },
  }, async (request) => service.revealCaller(requireActor(request), request.params.id, request.body.reason));

  r.get('/api/cases/:id/dispatch-suggestion', {
    schema: { tags, summary: 'The department the dispatch rules pick for this case', params: IdParams, response: { 200: z.object({ org: z.object({ id: Uuid, name: z.string() }).nullable(), by: z.enum(['rule', 'type_default']).nullable() }) } },
  }, async (request) => service.suggestDepartment(requireActor(request), request.params.id));
}
