import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { IdParams, problemResponses } from '#server/http/schemas.ts';
import { getActivity } from './activity.ts';
import { getClientCard } from './client-card.ts';
import { ActivityQuery, ActivityView, ClientCardView } from './schema.ts';

/** The agent's single window beyond the request itself: the client card beside it, the team's activity. */
export function workspaceRoutes(deps: AppDeps) {
  const workspaceDeps = { db: deps.db, clock: deps.clock };

  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/tickets/:id/client-card',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['workspace'],
          summary:
            "The client beside a request: contract in force and balance, SLA, the client's other open requests, knowledge card",
          params: IdParams,
          response: { 200: ClientCardView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => getClientCard(workspaceDeps, actorOf(request), request.params.id),
    );

    app.get(
      '/activity',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['workspace'],
          summary:
            "Who works on what now (running timers) and each employee's recorded work on a day; hidden requests stay unnamed",
          querystring: ActivityQuery,
          response: { 200: ActivityView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => getActivity(workspaceDeps, actorOf(request), request.query),
    );
  };
}
