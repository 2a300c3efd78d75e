// How generated rows reach the database. The generator produces plain rows; a loader writes them:
// PostgreSQL through COPY … FROM STDIN (pg-copy-streams, one connection per table so the tables load side
// by side), PGlite through its COPY … FROM '/dev/blob', and any Kysely database (the tests' in-memory
// PGlite) through INSERT … SELECT FROM unnest(…), which needs no access to the driver underneath.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '#server/db/client.ts';

export type Value = string | number | boolean | null;
export type Row = Value[];
/**
 * A table and the columns the generator fills, each with its SQL type (the unnest path casts to it).
 * `overridingSystemValue`: the rows carry values for a GENERATED ALWAYS identity column (COPY writes them
 * as given; an INSERT has to say so).
 */
export type TableSpec = {
  name: string;
  columns: readonly (readonly [name: string, type: string])[];
  overridingSystemValue?: boolean;
};

export type TableWriter = {
  /** Takes a batch; resolves when the writer is ready for the next one (backpressure). */
  write: (rows: Row[]) => Promise<void>;
  /** Flushes and commits; resolves with the number of rows written. */
  end: () => Promise<number>;
};

export type Loader = {
  kind: 'copy' | 'pglite-copy' | 'insert';
  open: (table: TableSpec) => Promise<TableWriter>;
};

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const copyValue = (value: Value): string => {
  if (value === null) {
    return '\\N';
  }
  if (typeof value === 'boolean') {
    return value ? 't' : 'f';
  }
  if (typeof value === 'number') {
    return String(value);
  }
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (char) => ESCAPES[char] ?? char) : value;
};

/** Rows in COPY's text format: tab-separated, \N for null, backslash escapes. */
export const encodeCopy = (rows: readonly Row[]): string => {
  let text = '';
  for (const row of rows) {
    text += row.map(copyValue).join('\t') + '\n';
  }
  return text;
};

const columnList = (table: TableSpec) => table.columns.map(([name]) => `"${name}"`).join(', ');

/** COPY FROM STDIN on PostgreSQL, each table on its own connection and in its own transaction. */
export function pgCopyLoader(connectionString: string): Loader {
  return {
    kind: 'copy',
    async open(table) {
      const client = new pg.Client({ connectionString });
      await client.connect();
      // A deep buffer lets the database keep reading while the generator produces the next batch.
      const stream = client.query(
        copyFrom(`COPY ${table.name} (${columnList(table)}) FROM STDIN`, { highWaterMark: 8 * 1024 * 1024 }),
      );
      let failure: Error | null = null;
      stream.on('error', (error: Error) => {
        failure = error;
      });
      let drained: Promise<unknown> = Promise.resolve();
      return {
        async write(rows) {
          await drained;
          if (failure) {
            throw failure;
          }
          if (!stream.write(encodeCopy(rows))) {
            drained = Promise.race([once(stream, 'drain'), once(stream, 'error')]);
          }
        },
        async end() {
          await drained;
          stream.end();
          try {
            await finished(stream);
          } finally {
            await client.end();
          }
          return stream.rowCount;
        },
      };
    },
  };
}

/** PGlite's COPY from a virtual file: the batch is handed over as a Blob, without SQL parsing per row. */
export function pgliteCopyLoader(pglite: PGlite): Loader {
  return {
    kind: 'pglite-copy',
    async open(table) {
      let count = 0;
      return {
        async write(rows) {
          if (rows.length === 0) {
            return;
          }
          await pglite.query(`COPY ${table.name} (${columnList(table)}) FROM '/dev/blob'`, [], {
            blob: new Blob([encodeCopy(rows)]),
          });
          count += rows.length;
        },
        async end() {
          return count;
        },
      };
    },
  };
}

