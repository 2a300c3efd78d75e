import { Type } from 'typebox';
import { Nullable, Timestamp, Uuid } from '#server/http/schemas.ts';
import { TEMPLATE_KINDS, TEMPLATE_LOCALES } from './templates.ts';

// Request and response schemas of the mail admin routes. Passwords are accepted, never returned.

const Policy = Type.Union([Type.Literal('triage'), Type.Literal('refuse')], {
  description:
    'A letter from an unknown sender: a request without a client for the first line, or a polite refusal',
});

export const MailboxView = Type.Object({
  id: Uuid,
  name: Type.String(),
  imapHost: Type.String(),
  imapPort: Type.Integer(),
  imapTls: Type.Boolean({
    description: 'TLS from the first byte (port 993); false: plain, for a server on the own network',
  }),
  imapUser: Type.String(),
  hasPassword: Type.Boolean({ description: 'Whether a password is stored (it is never returned)' }),
  folder: Type.String(),
  enabled: Type.Boolean(),
  unknownSenderPolicy: Policy,
  lastUid: Type.Integer(),
  lastPolledAt: Nullable(Timestamp),
  lastError: Nullable(Type.String()),
});

const Host = Type.String({ minLength: 1, maxLength: 255 });
const Port = Type.Integer({ minimum: 1, maximum: 65535 });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const MailboxCreateBody = Type.Object(
  {
    name: Text(100),
    imapHost: Host,
    imapPort: Port,
    imapTls: Type.Boolean(),
    imapUser: Text(255),
    imapPassword: Type.String({ maxLength: 500 }),
    folder: Type.Optional(Text(255)),
    enabled: Type.Optional(Type.Boolean()),
    unknownSenderPolicy: Type.Optional(Policy),
  },
  { additionalProperties: false },
);

export const MailboxPatchBody = Type.Partial(MailboxCreateBody, {
  additionalProperties: false,
  description: 'Fields to change; a password left out stays as it was',
});

export const ConnectionTestView = Type.Object({
  ok: Type.Boolean(),
  messages: Nullable(Type.Integer({ description: 'Letters in the folder' })),
  error: Nullable(Type.String()),
});

export const PollView = Type.Object({
  fetched: Type.Integer(),
  stored: Type.Integer(),
  skipped: Type.Integer({ description: 'Letters already stored before (fetched again)' }),
});

export const DomainView = Type.Object({
  domain: Type.String(),
  clientId: Uuid,
  clientName: Type.String(),
});
export const DomainParams = Type.Object(
  { domain: Type.String({ minLength: 3, maxLength: 253, pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+$' }) },
  { additionalProperties: false },
);
export const DomainBody = Type.Object({ clientId: Uuid }, { additionalProperties: false });

const Kind = Type.Unsafe<(typeof TEMPLATE_KINDS)[number]>({ type: 'string', enum: [...TEMPLATE_KINDS] });
const Locale = Type.Unsafe<(typeof TEMPLATE_LOCALES)[number]>({
  type: 'string',
  enum: [...TEMPLATE_LOCALES],
});

export const TemplateView = Type.Object({
  kind: Kind,
  locale: Locale,
  subject: Type.String(),
  body: Type.String(),
  isDefault: Type.Boolean({ description: 'The text built into Zayavka (no edited version)' }),
});
export const TemplateParams = Type.Object({ kind: Kind, locale: Locale }, { additionalProperties: false });
export const TemplateBody = Type.Object(
  { subject: Text(300), body: Text(20_000) },
  { additionalProperties: false },
);

export const SettingsView = Type.Object({
  smtpUrl: Nullable(
    Type.String({ description: 'smtp(s)://user@host:port as set on this page, without its password' }),
  ),
  hasPassword: Type.Boolean(),
  fromAddress: Nullable(Type.String()),
  effective: Type.Union([Type.Literal('page'), Type.Literal('environment'), Type.Literal('none')], {
    description: 'Where outgoing mail takes its SMTP server from now',
  }),
});
export const SettingsBody = Type.Object(
  {
    smtpUrl: Nullable(Type.String({ maxLength: 500, pattern: '^smtps?://' })),
    smtpPassword: Type.Optional(
      Type.String({ maxLength: 500, description: 'Left out: the stored one stays' }),
    ),
    fromAddress: Nullable(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);

export const InboundView = Type.Object({
  id: Uuid,
  source: Type.String(),
  mailboxName: Nullable(Type.String()),
  messageId: Type.String(),
  fromAddress: Type.String(),
  subject: Type.String(),
  outcome: Type.Union([
    Type.Literal('ticket_created'),
    Type.Literal('comment_added'),
    Type.Literal('ignored'),
    Type.Literal('refused'),
  ]),
  reason: Nullable(Type.String()),
  acknowledged: Type.Boolean(),
  ticketId: Nullable(Uuid),
  ticketNumber: Nullable(Type.Integer()),
  receivedAt: Timestamp,
});
