import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { createOnce } from '#server/http/idempotency.ts';
import { IdParams, Page, problemResponses } from '#server/http/schemas.ts';
import { UserCreateBody, UserListQuery, UserPatchBody, UserView } from './schema.ts';
import { createUser, getUser, listStaff, listUsers, updateUser } from './service.ts';
import { RoleSchema } from '#server/modules/auth/schema.ts';
import { STAFF_ROLES } from '#common/roles.ts';
import { Uuid } from '#server/http/schemas.ts';

const ADMIN = ['admin'] as const;

export function userRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/users',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['users'],
          summary: 'Users, by name',
          querystring: UserListQuery,
          response: { 200: Page(UserView), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => listUsers(deps.db, request.query),
    );

    app.get(
      '/staff',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['users'],
          summary: 'Active support staff with their lines and groups (for assigning requests)',
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  id: Uuid,
                  name: Type.String(),
                  role: RoleSchema,
                  lineIds: Type.Array(Uuid),
                  groupIds: Type.Array(Uuid),
                }),
              ),
            }),
            ...problemResponses(401, 403),
          },
        },
      },
      async () => ({ items: await listStaff(deps.db) }),
    );

    app.post(
      '/users',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['users'],
          summary: 'Create a user: staff, a client contact or an internal employee',
          body: UserCreateBody,
          response: { 201: UserView, ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => {
        return reply.code(201).send(await createOnce(deps.db, request, (tx) => createUser(tx, request.body)));
      },
    );

    app.get(
      '/users/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['users'],
          summary: 'One user',
          params: IdParams,
          response: { 200: UserView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => getUser(deps.db, request.params.id),
    );

    app.patch(
      '/users/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['users'],
          summary: 'Change a user: role, password, lines and groups, or deactivate',
          params: IdParams,
          body: UserPatchBody,
          response: { 200: UserView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => updateUser(deps.db, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/users/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['users'],
          summary: 'Deactivate a user: his sessions end and his tokens stop working; history keeps his name',
          params: IdParams,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await updateUser(deps.db, actorOf(request), request.params.id, { isActive: false });
        return reply.code(204).send(null);
      },
    );
  };
}
