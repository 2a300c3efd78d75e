import { Type, type Static } from 'typebox';
import {
  WEBHOOK_DELIVERY_STATES,
  WEBHOOK_EVENTS,
  type WebhookDeliveryState,
  type WebhookEvent,
} from '#common/webhooks.ts';
import { PageQuery } from '#server/http/pagination.ts';
import { Nullable, Timestamp, Uuid } from '#server/http/schemas.ts';

export const WebhookEventSchema = Type.Unsafe<WebhookEvent>({
  type: 'string',
  enum: [...WEBHOOK_EVENTS],
  description:
    'request.created, request.status_changed, comment.added (public replies; internal notes only when includeInternal), sla.breached',
});

const Url = Type.String({
  minLength: 8,
  maxLength: 2000,
  description: 'Where deliveries are POSTed: an http:// or https:// URL',
});
const Name = Type.String({ minLength: 1, maxLength: 120 });
const Events = Type.Array(WebhookEventSchema, {
  minItems: 1,
  maxItems: WEBHOOK_EVENTS.length,
  uniqueItems: true,
});

export const WebhookView = Type.Object({
  id: Uuid,
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(WebhookEventSchema),
  includeInternal: Type.Boolean({ description: 'Whether internal notes are sent as comment.added too' }),
  isActive: Type.Boolean({ description: 'A disabled subscription receives nothing' }),
  secretHint: Type.String({ description: 'The last characters of the secret, to tell secrets apart' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  lastDelivery: Nullable(
    Type.Object({
      state: Type.Unsafe<WebhookDeliveryState>({ type: 'string', enum: [...WEBHOOK_DELIVERY_STATES] }),
      at: Timestamp,
    }),
  ),
});
export type WebhookView = Static<typeof WebhookView>;

export const WebhookCreatedView = Type.Intersect([
  WebhookView,
  Type.Object({
    secret: Type.String({
      description:
        'The signing secret, shown only in this answer: X-Zayavka-Signature is sha256=HMAC-SHA256(secret, raw body) in hex',
    }),
  }),
]);

export const WebhookCreateBody = Type.Object(
  {
    name: Type.Optional(Name),
    url: Url,
    events: Events,
    includeInternal: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type WebhookCreateBody = Static<typeof WebhookCreateBody>;

export const WebhookPatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    url: Type.Optional(Url),
    events: Type.Optional(Events),
    includeInternal: Type.Optional(Type.Boolean()),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type WebhookPatchBody = Static<typeof WebhookPatchBody>;

export const WebhookAttemptView = Type.Object({
  attempt: Type.Integer({ minimum: 1 }),
  startedAt: Timestamp,
  statusCode: Nullable(Type.Integer({ description: 'The receiver’s HTTP status; null when none came' })),
  durationMs: Type.Integer(),
  error: Nullable(
    Type.String({ description: 'Why the attempt failed: a status, a timeout, a refused connection' }),
  ),
});

export const WebhookDeliveryView = Type.Object({
  id: Uuid,
  event: Type.String({ description: 'A webhook event, or "ping" for the admin’s test' }),
  state: Type.Unsafe<WebhookDeliveryState>({ type: 'string', enum: [...WEBHOOK_DELIVERY_STATES] }),
  ticketNumber: Nullable(Type.Integer()),
  attempts: Type.Array(WebhookAttemptView),
  createdAt: Timestamp,
  finishedAt: Nullable(Timestamp),
});
export type WebhookDeliveryView = Static<typeof WebhookDeliveryView>;

export const DeliveriesQuery = Type.Object(PageQuery, { additionalProperties: false });
