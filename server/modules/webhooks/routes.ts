import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { IdParams, Page, problemResponses } from '#server/http/schemas.ts';
import {
  DeliveriesQuery,
  WebhookCreateBody,
  WebhookCreatedView,
  WebhookDeliveryView,
  WebhookPatchBody,
  WebhookView,
} from './schema.ts';
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  sendTestDelivery,
  updateWebhook,
} from './service.ts';

const ADMIN = ['admin'] as const;

export function webhookRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/webhooks',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['webhooks'],
          summary: 'Webhook subscriptions, with the outcome of each one’s latest delivery',
          response: { 200: Type.Object({ items: Type.Array(WebhookView) }), ...problemResponses(401, 403) },
        },
      },
      async () => ({ items: await listWebhooks(deps.db) }),
    );

    app.post(
      '/webhooks',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['webhooks'],
          summary: 'Subscribe a URL to events of requests; the signing secret is in this answer only',
          body: WebhookCreateBody,
          response: { 201: WebhookCreatedView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const created = await createWebhook(deps, actorOf(request), request.body);
        return reply.code(201).send(created);
      },
    );

    app.patch(
      '/webhooks/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['webhooks'],
          summary: 'Change a subscription, or disable it (isActive: false)',
          params: IdParams,
          body: WebhookPatchBody,
          response: { 200: WebhookView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => updateWebhook(deps, request.params.id, request.body),
    );

    app.delete(
      '/webhooks/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['webhooks'],
          summary: 'Delete a subscription and its delivery log',
          params: IdParams,
          response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await deleteWebhook(deps.db, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/webhooks/:id/deliveries',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['webhooks'],
          summary:
            'The delivery log: each delivery, newest first, with every attempt’s status, duration and error',
          params: IdParams,
          querystring: DeliveriesQuery,
          response: { 200: Page(WebhookDeliveryView), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => listDeliveries(deps.db, request.params.id, request.query),
    );

    app.post(
      '/webhooks/:id/test',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['webhooks'],
          summary: 'Send a "ping" delivery now (one attempt); its outcome appears in the log',
          params: IdParams,
          response: { 202: WebhookDeliveryView, ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => reply.code(202).send(await sendTestDelivery(deps, request.params.id)),
    );
  };
}
