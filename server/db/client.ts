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

/**
 * Subscribes to a NOTIFY channel. `onMessage` receives each payload once its transaction has committed;
 * `onGap` is called when notifications may have been lost meanwhile (the listening connection dropped and
 * came back). Resolves, once listening, to the function that stops it.
 */
export type Listen = (
  channel: string,
  handlers: { onMessage: (payload: string) => void; onGap: () => void },
) => Promise<() => Promise<void>>;

export type DatabaseHandle = { db: Db; engine: Engine; listen: Listen; close: () => Promise<void> };

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
    return {
      db,
      engine: 'postgres',
      listen: listenOnPostgres(options.databaseUrl),
      close: () => db.destroy(),
    };
  }
  return openPGlite(options.dataDir);
}

const RECONNECT_MAX_MS = 30_000;

/**
 * LISTEN on a connection of its own, outside the pool: a pooled connection goes back to the pool after each
 * query and would stop hearing. When it drops, it reconnects (waiting longer each time, up to 30 s) and
 * reports the gap, since whatever was notified meanwhile is lost.
 */
function listenOnPostgres(connectionString: string): Listen {
  return async (channel, handlers) => {
    let client: pg.Client | null = null;
    let stopped = false;
    let retry: NodeJS.Timeout | null = null;
    let delay = 500;

    const connect = async () => {
      const next = new pg.Client({ connectionString });
      next.on('notification', (message) => {
        if (message.channel === channel && message.payload !== undefined) {
          handlers.onMessage(message.payload);
        }
      });
      const lost = () => {
        if (client !== next || stopped) {
          return;
        }
        client = null;
        next.removeAllListeners('end');
        void next.end().catch(() => {});
        scheduleReconnect();
      };
      next.on('error', lost);
      next.on('end', lost);
      try {
        await next.connect();
        await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (error) {
        next.removeAllListeners('end');
        await next.end().catch(() => {});
        throw error;
      }
      if (stopped) {
        await next.end().catch(() => {});
        return;
      }
      client = next;
    };
    const scheduleReconnect = () => {
      retry = setTimeout(() => {
        retry = null;
        connect().then(
          () => {
            delay = 500;
            handlers.onGap();
          },
          (error: unknown) => {
            console.error('PostgreSQL LISTEN connection failed:', (error as Error).message);
            delay = Math.min(delay * 2, RECONNECT_MAX_MS);
            if (!stopped) {
              scheduleReconnect();
            }
          },
        );
      }, delay);
    };

    await connect();
    return async () => {
      stopped = true;
      if (retry) {
        clearTimeout(retry);
      }
      const current = client;
      client = null;
      if (current) {
        current.removeAllListeners('end');
        current.removeAllListeners('error');
        current.on('error', () => {});
        await current.end().catch(() => {});
      }
    };
  };
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
  // PGlite is one connection: LISTEN and UNLISTEN run while the pool lends it to nobody else, so they never
  // land inside someone's open transaction (and vanish with its rollback).
  const listen: Listen = async (channel, handlers) => {
    const stop = await db.connection().execute(() => pglite.listen(channel, handlers.onMessage));
    return async () => {
      await db.connection().execute(() => stop());
    };
  };
  return {
    db,
    pglite,
    engine: 'pglite',
    listen,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
