import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Lets Kysely's PostgresDialect drive an in-process PGlite.
 * PGlite is a single connection: the pool hands it out to one borrower at a time, so a transaction
 * opened by one caller never interleaves with another caller's statements.
 */
export function createPGlitePool(pglite: PGlite): PostgresPool {
  let queue: Promise<void> = Promise.resolve();

  // Kysely never streams from this pool, so the cursor overload of `query` is not offered.
  const query = async <R>(
    sql: string,
    parameters: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> => {
    // Parameterless text may hold several statements (migrations): only the simple protocol runs those.
    if (parameters.length === 0 && sql.includes(';')) {
      const results = await pglite.exec(sql);
      const last = results.at(-1);
      return { command: 'SELECT', rowCount: last?.affectedRows ?? 0, rows: (last?.rows ?? []) as R[] };
    }
    const result = await pglite.query<R>(sql, parameters as unknown[]);
    const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT';
    return {
      command: command as PostgresQueryResult<R>['command'],
      rowCount: result.affectedRows ?? result.rows.length,
      rows: result.rows,
    };
  };
  const client = (release: () => void) => ({ query, release }) as unknown as PostgresPoolClient;

  return {
    connect() {
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const granted = queue.then(() => client(release));
      queue = queue.then(() => released);
      return granted;
    },
    async end() {
      await queue;
    },
  };
}
