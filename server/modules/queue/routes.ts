import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { IdParams, problemResponses } from '#server/http/schemas.ts';
import { applyBulk } from './bulk.ts';
import { countGroups } from './groups.ts';
import {
  BulkBody,
  BulkView,
  GroupsQuery,
  GroupsView,
  LastUsedBody,
  ViewCreateBody,
  ViewList,
  ViewPatchBody,
  ViewView,
} from './schema.ts';
import { createView, deleteView, listViews, rememberLastUsed, updateView } from './views.ts';

/** The agent's queue beyond the plain list: group counts, bulk actions and saved views (staff only). */
export function queueRoutes(deps: AppDeps) {
  const ticketDeps = { db: deps.db, clock: deps.clock };

  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/tickets/groups',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['queue'],
          summary: 'How many of the requests the filters list fall in each value of one attribute',
          querystring: GroupsQuery,
          response: { 200: GroupsView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { by, ...filters } = request.query;
        return countGroups(deps.db, actorOf(request), by, filters);
      },
    );

    app.post(
      '/tickets/bulk',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['queue'],
          summary:
            'Assign, re-prioritize or transition several requests, each as its own change with its version; answers each one’s result',
          body: BulkBody,
          response: { 200: BulkView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => applyBulk(ticketDeps, actorOf(request), request.body),
    );

    app.get(
      '/views',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['queue'],
          summary: 'The caller’s saved queue views and those shared with his lines',
          response: { 200: ViewList, ...problemResponses(401, 403) },
        },
      },
      async (request) => listViews(deps.db, actorOf(request)),
    );

    app.post(
      '/views',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['queue'],
          summary: 'Save a queue view, personal or shared with a line',
          body: ViewCreateBody,
          response: { 201: ViewView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createView(ticketDeps, actorOf(request), request.body)),
    );

    app.put(
      '/views/last-used',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['queue'],
          summary: 'Remember the view the caller works in, to open it after the next login',
          body: LastUsedBody,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await rememberLastUsed(deps.db, actorOf(request), request.body.id);
        return reply.code(204).send(null);
      },
    );

    app.patch(
      '/views/:id',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['queue'],
          summary: 'Rename, re-share or redefine a view',
          params: IdParams,
          body: ViewPatchBody,
          response: { 200: ViewView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => updateView(ticketDeps, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/views/:id',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['queue'],
          summary: 'Delete a view',
          params: IdParams,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await deleteView(deps.db, actorOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
