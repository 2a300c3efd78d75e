import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '#server/deps.ts';
import { retryDelayMs, runDueJobs } from '#server/jobs/queue.ts';
import { JOB_HANDLERS, TICKET_EVENT_CONSUMERS } from '#server/jobs/registry.ts';
import { fanOutTicketEvent } from '#server/jobs/ticket-events.ts';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';
import { type FakeBotApi, startFakeBotApi, textUpdate } from '#server/test/telegram-bot-api.ts';
import { telegramConsumer } from './notify.ts';
import { startTelegramPolling } from './polling.ts';
import { TELEGRAM_SEND_JOB, sendTelegramMessage, telegramApi } from './send.ts';
import { pollTelegramOnce } from './updates.ts';

// The bot against a local server speaking the Telegram Bot API: grammY's real client polls it for
// updates and sends messages to it over HTTP; the job queue runs on the test's clock.

const TOKEN = '123456:TEST-token';

let t: TestApp;
let bot: FakeBotApi;
let deps: AppDeps;
let clientUser: Session;
let dispatcher: Session;
let agentOfLine: Session;
let agentElsewhere: Session;
let offset: number | undefined;

const CLIENT_CHAT = { id: 555001, username: 'ivan_buh', firstName: 'Иван' };
const AGENT_CHAT = { id: 555002, username: 'agent_petrov', firstName: 'Пётр' };
const OTHER_AGENT_CHAT = { id: 555003, firstName: 'Анна' };

const handlers = {
  'ticket-event': (d: AppDeps, job: Parameters<typeof sendTelegramMessage>[1]) =>
    fanOutTicketEvent(d, job, [telegramConsumer]),
  [TELEGRAM_SEND_JOB]: sendTelegramMessage,
};

/** What Telegram would do next: hand the bot its updates, then the bot's answers go out. */
async function exchange() {
  // Each exchange a second later: what it writes sorts after what came before.
  t.clock.advance(1_000);
  const result = await pollTelegramOnce(deps, telegramApi(deps.config.telegram), {
    ...(offset !== undefined ? { offset } : {}),
  });
  offset = result.offset;
  await runDueJobs(deps, handlers);
}

const sentTo = (chatId: number) => bot.sent.filter((m) => m.chat_id === chatId);
const lastTo = (chatId: number) => sentTo(chatId).at(-1);

async function linkChat(session: Session, chat: { id: number; username?: string; firstName?: string }) {
  const response = await callAs(t.app, session, { method: 'POST', url: '/api/v1/telegram/link-code' });
  expect(response.statusCode, response.body).toBe(201);
  const { code } = response.json<{ code: string }>();
  bot.push(textUpdate(chat, `/start ${code}`));
  await exchange();
}

beforeAll(async () => {
  t = await createTestApp();
  bot = await startFakeBotApi(TOKEN);
  deps = { ...t.deps, config: { ...t.deps.config, telegram: { botToken: TOKEN, apiRoot: bot.apiRoot } } };
  const first = await buildLine(t.db, { code: 'L1', level: 1 });
  const second = await buildLine(t.db, { code: 'L2', level: 2 });
  const client = await buildClient(t.db, { name: 'ООО «Ромашка»' });
  clientUser = await sessionFor(t, 'client_user', { clientId: client.id, name: 'Иван Бухгалтеров' });
  dispatcher = await sessionFor(t, 'dispatcher', { name: 'Диспетчер Ольга' });
  agentOfLine = await sessionFor(t, 'agent', { lineIds: [first.id], name: 'Пётр Первая линия' });
  agentElsewhere = await sessionFor(t, 'agent', { lineIds: [second.id] });
});
afterAll(async () => {
  await bot.close();
  await t.close();
});
beforeEach(() => {
  bot.sent.length = 0;
});

async function telegramTickets() {
  return t.db
    .selectFrom('tickets')
    .select(['id', 'number', 'title', 'description', 'channel', 'requester_id', 'version'])
    .where('channel', '=', 'telegram')
    .orderBy('number')
    .execute();
}

