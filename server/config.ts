import path from 'node:path';

// The only reader of process.env: everything else receives a Config.
export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  logLevel: string;
  sessionTtlHours: number;
  staleAfterDays: number;
  /** Lets end-to-end tests move the server's clock (never set in production). */
  testClock: boolean;
  webDir: string;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  }
  const sessionTtlHours = Number(env.SESSION_TTL_HOURS ?? 24 * 14);
  if (!(sessionTtlHours > 0)) {
    throw new ConfigError(`SESSION_TTL_HOURS must be positive, got "${env.SESSION_TTL_HOURS}"`);
  }
  const staleAfterDays = Number(env.STALE_AFTER_DAYS ?? 30);
  if (!(staleAfterDays > 0)) {
    throw new ConfigError(`STALE_AFTER_DAYS must be positive, got "${env.STALE_AFTER_DAYS}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() ? env.DATABASE_URL.trim() : null;
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl,
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionTtlHours,
    staleAfterDays,
    testClock: env.TEST_CLOCK === '1',
    webDir: path.resolve(import.meta.dirname, '../dist/web'),
  };
}
