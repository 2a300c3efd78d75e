import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from '#common/webhooks.ts';
import type { TicketEventForChannels } from '#server/jobs/ticket-events.ts';

// The pure rules of outgoing webhooks: which history event is which webhook event, who gets it, how a
// body is signed, which URLs are refused. No I/O here.

/** The webhook event a request's history event is, or null when webhooks do not tell about it. */
export function webhookEventOf(kind: string): WebhookEvent | null {
  switch (kind) {
    case 'created':
      return 'request.created';
    case 'transitioned':
      return 'request.status_changed';
    case 'commented':
      return 'comment.added';
    case 'sla_breached':
      return 'sla.breached';
    default:
      return null;
  }
}

export type SubscriptionFilter = { events: readonly string[]; includeInternal: boolean; isActive: boolean };

/**
 * Whether a subscription receives this history event. Invariant: an internal note reaches only a
 * subscription that asked for internal notes; other internal events (an SLA breach is one) are sent
 * to whoever subscribed to their kind, since subscribing to them is asking for them.
 */
export function subscriptionWants(subscription: SubscriptionFilter, event: TicketEventForChannels): boolean {
  const name = webhookEventOf(event.kind);
  if (!name || !subscription.isActive || !subscription.events.includes(name)) {
    return false;
  }
  if (name === 'comment.added' && (event.internal || event.data.internal === true)) {
    return subscription.includeInternal;
  }
  return true;
}

/** A new signing secret: 32 random bytes, readable in a config file. */
export const generateWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** The X-Zayavka-Signature header of a body: `sha256=` and the hex HMAC-SHA256 of the raw bytes. */
export const signWebhookBody = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/** What a receiver does to check a delivery (used by our tests, documented for integrators). */
export function verifyWebhookSignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header) {
    return false;
  }
  const expected = Buffer.from(signWebhookBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Why a URL cannot receive webhooks, or null when it can: an absolute http(s) URL with a host and no
 * credentials in it (a password in a URL ends up in logs).
 */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'must start with http:// or https://';
  }
  if (!url.hostname) {
    return 'names no host';
  }
  if (url.username || url.password) {
    return 'must not carry a user name or password: authenticate the sender by the signature';
  }
  return null;
}

/** Delivery attempts a webhook gets before it is given up (about two hours with the queue's backoff). */
export const WEBHOOK_MAX_ATTEMPTS = 8;
/** How long a receiver has to answer one attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
