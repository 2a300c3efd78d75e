import type { Api } from 'grammy';
import type { Message, Update } from 'grammy/types';
import type { FastifyBaseLogger } from 'fastify';
import { isStaffRole } from '#common/roles.ts';
import type { Db } from '#server/db/client.ts';
import type { AppDeps } from '#server/deps.ts';
import { type EnqueueInput, enqueueJobs } from '#server/jobs/queue.ts';
import { AppError } from '#server/http/problem.ts';
import { type Actor, loadActor } from '#server/modules/auth/actor.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';
import { addComment, createTicket } from '#server/modules/tickets/service.ts';
import { parseBotMessage, plainToHtml, titleFromMessage } from './commands.ts';
import { consumeLinkCode, unlinkTelegram } from './link.ts';
import { TELEGRAM_SEND_JOB, type TelegramSendPayload } from './send.ts';
import { type BotLocale, botTexts, localeOfTelegramUser, statusName } from './texts.ts';

// What the bot does with a user's message. Each update is handled in one transaction that also records
// its id, so an update Telegram hands out twice is acted on once; the bot's answers are `telegram.send`
// jobs of that transaction, sent after it commits and retried like any delivery.

type Reply = { text: string; ticketId?: string };

const CLOSED_STATUSES = ['completed', 'irrelevant', 'rejected'] as const;

/** A linked user as an Actor: the bot acts with exactly his rights. */
const actorFor = (db: Db, userId: string) => loadActor(db, userId, { tokenId: 'telegram' });

async function ticketByNumber(db: Db, actor: Actor, number: number) {
  return db
    .selectFrom('tickets')
    .select(['id', 'number'])
    .where('number', '=', number)
    .where(visibleTickets(actor))
    .executeTakeFirst();
}

async function openRequests(db: Db, actor: Actor, locale: BotLocale): Promise<Reply> {
  const texts = botTexts(locale);
  const rows = await db
    .selectFrom('tickets')
    .select(['number', 'title', 'status'])
    .where(visibleTickets(actor))
    // "His": the requests he filed, or for staff the ones assigned to him.
    .where(isStaffRole(actor.role) ? 'assignee_id' : 'requester_id', '=', actor.id)
    .where('status', 'not in', [...CLOSED_STATUSES])
    .orderBy('number', 'desc')
    .limit(20)
    .execute();
  if (!rows.length) {
    return { text: texts.noOpenRequests };
  }
  const lines = rows.map((r) => `№${r.number} · ${statusName(locale, r.status)} · ${r.title}`);
  return { text: [texts.openRequests, ...lines].join('\n') };
}

/** Adds a comment from Telegram: a contact's is a public reply, a staff member's an internal note. */
async function commentFromChat(deps: AppDeps, actor: Actor, ticketId: string, number: number, text: string) {
  const texts = botTexts(actor.locale);
  const internal = isStaffRole(actor.role);
  await addComment(deps, actor, ticketId, { body: plainToHtml(text), internal });
  return { text: internal ? texts.notedInternally(number) : texts.commented(number), ticketId };
}

async function handleMessage(deps: AppDeps, message: Message): Promise<Reply[]> {
  const db = deps.db;
  const now = deps.clock.now();
  const chatId = message.chat.id;
  const text = message.text ?? message.caption ?? '';
  const link = await db
    .selectFrom('telegram_links')
    .select('user_id')
    .where('chat_id', '=', chatId)
    .executeTakeFirst();
  const command = parseBotMessage(text);
  const guestTexts = botTexts(localeOfTelegramUser(message.from?.language_code));

  if (command.kind === 'start' && command.code) {
    const userId = await consumeLinkCode(db, now, command.code, {
      chatId,
      telegramUserId: message.from?.id ?? chatId,
      username: message.from?.username ?? null,
    });
    const actor = userId ? await actorFor(db, userId) : null;
    if (!actor) {
      return [{ text: guestTexts.badCode }];
    }
    const texts = botTexts(actor.locale);
    return [{ text: isStaffRole(actor.role) ? texts.linkedStaff(actor.name) : texts.linked(actor.name) }];
  }
  if (!link) {
    return [{ text: guestTexts.notLinked }];
  }
  const actor = await actorFor(db, link.user_id);
  if (!actor) {
    return [{ text: guestTexts.inactive }];
  }
  const texts = botTexts(actor.locale);
  const staff = isStaffRole(actor.role);

  switch (command.kind) {
    case 'start':
    case 'help':
      return [{ text: staff ? texts.helpStaff : texts.helpRequester }];
    case 'stop':
      await unlinkTelegram(db, actor.id);
      return [{ text: texts.unlinked }];
    case 'requests':
      return [await openRequests(db, actor, actor.locale)];
    case 'replyUsage':
      return [{ text: texts.replyUsage }];
    case 'reply': {
      const ticket = await ticketByNumber(db, actor, command.number);
      if (!ticket) {
        return [{ text: texts.noSuchRequest(command.number) }];
      }
      return [await commentFromChat(deps, actor, ticket.id, ticket.number, command.body)];
    }
    case 'text':
      break;
  }

  if (!command.text) {
    return [{ text: texts.onlyText }];
  }
  const repliedTo = message.reply_to_message?.message_id;
  if (repliedTo !== undefined) {
    // A reply to the bot's message about a request belongs to that request (if he may still see it).
    const about = await db
      .selectFrom('telegram_messages as m')
      .innerJoin('tickets', 'tickets.id', 'm.ticket_id')
      .select(['tickets.id', 'tickets.number'])
      .where('m.chat_id', '=', chatId)
      .where('m.message_id', '=', repliedTo)
      .where(visibleTickets(actor))
      .executeTakeFirst();
    if (about) {
      return [await commentFromChat(deps, actor, about.id, about.number, command.text)];
    }
  }
  if (staff) {
    return [{ text: texts.staffWritesInDesk }];
  }
  const ticket = await createTicket(db, deps.clock, actor, {
    title: titleFromMessage(command.text),
    description: plainToHtml(command.text),
    channel: 'telegram',
  });
  return [{ text: texts.created(ticket.number), ticketId: ticket.id }];
}

