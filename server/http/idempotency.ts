import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { actorOf } from './access.ts';
import type { Database } from '#server/db/schema.ts';
import { AppError } from './problem.ts';

export type Tx = Transaction<Database>;
export type Created<T> = { statusCode: number; body: T };

const hashOf = (body: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');

/**
 * Runs a create in one transaction, remembering its answer under the caller's Idempotency-Key.
 * Invariant: the key row is inserted in the same transaction as the created record, so a retry either
 * waits for the first attempt and gets its answer, or (if that attempt rolled back) runs afresh.
 */
export async function createIdempotently<T>(
  db: Db,
  options: { actorId: string; scope: string; key: string | undefined; body: unknown },
  create: (tx: Tx) => Promise<Created<T>>,
): Promise<Created<T>> {
  const { key } = options;
  if (!key) {
    return db.transaction().execute(create);
  }
  if (key.length > 200) {
    throw new AppError(400, 'Bad Request', 'Idempotency-Key is longer than 200 characters');
  }
  const requestHash = hashOf(options.body);
  return db.transaction().execute(async (tx) => {
    const claimed = await tx
      .insertInto('idempotency_keys')
      .values({
        actor_id: options.actorId,
        scope: options.scope,
        key,
        request_hash: requestHash,
        status_code: 0,
        response: JSON.stringify(null),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      const previous = await tx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status_code', 'response'])
        .where('actor_id', '=', options.actorId)
        .where('scope', '=', options.scope)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      if (previous.request_hash !== requestHash) {
        throw new AppError(
          422,
          'Unprocessable Content',
          'This Idempotency-Key was already used with a different request body',
        );
      }
      return { statusCode: previous.status_code, body: previous.response as T };
    }
    const result = await create(tx);
    await tx
      .updateTable('idempotency_keys')
      .set({ status_code: result.statusCode, response: JSON.stringify(result.body) })
      .where('actor_id', '=', options.actorId)
      .where('scope', '=', options.scope)
      .where('key', '=', key)
      .execute();
    return result;
  });
}

export function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers['idempotency-key'];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * What a create route does: run `create` for the caller in one transaction, once per his
 * Idempotency-Key on this path, and return the (first) result for a 201.
 */
export async function createOnce<T>(
  db: Db,
  request: FastifyRequest,
  create: (tx: Tx, actor: Actor) => Promise<T>,
): Promise<T> {
  const actor = actorOf(request);
  const created = await createIdempotently(
    db,
    {
      actorId: actor.id,
      scope: request.url.split('?')[0] ?? request.url,
      key: idempotencyKeyOf(request.headers),
      body: request.body,
    },
    async (tx) => ({ statusCode: 201, body: await create(tx, actor) }),
  );
  return created.body;
}
