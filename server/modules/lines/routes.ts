import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import type { AppDeps } from '#server/deps.ts';
import { Uuid, problemResponses } from '#server/http/schemas.ts';
import { listLines } from './service.ts';

const LineView = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer(),
  groups: Type.Array(Type.Object({ id: Uuid, code: Type.String(), name: Type.String() })),
});

export function lineRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/lines',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['routing'],
          summary: 'Support lines (first, second, experts) with their groups',
          response: { 200: Type.Object({ items: Type.Array(LineView) }), ...problemResponses(401, 403) },
        },
      },
      async () => ({ items: await listLines(deps.db) }),
    );
  };
}
