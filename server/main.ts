import { buildApp } from './app.ts';
import { createOffsetClock, systemClock } from './clock.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { AppDeps } from './deps.ts';
import { startJobWorker } from './jobs/queue.ts';
import { JOB_HANDLERS } from './jobs/registry.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { startTelegramPolling } from './modules/telegram/polling.ts';
import { startSmtpReceiver } from './modules/mail/smtp-receiver.ts';

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
  const stopWorker = await startJobWorker(deps, JOB_HANDLERS, app.log);
  // The bot listens only where it has a token: without one, nothing talks to Telegram.
  const stopTelegram = config.telegram.botToken ? startTelegramPolling(deps, app.log) : null;
  // Direct delivery of letters over SMTP, when a port is configured (SMTP_RECEIVER_PORT).
  const smtpReceiver =
    config.mail.smtpReceiverPort !== null
      ? await startSmtpReceiver(deps, config.mail.smtpReceiverPort, app.log, { host: config.host })
      : null;

  let closing = false;
  const close = async () => {
    if (closing) {
      return;
    }
    closing = true;
    stopJobs();
    await stopTelegram?.();
    await smtpReceiver?.close();
    await stopWorker();
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
