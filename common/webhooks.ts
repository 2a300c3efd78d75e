// The events an admin may subscribe a webhook to: part of what receivers rely on, never renamed.
export const WEBHOOK_EVENTS = [
  'request.created',
  'request.status_changed',
  'comment.added',
  'sla.breached',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What the admin's log says of a delivery. */
export const WEBHOOK_DELIVERY_STATES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];
