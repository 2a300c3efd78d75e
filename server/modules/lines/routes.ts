import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import type { AppDeps } from '#server/deps.ts';
import { createOnce } from '#server/http/idempotency.ts';
import { IdParams, problemResponses } from '#server/http/schemas.ts';
import {
  GroupCreateBody,
  GroupPatchBody,
  GroupView,
  LineCreateBody,
  LinePatchBody,
  LineView,
} from './schema.ts';
import {
  createGroup,
  createLine,
  deleteGroup,
  deleteLine,
  listLines,
  updateGroup,
  updateLine,
} from './service.ts';

const ADMIN = ['admin'] as const;

export function lineRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/lines',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['routing'],
          summary:
            'Support lines (first, second, experts) in escalation order, with their groups and members',
          response: { 200: Type.Object({ items: Type.Array(LineView) }), ...problemResponses(401, 403) },
        },
      },
      async () => ({ items: await listLines(deps.db) }),
    );
    app.post(
      '/lines',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['routing'],
          summary: 'Add a support line; its level places it in the escalation order (one line per level)',
          body: LineCreateBody,
          response: { 201: LineView, ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createOnce(deps.db, request, (tx) => createLine(tx, request.body))),
    );
    app.patch(
      '/lines/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['routing'],
          summary: 'Rename a support line or change its level',
          params: IdParams,
          body: LinePatchBody,
          response: { 200: LineView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => updateLine(deps.db, request.params.id, request.body),
    );
    app.delete(
      '/lines/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['routing'],
          summary:
            'Remove a support line nothing refers to (no groups, members, requests, routes or rules); 409 `in_use` otherwise',
          params: IdParams,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await deleteLine(deps.db, request.params.id);
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/lines/:id/groups',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['routing'],
          summary: 'Add a group (a product or a speciality) to a support line',
          params: IdParams,
          body: GroupCreateBody,
          response: { 201: GroupView, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await createOnce(deps.db, request, (tx) => createGroup(tx, request.params.id, request.body))),
    );
    app.patch(
      '/groups/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['routing'],
          summary:
            'Rename a support group or move it to another line (409 `group_routed` while rules or services route to it)',
          params: IdParams,
          body: GroupPatchBody,
          response: { 200: GroupView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => updateGroup(deps.db, request.params.id, request.body),
    );
    app.delete(
      '/groups/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['routing'],
          summary: 'Remove a support group nothing refers to; 409 `in_use` otherwise',
          params: IdParams,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await deleteGroup(deps.db, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
