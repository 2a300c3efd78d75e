import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DICTIONARY_COLORS, type DictionaryColor } from '#common/tickets.ts';
import type { AppDeps } from '#server/deps.ts';
import { problemResponses } from '#server/http/schemas.ts';
import { PrioritySchema } from '#server/modules/tickets/schema.ts';
import { listPriorities, updatePriority } from './service.ts';

const ColorSchema = Type.Unsafe<DictionaryColor>({
  type: 'string',
  enum: [...DICTIONARY_COLORS],
  description: 'A colour of the UI palette',
});

const PriorityView = Type.Object({
  code: PrioritySchema,
  rank: Type.Integer({ description: '1 (low) … 4 (critical): the fixed order queues sort by' }),
  name: Type.String({ description: 'Russian name' }),
  nameEn: Type.String({ description: 'English name' }),
  color: ColorSchema,
  isActive: Type.Boolean({
    description:
      'Offered for new requests in the forms; requests that have a retired priority keep it, and the API still accepts it',
  }),
});

const Name = Type.String({ minLength: 1, maxLength: 60 });

export function priorityRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/priorities',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['routing'],
          summary: 'Priorities (a dictionary with fixed codes and order), lowest first',
          response: { 200: Type.Object({ items: Type.Array(PriorityView) }), ...problemResponses(401) },
        },
      },
      async () => ({ items: await listPriorities(deps.db) }),
    );
    app.patch(
      '/priorities/:code',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['routing'],
          summary: 'Rename or recolour a priority, or stop offering it for new requests',
          params: Type.Object({ code: PrioritySchema }, { additionalProperties: false }),
          body: Type.Object(
            {
              name: Type.Optional(Name),
              nameEn: Type.Optional(Name),
              color: Type.Optional(ColorSchema),
              isActive: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: { 200: PriorityView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => updatePriority(deps.db, request.params.code, request.body),
    );
  };
}