describe('the Telegram bot', () => {
  it('is registered with the job queue', () => {
    expect(TICKET_EVENT_CONSUMERS).toContain(telegramConsumer);
    expect(JOB_HANDLERS[TELEGRAM_SEND_JOB]).toBe(sendTelegramMessage);
  });

  it('tells an unlinked chat how to link, and refuses a wrong code', async () => {
    bot.push(textUpdate(CLIENT_CHAT, 'Здравствуйте, у нас не работает касса'));
    bot.push(textUpdate(CLIENT_CHAT, '/start WRONGCODE'));
    await exchange();
    expect(sentTo(CLIENT_CHAT.id).map((m) => m.text)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/start КОД'),
        expect.stringContaining('Код не подошёл'),
      ]),
    );
    expect(await telegramTickets()).toHaveLength(0);
  });

  it('links a contact with the one-time code from the portal, once', async () => {
    const response = await callAs(t.app, clientUser, { method: 'POST', url: '/api/v1/telegram/link-code' });
    const { code } = response.json<{ code: string }>();
    bot.push(textUpdate(CLIENT_CHAT, `/start ${code}`));
    await exchange();
    expect(lastTo(CLIENT_CHAT.id)?.text).toContain('Готово, Иван Бухгалтеров');
    const status = await callAs(t.app, clientUser, { method: 'GET', url: '/api/v1/telegram/link' });
    expect(status.json()).toMatchObject({ linked: true, username: 'ivan_buh', botConfigured: false });

    // The same code again, from another chat: spent.
    bot.push(textUpdate(OTHER_AGENT_CHAT, `/start ${code}`));
    await exchange();
    expect(lastTo(OTHER_AGENT_CHAT.id)?.text).toContain('Код не подошёл');
  });

  it('creates a request from a plain message, once even if Telegram hands the update out twice', async () => {
    const update = textUpdate(CLIENT_CHAT, 'Не пробивается чек на кассе\nОшибка ККТ 234 с утра');
    bot.push(update);
    await exchange();
    // Telegram gives the same update again (the confirmation was lost): nothing new happens.
    bot.push(update);
    await exchange();
    const tickets = await telegramTickets();
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({
      title: 'Не пробивается чек на кассе',
      description: '<p>Не пробивается чек на кассе<br />Ошибка ККТ 234 с утра</p>',
      requester_id: clientUser.userId,
    });
    const answer = sentTo(CLIENT_CHAT.id);
    expect(answer).toHaveLength(1);
    expect(answer[0]!.text).toContain(`Заявка №${tickets[0]!.number} зарегистрирована`);
    expect(answer[0]!.reply_to).not.toBeNull();
    // The client sees it in the portal like any other request.
    const view = await callAs(t.app, clientUser, { method: 'GET', url: `/api/v1/tickets/${tickets[0]!.id}` });
    expect(view.json()).toMatchObject({ channel: 'telegram', status: 'new' });
  });

  it('adds a reply to the bot’s message, and /reply N, as the contact’s public comments', async () => {
    const [ticket] = await telegramTickets();
    const botMessage = await t.db
      .selectFrom('telegram_messages')
      .select('message_id')
      .where('ticket_id', '=', ticket!.id)
      .executeTakeFirstOrThrow();
    bot.push(textUpdate(CLIENT_CHAT, 'Касса АТОЛ 30Ф, прошивка 5.8', { replyTo: botMessage.message_id }));
    bot.push(textUpdate(CLIENT_CHAT, `/reply ${ticket!.number} Перезагрузка не помогла`));
    bot.push(textUpdate(CLIENT_CHAT, '/reply 999999 чужая заявка'));
    await exchange();
    // The queue runs a batch of jobs in no set order: the answers may come in any order.
    expect(
      sentTo(CLIENT_CHAT.id)
        .map((m) => m.text)
        .sort(),
    ).toEqual([
      `Добавлено в заявку №${ticket!.number}.`,
      `Добавлено в заявку №${ticket!.number}.`,
      'Заявка №999999 не найдена.',
    ]);
    const comments = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket!.id}/comments`,
    });
    expect(
      comments
        .json<{ items: { body: string; internal: boolean; authorId: string }[] }>()
        .items.map((c) => [c.body, c.internal, c.authorId]),
    ).toEqual(
      expect.arrayContaining([
        ['<p>Касса АТОЛ 30Ф, прошивка 5.8</p>', false, clientUser.userId],
        ['<p>Перезагрузка не помогла</p>', false, clientUser.userId],
      ]),
    );
  });

  it('tells the contact of status changes and public answers, never of internal notes', async () => {
    const [row] = await telegramTickets();
    const ticket = row!;
    const moved = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/transitions`,
      payload: { to: 'evaluated', version: ticket.version, estimateHours: 0.5 },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    for (const [body, internal] of [
      ['<p>Обновите драйвер ККТ до 10.9</p>', false],
      ['<p>Похоже на старую прошивку</p>', true],
    ] as const) {
      await callAs(t.app, dispatcher, {
        method: 'POST',
        url: `/api/v1/tickets/${ticket.id}/comments`,
        payload: { body, internal },
      });
    }
    await runDueJobs(deps, handlers);
    const texts = sentTo(CLIENT_CHAT.id).map((m) => m.text);
    expect(texts).toHaveLength(3);
    expect(texts).toEqual(
      expect.arrayContaining([
        `Заявка №${ticket.number} «${ticket.title}»: Новая → Оценена`,
        `Заявка №${ticket.number} «${ticket.title}»: Оценена → Согласована`,
        expect.stringContaining('Обновите драйвер ККТ до 10.9'),
      ]),
    );
    expect(texts.join('\n')).not.toContain('прошивку');
    // A reply to the answer goes back into the request.
    const answer = sentTo(CLIENT_CHAT.id).find((m) => m.text.includes('Обновите драйвер'))!;
    bot.push(textUpdate(CLIENT_CHAT, 'Обновил, чеки идут. Спасибо!', { replyTo: answer.message_id }));
    await exchange();
    const comments = await callAs(t.app, clientUser, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/comments`,
    });
    expect(comments.json<{ items: { body: string }[] }>().items.at(-1)?.body).toBe(
      '<p>Обновил, чеки идут. Спасибо!</p>',
    );
  });

  it('lists the contact’s open requests on /requests', async () => {
    const [ticket] = await telegramTickets();
    bot.push(textUpdate(CLIENT_CHAT, '/requests'));
    await exchange();
    expect(lastTo(CLIENT_CHAT.id)?.text).toBe(
      `Открытые заявки:\n№${ticket!.number} · Согласована · Не пробивается чек на кассе`,
    );
  });

  it('alerts linked agents of their line about new requests, and takes their replies as internal notes', async () => {
    await linkChat(agentOfLine, AGENT_CHAT);
    await linkChat(agentElsewhere, OTHER_AGENT_CHAT);
    expect(lastTo(AGENT_CHAT.id)?.text).toContain('новые заявки ваших линий');
    bot.sent.length = 0;

    bot.push(textUpdate(CLIENT_CHAT, 'Не открывается отчёт по продажам'));
    await exchange();
    await runDueJobs(deps, handlers);
    const created = (await telegramTickets()).at(-1)!;
    const alert = lastTo(AGENT_CHAT.id);
    expect(alert?.text).toBe(
      `Новая заявка №${created.number}: Не открывается отчёт по продажам\nКлиент: ООО «Ромашка»`,
    );
    // The agent of another line may not see it: he hears nothing.
    expect(sentTo(OTHER_AGENT_CHAT.id)).toEqual([]);

    bot.push(textUpdate(AGENT_CHAT, 'Беру, позвоню клиенту', { replyTo: alert!.message_id }));
    await exchange();
    expect(lastTo(AGENT_CHAT.id)?.text).toBe(`Внутренняя заметка добавлена в заявку №${created.number}.`);
    const comments = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets/${created.id}/comments`,
    });
    expect(comments.json<{ items: { body: string; internal: boolean }[] }>().items).toEqual([
      expect.objectContaining({ body: '<p>Беру, позвоню клиенту</p>', internal: true }),
    ]);
    // An agent's plain message opens no request.
    bot.push(textUpdate(AGENT_CHAT, 'Привет'));
    await exchange();
    expect(lastTo(AGENT_CHAT.id)?.text).toContain('рабочем месте');

    // Escalated to the second line: now its agent hears of it, the first line's does not again.
    bot.sent.length = 0;
    const escalated = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/tickets/${created.id}/escalations`,
      payload: { direction: 'up', reason: 'Нужен доступ к серверу', version: created.version },
    });
    expect(escalated.statusCode, escalated.body).toBe(200);
    await runDueJobs(deps, handlers);
    expect(sentTo(OTHER_AGENT_CHAT.id).map((m) => m.text)).toEqual([
      `Заявка №${created.number} передана на вашу линию: Не открывается отчёт по продажам\nПричина: Нужен доступ к серверу`,
    ]);
    expect(sentTo(AGENT_CHAT.id)).toEqual([]);
  });

  it('retries a message Telegram failed to take', async () => {
    const [ticket] = await telegramTickets();
    bot.failNextSends(502);
    await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket!.id}/comments`,
      payload: { body: '<p>Проверьте, пожалуйста, ещё раз</p>', internal: false },
    });
    await runDueJobs(deps, handlers);
    expect(sentTo(CLIENT_CHAT.id)).toEqual([]);
    t.clock.advance(retryDelayMs(1));
    await runDueJobs(deps, handlers);
    expect(sentTo(CLIENT_CHAT.id).map((m) => m.text)).toEqual([
      expect.stringContaining('Проверьте, пожалуйста'),
    ]);
  });

  it('stops writing and acting for a contact who unlinks in the portal', async () => {
    const [ticket] = await telegramTickets();
    const unlink = await callAs(t.app, clientUser, { method: 'DELETE', url: '/api/v1/telegram/link' });
    expect(unlink.statusCode).toBe(204);
    await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket!.id}/comments`,
      payload: { body: '<p>Ещё один ответ</p>', internal: false },
    });
    await runDueJobs(deps, handlers);
    expect(sentTo(CLIENT_CHAT.id)).toEqual([]);
    bot.push(textUpdate(CLIENT_CHAT, 'Новая проблема'));
    await exchange();
    expect(sentTo(CLIENT_CHAT.id).map((m) => m.text)).toEqual([expect.stringContaining('ещё не связан')]);
    const status = await callAs(t.app, clientUser, { method: 'GET', url: '/api/v1/telegram/link' });
    expect(status.json()).toMatchObject({ linked: false });
  });
});

describe('the polling loop', () => {
  it('learns the bot’s name with getMe, long-polls for updates and acts on them until stopped', async () => {
    const logged: unknown[] = [];
    const log = {
      info: () => undefined,
      warn: (...args: unknown[]) => logged.push(args),
      error: (...args: unknown[]) => logged.push(args),
      debug: () => undefined,
    } as unknown as FastifyBaseLogger;
    const stop = startTelegramPolling(deps, log);
    try {
      await expect
        .poll(
          async () =>
            (await callAs(t.app, clientUser, { method: 'GET', url: '/api/v1/telegram/link' })).json<
              Record<string, unknown>
            >(),
          {
            timeout: 5_000,
          },
        )
        .toMatchObject({ botUsername: 'zayavka_test_bot' });
      const code = (
        await callAs(t.app, clientUser, { method: 'POST', url: '/api/v1/telegram/link-code' })
      ).json<{
        code: string;
        deepLink: string;
      }>();
      expect(code.deepLink).toBe(`https://t.me/zayavka_test_bot?start=${code.code}`);
      bot.push(textUpdate(CLIENT_CHAT, `/start ${code.code}`));
      await expect
        .poll(
          async () =>
            (await t.db.selectFrom('telegram_links').select('user_id').execute()).map((l) => l.user_id),
          {
            timeout: 5_000,
          },
        )
        .toContain(clientUser.userId);
    } finally {
      await stop();
    }
    expect(bot.calls).toContain('getMe');
    expect(logged).toEqual([]);
  });
  it('stands by while another instance holds the polling lease, and takes over when it lapses', async () => {
    const log = {
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      debug: () => undefined,
    } as unknown as FastifyBaseLogger;
    await t.db
      .updateTable('telegram_state')
      .set({ poller_id: 'another-instance', poller_lease_until: new Date(t.clock.now().getTime() + 60_000) })
      .execute();
    bot.calls.length = 0;
    const stop = startTelegramPolling(deps, log, { leaseRetryMs: 50 });
    try {
      await expect.poll(() => bot.calls.includes('getMe'), { timeout: 5_000 }).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(bot.calls).not.toContain('getUpdates');
      // The other instance died: its lease lapses and this one polls.
      t.clock.advance(61_000);
      await expect.poll(() => bot.calls.includes('getUpdates'), { timeout: 5_000 }).toBe(true);
      const state = await t.db.selectFrom('telegram_state').select('poller_id').executeTakeFirstOrThrow();
      expect(state.poller_id).not.toBe('another-instance');
    } finally {
      await stop();
    }
  });
});
