import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '#common/roles.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { type AuthDeps, authenticateSession, authenticateToken } from '#server/modules/auth/service.ts';
import { ForbiddenError, UnauthorizedError } from './problem.ts';

/**
 * Who may call a route, declared when it is registered: nobody may forget, because registering an
 * /api route without it throws (see `requireAccessDeclarations`).
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- module augmentation needs an interface
  interface FastifyContextConfig {
    access?: Access;
  }
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- module augmentation needs an interface
  interface FastifyRequest {
    actor: Actor | null;
  }
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- module augmentation needs an interface
  interface FastifyInstance {
    /** Every /api route with its declared access, for the authorization matrix test. */
    routeTable: DeclaredRoute[];
  }
}

export const SESSION_COOKIE = 'zy_session';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type DeclaredRoute = { method: string; url: string; access: Access };

/**
 * Refuses at start-up any /api route registered without an access declaration, and returns the
 * table of declared routes that the authorization matrix test walks.
 */
export function requireAccessDeclarations(app: FastifyInstance) {
  const declared: DeclaredRoute[] = [];
  app.decorate('routeTable', declared);
  app.addHook('onRoute', (route) => {
    const isApi = route.url.startsWith('/api/');
    const isDocs = route.url.startsWith('/api/docs') || route.url === '/api/openapi.json';
    if (!isApi || isDocs) {
      return;
    }
    const access = route.config?.access;
    if (!access) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') {
        declared.push({ method, url: route.url, access });
      }
    }
  });
}

/** The actor of this request, for routes whose access rules guarantee there is one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw new UnauthorizedError();
  }
  return request.actor;
}

/**
 * Authenticates every request (bearer token first, then the session cookie), then enforces the route's
 * declared access and, for cookie-authenticated writes, the CSRF token.
 * Invariant: a handler of a non-public route never runs without an actor whose role the route allows.
 */
export function registerAuthentication(app: FastifyInstance, deps: AuthDeps) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.routeOptions.config?.access;
    if (!access) {
      return;
    }
    const authorization = request.headers.authorization;
    if (authorization?.toLowerCase().startsWith('bearer ')) {
      request.actor = await authenticateToken(deps, authorization.slice(7).trim());
      if (!request.actor && access !== 'public') {
        throw new UnauthorizedError('The API token is invalid or revoked');
      }
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        request.actor = await authenticateSession(deps, cookie);
        if (!request.actor) {
          void reply.clearCookie(SESSION_COOKIE, { path: '/' });
          if (access !== 'public') {
            throw new UnauthorizedError('Your session has expired: please log in again');
          }
        }
      }
    }
    if (access === 'public') {
      return;
    }
    const actor = request.actor;
    if (!actor) {
      throw new UnauthorizedError();
    }
    if (actor.via === 'session' && WRITE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== actor.csrfToken) {
        throw new ForbiddenError('Missing or wrong X-CSRF-Token header');
      }
    }
    if (access !== 'authenticated' && !access.includes(actor.role)) {
      throw new ForbiddenError(`This is not available to the ${actor.role} role`);
    }
  });
}
