import { sql } from 'kysely';
import { isStaffRole } from '#common/roles.ts';
import type { Db } from '#server/db/client.ts';
import type { EnqueueInput } from '#server/jobs/queue.ts';
import type { TicketEventConsumer, TicketEventForChannels } from '#server/jobs/ticket-events.ts';
import { loadActor } from '#server/modules/auth/actor.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';
import { richTextToPlain } from '#server/modules/tickets/rich-text.ts';
import { TELEGRAM_SEND_JOB, type TelegramSendPayload } from './send.ts';
import { type BotLocale, botTexts, statusName } from './texts.ts';

// Who hears what in Telegram: the requester hears of his request's status changes and public answers;
// staff linked to the bot hear of new requests of their lines and groups. Nobody hears of his own
// action, and nobody hears of a request he may not see.

type Recipient = { userId: string; chatId: number; locale: BotLocale };

/** Whether the user may see the request, by the one visibility filter. */
async function maySee(db: Db, userId: string, ticketId: string): Promise<boolean> {
  const actor = await loadActor(db, userId, { tokenId: 'telegram' });
  if (!actor) {
    return false;
  }
  const row = await db
    .selectFrom('tickets')
    .select('id')
    .where('id', '=', ticketId)
    .where(visibleTickets(actor))
    .executeTakeFirst();
  return row !== undefined;
}

async function linkedRequester(db: Db, event: TicketEventForChannels): Promise<Recipient | null> {
  const requesterId = event.ticket.requesterId;
  if (!requesterId || requesterId === event.actorId) {
    return null;
  }
  const row = await db
    .selectFrom('telegram_links as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.user_id', 'l.chat_id', 'u.locale', 'u.role'])
    .where('l.user_id', '=', requesterId)
    .where('u.is_active', '=', true)
    .executeTakeFirst();
  if (!row || isStaffRole(row.role) || !(await maySee(db, row.user_id, event.ticket.id))) {
    return null;
  }
  return { userId: row.user_id, chatId: row.chat_id, locale: row.locale };
}

/** Linked staff who belong to the request's line or group (and so work it), except its author. */
async function linkedStaffOfLine(db: Db, event: TicketEventForChannels): Promise<Recipient[]> {
  const { lineId, groupId } = event.ticket;
  if (!lineId && !groupId) {
    return [];
  }
  const rows = await db
    .selectFrom('telegram_links as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.user_id', 'l.chat_id', 'u.locale'])
    .where('u.is_active', '=', true)
    .where('u.role', 'in', ['admin', 'dispatcher', 'agent'])
    .where((eb) =>
      eb.or([
        ...(lineId
          ? [eb.exists(sql`(select 1 from user_lines ul where ul.user_id = u.id and ul.line_id = ${lineId})`)]
          : []),
        ...(groupId
          ? [
              eb.exists(
                sql`(select 1 from user_groups ug where ug.user_id = u.id and ug.group_id = ${groupId})`,
              ),
            ]
          : []),
      ]),
    )
    .execute();
  const recipients: Recipient[] = [];
  for (const row of rows) {
    if (row.user_id !== event.actorId && (await maySee(db, row.user_id, event.ticket.id))) {
      recipients.push({ userId: row.user_id, chatId: row.chat_id, locale: row.locale });
    }
  }
  return recipients;
}

function job(event: TicketEventForChannels, to: Recipient, text: string, runAt: Date): EnqueueInput {
  const payload: TelegramSendPayload = {
    chatId: to.chatId,
    text,
    ticketId: event.ticket.id,
    userId: to.userId,
  };
  return { kind: TELEGRAM_SEND_JOB, payload, dedupeKey: `event:${event.id}:${to.userId}`, runAt };
}

export const telegramConsumer: TicketEventConsumer = {
  name: 'telegram',
  plan: async (deps, event) => {
    if (!deps.config.telegram.botToken) {
      return [];
    }
    const { ticket } = event;
    const runAt = deps.clock.now();
    if (event.kind === 'transitioned') {
      const to = await linkedRequester(deps.db, event);
      if (!to) {
        return [];
      }
      const texts = botTexts(to.locale);
      const text = texts.statusChanged(
        ticket.number,
        ticket.title,
        statusName(to.locale, typeof event.data.from === 'string' ? event.data.from : ''),
        statusName(to.locale, typeof event.data.to === 'string' ? event.data.to : ticket.status),
      );
      return [job(event, to, text, runAt)];
    }
    if (event.kind === 'commented' && !event.internal && event.data.internal !== true) {
      const to = await linkedRequester(deps.db, event);
      const commentId = event.data.commentId;
      if (!to || typeof commentId !== 'string') {
        return [];
      }
      const comment = await deps.db
        .selectFrom('ticket_comments as c')
        .leftJoin('users as u', 'u.id', 'c.author_id')
        .select(['c.body', 'c.internal', 'u.name'])
        .where('c.id', '=', commentId)
        .executeTakeFirst();
      if (!comment || comment.internal) {
        return [];
      }
      const text = botTexts(to.locale).answered(
        ticket.number,
        ticket.title,
        comment.name ?? '',
        richTextToPlain(comment.body),
      );
      return [job(event, to, text, runAt)];
    }
    if (event.kind === 'escalated') {
      // Escalated requests are new to the line that receives them.
      const to = event.data.to as { lineId?: unknown } | undefined;
      const lineId = typeof to?.lineId === 'string' ? to.lineId : event.ticket.lineId;
      const groupId = typeof event.data.groupId === 'string' ? event.data.groupId : null;
      const recipients = await linkedStaffOfLine(deps.db, {
        ...event,
        ticket: { ...ticket, lineId, groupId },
      });
      const reason = typeof event.data.reason === 'string' ? event.data.reason : '';
      return recipients.map((r) =>
        job(event, r, botTexts(r.locale).escalated(ticket.number, ticket.title, reason), runAt),
      );
    }
    if (event.kind === 'created') {
      const recipients = await linkedStaffOfLine(deps.db, event);
      if (!recipients.length) {
        return [];
      }
      const client = ticket.clientId
        ? await deps.db
            .selectFrom('clients')
            .select('name')
            .where('id', '=', ticket.clientId)
            .executeTakeFirst()
        : undefined;
      return recipients.map((to) =>
        job(
          event,
          to,
          botTexts(to.locale).newRequest(ticket.number, ticket.title, client?.name ?? ''),
          runAt,
        ),
      );
    }
    return [];
  },
};
