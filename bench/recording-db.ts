import { type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import '#server/db/client.ts';
import type { Database } from '#server/db/schema.ts';
import { type Actor, loadActor } from '#server/modules/auth/actor.ts';
import { BENCH_ACCOUNTS } from './desk.ts';

/**
 * A Kysely that keeps every statement the product's own functions send, so the explain scripts show the
 * plans of the current code with its real parameters, never a hand-copied query.
 */
export function openRecordingDb(databaseUrl: string) {
  const recorder = {
    queries: [] as CompiledQuery[],
    reset() {
      recorder.queries = [];
    },
  };
  // The pool is returned too: EXPLAIN goes through it, unrecorded.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') {
        recorder.queries.push(event.query);
      }
    },
  });
  return { db, pool, recorder };
}

/** The generated desk's first-line agent and dispatcher, as the API would see them. */
export async function benchActors(db: Kysely<Database>): Promise<{ agent: Actor; dispatcher: Actor }> {
  const idOf = async (email: string) =>
    (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const agent = await loadActor(db, await idOf(BENCH_ACCOUNTS.agent1), { tokenId: 'explain' });
  const dispatcher = await loadActor(db, await idOf(BENCH_ACCOUNTS.dispatcher), { tokenId: 'explain' });
  if (!agent || !dispatcher) {
    throw new Error('the bench users are missing');
  }
  return { agent, dispatcher };
}
