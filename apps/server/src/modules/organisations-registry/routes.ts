// HTTP for the registry: social organisations (/api/social-orgs), social workers
// (/api/social-workers) and service projects (/api/projects, with /api/projects/map for the
// district resource map).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateProject,
  CreateSocialOrg,
  CreateSocialWorker,
  Project,
  ProjectMapItem,
  RegistryQuery,
  SocialOrg,
  SocialWorker,
  SocialWorkerQuery,
  UpdateProject,
  UpdateSocialOrg,
  UpdateSocialWorker,
  Uuid,
  paged,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import type { RegistryService } from './service.ts';

export async function registryRoutes(app: FastifyInstance, ctx: AppContext & { projects: RegistryService }) {
  const service = ctx.projects;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });
  const tags = ['registry'];

  r.get('/api/social-orgs', { schema: { tags, summary: 'Community social organisations, registered or filed', querystring: RegistryQuery, response: { 200: paged(SocialOrg) } } }, async (request) =>
    service.orgs(requireActor(request), request.query),
  );
  r.post('/api/social-orgs', { schema: { tags, summary: 'Register (district) or file (street, community) an organisation', body: CreateSocialOrg, response: { 201: SocialOrg } } }, async (request, reply) =>
    reply.code(201).send(await service.createOrg(requireActor(request), request.body)),
  );
  r.get('/api/social-orgs/:id', { schema: { tags, summary: 'One organisation', params: IdParams, response: { 200: SocialOrg } } }, async (request) => service.org(requireActor(request), request.params.id));
  r.patch('/api/social-orgs/:id', { schema: { tags, summary: 'Edit or deregister an organisation', params: IdParams, body: UpdateSocialOrg, response: { 200: SocialOrg } } }, async (request) =>
    service.updateOrg(requireActor(request), request.params.id, request.body),
  );

  r.get('/api/social-workers', { schema: { tags, summary: 'Certified social workers (staff and their employers)', querystring: SocialWorkerQuery, response: { 200: paged(SocialWorker) } } }, async (request) =>
    service.workers(requireActor(request), request.query),
  );
  r.get('/api/social-workers/levels', {
    schema: { tags, summary: 'How many certified social workers hold each level', response: { 200: z.object({ assistant: z.number().int(), intermediate: z.number().int(), senior: z.number().int() }) } },
  }, async (request) => service.workerLevels(requireActor(request)));
  r.post('/api/social-workers', { schema: { tags, summary: 'Register a certified social worker with their organisation', body: CreateSocialWorker, response: { 201: SocialWorker } } }, async (request, reply) =>
    reply.code(201).send(await service.createWorker(requireActor(request), request.body)),
  );
  r.patch('/api/social-workers/:id', { schema: { tags, summary: 'Change level, organisation or status', params: IdParams, body: UpdateSocialWorker, response: { 200: SocialWorker } } }, async (request) =>
    service.updateWorker(requireActor(request), request.params.id, request.body),
  );

  r.get('/api/projects', { schema: { tags, summary: 'Service projects with planned and actual outputs', querystring: RegistryQuery, response: { 200: paged(Project) } } }, async (request) =>
    service.projects(requireActor(request), request.query),
  );
  r.get('/api/projects/map', {
    schema: { tags, summary: 'Running projects with their place, for the district resource map', querystring: z.object({ areaId: Uuid.optional() }), response: { 200: z.object({ items: z.array(ProjectMapItem) }) } },
  }, async (request) => service.map(requireActor(request), request.query));
  r.post('/api/projects', { schema: { tags, summary: 'Add a service project (district, street or the operating organisation)', body: CreateProject, response: { 201: Project } } }, async (request, reply) =>
    reply.code(201).send(await service.createProject(requireActor(request), request.body)),
  );
  r.get('/api/projects/:id', { schema: { tags, summary: 'One project, actual outputs computed from Linli\'s records', params: IdParams, response: { 200: Project } } }, async (request) =>
    service.project(requireActor(request), request.params.id),
  );
  r.patch('/api/projects/:id', { schema: { tags, summary: 'Edit a project', params: IdParams, body: UpdateProject, response: { 200: Project } } }, async (request) =>
    service.updateProject(requireActor(request), request.params.id, request.body),
  );
}
