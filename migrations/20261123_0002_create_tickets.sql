-- Requests ("заявки") with their history, conversation and recorded work (the lifecycle of seed 001).
ALTER TABLE clients ADD COLUMN approval_limit_hours numeric(6, 2);

CREATE SEQUENCE ticket_number_seq START WITH 1001;

CREATE TABLE tickets (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number               bigint NOT NULL DEFAULT nextval('ticket_number_seq'),
  title                text NOT NULL,
  description          text NOT NULL DEFAULT '',
  client_id            uuid REFERENCES clients (id),
  requester_id         uuid REFERENCES users (id),
  service_id           uuid,
  type                 text NOT NULL DEFAULT 'incident',
  priority             text NOT NULL DEFAULT 'normal',
  channel              text NOT NULL DEFAULT 'portal',
  status               text NOT NULL DEFAULT 'new',
  status_before_stale  text,
  line_id              uuid REFERENCES support_lines (id),
  group_id             uuid REFERENCES support_groups (id),
  assignee_id          uuid REFERENCES users (id),
  estimate_hours       numeric(6, 2),
  planned_start        timestamptz,
  planned_end          timestamptz,
  acceptance_criteria  text,
  resolution           text,
  desired_due_at       timestamptz,
  created_by           uuid REFERENCES users (id),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  closed_at            timestamptz,
  version              integer NOT NULL DEFAULT 1,
  search               tsvector GENERATED ALWAYS AS (
                         to_tsvector('russian', coalesce(title, '') || ' ' || coalesce(description, ''))
                       ) STORED,
  CONSTRAINT tickets_number_key UNIQUE (number),
  CONSTRAINT tickets_status_check CHECK (status IN
    ('new', 'evaluated', 'approved', 'rejected', 'planned', 'in_progress', 'done', 'completed', 'stale', 'irrelevant')),
  CONSTRAINT tickets_priority_check CHECK (priority IN ('low', 'normal', 'high', 'critical')),
  CONSTRAINT tickets_channel_check CHECK (channel IN ('portal', 'email', 'phone', 'telegram', 'api')),
  CONSTRAINT tickets_planned_check CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end > planned_start)
);
-- Queue filters: each list filter has an index that ends in the keyset (number) so pages stay cheap.
CREATE INDEX tickets_number_desc_idx ON tickets (number DESC);
CREATE INDEX tickets_status_idx ON tickets (status, number DESC);
CREATE INDEX tickets_client_idx ON tickets (client_id, status, number DESC);
CREATE INDEX tickets_assignee_idx ON tickets (assignee_id, status, number DESC);
CREATE INDEX tickets_line_idx ON tickets (line_id, status, number DESC);
CREATE INDEX tickets_group_idx ON tickets (group_id, number DESC);
CREATE INDEX tickets_requester_idx ON tickets (requester_id, number DESC);
CREATE INDEX tickets_service_idx ON tickets (service_id, number DESC);
CREATE INDEX tickets_priority_idx ON tickets (priority, number DESC);
CREATE INDEX tickets_updated_idx ON tickets (updated_at DESC, id);
CREATE INDEX tickets_search_idx ON tickets USING gin (search);
-- The stale job looks only at requests stuck before planning.
CREATE INDEX tickets_stale_candidates_idx ON tickets (updated_at) WHERE status IN ('new', 'evaluated');

-- Every change of a request is an event: the audit trail and the source of history-derived reports.
CREATE TABLE ticket_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id   uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  actor_id    uuid REFERENCES users (id),
  kind        text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}',
  internal    boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, id);

CREATE TABLE ticket_comments (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id   uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  author_id   uuid REFERENCES users (id),
  body        text NOT NULL,
  internal    boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  search      tsvector GENERATED ALWAYS AS (to_tsvector('russian', body)) STORED
);
CREATE INDEX ticket_comments_ticket_idx ON ticket_comments (ticket_id, created_at, id);
CREATE INDEX ticket_comments_search_idx ON ticket_comments USING gin (search);

CREATE TABLE worklogs (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id   uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES users (id),
  started_at  timestamptz NOT NULL,
  minutes     integer NOT NULL,
  note        text NOT NULL DEFAULT '',
  source      text NOT NULL DEFAULT 'manual',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT worklogs_minutes_check CHECK (minutes > 0 AND minutes <= 24 * 60),
  CONSTRAINT worklogs_source_check CHECK (source IN ('timer', 'manual'))
);
CREATE INDEX worklogs_ticket_idx ON worklogs (ticket_id, started_at);
CREATE INDEX worklogs_user_idx ON worklogs (user_id, started_at);

-- One running timer per person: the primary key says so.
CREATE TABLE running_timers (
  user_id     uuid PRIMARY KEY REFERENCES users (id),
  ticket_id   uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  started_at  timestamptz NOT NULL
);
CREATE INDEX running_timers_ticket_idx ON running_timers (ticket_id);
