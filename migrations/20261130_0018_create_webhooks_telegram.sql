-- Outgoing webhooks, the Telegram bot, and the phone desk's contact search (issue 8, items 5–7).

-- An admin's subscription of a URL to events of requests. The secret signs every delivery (HMAC-SHA256),
-- so it is kept as it is: a hash could not sign. It is shown to the admin once, at creation.
CREATE TABLE webhook_subscriptions (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name              text NOT NULL,
  url               text NOT NULL,
  events            text[] NOT NULL,
  secret            text NOT NULL,
  -- Internal notes leave the desk only when the admin asks for them explicitly.
  include_internal  boolean NOT NULL DEFAULT false,
  is_active         boolean NOT NULL DEFAULT true,
  created_by        uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_subscriptions_url_check CHECK (url ~* '^https?://'),
  CONSTRAINT webhook_subscriptions_events_check CHECK (
    cardinality(events) > 0
    AND events <@ ARRAY['request.created', 'request.status_changed', 'comment.added', 'sla.breached']::text[])
);

-- One delivery of one event to one subscription: its id is the X-Zayavka-Delivery header, the same on
-- every attempt, so a receiver can drop a retry it already processed. The body is fixed at the first
-- attempt and sent byte for byte again, so the signature of a retry is the signature of the original.
CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  -- The request's history event it tells about; null for the admin's test ("ping").
  event_id         bigint REFERENCES ticket_events (id) ON DELETE CASCADE,
  event            text NOT NULL,
  body             text NOT NULL,
  state            text NOT NULL DEFAULT 'pending',
  attempts         integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL,
  finished_at      timestamptz,
  CONSTRAINT webhook_deliveries_state_check CHECK (state IN ('pending', 'delivered', 'failed', 'skipped'))
);
-- A fan-out that runs twice finds the delivery it made the first time.
CREATE UNIQUE INDEX webhook_deliveries_event_key ON webhook_deliveries (subscription_id, event_id)
  WHERE event_id IS NOT NULL;
-- The admin's log: a subscription's newest deliveries first.
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (subscription_id, created_at DESC, id DESC);

-- Every attempt of a delivery, as the admin's log shows it.
CREATE TABLE webhook_attempts (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id  uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt      integer NOT NULL,
  started_at   timestamptz NOT NULL,
  status_code  integer,
  duration_ms  integer NOT NULL,
  error        text
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, attempt);

-- A Telegram chat linked to a user of Zayavka: one chat per user and one user per chat.
CREATE TABLE telegram_links (
  user_id           uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  chat_id           bigint NOT NULL UNIQUE,
  telegram_user_id  bigint NOT NULL,
  username          text,
  linked_at         timestamptz NOT NULL
);

-- One-time codes a user sends to the bot as `/start <code>`. Only a hash is kept, as for sessions.
CREATE TABLE telegram_link_codes (
  code_hash   text PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX telegram_link_codes_user_idx ON telegram_link_codes (user_id);

-- The bot's messages about a request: a reply to one of them is a comment on that request.
CREATE TABLE telegram_messages (
  chat_id     bigint NOT NULL,
  message_id  bigint NOT NULL,
  ticket_id   uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  sent_at     timestamptz NOT NULL,
  PRIMARY KEY (chat_id, message_id)
);

-- The updates the bot has acted on, written in the same transaction as what each one did: an update
-- fetched twice (the process died before Telegram heard it was received) is acted on once. Kept a week,
-- longer than Telegram keeps an unconfirmed update.
CREATE TABLE telegram_updates (
  update_id   bigint PRIMARY KEY,
  handled_at  timestamptz NOT NULL
);
CREATE INDEX telegram_updates_handled_idx ON telegram_updates (handled_at);

-- What every app instance should know of the bot: its username, for the portal's link to it, and which
-- instance polls Telegram now (Telegram answers 409 to a second getUpdates at once): a lease the poller
-- renews before each poll; another instance takes over once it lapses.
CREATE TABLE telegram_state (
  id                  boolean PRIMARY KEY DEFAULT true,
  bot_username        text,
  poller_id           text,
  poller_lease_until  timestamptz,
  CONSTRAINT telegram_state_single CHECK (id)
);
INSERT INTO telegram_state (id) VALUES (true);

-- The phone desk searches contacts by a fragment of the name or of the phone number, however it was
-- typed (+7 (495) 727-15-40 and 84957271540 are the same number).
CREATE INDEX users_name_trgm_idx ON users USING gin (lower(name) gin_trgm_ops);
CREATE INDEX users_phone_digits_trgm_idx ON users
  USING gin ((regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g')) gin_trgm_ops);
