import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Db } from '#server/db/client.ts';
import type { AppDeps } from '#server/deps.ts';
import type { EnqueueInput, Job } from '#server/jobs/queue.ts';
import type { TicketEventConsumer, TicketEventForChannels } from '#server/jobs/ticket-events.ts';
import { isStaffRole } from '#common/roles.ts';
import { richTextToPlain } from '#server/modules/tickets/rich-text.ts';
import { renderTemplate } from './rules.ts';
import { type TemplateKind, type TemplateLocale, loadTemplate } from './templates.ts';

// Outgoing mail: the client is told what happens to his request. A consumer of the request's events
// decides which letter goes to whom and renders it (so a retry sends the same text); the `mail.send`
// job sends it over SMTP with the queue's retries, once per event and recipient (its dedupe key).

export const MAIL_SEND_JOB = 'mail.send';

export type MailSettings = { smtpUrl: string; from: string };

/** SMTP as configured: the admin page's settings win over SMTP_URL / MAIL_FROM; null while there is none. */
export async function mailSettings(deps: Pick<AppDeps, 'db' | 'config'>): Promise<MailSettings | null> {
  const row = await deps.db
    .selectFrom('mail_settings')
    .select(['smtp_url', 'from_address'])
    .executeTakeFirst();
  const smtpUrl = row?.smtp_url || deps.config.mail.smtpUrl;
  if (!smtpUrl) {
    return null;
  }
  return { smtpUrl, from: row?.from_address || deps.config.mail.from || 'Zayavka <support@localhost>' };
}

const domainOf = (from: string) => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'zayavka.local';

export type MailPayload = {
  ticketId: string | null;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  /** RFC 3834: acknowledgements are `auto-replied`, notices `auto-generated`, an agent's answer none. */
  autoSubmitted: 'auto-replied' | 'auto-generated' | null;
};

type Recipient = { address: string; locale: TemplateLocale; userId: string | null };

/** Who the request's letters go to: its requester, or the stranger a triage request corresponds with. */
async function recipientOf(db: Db, ticketId: string, requesterId: string | null): Promise<Recipient | null> {
  if (requesterId) {
    const user = await db
      .selectFrom('users')
      .select(['id', 'email', 'locale', 'is_active'])
      .where('id', '=', requesterId)
      .executeTakeFirst();
    if (user?.is_active) {
      return { address: user.email, locale: user.locale, userId: user.id };
    }
  }
  const thread = await db
    .selectFrom('ticket_mail_threads')
    .select('address')
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  return thread ? { address: thread.address, locale: 'ru', userId: null } : null;
}

/** The Message-IDs the letter answers: the request's letters, so the reply threads in mail clients and back here. */
async function threadHeaders(db: Db, ticketId: string) {
  const rows = await db
    .selectFrom('ticket_mail_ids')
    .select(['message_id', 'direction'])
    .where('ticket_id', '=', ticketId)
    .orderBy('created_at')
    .orderBy('message_id')
    .execute();
  const lastIn = rows.filter((row) => row.direction === 'in').pop() ?? rows.at(-1);
  // The first letter and the latest ones: References stays short for long conversations.
  const ids = rows.map((row) => row.message_id);
  const references = ids.length > 10 ? [ids[0] as string, ...ids.slice(-9)] : ids;
  return { inReplyTo: lastIn?.message_id ?? null, references };
}

type Letter = {
  kind: TemplateKind;
  autoSubmitted: MailPayload['autoSubmitted'];
  values: Record<string, string>;
  self: boolean;
};

