import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';

// A Bot API server for tests, on 127.0.0.1: speaks the protocol grammY speaks to Telegram (POST
// /bot<token>/<method> with a JSON body, `{ ok, result }` back) for getMe, getUpdates (long polling,
// confirming updates below the offset) and sendMessage. Not a mock of our code: grammY's real client
// talks to it over HTTP.

export type SentMessage = {
  message_id: number;
  chat_id: number;
  text: string;
  reply_to: number | null;
};

export type FakeBotApi = Awaited<ReturnType<typeof startFakeBotApi>>;

export async function startFakeBotApi(token: string, botUsername = 'zayavka_test_bot') {
  let pending: Update[] = [];
  const sent: SentMessage[] = [];
  const calls: string[] = [];
  let failSends: number[] = [];
  let nextMessageId = 1000;
  let wake: (() => void) | null = null;

  const reply = (response: import('node:http').ServerResponse, status: number, body: unknown) => {
    response.statusCode = status;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(body));
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
        if (!match || match[1] !== token) {
          reply(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
          return;
        }
        const method = match[2] ?? '';
        calls.push(method);
        const text = Buffer.concat(chunks).toString('utf8');
        const params = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
        switch (method) {
          case 'getMe':
            reply(response, 200, {
              ok: true,
              result: { id: 4242, is_bot: true, first_name: 'Заявка', username: botUsername },
            });
            return;
          case 'getUpdates': {
            const offset = typeof params.offset === 'number' ? params.offset : undefined;
            if (offset !== undefined) {
              // Telegram forgets what is below the offset: those updates are confirmed.
              pending = pending.filter((u) => u.update_id >= offset);
            }
            const timeout = typeof params.timeout === 'number' ? params.timeout : 0;
            if (!pending.length && timeout > 0) {
              await new Promise<void>((resolve) => {
                const timer = setTimeout(resolve, Math.min(timeout, 2) * 1000);
                wake = () => {
                  clearTimeout(timer);
                  resolve();
                };
              });
              wake = null;
            }
            reply(response, 200, { ok: true, result: pending.slice(0, 100) });
            return;
          }
          case 'sendMessage': {
            const status = failSends.shift();
            if (status) {
              reply(response, status, {
                ok: false,
                error_code: status,
                description: 'Internal Server Error',
              });
              return;
            }
            const replyParameters = params.reply_parameters as { message_id?: number } | undefined;
            const message: SentMessage = {
              message_id: nextMessageId++,
              chat_id: Number(params.chat_id),
              text: String(params.text),
              reply_to: replyParameters?.message_id ?? null,
            };
            sent.push(message);
            reply(response, 200, {
              ok: true,
              result: {
                message_id: message.message_id,
                date: Math.floor(Date.now() / 1000),
                chat: { id: message.chat_id, type: 'private' },
                text: message.text,
              },
            });
            return;
          }
          default:
            reply(response, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiRoot,
    sent,
    calls,
    /** Queues an update as Telegram would hold it for the bot. */
    push(update: Update) {
      pending.push(update);
      wake?.();
    },
    /** The next sendMessage calls answer with these HTTP statuses. */
    failNextSends(...statuses: number[]) {
      failSends = statuses;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let nextUpdateId = 1;
let nextIncomingId = 1;

/** A private text message from a Telegram user, as an update. */
export function textUpdate(
  from: { id: number; username?: string; firstName?: string; languageCode?: string },
  text: string,
  options: { replyTo?: number; updateId?: number } = {},
): Update {
  const update = {
    update_id: options.updateId ?? nextUpdateId++,
    message: {
      message_id: nextIncomingId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from.id, type: 'private', first_name: from.firstName ?? 'Иван' },
      from: {
        id: from.id,
        is_bot: false,
        first_name: from.firstName ?? 'Иван',
        ...(from.username ? { username: from.username } : {}),
        language_code: from.languageCode ?? 'ru',
      },
      text,
      ...(options.replyTo
        ? {
            reply_to_message: {
              message_id: options.replyTo,
              date: Math.floor(Date.now() / 1000),
              chat: { id: from.id, type: 'private', first_name: from.firstName ?? 'Иван' },
              text: '…',
            },
          }
        : {}),
    },
  };
  return update as unknown as Update;
}
