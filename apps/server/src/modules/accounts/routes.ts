// HTTP for sessions (/api/auth), account administration (/api/admin/users) and organisations.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Assignment, ChangePassword, CreateUser, GrantRole, LoginRequest, Me, Ok, Organisation, Preferences, SessionInfo, UpdateUser, UserSummary, Uuid, paged } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { SESSION_COOKIE, requireActor } from '../../platform/auth/index.ts';
import { AppError } from '../../platform/errors.ts';
import { AccountsService } from './service.ts';
import { declareAccountFigures } from './insight.ts';

export async function accountsRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = new AccountsService(ctx);
  declareAccountFigures(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.secureCookies, path: '/' };
  const setSessionCookie = (reply: FastifyReply, token: string) => reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: ctx.config.sessionHours * 3600 });

  r.post('/api/auth/login', {
    config: { csrf: false },
    schema: { tags: ['auth'], summary: 'Log in; starts a cookie session', body: LoginRequest, response: { 200: SessionInfo } },
  }, async (request, reply) => {
    const old = request.cookies[SESSION_COOKIE];
    const session = await service.login(request.body.username, request.body.password, request.ip, request.headers['user-agent']);
    // A fresh session id on every login: a planted cookie is never promoted (session fixation).
    if (old) await service.logout(old);
    setSessionCookie(reply, session.token);
    return { user: session.user, csrfToken: session.csrfToken };
  });

  r.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'End the session', response: { 200: Ok } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await service.logout(token);
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return { ok: true as const };
  });

  r.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'The logged-in user and the CSRF token', response: { 200: SessionInfo } } }, async (request) => {
    const actor = requireActor(request);
    return { user: await service.me(actor.userId), csrfToken: request.csrfToken! };
  });

  r.patch('/api/auth/me/preferences', { schema: { tags: ['auth'], summary: 'Language and elder-friendly mode', body: Preferences, response: { 200: Me } } }, async (request) =>
    service.updatePreferences(requireActor(request), request.body),
  );

  r.post('/api/auth/password', { schema: { tags: ['auth'], summary: 'Change one\'s password (ends all sessions)', body: ChangePassword, response: { 200: Ok } } }, async (request, reply) => {
    await service.changePassword(requireActor(request), request.body.currentPassword, request.body.newPassword);
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return { ok: true as const };
  });

  const UserQuery = z.object({ q: z.string().trim().max(64).optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) });
  const UserParams = z.object({ id: Uuid });

  r.get('/api/admin/users', { schema: { tags: ['admin'], summary: 'Users of the district', querystring: UserQuery, response: { 200: paged(UserSummary) } } }, async (request) => {
    const { q, page, pageSize } = request.query;
    return service.listUsers(requireActor(request), q, page, pageSize);
  });

  r.post('/api/admin/users', { schema: { tags: ['admin'], summary: 'Create a user', body: CreateUser, response: { 201: UserSummary } } }, async (request, reply) => {
    reply.code(201);
    return service.createUser(requireActor(request), request.body);
  });

  r.patch('/api/admin/users/:id', { schema: { tags: ['admin'], summary: 'Rename, disable, enable or reset the password of a user', params: UserParams, body: UpdateUser, response: { 200: UserSummary } } }, async (request) => {
    if (!Object.keys(request.body).length) throw new AppError('validation.empty_update', 'invalid', 'nothing to change');
    return service.updateUser(requireActor(request), request.params.id, request.body);
  });

  r.post('/api/admin/users/:id/roles', { schema: { tags: ['admin'], summary: 'Grant a role on an area, grid or organisation', params: UserParams, body: GrantRole, response: { 201: Assignment } } }, async (request, reply) => {
    reply.code(201);
    return service.grantRole(requireActor(request), request.params.id, request.body);
  });

  r.delete('/api/admin/users/:id/roles/:assignmentId', {
    schema: { tags: ['admin'], summary: 'Revoke a role', params: z.object({ id: Uuid, assignmentId: Uuid }), response: { 200: Ok } },
  }, async (request) => {
    await service.revokeRole(requireActor(request), request.params.id, request.params.assignmentId);
    return { ok: true as const };
  });

  r.get('/api/organisations', {
    schema: { tags: ['admin'], summary: 'Departments, providers and other organisations', querystring: z.object({ kind: z.string().max(32).optional() }), response: { 200: z.object({ items: z.array(Organisation) }) } },
  }, async (request) => service.organisations(requireActor(request), request.query.kind));
}
