import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { IdParams, Nullable, Timestamp, Uuid, problemResponses } from '#server/http/schemas.ts';
import { PrioritySchema, TicketView } from '#server/modules/tickets/schema.ts';
import {
  createRule,
  createTicketType,
  deleteRule,
  escalateTicket,
  listRules,
  listTicketTypes,
  updateRule,
  updateTicketType,
} from './service.ts';

const ADMIN = ['admin'] as const;

const TicketTypeView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  position: Type.Integer(),
  isActive: Type.Boolean(),
});
const TypeCode = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });

const RuleView = Type.Object({
  id: Uuid,
  position: Type.Integer(),
  name: Type.String(),
  serviceId: Nullable(Uuid),
  serviceName: Nullable(Type.String()),
  type: Nullable(Type.String()),
  priority: Nullable(PrioritySchema),
  clientId: Nullable(Uuid),
  clientName: Nullable(Type.String()),
  lineId: Uuid,
  lineName: Type.String(),
  groupId: Nullable(Uuid),
  groupName: Nullable(Type.String()),
  isActive: Type.Boolean(),
  updatedAt: Timestamp,
});
const RuleFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  serviceId: Type.Optional(Nullable(Uuid)),
  type: Type.Optional(Nullable(TypeCode)),
  priority: Type.Optional(Nullable(PrioritySchema)),
  clientId: Type.Optional(Nullable(Uuid)),
  lineId: Uuid,
  groupId: Type.Optional(Nullable(Uuid)),
  isActive: Type.Optional(Type.Boolean()),
};
const RuleCreateBody = Type.Object(RuleFields, {
  additionalProperties: false,
  description: 'Criteria left empty match anything; the first matching rule by position places the request',
});
const RulePatchBody = Type.Partial(Type.Object(RuleFields), { additionalProperties: false });

const EscalationBody = Type.Object(
  {
    direction: Type.Union([Type.Literal('up'), Type.Literal('down')]),
    lineId: Type.Optional(Uuid),
    groupId: Type.Optional(Nullable(Uuid)),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

export function routingRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/ticket-types',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['routing'],
          summary: 'Types of requests (an editable dictionary)',
          querystring: Type.Object(
            { includeInactive: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ items: Type.Array(TicketTypeView) }),
            ...problemResponses(400, 401),
          },
        },
      },
      async (request) => ({ items: await listTicketTypes(deps.db, request.query.includeInactive === true) }),
    );
    app.post(
      '/ticket-types',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['routing'],
          summary: 'Add a type of request',
          body: Type.Object(
            {
              code: TypeCode,
              name: Type.String({ minLength: 1, maxLength: 100 }),
              nameEn: Type.String({ minLength: 1, maxLength: 100 }),
              position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
            },
            { additionalProperties: false },
          ),
          response: { 201: TicketTypeView, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => reply.code(201).send(await createTicketType(deps.db, request.body)),
    );
    app.patch(
      '/ticket-types/:code',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['routing'],
          summary: 'Rename, reorder or retire a type of request',
          params: Type.Object({ code: TypeCode }, { additionalProperties: false }),
          body: Type.Object(
            {
              name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
              nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
              position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
              isActive: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: { 200: TicketTypeView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => updateTicketType(deps.db, request.params.code, request.body),
    );

    app.get(
      '/routing-rules',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['routing'],
          summary: 'Routing rules in the order they are tried',
          response: { 200: Type.Object({ items: Type.Array(RuleView) }), ...problemResponses(401, 403) },
        },
      },
      async () => ({ items: await listRules(deps.db) }),
    );
    app.post(
      '/routing-rules',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['routing'],
          summary: 'Add a routing rule (at the end unless a position is given)',
          body: RuleCreateBody,
          response: { 201: RuleView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => reply.code(201).send(await createRule(deps.db, deps.clock, request.body)),
    );
    app.patch(
      '/routing-rules/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['routing'],
          summary: 'Change a routing rule',
          params: IdParams,
          body: RulePatchBody,
          response: { 200: RuleView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => updateRule(deps.db, deps.clock, request.params.id, request.body),
    );
    app.delete(
      '/routing-rules/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['routing'],
          summary: 'Remove a routing rule',
          params: IdParams,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await deleteRule(deps.db, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/tickets/:id/escalations',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['routing'],
          summary:
            'Move a request to the next line up (or the one named) or back down, with a reason; the history keeps the move',
          params: IdParams,
          body: EscalationBody,
          response: {
            200: Type.Object({
              line: Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }),
              ticket: Nullable(TicketView),
            }),
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => escalateTicket(deps, actorOf(request), request.params.id, request.body),
    );
  };
}
