import type { Transaction } from 'kysely';
import type { Db } from './client.ts';
import type { Database } from './schema.ts';

/**
 * Runs `work` in a transaction: the caller's, when it already is one (so a use case can be composed
 * into a larger write, such as an idempotent create), or a new one.
 */
export function inTransaction<T>(db: Db, work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}
