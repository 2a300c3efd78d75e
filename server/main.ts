import { buildApp } from './app.ts';
import { createOffsetClock, systemClock } from './clock.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { AppDeps } from './deps.ts';
import { startScheduler } from './jobs/scheduler.ts';

export type Server = { deps: AppDeps; close: () => Promise<void> };

/** Opens the database, applies pending migrations and serves API and web UI. */
export async function startServer(
  options: { seed?: (deps: AppDeps) => Promise<void> } = {},
): Promise<Server> {
  const config = loadConfig();
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(handle.db);
  const testClock = config.testClock ? createOffsetClock() : undefined;
  const deps: AppDeps = {
    db: handle.db,
    engine: handle.engine,
    listen: handle.listen,
    clock: testClock ?? systemClock,
    config,
  };
  if (options.seed) {
    await options.seed(deps);
  }
  const app = await buildApp(deps, {
    logger: { level: config.logLevel },
    ...(testClock ? { testClock } : {}),
  });
  await app.listen({ port: config.port, host: config.host });
  const where = handle.engine === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL';
  app.log.info(`Zayavka is serving http://localhost:${config.port} on ${where}`);

  const stopJobs = startScheduler(deps, app.log);

  let closing = false;
  const close = async () => {
    if (closing) {
      return;
    }
    closing = true;
    stopJobs();
    await app.close();
    await handle.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void close().then(() => process.exit(0));
    });
  }
  return { deps, close };
}

if (import.meta.main) {
  startServer().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
