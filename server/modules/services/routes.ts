import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { createOnce } from '#server/http/idempotency.ts';
import { IdParams, problemResponses } from '#server/http/schemas.ts';
import { ServiceCreateBody, ServiceListQuery, ServicePatchBody, ServiceView } from './schema.ts';
import { createService, getService, listServices, updateService } from './service.ts';

export function serviceRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/services',
      {
        // Everyone who may create a request picks its service (the catalog issue narrows it by audience).
        config: { access: 'authenticated' },
        schema: {
          tags: ['catalog'],
          summary: 'The catalog of products, modules and services with their tariff modes',
          querystring: ServiceListQuery,
          response: { 200: Type.Object({ items: Type.Array(ServiceView) }), ...problemResponses(400, 401) },
        },
      },
      async (request) => ({ items: await listServices(deps.db, request.query, actorOf(request)) }),
    );

    app.post(
      '/services',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['catalog'],
          summary: 'Add a product, module or service',
          body: ServiceCreateBody,
          response: { 201: ServiceView, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createOnce(deps.db, request, (tx) => createService(tx, request.body))),
    );

    app.get(
      '/services/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['catalog'],
          summary: 'One service',
          params: IdParams,
          response: { 200: ServiceView, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => getService(deps.db, request.params.id),
    );

    app.patch(
      '/services/:id',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['catalog'],
          summary: 'Change a service: name, place in the catalog, tariff mode, or retire it',
          params: IdParams,
          body: ServicePatchBody,
          response: { 200: ServiceView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => updateService(deps.db, request.params.id, request.body),
    );
  };
}
