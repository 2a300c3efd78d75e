import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { createOnce } from '#server/http/idempotency.ts';
import { IdParams, Page, problemResponses } from '#server/http/schemas.ts';
import { STAFF_ROLES } from '#common/roles.ts';
import {
  ClientCreateBody,
  ClientDetail,
  ClientListQuery,
  ClientPatchBody,
  ClientView,
  KnowledgeCardBody,
  KnowledgeCardView,
} from './schema.ts';
import { getKnowledge, saveKnowledge } from './knowledge.ts';
import { createClient, getClient, listClients, updateClient } from './service.ts';

const MANAGERS = ['admin', 'dispatcher'] as const;

export function clientRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/clients',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['clients'],
          summary: 'Clients the caller may see; ?inn= finds one by INN, ?q= by name or INN',
          querystring: ClientListQuery,
          response: { 200: Page(ClientView), ...problemResponses(400, 401) },
        },
      },
      async (request) => listClients(deps.db, actorOf(request), request.query),
    );

    app.post(
      '/clients',
      {
        config: { access: MANAGERS },
        schema: {
          tags: ['clients'],
          summary: 'Register a client company (INN checksum verified)',
          body: ClientCreateBody,
          response: { 201: ClientView, ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => {
        return reply
          .code(201)
          .send(await createOnce(deps.db, request, (tx, actor) => createClient(tx, actor, request.body)));
      },
    );

    app.get(
      '/clients/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['clients'],
          summary: 'One client with its contacts',
          params: IdParams,
          response: { 200: ClientDetail, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => getClient(deps.db, actorOf(request), request.params.id),
    );

    app.patch(
      '/clients/:id',
      {
        config: { access: MANAGERS },
        schema: {
          tags: ['clients'],
          summary: "Change a client's details",
          params: IdParams,
          body: ClientPatchBody,
          response: { 200: ClientDetail, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => updateClient(deps.db, actorOf(request), request.params.id, request.body),
    );

    // The knowledge card is the team's own notes about the client: staff only, agents included.
    app.get(
      '/clients/:id/knowledge',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['clients'],
          summary: "The client's knowledge card: processes, accounting specifics, customizations (internal)",
          params: IdParams,
          response: { 200: KnowledgeCardView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => getKnowledge(deps.db, actorOf(request), request.params.id),
    );

    app.put(
      '/clients/:id/knowledge',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['clients'],
          summary: "Save the client's knowledge card over the version the edit started from (409 if stale)",
          params: IdParams,
          body: KnowledgeCardBody,
          response: { 200: KnowledgeCardView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        saveKnowledge({ db: deps.db, clock: deps.clock }, actorOf(request), request.params.id, request.body),
    );
  };
}