/** INSERT … SELECT FROM unnest($1::type[], …): one statement per batch through any Kysely database. */
export function insertLoader(db: Db): Loader {
  return {
    kind: 'insert',
    async open(table) {
      let count = 0;
      return {
        async write(rows) {
          if (rows.length === 0) {
            return;
          }
          const arrays = table.columns.map(([, type], index) => {
            const values = rows.map((row) => row[index] ?? null);
            return sql`${values}::${sql.raw(type)}[]`;
          });
          const columns = table.columns.map(([name]) => sql.ref(name));
          const overriding = table.overridingSystemValue ? sql`overriding system value` : sql``;
          await sql`insert into ${sql.table(table.name)} (${sql.join(columns)}) ${overriding}
            select * from unnest(${sql.join(arrays)})`.execute(db);
          count += rows.length;
        },
        async end() {
          return count;
        },
      };
    },
  };
}

export type DeferredIndexes = {
  indexes: { table: string; name: string; definition: string }[];
  foreignKeys: { table: string; name: string; definition: string }[];
  /** Tables whose own triggers are off during the load (what they maintain is filled in bulk after it). */
  triggers: string[];
};

/**
 * Drops the secondary indexes and foreign keys of the tables about to be bulk-loaded: building an index
 * once over loaded rows is several times cheaper than maintaining it row by row, and the foreign keys
 * would stop the tables loading side by side. Primary keys and unique constraints stay. The tables' own
 * triggers are switched off too: row by row they would be slow, and wrong while the tables load side by
 * side (a comment's trigger updates a request that may not be loaded yet); the caller fills in bulk what
 * they maintain (see `fillConversationSearch` in desk.ts).
 */
export async function deferIndexes(db: Db, tables: readonly string[]): Promise<DeferredIndexes> {
  const foreignKeys = (
    await sql<{ table: string; name: string; definition: string }>`
      select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as definition
      from pg_constraint
      where contype = 'f' and conrelid::regclass::text = any(${[...tables]}::text[])
      order by conrelid::regclass::text, conname`.execute(db)
  ).rows;
  const indexes = (
    await sql<{ table: string; name: string; definition: string }>`
      select tablename as table, indexname as name, indexdef as definition
      from pg_indexes i
      where schemaname = current_schema() and tablename = any(${[...tables]}::text[])
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.contype in ('p', 'u'))
      order by tablename, indexname`.execute(db)
  ).rows;
  const triggers = (
    await sql<{ table: string }>`
      select distinct tgrelid::regclass::text as table from pg_trigger
      where not tgisinternal and tgrelid::regclass::text = any(${[...tables]}::text[])
      order by 1`.execute(db)
  ).rows.map((row) => row.table);
  for (const fk of foreignKeys) {
    await sql`alter table ${sql.table(fk.table)} drop constraint ${sql.ref(fk.name)}`.execute(db);
  }
  for (const index of indexes) {
    await sql`drop index ${sql.ref(index.name)}`.execute(db);
  }
  for (const table of triggers) {
    await sql`alter table ${sql.table(table)} disable trigger user`.execute(db);
  }
  return { indexes, foreignKeys, triggers };
}

/**
 * Builds the dropped indexes (two at a time: the machine this runs on has few cores), then the keys, and
 * switches the triggers back on.
 */
export async function restoreIndexes(
  db: Db,
  deferred: DeferredIndexes,
  log: (line: string) => void = () => {},
): Promise<void> {
  const queue = [...deferred.indexes];
  const worker = async () => {
    for (let index = queue.shift(); index; index = queue.shift()) {
      const started = performance.now();
      const current = index;
      await db.connection().execute(async (connection) => {
        await sql`set maintenance_work_mem = '256MB'`.execute(connection);
        await sql.raw(current.definition).execute(connection);
      });
      log(`  index ${current.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  };
  await Promise.all([worker(), worker()]);
  for (const fk of deferred.foreignKeys) {
    const started = performance.now();
    await sql`alter table ${sql.table(fk.table)} add constraint ${sql.ref(fk.name)} ${sql.raw(fk.definition)}`.execute(
      db,
    );
    log(`  foreign key ${fk.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  for (const table of deferred.triggers) {
    await sql`alter table ${sql.table(table)} enable trigger user`.execute(db);
  }
}
