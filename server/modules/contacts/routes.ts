import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { Nullable, Uuid, problemResponses } from '#server/http/schemas.ts';
import { searchContacts } from './search.ts';

const ContactHitView = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  role: Type.Unsafe<'client_user' | 'client_approver' | 'employee'>({
    type: 'string',
    enum: ['client_user', 'client_approver', 'employee'],
  }),
  client: Nullable(Type.Object({ id: Uuid, name: Type.String(), inn: Type.String() })),
});

export function contactRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/contacts/search',
      {
        // Staff register calls on a requester's behalf; clients never browse other people.
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['clients'],
          summary:
            'Find a caller: active contacts and employees by name, e-mail, phone, or client name or INN',
          querystring: Type.Object(
            {
              q: Type.String({
                minLength: 1,
                maxLength: 100,
                description: 'At least two characters find something',
              }),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ items: Type.Array(ContactHitView) }),
            ...problemResponses(400, 401, 403),
          },
        },
      },
      async (request) => ({
        items: await searchContacts(deps.db, actorOf(request), request.query.q, request.query.limit ?? 20),
      }),
    );
  };
}
