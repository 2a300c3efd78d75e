// Opening the benchmark's database from the command line: PostgreSQL by URL (created when missing), or
// PGlite in a data directory laid out exactly as the server's DATA_DIR, so `npm start` with that
// DATA_DIR serves the generated desk.
import path from 'node:path';
import pg from 'pg';
import { type Db, type Engine, openDatabase, openPGlite } from '#server/db/client.ts';
import { type Loader, pgCopyLoader, pgliteCopyLoader } from './loader.ts';

export type Target = { databaseUrl: string } | { dataDir: string };
export type BenchDatabase = { db: Db; engine: Engine; loader: Loader; close: () => Promise<void> };

export const describeTarget = (target: Target): string =>
  'databaseUrl' in target ? target.databaseUrl.replace(/:[^:@/]*@/, ':***@') : `PGlite in ${target.dataDir}`;

/** Creates the database a URL names when it does not exist yet (connecting to `postgres` beside it). */
async function ensureDatabase(databaseUrl: string): Promise<void> {
  const probe = new pg.Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (error) {
    await probe.end().catch(() => {});
    if ((error as { code?: string }).code !== '3D000') {
      throw error;
    }
  }
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

export async function openBenchDatabase(target: Target): Promise<BenchDatabase> {
  if ('databaseUrl' in target) {
    await ensureDatabase(target.databaseUrl);
    const handle = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: null });
    return { ...handle, loader: pgCopyLoader(target.databaseUrl) };
  }
  const handle = await openPGlite(path.resolve(target.dataDir));
  return { ...handle, loader: pgliteCopyLoader(handle.pglite) };
}

/** The target from --database-url / --data-dir, then DATABASE_URL / DATA_DIR, then bench/.data. */
export function targetFrom(values: { 'database-url'?: string; 'data-dir'?: string }): Target {
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (databaseUrl) {
    return { databaseUrl };
  }
  return { dataDir: values['data-dir'] ?? process.env.DATA_DIR ?? path.join(import.meta.dirname, '.data') };
}
