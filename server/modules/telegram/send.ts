import { Api, GrammyError } from 'grammy';
import type { Config } from '#server/config.ts';
import type { AppDeps } from '#server/deps.ts';
import type { Job } from '#server/jobs/queue.ts';
import { fitMessage } from './texts.ts';

// Everything the bot says goes through the `telegram.send` job: sent after the transaction that decided
// it commits, retried with the queue's backoff when Telegram is unreachable or asks to slow down.

export const TELEGRAM_SEND_JOB = 'telegram.send';

export type TelegramSendPayload = {
  chatId: number;
  text: string;
  /** The request the message is about: a reply to it becomes a comment there. */
  ticketId?: string;
  /** The message it answers, shown as a quote in Telegram. */
  replyTo?: number;
  /** The linked user it is for: nothing is sent if he has unlinked (or relinked elsewhere) meanwhile. */
  userId?: string;
};

const apis = new Map<string, Api>();

/** The grammY client of the configured bot, pointed at the configured Bot API server. */
export function telegramApi(config: Config['telegram']): Api {
  if (!config.botToken) {
    throw new Error('TELEGRAM_BOT_TOKEN is not set');
  }
  const key = `${config.apiRoot} ${config.botToken}`;
  let api = apis.get(key);
  if (!api) {
    api = new Api(config.botToken, { apiRoot: config.apiRoot, timeoutSeconds: 60 });
    apis.set(key, api);
  }
  return api;
}

/** Telegram's answers that no retry will change: the user blocked the bot, the chat is gone. */
const isPermanent = (error: unknown) =>
  error instanceof GrammyError && (error.error_code === 400 || error.error_code === 403);

/** The `telegram.send` job. */
export async function sendTelegramMessage(deps: AppDeps, job: Job): Promise<void> {
  const payload = (
    typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload
  ) as TelegramSendPayload;
  if (payload.userId) {
    const link = await deps.db
      .selectFrom('telegram_links')
      .select('chat_id')
      .where('user_id', '=', payload.userId)
      .where('chat_id', '=', payload.chatId)
      .executeTakeFirst();
    if (!link) {
      return;
    }
  }
  const api = telegramApi(deps.config.telegram);
  let sent;
  try {
    sent = await api.sendMessage(payload.chatId, fitMessage(payload.text), {
      ...(payload.replyTo
        ? { reply_parameters: { message_id: payload.replyTo, allow_sending_without_reply: true } }
        : {}),
      link_preview_options: { is_disabled: true },
    });
  } catch (error) {
    if (isPermanent(error)) {
      return;
    }
    throw error;
  }
  if (payload.ticketId) {
    await deps.db
      .insertInto('telegram_messages')
      .values({
        chat_id: payload.chatId,
        message_id: sent.message_id,
        ticket_id: payload.ticketId,
        sent_at: deps.clock.now(),
      })
      .onConflict((oc) => oc.columns(['chat_id', 'message_id']).doNothing())
      .execute()
      .catch((error: unknown) => {
        // The request was deleted since: the message simply leads nowhere.
        if ((error as { code?: string }).code !== '23503') {
          throw error;
        }
      });
  }
}
