import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { IdParams, problemResponses } from '#server/http/schemas.ts';
import { SpecificationPutBody, SpecificationView } from './schema.ts';
import { getSpecification, postNow, replaceDrafts } from './service.ts';

// Money is for staff and the client's approver; a client_user sees the work, not its price.
const SEES_MONEY = [...STAFF_ROLES, 'client_approver'] as const;

export function specificationRoutes(deps: AppDeps) {
  const specDeps = { db: deps.db, clock: deps.clock };
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/tickets/:id/specification',
      {
        config: { access: SEES_MONEY },
        schema: {
          tags: ['specification'],
          summary:
            'The specification of a request: posted lines, drafts priced against the contract, and the worklogs’ proposal',
          params: IdParams,
          response: { 200: SpecificationView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => getSpecification(specDeps, actorOf(request), request.params.id),
    );

    app.put(
      '/tickets/:id/specification',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['specification'],
          summary: 'Replace the draft lines (posted lines stay)',
          params: IdParams,
          body: SpecificationPutBody,
          response: { 200: SpecificationView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => replaceDrafts(specDeps, actorOf(request), request.params.id, request.body.lines),
    );

    app.post(
      '/tickets/:id/specification/post',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['specification'],
          summary:
            'Post the draft lines: balance hours leave the ledger, the rest is billed or counted (the request must be done or completed)',
          params: IdParams,
          response: { 200: SpecificationView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => postNow(specDeps, actorOf(request), request.params.id),
    );
  };
}
