import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { createPGlitePool } from './pglite-pool.ts';

export type Engine = 'pglite' | 'postgres';
export type Db = Kysely<Database>;
export type DatabaseHandle = { db: Db; engine: Engine; close: () => Promise<void> };

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

// Both engines must hand the code the same JS values: counts and hours as numbers, dates as 'YYYY-MM-DD'.
const toNumber = (value: string) => Number(value);
const asIs = (value: string) => value;

pg.types.setTypeParser(INT8, toNumber);
pg.types.setTypeParser(NUMERIC, toNumber);
pg.types.setTypeParser(DATE, asIs);

export type OpenDatabaseOptions = { databaseUrl: string | null; dataDir: string | null };

/** Opens PostgreSQL when a URL is given, otherwise PGlite in `dataDir` (or in memory when null). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    // Idle connections live a minute (pg's default is 10 s): a burst after a short pause then finds its
    // backends still open instead of paying PostgreSQL's connection start-up again.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, idleTimeoutMillis: 60_000 });
    // An idle connection can die under us (a server restart, a dropped test database): the pool
    // replaces it on next use; without a listener the error would bring the whole process down.
    pool.on('error', (error: Error & { code?: string }) => {
      if (error.code !== '57P01') {
        console.error('PostgreSQL connection error:', error.message);
      }
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  return openPGlite(options.dataDir);
}

/**
 * PGlite in `<dataDir>/pglite` (in memory when null), with the same type parsers as PostgreSQL; the raw
 * PGlite is returned too, for tools that load data with its COPY.
 */
export async function openPGlite(dataDir: string | null): Promise<DatabaseHandle & { pglite: PGlite }> {
  let directory: string | undefined;
  if (dataDir) {
    directory = path.join(dataDir, 'pglite');
    await mkdir(directory, { recursive: true });
  }
  const pglite = await PGlite.create({
    ...(directory ? { dataDir: directory } : {}),
    extensions: { pg_trgm },
    parsers: { [pgliteTypes.INT8]: toNumber, [pgliteTypes.NUMERIC]: toNumber, [pgliteTypes.DATE]: asIs },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPGlitePool(pglite) }) });
  return {
    db,
    pglite,
    engine: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
