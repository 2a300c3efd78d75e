import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { type ParsedMail, simpleParser } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { isClientRole } from '#common/roles.ts';
import type { Db } from '#server/db/client.ts';
import type { AppDeps } from '#server/deps.ts';
import type { Tx } from '#server/http/idempotency.ts';
import { enqueueJobs } from '#server/jobs/queue.ts';
import { AppError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { hashPassword } from '#server/modules/auth/passwords.ts';
import { safeFileName, storeBlob } from '#server/modules/tickets/attachments.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';
import { addComment, createTicket, recordEvent } from '#server/modules/tickets/service.ts';
import {
  type HeaderMap,
  RATE_LIMIT,
  automaticReason,
  cleanSubject,
  messageIdsIn,
  senderRateLimited,
  stripQuotedHistory,
  textToHtml,
  ticketNumberInSubject,
} from './rules.ts';
import { planRefusal } from './outbound.ts';

// One letter in: stored once with its raw text, then (in the same transaction) it opens a request,
// joins one as a reply, is refused, or is kept as ignored with the reason. The IMAP poller and the
// SMTP receiver both hand letters here.

export type IntakeSource = {
  /** The mailbox's id, or 'smtp' for the built-in receiver. */
  source: string;
  mailboxId: string | null;
  uidValidity: number | null;
  uid: number | null;
  policy: 'triage' | 'refuse';
};

export type IntakeResult = {
  /** False when the letter was stored before (fetched again, or delivered twice): nothing was done. */
  stored: boolean;
  outcome: 'ticket_created' | 'comment_added' | 'ignored' | 'refused' | null;
  ticketId: string | null;
  reason: string | null;
};

/** The user letters from strangers are filed by (triage): inactive, so nobody logs in as him. */
export const INTAKE_USER_EMAIL = 'mail-intake@zayavka.invalid';

const TITLE_MAX = 300;

function headerMap(parsed: ParsedMail): HeaderMap {
  const map = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    map.set(key.toLowerCase(), map.has(key.toLowerCase()) ? `${map.get(key.toLowerCase())} ${value}` : value);
  }
  return map;
}

const addressOf = (parsed: ParsedMail) => {
  const first = parsed.from?.value[0];
  return { address: (first?.address ?? '').trim().toLowerCase(), name: (first?.name ?? '').trim() };
};

const intakeActorOf = (row: {
  id: string;
  email: string;
  name: string;
  role: Actor['role'];
  client_id: string | null;
  locale: 'ru' | 'en';
  time_zone: string;
}): Actor => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  clientId: row.client_id,
  locale: row.locale,
  timeZone: row.time_zone,
  lineIds: [],
  groupIds: [],
  via: 'token',
  sessionId: null,
  csrfToken: null,
});

const USER_COLUMNS = ['id', 'email', 'name', 'role', 'client_id', 'locale', 'time_zone'] as const;

