import type { Selectable } from 'kysely';
import type { Db } from '#server/db/client.ts';
import type { MailboxesTable } from '#server/db/schema.ts';
import type { AppDeps } from '#server/deps.ts';
import { FieldValidationError, NotFoundError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { testMailboxConnection } from './imap.ts';
import { type TemplateKind, type TemplateLocale, DEFAULT_TEMPLATES } from './templates.ts';

// The admin's side of the mail channel: mailboxes, client domains, templates and SMTP settings.

type MailboxRow = Selectable<MailboxesTable>;

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

/** A mailbox as the API shows it: never its password. */
function presentMailbox(row: MailboxRow) {
  return {
    id: row.id,
    name: row.name,
    imapHost: row.imap_host,
    imapPort: row.imap_port,
    imapTls: row.imap_tls,
    imapUser: row.imap_user,
    hasPassword: row.imap_password !== '',
    folder: row.folder,
    enabled: row.enabled,
    unknownSenderPolicy: row.unknown_sender_policy,
    lastUid: Number(row.last_uid),
    lastPolledAt: iso(row.last_polled_at),
    lastError: row.last_error,
  };
}

export async function listMailboxes(db: Db) {
  const rows = await db.selectFrom('mailboxes').selectAll().orderBy('name').orderBy('id').execute();
  return rows.map(presentMailbox);
}

async function requireMailbox(db: Db, id: string) {
  const row = await db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Mailbox');
  }
  return row;
}

type MailboxInput = {
  name?: string;
  imapHost?: string;
  imapPort?: number;
  imapTls?: boolean;
  imapUser?: string;
  imapPassword?: string;
  folder?: string;
  enabled?: boolean;
  unknownSenderPolicy?: 'triage' | 'refuse';
};

const columnsOf = (input: MailboxInput) => ({
  ...(input.name !== undefined ? { name: input.name.trim() } : {}),
  ...(input.imapHost !== undefined ? { imap_host: input.imapHost.trim() } : {}),
  ...(input.imapPort !== undefined ? { imap_port: input.imapPort } : {}),
  ...(input.imapTls !== undefined ? { imap_tls: input.imapTls } : {}),
  ...(input.imapUser !== undefined ? { imap_user: input.imapUser.trim() } : {}),
  ...(input.imapPassword !== undefined ? { imap_password: input.imapPassword } : {}),
  ...(input.folder !== undefined ? { folder: input.folder.trim() } : {}),
  ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
  ...(input.unknownSenderPolicy !== undefined ? { unknown_sender_policy: input.unknownSenderPolicy } : {}),
});

