import type { Status } from '#common/tickets.ts';

// What the bot says, in the user's language (Russian by default). Plain text: no parse mode, so a
// request's title or a comment can never break the message's markup.

export type BotLocale = 'ru' | 'en';

const STATUS_NAMES: Record<BotLocale, Record<Status, string>> = {
  ru: {
    new: 'Новая',
    evaluated: 'Оценена',
    approved: 'Согласована',
    rejected: 'Отклонена',
    planned: 'Запланирована',
    in_progress: 'В работе',
    done: 'Выполнена',
    completed: 'Завершена',
    stale: 'Устарела',
    irrelevant: 'Неактуальна',
  },
  en: {
    new: 'New',
    evaluated: 'Evaluated',
    approved: 'Approved',
    rejected: 'Rejected',
    planned: 'Planned',
    in_progress: 'In progress',
    done: 'Done',
    completed: 'Completed',
    stale: 'Stale',
    irrelevant: 'Irrelevant',
  },
};

export const statusName = (locale: BotLocale, status: string): string =>
  STATUS_NAMES[locale][status as Status] ?? status;

/** Telegram's language of a user who has not linked yet: English for English clients, else Russian. */
export const localeOfTelegramUser = (languageCode: string | undefined): BotLocale =>
  languageCode?.toLowerCase().startsWith('en') ? 'en' : 'ru';

const TEXTS = {
  ru: {
    notLinked:
      'Этот чат ещё не связан с Заявкой. Получите код на портале (Профиль → Telegram) и отправьте боту: /start КОД',
    badCode: 'Код не подошёл: он неверный, уже использован или истёк. Получите новый на портале.',
    linked: (name: string) =>
      `Готово, ${name}: чат связан с Заявкой.\nНапишите сообщение — мы зарегистрируем заявку. Ответьте на сообщение о заявке — ответ попадёт в неё. /requests — ваши открытые заявки, /help — подсказка.`,
    linkedStaff: (name: string) =>
      `Готово, ${name}: сюда будут приходить новые заявки ваших линий. Ответ на такое сообщение станет внутренней заметкой в заявке. /requests — заявки, назначенные вам.`,
    helpRequester:
      'Напишите сообщение — зарегистрируем заявку.\nОтветьте на сообщение бота о заявке (или /reply 1234 текст) — ответ добавится в заявку.\n/requests — ваши открытые заявки\n/stop — отвязать чат',
    helpStaff:
      'Сюда приходят новые заявки ваших линий.\nОтветьте на такое сообщение (или /reply 1234 текст) — это станет внутренней заметкой.\n/requests — назначенные вам открытые заявки\n/stop — отвязать чат',
    created: (number: number) =>
      `Заявка №${number} зарегистрирована. Мы сообщим здесь об изменениях. Чтобы дополнить её, ответьте на это сообщение.`,
    commented: (number: number) => `Добавлено в заявку №${number}.`,
    notedInternally: (number: number) => `Внутренняя заметка добавлена в заявку №${number}.`,
    noSuchRequest: (number: number) => `Заявка №${number} не найдена.`,
    replyUsage: 'Напишите так: /reply 1234 текст ответа',
    noOpenRequests: 'Открытых заявок нет.',
    openRequests: 'Открытые заявки:',
    staffWritesInDesk:
      'Заявки сотрудники регистрируют в рабочем месте. Здесь можно ответить на сообщение о заявке — это станет внутренней заметкой.',
    onlyText: 'Пока бот понимает только текст. Файлы можно приложить к заявке на портале.',
    inactive: 'Учётная запись отключена. Обратитесь к администратору.',
    unlinked: 'Чат отвязан от Заявки. Чтобы связать снова, получите новый код на портале.',
    failed: 'Не получилось: ',
    error: 'Что-то пошло не так. Попробуйте ещё раз чуть позже.',
    statusChanged: (number: number, title: string, from: string, to: string) =>
      `Заявка №${number} «${title}»: ${from} → ${to}`,
    answered: (number: number, title: string, author: string, body: string) =>
      `Ответ по заявке №${number} «${title}» (${author}):\n\n${body}\n\nЧтобы ответить, ответьте на это сообщение.`,
    newRequest: (number: number, title: string, client: string) =>
      `Новая заявка №${number}: ${title}${client ? `\nКлиент: ${client}` : ''}`,
    escalated: (number: number, title: string, reason: string) =>
      `Заявка №${number} передана на вашу линию: ${title}${reason ? `\nПричина: ${reason}` : ''}`,
  },
  en: {
    notLinked:
      'This chat is not linked to Zayavka yet. Get a code in the portal (Profile → Telegram) and send it here: /start CODE',
    badCode: 'The code did not work: it is wrong, used or expired. Get a new one in the portal.',
    linked: (name: string) =>
      `Done, ${name}: this chat is linked to Zayavka.\nWrite a message and we register a request. Reply to a message about a request to add to it. /requests lists your open requests, /help explains.`,
    linkedStaff: (name: string) =>
      `Done, ${name}: new requests of your lines will come here. A reply to one becomes an internal note. /requests lists the requests assigned to you.`,
    helpRequester:
      'Write a message and we register a request.\nReply to the bot’s message about a request (or /reply 1234 text) to add to it.\n/requests: your open requests\n/stop: unlink this chat',
    helpStaff:
      'New requests of your lines come here.\nReply to one (or /reply 1234 text) to add an internal note.\n/requests: open requests assigned to you\n/stop: unlink this chat',
    created: (number: number) =>
      `Request #${number} is registered. We will tell you here when it changes. Reply to this message to add to it.`,
    commented: (number: number) => `Added to request #${number}.`,
    notedInternally: (number: number) => `Internal note added to request #${number}.`,
    noSuchRequest: (number: number) => `Request #${number} was not found.`,
    replyUsage: 'Write it like this: /reply 1234 your answer',
    noOpenRequests: 'No open requests.',
    openRequests: 'Open requests:',
    staffWritesInDesk:
      'Staff register requests in the desk. Here you can reply to a message about a request to add an internal note.',
    onlyText: 'The bot understands only text for now. Attach files to the request in the portal.',
    inactive: 'Your account is disabled. Please contact the administrator.',
    unlinked: 'This chat is unlinked from Zayavka. Get a new code in the portal to link it again.',
    failed: 'That did not work: ',
    error: 'Something went wrong. Please try again a little later.',
    statusChanged: (number: number, title: string, from: string, to: string) =>
      `Request #${number} “${title}”: ${from} → ${to}`,
    answered: (number: number, title: string, author: string, body: string) =>
      `Answer on request #${number} “${title}” (${author}):\n\n${body}\n\nReply to this message to answer.`,
    newRequest: (number: number, title: string, client: string) =>
      `New request #${number}: ${title}${client ? `\nClient: ${client}` : ''}`,
    escalated: (number: number, title: string, reason: string) =>
      `Request #${number} was passed to your line: ${title}${reason ? `\nReason: ${reason}` : ''}`,
  },
} as const;

export const botTexts = (locale: BotLocale) => TEXTS[locale];

/** Telegram refuses messages over 4096 characters: long comments are cut with an ellipsis. */
export const fitMessage = (text: string, max = 4000): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;
