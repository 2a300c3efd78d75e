import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '#server/db/client.ts';
import { migrateToLatest } from '#server/db/migrate.ts';

/** Which engine this test run uses: vitest's projects set it (see vitest.config.ts). */
export const testEngine = (): 'pglite' | 'postgres' =>
  process.env.ZY_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

function adminUrl(): string {
  const url = process.env.ZY_TEST_PG_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) {
    throw new Error('The postgres test project needs TEST_DATABASE_URL or DATABASE_URL');
  }
  return url;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new PostgreSQL database
 * created beside the one TEST_DATABASE_URL names and dropped on close.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (testEngine() === 'pglite') {
    const handle = await openDatabase({ databaseUrl: null, dataDir: null });
    await migrateToLatest(handle.db);
    return handle;
  }
  const admin = adminUrl();
  const name = `zy_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const control = new pg.Client({ connectionString: admin });
  await control.connect();
  await control.query(`CREATE DATABASE ${name}`);
  await control.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: null });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: admin });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
