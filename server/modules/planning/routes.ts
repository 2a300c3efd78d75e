import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { IdParams, problemResponses } from '#server/http/schemas.ts';
import { planTicket } from '#server/modules/tickets/plan.ts';
import { TicketView } from '#server/modules/tickets/schema.ts';
import { PlanBody, PlanningBoard, PlanningQuery } from './schema.ts';
import { getPlanningBoard } from './service.ts';

export function planningRoutes(deps: AppDeps) {
  const ticketDeps = { db: deps.db, clock: deps.clock };

  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    // Agents look at the board read-only: seed 001 has everyone see what colleagues are busy with;
    // planning itself is the dispatcher's (the lifecycle refuses an agent's plan).
    app.get(
      '/planning',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['planning'],
          summary:
            'The planning board: employees with their planned requests, capacity and planned hours per day, and the backlog',
          querystring: PlanningQuery,
          response: { 200: PlanningBoard, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => getPlanningBoard(deps.db, actorOf(request), request.query),
    );

    app.post(
      '/tickets/:id/plan',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['planning'],
          summary:
            'Plan an approved request or re-plan a planned or running one (assignee, start, end); the history keeps the change',
          params: IdParams,
          body: PlanBody,
          response: { 200: TicketView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => planTicket(ticketDeps, actorOf(request), request.params.id, request.body),
    );
  };
}
