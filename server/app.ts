import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { sql } from 'kysely';
import type { OffsetClock } from './clock.ts';
import type { AppDeps } from './deps.ts';
import { testClockRoutes } from './http/test-clock.ts';
import { registerAuthentication, requireAccessDeclarations } from './http/access.ts';
import { registerOpenApi } from './http/openapi.ts';
import { NotFoundError, sendProblem } from './http/problem.ts';
import { validatorCompiler } from './http/validation.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { clientRoutes } from './modules/clients/routes.ts';
import { contractRoutes } from './modules/contracts/routes.ts';
import { lineRoutes } from './modules/lines/routes.ts';
import { liveRoutes } from './modules/live/routes.ts';
import { attachmentRoutes } from './modules/tickets/attachment-routes.ts';
import { serviceRoutes } from '#server/modules/services/routes.ts';
import { priorityRoutes } from '#server/modules/priorities/routes.ts';
import { routingRoutes } from '#server/modules/routing/routes.ts';
import { planningRoutes } from '#server/modules/planning/routes.ts';
import { reportRoutes } from '#server/modules/reports/routes.ts';
import { slaRoutes } from '#server/modules/sla/routes.ts';
import { specificationRoutes } from '#server/modules/specifications/routes.ts';
import { statementRoutes } from '#server/modules/statements/routes.ts';
import { ticketRoutes } from './modules/tickets/routes.ts';
import { userRoutes } from './modules/users/routes.ts';
import { workspaceRoutes } from '#server/modules/workspace/routes.ts';
import { queueRoutes } from '#server/modules/queue/routes.ts';
import { webhookRoutes } from '#server/modules/webhooks/routes.ts';
import { telegramRoutes } from '#server/modules/telegram/routes.ts';
import { mailRoutes } from '#server/modules/mail/routes.ts';
import { contactRoutes } from '#server/modules/contacts/routes.ts';

export type BuildAppOptions = { logger?: FastifyServerOptions['logger']; testClock?: OffsetClock };

const REQUEST_ID = /^[\w.-]{1,100}$/;

/** Builds the whole HTTP application; tests drive it with app.inject(), main.ts listens. */
export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}) {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    genReqId: (request) => {
      const sent = request.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    },
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler((error, request, reply) => sendProblem(reply, request, error));
  app.addHook('onSend', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
    void reply.header('X-Content-Type-Options', 'nosniff');
    void reply.header('Referrer-Policy', 'same-origin');
    void reply.header('X-Frame-Options', 'DENY');
  });

  await app.register(cookie);
  await app.register(multipart);
  await registerOpenApi(app);
  requireAccessDeclarations(app);
  registerAuthentication(app, {
    db: deps.db,
    clock: deps.clock,
    sessionTtlHours: deps.config.sessionTtlHours,
  });

  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { tags: ['system'], summary: 'Liveness and database engine' } },
    async () => {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok', db: deps.engine, time: deps.clock.now().toISOString() };
    },
  );

  await app.register(
    async (v1) => {
      await v1.register(authRoutes(deps));
      await v1.register(userRoutes(deps));
      await v1.register(clientRoutes(deps));
      await v1.register(contractRoutes(deps));
      await v1.register(lineRoutes(deps));
      await v1.register(ticketRoutes(deps));
      await v1.register(attachmentRoutes(deps));
      await v1.register(serviceRoutes(deps));
      await v1.register(specificationRoutes(deps));
      await v1.register(statementRoutes(deps));
      await v1.register(slaRoutes(deps));
      await v1.register(routingRoutes(deps));
      await v1.register(liveRoutes(deps));
      await v1.register(reportRoutes(deps));
      await v1.register(priorityRoutes(deps));
      await v1.register(planningRoutes(deps));
      await v1.register(workspaceRoutes(deps));
      await v1.register(queueRoutes(deps));
      await v1.register(webhookRoutes(deps));
      await v1.register(telegramRoutes(deps));
      await v1.register(mailRoutes(deps));
      await v1.register(contactRoutes(deps));
    },
    { prefix: '/api/v1' },
  );

  if (options.testClock) {
    await app.register(testClockRoutes(deps, options.testClock));
  }

  const webDir = deps.config.webDir;
  const hasWeb = existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api') && hasWeb;
    if (isPage) {
      // The single-page app routes in the browser: every other GET gets its shell.
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(reply, request, new NotFoundError(`${request.method} ${request.url.split('?')[0]}`));
  });

  return app;
}
