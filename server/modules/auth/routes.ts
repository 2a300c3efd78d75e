import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '#server/deps.ts';
import { SESSION_COOKIE, actorOf } from '#server/http/access.ts';
import { IdParams, problemResponses } from '#server/http/schemas.ts';
import { getMe, updateMe } from './me.ts';
import {
  LoginBody,
  LoginResult,
  MePatchBody,
  MeView,
  TokenCreateBody,
  TokenCreated,
  TokenView,
} from './schema.ts';
import { type AuthDeps, createApiToken, listApiTokens, logIn, logOut, revokeApiToken } from './service.ts';
import { createOnce } from '#server/http/idempotency.ts';

export function authRoutes(deps: AppDeps) {
  const authDeps: AuthDeps = { db: deps.db, clock: deps.clock, sessionTtlHours: deps.config.sessionTtlHours };

  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/auth/login',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Log in with e-mail and password; sets the session cookie',
          body: LoginBody,
          response: { 200: LoginResult, ...problemResponses(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const { actor, sessionToken, expiresAt } = await logIn(authDeps, {
          email: request.body.email,
          password: request.body.password,
          userAgent: request.headers['user-agent'] ?? null,
          ip: request.ip,
        });
        void reply.setCookie(SESSION_COOKIE, sessionToken, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
          expires: expiresAt,
        });
        return {
          user: {
            id: actor.id,
            email: actor.email,
            name: actor.name,
            role: actor.role,
            locale: actor.locale,
          },
          csrfToken: actor.csrfToken ?? '',
        };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: 'End the current session',
          response: { 204: Type.Null(), ...problemResponses(401, 403) },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        if (actor.sessionId) {
          await logOut(authDeps, actor.sessionId);
        }
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: 'The current user with role, client, lines and groups',
          response: { 200: MeView, ...problemResponses(401) },
        },
      },
      async (request) => getMe(deps.db, actorOf(request)),
    );

    app.patch(
      '/me',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: "Change one's own name, language, time zone or the spoken new-request alert",
          body: MePatchBody,
          response: { 200: MeView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => updateMe(deps.db, actorOf(request), request.body),
    );

    app.get(
      '/tokens',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: "The caller's live API tokens",
          response: { 200: Type.Object({ items: Type.Array(TokenView) }), ...problemResponses(401) },
        },
      },
      async (request) => ({ items: await listApiTokens(authDeps, actorOf(request)) }),
    );

    app.post(
      '/tokens',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: 'Create an API token acting as the caller; the secret is shown once',
          body: TokenCreateBody,
          response: { 201: TokenCreated, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => {
        return reply
          .code(201)
          .send(
            await createOnce(deps.db, request, (tx, actor) =>
              createApiToken({ ...authDeps, db: tx }, actor, request.body.name),
            ),
          );
      },
    );

    app.delete(
      '/tokens/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: 'Revoke an API token',
          params: IdParams,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await revokeApiToken(authDeps, actorOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
