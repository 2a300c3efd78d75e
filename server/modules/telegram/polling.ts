import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { AppDeps } from '#server/deps.ts';
import { telegramApi } from './send.ts';
import { type GrammySignal, pollTelegramOnce } from './updates.ts';

/** How long one getUpdates waits for something to arrive before asking again. */
const LONG_POLL_SECONDS = 25;
/** The poller's lease: longer than a long poll and its handling, renewed before every poll. */
const LEASE_MS = 90_000;

/**
 * Takes or renews the lease on polling Telegram for this instance; false while another instance holds
 * a lease that has not lapsed. Invariant: at most one instance polls at a time (Telegram refuses a
 * second getUpdates with 409), and one that died is replaced once its lease lapses.
 */
export async function takePollingLease(deps: AppDeps, pollerId: string): Promise<boolean> {
  const now = deps.clock.now();
  const taken = await deps.db
    .updateTable('telegram_state')
    .set({ poller_id: pollerId, poller_lease_until: new Date(now.getTime() + LEASE_MS) })
    .where((eb) =>
      eb.or([
        eb('poller_id', '=', pollerId),
        eb('poller_lease_until', 'is', null),
        eb('poller_lease_until', '<', now),
      ]),
    )
    .returning('id')
    .executeTakeFirst();
  return taken !== undefined;
}

/**
 * The bot's long-polling loop, started by main.ts when TELEGRAM_BOT_TOKEN is set: learns the bot's
 * username (for the portal's link), then, while it holds the polling lease, asks Telegram for updates
 * until stopped, waiting longer after each failure (up to a minute). Returns the function that stops it.
 */
export function startTelegramPolling(
  deps: AppDeps,
  log: FastifyBaseLogger,
  options: { leaseRetryMs?: number } = {},
): () => Promise<void> {
  const api = telegramApi(deps.config.telegram);
  const controller = new AbortController();
  const pollerId = randomUUID();
  let offset: number | undefined;
  let failures = 0;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      controller.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });

  const loop = async () => {
    let knowsName = false;
    while (!controller.signal.aborted) {
      try {
        if (!knowsName) {
          const me = await api.getMe(controller.signal as GrammySignal);
          await deps.db.updateTable('telegram_state').set({ bot_username: me.username }).execute();
          log.info(`Telegram bot @${me.username} talks to ${deps.config.telegram.apiRoot}`);
          knowsName = true;
        }
        if (!(await takePollingLease(deps, pollerId))) {
          // Another instance polls; this one stands by to take over.
          offset = undefined;
          await pause(options.leaseRetryMs ?? 30_000);
          continue;
        }
        const result = await pollTelegramOnce(deps, api, {
          ...(offset !== undefined ? { offset } : {}),
          timeoutSeconds: LONG_POLL_SECONDS,
          log,
          signal: controller.signal,
        });
        offset = result.offset;
        failures = 0;
      } catch (error) {
        if (controller.signal.aborted) {
          break;
        }
        failures += 1;
        log.warn({ err: error, failures }, 'telegram polling failed');
        await pause(Math.min(1000 * 2 ** failures, 60_000));
      }
    }
    // Hand the lease over at once instead of letting it lapse.
    await deps.db
      .updateTable('telegram_state')
      .set({ poller_lease_until: null })
      .where('poller_id', '=', pollerId)
      .execute()
      .catch(() => undefined);
  };

  const running = loop();
  return async () => {
    controller.abort();
    await running;
  };
}