export async function createMailbox(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  input: Required<
    Pick<MailboxInput, 'name' | 'imapHost' | 'imapPort' | 'imapTls' | 'imapUser' | 'imapPassword'>
  > &
    MailboxInput,
) {
  const now = deps.clock.now();
  const row = await deps.db
    .insertInto('mailboxes')
    .values({
      name: input.name.trim(),
      imap_host: input.imapHost.trim(),
      imap_user: input.imapUser.trim(),
      ...columnsOf(input),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentMailbox(row);
}

export async function updateMailbox(deps: Pick<AppDeps, 'db' | 'clock'>, id: string, input: MailboxInput) {
  const current = await requireMailbox(deps.db, id);
  const changes = columnsOf(input);
  // Another server or another account is another folder: its UIDs start over.
  const moved =
    (changes.imap_host !== undefined && changes.imap_host !== current.imap_host) ||
    (changes.imap_user !== undefined && changes.imap_user !== current.imap_user) ||
    (changes.folder !== undefined && changes.folder !== current.folder);
  const row = await deps.db
    .updateTable('mailboxes')
    .set({ ...changes, ...(moved ? { uid_validity: null, last_uid: 0 } : {}), updated_at: deps.clock.now() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentMailbox(row);
}

export async function deleteMailbox(db: Db, id: string) {
  const deleted = await db.deleteFrom('mailboxes').where('id', '=', id).executeTakeFirst();
  if (!deleted.numDeletedRows) {
    throw new NotFoundError('Mailbox');
  }
}

export async function testMailbox(db: Db, id: string) {
  return testMailboxConnection(await requireMailbox(db, id));
}

export { requireMailbox };

export async function listDomains(db: Db) {
  return db
    .selectFrom('client_email_domains as d')
    .innerJoin('clients as c', 'c.id', 'd.client_id')
    .select(['d.domain', 'd.client_id as clientId', 'c.name as clientName'])
    .orderBy('d.domain')
    .execute();
}

/** Maps a mail domain to a client (one client per domain); the client must exist. */
export async function putDomain(db: Db, domain: string, clientId: string) {
  const normalized = domain.trim().toLowerCase();
  const client = await db
    .selectFrom('clients')
    .select(['id', 'name'])
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (!client) {
    throw new FieldValidationError('clientId', 'no such client');
  }
  await db
    .insertInto('client_email_domains')
    .values({ domain: normalized, client_id: clientId })
    .onConflict((oc) => oc.column('domain').doUpdateSet({ client_id: clientId }))
    .execute();
  return { domain: normalized, clientId, clientName: client.name };
}

export async function deleteDomain(db: Db, domain: string) {
  const deleted = await db
    .deleteFrom('client_email_domains')
    .where('domain', '=', domain.trim().toLowerCase())
    .executeTakeFirst();
  if (!deleted.numDeletedRows) {
    throw new NotFoundError('Mail domain');
  }
}

export async function saveTemplate(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  kind: TemplateKind,
  locale: TemplateLocale,
  input: { subject: string; body: string },
) {
  const subject = input.subject.trim();
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  if (!subject) {
    throw new FieldValidationError('subject', 'must not be blank');
  }
  if (!body) {
    throw new FieldValidationError('body', 'must not be blank');
  }
  await deps.db
    .insertInto('mail_templates')
    .values({ kind, locale, subject, body, updated_at: deps.clock.now(), updated_by: actor.id })
    .onConflict((oc) =>
      oc
        .columns(['kind', 'locale'])
        .doUpdateSet({ subject, body, updated_at: deps.clock.now(), updated_by: actor.id }),
    )
    .execute();
  return { kind, locale, subject, body, isDefault: false };
}

/** Back to the text built into Zayavka. */
export async function resetTemplate(db: Db, kind: TemplateKind, locale: TemplateLocale) {
  await db.deleteFrom('mail_templates').where('kind', '=', kind).where('locale', '=', locale).execute();
  return { kind, locale, ...DEFAULT_TEMPLATES[kind][locale], isDefault: true };
}

/** The URL without its password, and the password alone. */
function splitPassword(url: string): { url: string; password: string } {
  try {
    const parsed = new URL(url);
    const password = decodeURIComponent(parsed.password);
    parsed.password = '';
    return { url: parsed.toString(), password };
  } catch {
    throw new FieldValidationError('smtpUrl', 'is not a URL (smtp://user@host:port)');
  }
}

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  if (password && parsed.username) {
    parsed.password = encodeURIComponent(password);
  }
  return parsed.toString();
}

export async function getSettings(deps: Pick<AppDeps, 'db' | 'config'>) {
  const row = await deps.db.selectFrom('mail_settings').selectAll().executeTakeFirst();
  const split = row?.smtp_url ? splitPassword(row.smtp_url) : null;
  return {
    smtpUrl: split?.url ?? null,
    hasPassword: Boolean(split?.password),
    fromAddress: row?.from_address ?? null,
    effective: row?.smtp_url
      ? ('page' as const)
      : deps.config.mail.smtpUrl
        ? ('environment' as const)
        : ('none' as const),
  };
}

export async function saveSettings(
  deps: Pick<AppDeps, 'db' | 'config' | 'clock'>,
  input: { smtpUrl: string | null; smtpPassword?: string; fromAddress: string | null },
) {
  const current = await deps.db.selectFrom('mail_settings').select('smtp_url').executeTakeFirst();
  let smtpUrl: string | null = null;
  if (input.smtpUrl?.trim()) {
    const given = splitPassword(input.smtpUrl.trim());
    const kept = current?.smtp_url ? splitPassword(current.smtp_url).password : '';
    smtpUrl = withPassword(given.url, input.smtpPassword ?? (given.password || kept));
  }
  const fromAddress = input.fromAddress?.trim() || null;
  await deps.db
    .insertInto('mail_settings')
    .values({ id: true, smtp_url: smtpUrl, from_address: fromAddress, updated_at: deps.clock.now() })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ smtp_url: smtpUrl, from_address: fromAddress, updated_at: deps.clock.now() }),
    )
    .execute();
  return getSettings(deps);
}
