// Fastify plugin: loads the session's actor for every request and enforces CSRF protection
// (synchronizer token in the x-csrf-token header) on every state-changing request that rides a
// session cookie. Routes opt out with `config: { csrf: false }` (login, API-key endpoints).
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { Database } from '../db/database.ts';
import type { Actor } from './actor.ts';
import { SESSION_COOKIE, loadSession, tokensEqual } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    csrf?: boolean;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What an account holding a reset (temporary) password may still call. */
const OPEN_BEFORE_NEW_PASSWORD = new Set(['/api/auth/me', '/api/auth/password', '/api/auth/logout', '/api/auth/me/preferences']);

export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Database }) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await loadSession(opts.db, token, request.ip);
    if (!session) return;
    if (!SAFE.has(request.method) && request.routeOptions.config?.csrf !== false) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !tokensEqual(header, session.csrfToken)) {
        throw new AppError('csrf.invalid', 'forbidden', 'missing or wrong x-csrf-token header');
      }
    }
    const url = request.routeOptions.url ?? request.url;
    if (session.actor.mustChangePassword && url.startsWith('/api/') && !OPEN_BEFORE_NEW_PASSWORD.has(url)) {
      throw new AppError('auth.password_change_required', 'forbidden', 'your password was reset by an administrator: choose a new one first (POST /api/auth/password)');
    }
    request.actor = session.actor;
    request.csrfToken = session.csrfToken;
  });
});

/** The acting user, or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('auth.required', 'unauthenticated', 'log in first');
  return request.actor;
}
