import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { WebhookDeliveryState, WebhookEvent } from '#common/webhooks.ts';
import type { Db } from '#server/db/client.ts';
import type { WebhookSubscriptionsTable } from '#server/db/schema.ts';
import type { AppDeps } from '#server/deps.ts';
import { enqueueJobs } from '#server/jobs/queue.ts';
import { decodeCursor, toPage } from '#server/http/pagination.ts';
import { FieldValidationError, NotFoundError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { WEBHOOK_DELIVER_JOB } from './delivery.ts';
import { generateWebhookSecret, webhookUrlProblem } from './rules.ts';
import type { WebhookCreateBody, WebhookDeliveryView, WebhookPatchBody, WebhookView } from './schema.ts';

// The admin's webhook subscriptions and their delivery log. Only admins reach these (routes.ts):
// subscriptions see every request's events, so they are the admin's alone.

type SubscriptionRow = Selectable<WebhookSubscriptionsTable> & {
  last_state?: WebhookDeliveryState | null;
  last_at?: Date | null;
};

const present = (row: SubscriptionRow): WebhookView => ({
  id: row.id,
  name: row.name,
  url: row.url,
  events: row.events as WebhookEvent[],
  includeInternal: row.include_internal,
  isActive: row.is_active,
  secretHint: `…${row.secret.slice(-4)}`,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  lastDelivery:
    row.last_state && row.last_at ? { state: row.last_state, at: new Date(row.last_at).toISOString() } : null,
});

function checkUrl(url: string) {
  const problem = webhookUrlProblem(url.trim());
  if (problem) {
    throw new FieldValidationError('url', problem);
  }
  return url.trim();
}

const hostOf = (url: string) => new URL(url).host;

/** Every subscription with its latest delivery's outcome, newest first. */
export async function listWebhooks(db: Db): Promise<WebhookView[]> {
  const rows = await db
    .selectFrom('webhook_subscriptions as s')
    .selectAll('s')
    .select([
      sql<WebhookDeliveryState | null>`(select d.state from webhook_deliveries d where d.subscription_id = s.id
        order by d.created_at desc, d.id desc limit 1)`.as('last_state'),
      sql<Date | null>`(select d.created_at from webhook_deliveries d where d.subscription_id = s.id
        order by d.created_at desc, d.id desc limit 1)`.as('last_at'),
    ])
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id')
    .execute();
  return rows.map(present);
}

async function getRow(db: Db, id: string) {
  const row = await db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Webhook');
  }
  return row;
}

/**
 * Subscribes a URL to events; the answer carries the signing secret, which is never shown again.
 * @throws FieldValidationError for a URL that is not http(s).
 */
export async function createWebhook(deps: AppDeps, actor: Actor, input: WebhookCreateBody) {
  const url = checkUrl(input.url);
  const now = deps.clock.now();
  const row = await deps.db
    .insertInto('webhook_subscriptions')
    .values({
      name: input.name?.trim() || hostOf(url),
      url,
      events: [...new Set(input.events)],
      secret: generateWebhookSecret(),
      include_internal: input.includeInternal ?? false,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...present(row), secret: row.secret };
}

/**
 * Changes a subscription: its URL, events, name, whether internal notes go out, or disables it.
 * @throws NotFoundError, FieldValidationError.
 */
export async function updateWebhook(
  deps: AppDeps,
  id: string,
  patch: WebhookPatchBody,
): Promise<WebhookView> {
  await getRow(deps.db, id);
  const row = await deps.db
    .updateTable('webhook_subscriptions')
    .set({
      ...(patch.name !== undefined ? { name: patch.name.trim() || 'webhook' } : {}),
      ...(patch.url !== undefined ? { url: checkUrl(patch.url) } : {}),
      ...(patch.events !== undefined ? { events: [...new Set(patch.events)] } : {}),
      ...(patch.includeInternal !== undefined ? { include_internal: patch.includeInternal } : {}),
      ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
      updated_at: deps.clock.now(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return present(row);
}

/** Deletes a subscription with its log; pending deliveries of it are dropped. @throws NotFoundError */
export async function deleteWebhook(db: Db, id: string): Promise<void> {
  const deleted = await db.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
  if (!deleted.numDeletedRows) {
    throw new NotFoundError('Webhook');
  }
}

/** A subscription's deliveries, newest first, each with its attempts. @throws NotFoundError */
export async function listDeliveries(
  db: Db,
  id: string,
  query: { limit?: number; cursor?: string },
): Promise<{ items: WebhookDeliveryView[]; nextCursor: string | null }> {
  await getRow(db, id);
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .leftJoin('ticket_events as e', 'e.id', 'd.event_id')
    .leftJoin('tickets as t', 't.id', 'e.ticket_id')
    .select(['d.id', 'd.event', 'd.state', 'd.created_at', 'd.finished_at', 't.number'])
    .where('d.subscription_id', '=', id)
    .$if(after !== null, (qb) =>
      qb.where(
        sql<boolean>`(d.created_at, d.id) < (${String(after?.[0])}::timestamptz, ${String(after?.[1])}::uuid)`,
      ),
    )
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = toPage(rows, limit, (row) => [row.created_at.toISOString(), row.id]);
  const attempts = page.items.length
    ? await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where(
          'delivery_id',
          'in',
          page.items.map((row) => row.id),
        )
        .orderBy('attempt')
        .execute()
    : [];
  return {
    items: page.items.map((row) => ({
      id: row.id,
      event: row.event,
      state: row.state,
      ticketNumber: row.number,
      attempts: attempts
        .filter((a) => a.delivery_id === row.id)
        .map((a) => ({
          attempt: a.attempt,
          startedAt: a.started_at.toISOString(),
          statusCode: a.status_code,
          durationMs: a.duration_ms,
          error: a.error,
        })),
      createdAt: row.created_at.toISOString(),
      finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
    })),
    nextCursor: page.nextCursor,
  };
}

/**
 * Queues a "ping" to the subscription, even a disabled one, so the admin can check his receiver: one
 * attempt, whose outcome appears in the log within seconds. @throws NotFoundError
 */
export async function sendTestDelivery(deps: AppDeps, id: string): Promise<WebhookDeliveryView> {
  const subscription = await getRow(deps.db, id);
  const now = deps.clock.now();
  const deliveryId = randomUUID();
  const body = JSON.stringify({
    id: deliveryId,
    event: 'ping',
    occurredAt: now.toISOString(),
    webhook: { id: subscription.id, name: subscription.name, events: subscription.events },
  });
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('webhook_deliveries')
      .values({ id: deliveryId, subscription_id: id, event_id: null, event: 'ping', body, created_at: now })
      .execute();
    await enqueueJobs(tx, [
      {
        kind: WEBHOOK_DELIVER_JOB,
        payload: { deliveryId },
        dedupeKey: deliveryId,
        runAt: now,
        maxAttempts: 1,
      },
    ]);
  });
  return {
    id: deliveryId,
    event: 'ping',
    state: 'pending',
    ticketNumber: null,
    attempts: [],
    createdAt: now.toISOString(),
    finishedAt: null,
  };
}