/** Which letter an event of the request means for its client, if any. */
async function letterFor(db: Db, event: TicketEventForChannels): Promise<Letter | null> {
  const base = { number: String(event.ticket.number), title: event.ticket.title };
  switch (event.kind) {
    case 'created': {
      // A request opened by a sender who writes too often is not acknowledged: that is how loops end.
      const inbound = await db
        .selectFrom('inbound_messages')
        .select('acknowledge')
        .where('ticket_id', '=', event.ticket.id)
        .where('outcome', '=', 'ticket_created')
        .executeTakeFirst();
      if (inbound && !inbound.acknowledge) {
        return null;
      }
      return { kind: 'received', autoSubmitted: 'auto-replied', values: base, self: false };
    }
    case 'commented': {
      if (event.internal || event.data.internal === true || typeof event.data.commentId !== 'string') {
        return null;
      }
      const comment = await db
        .selectFrom('ticket_comments as c')
        .innerJoin('users as u', 'u.id', 'c.author_id')
        .select(['c.body', 'c.internal', 'u.role'])
        .where('c.id', '=', event.data.commentId)
        .executeTakeFirst();
      if (!comment || comment.internal || !isStaffRole(comment.role)) {
        return null;
      }
      return {
        kind: 'answered',
        autoSubmitted: null,
        values: { ...base, comment: richTextToPlain(comment.body) },
        self: true,
      };
    }
    case 'transitioned': {
      const to = event.data.to;
      if (to === 'evaluated') {
        // Approved at once (under the limit), or by the time this runs: nothing waits for the client.
        if (event.ticket.status !== 'evaluated') {
          return null;
        }
        const ticket = await db
          .selectFrom('tickets')
          .select('estimate_hours')
          .where('id', '=', event.ticket.id)
          .executeTakeFirst();
        return {
          kind: 'estimated',
          autoSubmitted: 'auto-generated',
          values: { ...base, estimate: String(ticket?.estimate_hours ?? '') },
          self: true,
        };
      }
      if (to === 'done') {
        const ticket = await db
          .selectFrom('tickets')
          .select('resolution')
          .where('id', '=', event.ticket.id)
          .executeTakeFirst();
        return {
          kind: 'done',
          autoSubmitted: 'auto-generated',
          values: { ...base, comment: richTextToPlain(ticket?.resolution ?? '') },
          self: true,
        };
      }
      if (to === 'completed') {
        return { kind: 'completed', autoSubmitted: 'auto-generated', values: base, self: true };
      }
      return null;
    }
    default:
      return null;
  }
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/** The subject with the request's tag, whatever the admin made of the template. */
export const taggedSubject = (subject: string, number: number) =>
  subject.includes(`[#${number}]`) ? subject : `${subject} [#${number}]`;

export const mailConsumer: TicketEventConsumer = {
  name: 'mail',
  plan: async (deps, event): Promise<EnqueueInput[]> => {
    const settings = await mailSettings(deps);
    if (!settings) {
      return [];
    }
    const letter = await letterFor(deps.db, event);
    if (!letter) {
      return [];
    }
    const recipient = await recipientOf(deps.db, event.ticket.id, event.ticket.requesterId);
    // Nobody to write to, or the client did it himself (confirmed, answered): he knows already.
    if (!recipient || (letter.self && recipient.userId !== null && recipient.userId === event.actorId)) {
      return [];
    }
    const template = await loadTemplate(deps.db, letter.kind, recipient.locale);
    const thread = await threadHeaders(deps.db, event.ticket.id);
    const payload: MailPayload = {
      ticketId: event.ticket.id,
      to: recipient.address,
      subject: taggedSubject(renderTemplate(template.subject, letter.values), event.ticket.number),
      text: renderTemplate(template.body, letter.values),
      messageId: `<zy.${event.ticket.number}.${event.id}.${hashOf(recipient.address)}@${domainOf(settings.from)}>`,
      inReplyTo: thread.inReplyTo,
      references: thread.references,
      autoSubmitted: letter.autoSubmitted,
    };
    return [
      {
        kind: MAIL_SEND_JOB,
        payload,
        dedupeKey: `${event.id}:${recipient.address}`,
        runAt: deps.clock.now(),
      },
    ];
  },
};

/** The polite refusal to a stranger (policy `refuse`), as a job of the caller's transaction. */
export async function planRefusal(
  deps: Pick<AppDeps, 'config' | 'clock'>,
  db: Db,
  letter: { inboundId: string; to: string; subject: string; messageId: string },
): Promise<EnqueueInput[]> {
  const settings = await mailSettings({ db, config: deps.config });
  if (!settings) {
    return [];
  }
  const template = await loadTemplate(db, 'refused', 'ru');
  const values = { subject: letter.subject };
  const payload: MailPayload = {
    ticketId: null,
    to: letter.to,
    subject: renderTemplate(template.subject, values),
    text: renderTemplate(template.body, values),
    messageId: `<zy.refusal.${letter.inboundId}@${domainOf(settings.from)}>`,
    inReplyTo: letter.messageId,
    references: [letter.messageId],
    autoSubmitted: 'auto-replied',
  };
  return [
    { kind: MAIL_SEND_JOB, payload, dedupeKey: `refusal:${letter.inboundId}`, runAt: deps.clock.now() },
  ];
}

/** Builds the SMTP transport of the settings (the URL form nodemailer reads: smtp://user:pass@host:port). */
export const transportOf = (settings: MailSettings) => nodemailer.createTransport(settings.smtpUrl);

/** The `mail.send` job: one letter over SMTP; a failure is retried by the queue. */
export async function sendMailJob(deps: AppDeps, job: Job): Promise<void> {
  const payload = (typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload) as MailPayload;
  const settings = await mailSettings(deps);
  if (!settings) {
    throw new Error('outgoing mail is not configured (SMTP_URL or the admin page)');
  }
  const transport = transportOf(settings);
  try {
    await transport.sendMail({
      from: settings.from,
      to: payload.to,
      subject: payload.subject,
      text: payload.text,
      messageId: payload.messageId,
      ...(payload.inReplyTo ? { inReplyTo: payload.inReplyTo } : {}),
      ...(payload.references.length ? { references: payload.references } : {}),
      headers: {
        ...(payload.autoSubmitted ? { 'Auto-Submitted': payload.autoSubmitted } : {}),
        // Exchange and others: do not answer this with an out-of-office.
        ...(payload.autoSubmitted ? { 'X-Auto-Response-Suppress': 'All' } : {}),
      },
    });
  } finally {
    transport.close();
  }
  if (payload.ticketId) {
    await deps.db
      .insertInto('ticket_mail_ids')
      .values({
        message_id: payload.messageId,
        ticket_id: payload.ticketId,
        direction: 'out',
        created_at: deps.clock.now(),
      })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
  }
}