/** The answers of one update as send jobs, each a reply to the user's message. */
function replyJobs(update: Update, message: Message, replies: Reply[], now: Date): EnqueueInput[] {
  return replies.map((reply, index) => {
    const payload: TelegramSendPayload = {
      chatId: message.chat.id,
      text: reply.text,
      replyTo: message.message_id,
      ...(reply.ticketId ? { ticketId: reply.ticketId } : {}),
    };
    return { kind: TELEGRAM_SEND_JOB, payload, dedupeKey: `update:${update.update_id}:${index}`, runAt: now };
  });
}

/** Records the update as handled; false when it was handled before (Telegram gave it again). */
async function claimUpdate(db: Db, updateId: number, now: Date): Promise<boolean> {
  const claimed = await db
    .insertInto('telegram_updates')
    .values({ update_id: updateId, handled_at: now })
    .onConflict((oc) => oc.column('update_id').doNothing())
    .returning('update_id')
    .executeTakeFirst();
  return claimed !== undefined;
}

/**
 * Handles one update exactly once. A refusal of the rules (a request not his, a blank text) is told to
 * the user; an unexpected failure too, and the update is still marked handled so one bad message cannot
 * stop the bot.
 */
export async function handleTelegramUpdate(deps: AppDeps, update: Update, log?: FastifyBaseLogger) {
  const message = update.message;
  const now = deps.clock.now();
  if (!message || message.chat.type !== 'private') {
    // Groups and channels are not a door to the desk: the update is only marked handled.
    await claimUpdate(deps.db, update.update_id, now);
    return;
  }
  try {
    await deps.db.transaction().execute(async (tx) => {
      if (!(await claimUpdate(tx, update.update_id, now))) {
        return;
      }
      const replies = await handleMessage({ ...deps, db: tx }, message);
      await enqueueJobs(tx, replyJobs(update, message, replies, now));
    });
  } catch (error) {
    if (!(error instanceof AppError)) {
      log?.error({ err: error, updateId: update.update_id }, 'telegram update failed');
    }
    const link = await deps.db
      .selectFrom('telegram_links as l')
      .innerJoin('users as u', 'u.id', 'l.user_id')
      .select('u.locale')
      .where('l.chat_id', '=', message.chat.id)
      .executeTakeFirst();
    const texts = botTexts(link?.locale ?? localeOfTelegramUser(message.from?.language_code));
    const text = error instanceof AppError ? `${texts.failed}${error.message}` : texts.error;
    await deps.db.transaction().execute(async (tx) => {
      if (await claimUpdate(tx, update.update_id, now)) {
        await enqueueJobs(tx, replyJobs(update, message, [{ text }], now));
      }
    });
  }
}

/** grammY types its signal with its own AbortSignal shim; Node's is the same at run time. */
export type GrammySignal = Parameters<Api['getMe']>[0];

const KEEP_HANDLED_MS = 7 * 24 * 60 * 60_000;

/**
 * Fetches what Telegram has for the bot after `offset` (waiting up to `timeoutSeconds` for something),
 * handles each update, and returns the offset to ask from next.
 */
export async function pollTelegramOnce(
  deps: AppDeps,
  api: Api,
  options: { offset?: number; timeoutSeconds?: number; log?: FastifyBaseLogger; signal?: AbortSignal } = {},
): Promise<{ offset: number | undefined; handled: number }> {
  const updates = await api.getUpdates(
    {
      ...(options.offset !== undefined ? { offset: options.offset } : {}),
      timeout: options.timeoutSeconds ?? 0,
      allowed_updates: ['message'],
    },
    options.signal as GrammySignal,
  );
  let offset = options.offset;
  for (const update of updates) {
    await handleTelegramUpdate(deps, update, options.log);
    offset = Math.max(offset ?? 0, update.update_id + 1);
  }
  if (updates.length) {
    await deps.db
      .deleteFrom('telegram_updates')
      .where('handled_at', '<', new Date(deps.clock.now().getTime() - KEEP_HANDLED_MS))
      .execute();
  }
  return { offset, handled: updates.length };
}
