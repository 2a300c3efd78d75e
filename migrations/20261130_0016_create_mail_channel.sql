-- The e-mail channel (issue 8): support mailboxes polled over IMAP, every letter received kept with its
-- raw text, the Message-IDs that thread letters to requests, admin-edited templates and SMTP settings.

-- A support mailbox. The password is kept to log in and never leaves the server through the API.
CREATE TABLE mailboxes (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                   text NOT NULL,
  imap_host              text NOT NULL,
  imap_port              integer NOT NULL DEFAULT 993,
  imap_tls               boolean NOT NULL DEFAULT true,
  imap_user              text NOT NULL,
  imap_password          text NOT NULL DEFAULT '',
  folder                 text NOT NULL DEFAULT 'INBOX',
  enabled                boolean NOT NULL DEFAULT true,
  -- What a letter from nobody we know becomes: a request without a client for the first line to sort
  -- out, or a polite refusal.
  unknown_sender_policy  text NOT NULL DEFAULT 'triage',
  -- IMAP's UIDs are only meaningful under one UIDVALIDITY: when the server changes it, polling restarts
  -- from the first UID and the Message-ID keeps letters already stored from being stored again.
  uid_validity           bigint,
  last_uid               bigint NOT NULL DEFAULT 0,
  last_polled_at         timestamptz,
  last_error             text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mailboxes_policy_check CHECK (unknown_sender_policy IN ('triage', 'refuse')),
  CONSTRAINT mailboxes_port_check CHECK (imap_port BETWEEN 1 AND 65535)
);

-- A client's mail domains: a letter from an unknown address of the domain opens a request for the client.
CREATE TABLE client_email_domains (
  domain     text PRIMARY KEY,
  client_id  uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  CONSTRAINT client_email_domains_lower_check CHECK (domain = lower(domain) AND domain <> '')
);
CREATE INDEX client_email_domains_client_idx ON client_email_domains (client_id);

-- Every letter received, whatever became of it. `source` is the mailbox's id or 'smtp' (the built-in
-- receiver). The two unique indexes are what "exactly once" rests on: a letter fetched again (same
-- UID) or delivered twice (same Message-ID) is not stored, nor acted on, a second time.
CREATE TABLE inbound_messages (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source        text NOT NULL,
  mailbox_id    uuid REFERENCES mailboxes (id) ON DELETE SET NULL,
  uid_validity  bigint,
  uid           bigint,
  message_id    text NOT NULL,
  from_address  text NOT NULL DEFAULT '',
  subject       text NOT NULL DEFAULT '',
  raw           bytea NOT NULL,
  -- ticket_created, comment_added, ignored (loops, bounces, lists), refused (unknown sender)
  outcome       text NOT NULL,
  reason        text,
  -- False when the sender wrote too often lately: the letter is kept but nothing answers it.
  acknowledge   boolean NOT NULL DEFAULT true,
  ticket_id     uuid REFERENCES tickets (id) ON DELETE SET NULL,
  received_at   timestamptz NOT NULL,
  CONSTRAINT inbound_messages_outcome_check
    CHECK (outcome IN ('ticket_created', 'comment_added', 'ignored', 'refused'))
);
CREATE UNIQUE INDEX inbound_messages_message_id_idx ON inbound_messages (source, message_id);
CREATE UNIQUE INDEX inbound_messages_uid_idx ON inbound_messages (mailbox_id, uid_validity, uid)
  WHERE uid IS NOT NULL;
-- The rate limit counts a sender's letters of the last minutes; the log reads the newest.
CREATE INDEX inbound_messages_sender_idx ON inbound_messages (from_address, received_at);
CREATE INDEX inbound_messages_received_idx ON inbound_messages (received_at DESC);
CREATE INDEX inbound_messages_ticket_idx ON inbound_messages (ticket_id);

-- The Message-IDs of the letters of each request, received and sent: a reply names one of them in
-- In-Reply-To or References and so finds its request.
CREATE TABLE ticket_mail_ids (
  message_id  text PRIMARY KEY,
  ticket_id   uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  direction   text NOT NULL,
  created_at  timestamptz NOT NULL,
  CONSTRAINT ticket_mail_ids_direction_check CHECK (direction IN ('in', 'out'))
);
CREATE INDEX ticket_mail_ids_ticket_idx ON ticket_mail_ids (ticket_id, created_at);

-- Who a request opened by a letter corresponds with when it has no contact to write to (triage).
CREATE TABLE ticket_mail_threads (
  ticket_id  uuid PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
  address    text NOT NULL,
  name       text NOT NULL DEFAULT ''
);

-- The admin's versions of the letters; a kind and language without a row uses the text in code.
CREATE TABLE mail_templates (
  kind        text NOT NULL,
  locale      text NOT NULL,
  subject     text NOT NULL,
  body        text NOT NULL,
  updated_at  timestamptz NOT NULL,
  updated_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  PRIMARY KEY (kind, locale),
  CONSTRAINT mail_templates_locale_check CHECK (locale IN ('ru', 'en'))
);

-- Outgoing mail settings set on the admin page; they win over the SMTP_URL of the environment.
CREATE TABLE mail_settings (
  id            boolean PRIMARY KEY DEFAULT true,
  smtp_url      text,
  from_address  text,
  updated_at    timestamptz NOT NULL,
  CONSTRAINT mail_settings_single_row CHECK (id)
);