/** The intake user, created on first need (a database that never receives mail never gets him). */
async function intakeActor(tx: Tx): Promise<Actor> {
  const existing = await tx
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('email', '=', INTAKE_USER_EMAIL)
    .executeTakeFirst();
  if (existing) {
    return intakeActorOf(existing);
  }
  await tx
    .insertInto('users')
    .values({
      email: INTAKE_USER_EMAIL,
      name: 'Входящая почта',
      role: 'employee',
      password_hash: await hashPassword(randomBytes(24).toString('base64url')),
      is_active: false,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return intakeActorOf(
    await tx
      .selectFrom('users')
      .select(USER_COLUMNS)
      .where('email', '=', INTAKE_USER_EMAIL)
      .executeTakeFirstOrThrow(),
  );
}

/**
 * Who wrote: an active contact or employee with this address; else, for a client's domain, a new
 * contact of that client (so the letter is the client's request and the answers reach him); else null.
 */
async function senderActor(tx: Tx, address: string, name: string): Promise<Actor | null> {
  if (!address.includes('@')) {
    return null;
  }
  const user = await tx
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where(sql<boolean>`lower(email) = ${address}`)
    .where('is_active', '=', true)
    .executeTakeFirst();
  if (user) {
    return isClientRole(user.role) || user.role === 'employee' ? intakeActorOf(user) : null;
  }
  const domain = address.split('@').pop() ?? '';
  const mapping = await tx
    .selectFrom('client_email_domains')
    .select('client_id')
    .where('domain', '=', domain)
    .executeTakeFirst();
  if (!mapping) {
    return null;
  }
  const created = await tx
    .insertInto('users')
    .values({
      email: address,
      name: name || address,
      role: 'client_user',
      client_id: mapping.client_id,
      // Nobody knows this password: the contact gets a portal login only when an admin sets one.
      password_hash: await hashPassword(randomBytes(24).toString('base64url')),
    })
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
  return intakeActorOf(created);
}

/** The request a reply belongs to: by the Message-IDs it answers, else by `[#n]` from a person of that request. */
async function findThread(
  tx: Tx,
  parsed: ParsedMail,
  headers: HeaderMap,
  sender: Actor | null,
  address: string,
) {
  const ids = [
    ...messageIdsIn(headers.get('in-reply-to')),
    ...messageIdsIn(headers.get('references')).reverse(),
  ];
  if (ids.length) {
    const row = await tx
      .selectFrom('ticket_mail_ids')
      .select('ticket_id')
      .where('message_id', 'in', ids)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (row) {
      return row.ticket_id;
    }
  }
  const number = ticketNumberInSubject(parsed.subject ?? '');
  if (number === null) {
    return null;
  }
  // A tag alone is easy to type: it joins only the letters of the request's requester, a contact of
  // its client, or the address it corresponds with.
  const ticket = await tx
    .selectFrom('tickets')
    .leftJoin('ticket_mail_threads as th', 'th.ticket_id', 'tickets.id')
    .select(['tickets.id', 'tickets.client_id', 'tickets.requester_id', 'th.address'])
    .where('tickets.number', '=', number)
    .executeTakeFirst();
  if (!ticket) {
    return null;
  }
  const mine =
    (sender &&
      (sender.id === ticket.requester_id ||
        (sender.clientId !== null && sender.clientId === ticket.client_id))) ||
    ticket.address === address;
  return mine ? ticket.id : null;
}

/** The actor a reply to this request is written as, or null when the sender may not write into it. */
async function replyActor(
  tx: Tx,
  ticketId: string,
  sender: Actor | null,
  address: string,
): Promise<Actor | null> {
  const ticket = await tx
    .selectFrom('tickets')
    .leftJoin('ticket_mail_threads as th', 'th.ticket_id', 'tickets.id')
    .select(['tickets.client_id', 'tickets.requester_id', 'th.address'])
    .where('tickets.id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket) {
    return null;
  }
  // Only someone who may see the request writes into it (a colleague of the requester may not, unless
  // the client shows its contacts the company's requests); anyone else's letter opens a request of its own.
  const mayWrite = async (actor: Actor) =>
    (await tx
      .selectFrom('tickets')
      .select('id')
      .where('id', '=', ticketId)
      .where(visibleTickets(actor))
      .executeTakeFirst()) !== undefined;
  if (
    sender &&
    (sender.id === ticket.requester_id ||
      (sender.clientId !== null && sender.clientId === ticket.client_id)) &&
    (await mayWrite(sender))
  ) {
    return sender;
  }
  if (ticket.address === address) {
    // The stranger a triage request corresponds with: his replies are filed as the letter was.
    const intake = await intakeActor(tx);
    return (await mayWrite(intake)) ? intake : null;
  }
  return null;
}

// Mail clients wrap the quoted letter in these; they go before sanitizing, the text of the reply stays.
const QUOTE_CONTAINERS = ['gmail_quote', 'moz-cite-prefix', 'yahoo_quoted', 'OutlookMessageHeader'];

/** The body of a new request: the sanitized HTML without quoted history, or the text as paragraphs. */
export function requestBody(parsed: ParsedMail): string {
  if (parsed.html) {
    const cleaned = sanitizeHtml(parsed.html, {
      allowedTags: false,
      allowedAttributes: false,
      exclusiveFilter: (frame) =>
        (frame.tag === 'blockquote' && frame.attribs.type === 'cite') ||
        QUOTE_CONTAINERS.some((name) => (frame.attribs.class ?? '').split(/\s+/).includes(name)) ||
        frame.attribs.id === 'divRplyFwdMsg' ||
        frame.attribs.id === 'appendonsend' ||
        ['style', 'script', 'head', 'title'].includes(frame.tag),
    });
    if (cleaned.replace(/<[^>]*>|&nbsp;|\s/g, '')) {
      return cleaned;
    }
  }
  return textToHtml(stripQuotedHistory(parsed.text ?? ''));
}

/** The body of a reply: its new text only. */
export function replyBody(parsed: ParsedMail): string {
  return textToHtml(stripQuotedHistory(parsed.text ?? ''));
}

type StoredFile = { fileName: string; contentType: string; size: number; sha256: string };

/** Writes the letter's files (attachments and inline images) to the content-addressed store. */
async function storeFiles(dataDir: string, parsed: ParsedMail): Promise<StoredFile[]> {
  const files: StoredFile[] = [];
  for (const [index, attachment] of parsed.attachments.entries()) {
    if (!attachment.content.length || attachment.contentType === 'message/delivery-status') {
      continue;
    }
    const blob = await storeBlob(dataDir, Readable.from([attachment.content]), () => false);
    const extension = attachment.contentType.split('/')[1]?.replace(/[^a-z0-9]/gi, '') ?? 'bin';
    files.push({
      fileName: safeFileName(
        attachment.filename ?? `${attachment.related ? 'inline' : 'attachment'}-${index + 1}.${extension}`,
      ),
      contentType: attachment.contentType.slice(0, 200) || 'application/octet-stream',
      size: blob.size,
      sha256: blob.sha256,
    });
  }
  return files;
}

async function attachFiles(
  tx: Tx,
  actor: Actor,
  ticketId: string,
  commentId: string | null,
  files: StoredFile[],
  now: Date,
) {
  for (const file of files) {
    const row = await tx
      .insertInto('attachments')
      .values({
        ticket_id: ticketId,
        comment_id: commentId,
        uploader_id: actor.id,
        file_name: file.fileName,
        content_type: file.contentType,
        size: file.size,
        sha256: file.sha256,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(tx, {
      ticketId,
      actorId: actor.id,
      kind: 'attachment_added',
      data: { attachmentId: row.id, fileName: file.fileName, size: file.size },
      at: now,
    });
  }
}

async function rememberMessageIds(
  tx: Tx,
  ticketId: string,
  ids: string[],
  direction: 'in' | 'out',
  now: Date,
) {
  if (!ids.length) {
    return;
  }
  await tx
    .insertInto('ticket_mail_ids')
    .values(ids.map((id) => ({ message_id: id, ticket_id: ticketId, direction, created_at: now })))
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
}

export type IntakeOptions = {
  /** Runs inside the transaction just before it commits: tests throw here to play a crash. */
  beforeCommit?: () => Promise<void> | void;
};

/**
 * Takes one raw letter in, exactly once: the row of `inbound_messages` is claimed first (a letter met
 * again by UID or Message-ID stops here) and everything the letter causes commits with it.
 */
export async function intakeMessage(
  deps: AppDeps,
  raw: Buffer,
  source: IntakeSource,
  options: IntakeOptions = {},
): Promise<IntakeResult> {
  const parsed = await simpleParser(raw, { skipTextToHtml: true });
  const headers = headerMap(parsed);
  const { address, name } = addressOf(parsed);
  const messageId =
    messageIdsIn(parsed.messageId)[0] ??
    `<sha256.${createHash('sha256').update(raw).digest('hex')}@zayavka.missing>`;
  const subject = (parsed.subject ?? '').trim();
  const contentType = headers.get('content-type') ?? 'text/plain';
  const automatic = automaticReason(headers, contentType, address, headers.get('return-path') ?? null);
  // A letter met again needs no files written: the claim below will find it stored anyway.
  const known = await deps.db
    .selectFrom('inbound_messages')
    .select('id')
    .where('source', '=', source.source)
    .where('message_id', '=', messageId.slice(0, 998))
    .executeTakeFirst();
  const files = automatic || known ? [] : await storeFiles(deps.config.dataDir, parsed);
  const row = {
    source: source.source,
    mailbox_id: source.mailboxId,
    uid_validity: source.uidValidity,
    uid: source.uid,
    message_id: messageId.slice(0, 998),
    from_address: address,
    subject: subject.slice(0, 998),
    raw,
  };
  const advance = async (tx: Tx) => {
    if (source.mailboxId && source.uid !== null) {
      await tx
        .updateTable('mailboxes')
        .set({ last_uid: sql<number>`greatest(last_uid, ${source.uid})` })
        .where('id', '=', source.mailboxId)
        .where('uid_validity', '=', source.uidValidity)
        .execute();
    }
  };

  try {
    return await takeIn();
  } catch (error) {
    // The application refused the letter (a rule of requests, a vanished client): it is kept as ignored
    // with the reason for the admin's log, so one such letter never blocks the mailbox behind it. Any
    // other failure (the database, a crash) leaves it to the next poll.
    if (!(error instanceof AppError)) {
      throw error;
    }
    await deps.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('inbound_messages')
        .values({
          ...row,
          outcome: 'ignored',
          reason: `not filed: ${error.message}`.slice(0, 1000),
          acknowledge: false,
          received_at: deps.clock.now(),
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await advance(tx);
    });
    return { stored: true, outcome: 'ignored', ticketId: null, reason: `not filed: ${error.message}` };
  }

  function takeIn() {
    return deps.db.transaction().execute(async (tx) => takeInWith(tx));
  }

  async function takeInWith(tx: Tx): Promise<IntakeResult> {
    const now = deps.clock.now();
    const claimed = await tx
      .insertInto('inbound_messages')
      .values({
        ...row,
        outcome: 'ignored',
        reason: automatic,
        received_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!claimed) {
      await advance(tx);
      await options.beforeCommit?.();
      return { stored: false, outcome: null, ticketId: null, reason: 'already stored' };
    }
    const finish = async (result: Omit<IntakeResult, 'stored'>, acknowledge = true) => {
      await tx
        .updateTable('inbound_messages')
        .set({
          outcome: result.outcome ?? 'ignored',
          reason: result.reason,
          ticket_id: result.ticketId,
          acknowledge,
        })
        .where('id', '=', claimed.id)
        .execute();
      await advance(tx);
      await options.beforeCommit?.();
      return { stored: true, ...result };
    };
    if (automatic) {
      return finish({ outcome: 'ignored', ticketId: null, reason: automatic }, false);
    }
    if (!address) {
      return finish({ outcome: 'ignored', ticketId: null, reason: 'no sender address' }, false);
    }
    const recent = await tx
      .selectFrom('inbound_messages')
      .select('received_at')
      .where('from_address', '=', address)
      .where('id', '!=', claimed.id)
      .where('received_at', '>', new Date(now.getTime() - RATE_LIMIT.windowMs))
      .execute();
    const acknowledge = !senderRateLimited(
      recent.map((row) => new Date(row.received_at)),
      now,
    );

    const sender = await senderActor(tx, address, name);
    const threadId = await findThread(tx, parsed, headers, sender, address);
    const ownIds = [messageId];
    if (threadId) {
      const actor = await replyActor(tx, threadId, sender, address);
      if (actor) {
        const prefix =
          actor.email === INTAKE_USER_EMAIL ? textToHtml(`${name ? `${name} ` : ''}<${address}>:`) : '';
        const comment = await addComment({ db: tx, clock: deps.clock }, actor, threadId, {
          body: prefix + replyBody(parsed),
        });
        await attachFiles(tx, actor, threadId, comment.id, files, now);
        await rememberMessageIds(tx, threadId, ownIds, 'in', now);
        return finish({ outcome: 'comment_added', ticketId: threadId, reason: null }, acknowledge);
      }
    }

    let actor = sender;
    if (!actor) {
      if (source.policy === 'refuse') {
        if (acknowledge) {
          await enqueueJobs(
            tx,
            await planRefusal(deps, tx, { inboundId: claimed.id, to: address, subject, messageId }),
          );
        }
        return finish({ outcome: 'refused', ticketId: null, reason: 'unknown sender' }, acknowledge);
      }
      actor = await intakeActor(tx);
    }
    const title = (cleanSubject(subject) || (actor.locale === 'en' ? '(no subject)' : '(без темы)')).slice(
      0,
      TITLE_MAX,
    );
    const from =
      actor.email === INTAKE_USER_EMAIL ? textToHtml(`${name ? `${name} ` : ''}<${address}>:`) : '';
    const ticket = await createTicket(tx, deps.clock, actor, {
      title,
      description: from + requestBody(parsed),
      channel: 'email',
    });
    await tx
      .insertInto('ticket_mail_threads')
      .values({ ticket_id: ticket.id, address, name: name.slice(0, 200) })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await attachFiles(tx, actor, ticket.id, null, files, now);
    await rememberMessageIds(tx, ticket.id, ownIds, 'in', now);
    return finish(
      { outcome: 'ticket_created', ticketId: ticket.id, reason: sender ? null : 'unknown sender: triage' },
      acknowledge,
    );
  }
}

/** The newest letters received and what became of each, for the admin's log. */
export async function recentInbound(db: Db, limit = 100) {
  const rows = await db
    .selectFrom('inbound_messages as m')
    .leftJoin('tickets as t', 't.id', 'm.ticket_id')
    .leftJoin('mailboxes as b', 'b.id', 'm.mailbox_id')
    .select([
      'm.id',
      'm.source',
      'b.name as mailbox_name',
      'm.message_id',
      'm.from_address',
      'm.subject',
      'm.outcome',
      'm.reason',
      'm.acknowledge',
      'm.ticket_id',
      't.number as ticket_number',
      'm.received_at',
    ])
    .orderBy('m.received_at', 'desc')
    .orderBy('m.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    source: row.source,
    mailboxName: row.mailbox_name,
    messageId: row.message_id,
    fromAddress: row.from_address,
    subject: row.subject,
    outcome: row.outcome,
    reason: row.reason,
    acknowledged: row.acknowledge,
    ticketId: row.ticket_id,
    ticketNumber: row.ticket_number,
    receivedAt: new Date(row.received_at).toISOString(),
  }));
}
