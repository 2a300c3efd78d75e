-- Accounts, support lines and groups, clients, sessions and API tokens: the ground every feature stands on.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE clients (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  inn         varchar(12) NOT NULL,
  kpp         varchar(9),
  time_zone   text NOT NULL DEFAULT 'Europe/Moscow',
  notes       text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT clients_inn_key UNIQUE (inn),
  CONSTRAINT clients_inn_digits CHECK (inn ~ '^([0-9]{10}|[0-9]{12})$')
);
CREATE INDEX clients_name_trgm_idx ON clients USING gin (lower(name) gin_trgm_ops);
CREATE INDEX clients_name_id_idx ON clients (lower(name), id);

CREATE TABLE support_lines (
  id     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code   text NOT NULL UNIQUE,
  name   text NOT NULL,
  level  integer NOT NULL
);

CREATE TABLE support_groups (
  id       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  line_id  uuid NOT NULL REFERENCES support_lines (id),
  code     text NOT NULL UNIQUE,
  name     text NOT NULL
);
CREATE INDEX support_groups_line_idx ON support_groups (line_id);

CREATE TABLE users (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email          text NOT NULL,
  name           text NOT NULL,
  role           text NOT NULL,
  password_hash  text NOT NULL,
  client_id      uuid REFERENCES clients (id),
  phone          text,
  locale         text NOT NULL DEFAULT 'ru',
  time_zone      text NOT NULL DEFAULT 'Europe/Moscow',
  is_active      boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'dispatcher', 'agent', 'client_user', 'client_approver', 'employee')),
  CONSTRAINT users_locale_check CHECK (locale IN ('ru', 'en')),
  -- A client's contact always belongs to a client, and staff never does.
  CONSTRAINT users_client_check CHECK ((role IN ('client_user', 'client_approver')) = (client_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_client_idx ON users (client_id);
CREATE INDEX users_name_id_idx ON users (lower(name), id);

CREATE TABLE user_lines (
  user_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  line_id  uuid NOT NULL REFERENCES support_lines (id),
  PRIMARY KEY (user_id, line_id)
);
CREATE INDEX user_lines_line_idx ON user_lines (line_id);

CREATE TABLE user_groups (
  user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  group_id  uuid NOT NULL REFERENCES support_groups (id),
  PRIMARY KEY (user_id, group_id)
);
CREATE INDEX user_groups_group_idx ON user_groups (group_id);

-- The cookie carries a random token; only its SHA-256 is stored, so a leaked table opens no session.
CREATE TABLE sessions (
  id            text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  user_agent    text,
  ip            text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE api_tokens (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name          text NOT NULL,
  token_hash    text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Failed logins per e-mail, for the lock-out after repeated wrong passwords.
CREATE TABLE login_failures (
  email             text PRIMARY KEY,
  failures          integer NOT NULL,
  first_failure_at  timestamptz NOT NULL,
  locked_until      timestamptz
);

-- Creates accept an Idempotency-Key: the first answer is kept and returned again for the same key.
CREATE TABLE idempotency_keys (
  actor_id      uuid NOT NULL,
  key           text NOT NULL,
  scope         text NOT NULL,
  request_hash  text NOT NULL,
  status_code   integer NOT NULL,
  response      jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor_id, scope, key)
);
