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
  /** The Telegram bot (modules/telegram): off while no token is set. */
  telegram: { botToken: string | null; apiRoot: string };
  /** Outgoing mail (modules/mail): SMTP_URL and MAIL_FROM; the admin page's settings win over them. */
  mail: { smtpUrl: string | null; from: string | null; smtpReceiverPort: number | null };
};

export class ConfigError extends Error {}

/** The built-in SMTP receiver's port: off when unset. */
function smtpReceiverPort(value: string | undefined): number | null {
  if (!value?.trim()) {
    return null;
  }
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`SMTP_RECEIVER_PORT must be a port number, got "${value}"`);
  }
  return port;
}

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
    telegram: {
      botToken: env.TELEGRAM_BOT_TOKEN?.trim() ? env.TELEGRAM_BOT_TOKEN.trim() : null,
      // A Bot API server of one's own (or a test's) instead of Telegram's.
      apiRoot: (env.TELEGRAM_API_ROOT?.trim() || 'https://api.telegram.org').replace(/\/+$/, ''),
    },
    mail: {
      smtpUrl: env.SMTP_URL?.trim() ? env.SMTP_URL.trim() : null,
      from: env.MAIL_FROM?.trim() ? env.MAIL_FROM.trim() : null,
      smtpReceiverPort: smtpReceiverPort(env.SMTP_RECEIVER_PORT),
    },
  };
}
