-- Business calendars and SLA policies (seeds 002 and 003): the clock of a request runs only in the
-- working time of its client's calendar, against the targets of its contract's policy. The clock itself
-- is derived from the request's history (server/modules/sla/clock.ts); its results are stored on the
-- request so that queues sort and filter by them and the breach job finds what is due.

CREATE TABLE business_calendars (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                 text NOT NULL,
  time_zone            text NOT NULL DEFAULT 'Europe/Moscow',
  -- {"mon": [{"start": 540, "end": 1080}], ...}: working intervals in minutes of the local day.
  week                 jsonb NOT NULL,
  -- {"2026-12-31": {"kind": "holiday"}, ...}: the calendar's own exceptions, over the production calendar's.
  exceptions           jsonb NOT NULL DEFAULT '{}',
  -- Whether the Russian production calendar shipped with the product (holidays, transfers, shortened
  -- pre-holiday days) applies.
  production_calendar  boolean NOT NULL DEFAULT true,
  is_default           boolean NOT NULL DEFAULT false,
  version              integer NOT NULL DEFAULT 1,
  -- Set by an edit; the SLA job recomputes the open requests of the calendar's clients and clears it.
  recompute_requested_at timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX business_calendars_one_default ON business_calendars (is_default) WHERE is_default;

INSERT INTO business_calendars (name, time_zone, week, production_calendar, is_default) VALUES
  ('Рабочие дни 9:00–18:00 по Москве', 'Europe/Moscow',
   '{"mon":[{"start":540,"end":1080}],"tue":[{"start":540,"end":1080}],"wed":[{"start":540,"end":1080}],"thu":[{"start":540,"end":1080}],"fri":[{"start":540,"end":1080}],"sat":[],"sun":[]}',
   true, true),
  ('Круглосуточно (24×7)', 'Europe/Moscow',
   '{"mon":[{"start":0,"end":1440}],"tue":[{"start":0,"end":1440}],"wed":[{"start":0,"end":1440}],"thu":[{"start":0,"end":1440}],"fri":[{"start":0,"end":1440}],"sat":[{"start":0,"end":1440}],"sun":[{"start":0,"end":1440}]}',
   false, false);

CREATE TABLE sla_policies (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL,
  -- {"critical": {"reactionMinutes": 30, "resolutionMinutes": 240}, ...}: working minutes per priority.
  targets      jsonb NOT NULL,
  warn_share   numeric(3, 2) NOT NULL DEFAULT 0.8,
  is_default   boolean NOT NULL DEFAULT false,
  recompute_requested_at timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sla_policies_warn_share_check CHECK (warn_share > 0 AND warn_share < 1)
);
CREATE UNIQUE INDEX sla_policies_one_default ON sla_policies (is_default) WHERE is_default;

INSERT INTO sla_policies (name, targets, is_default) VALUES
  ('Стандартный', '{"critical":{"reactionMinutes":30,"resolutionMinutes":480},"high":{"reactionMinutes":60,"resolutionMinutes":960},"normal":{"reactionMinutes":240,"resolutionMinutes":2400},"low":{"reactionMinutes":480,"resolutionMinutes":4800}}', true);

ALTER TABLE clients ADD COLUMN calendar_id uuid REFERENCES business_calendars (id);
ALTER TABLE contracts ADD COLUMN sla_policy_id uuid REFERENCES sla_policies (id);

ALTER TABLE tickets
  ADD COLUMN reacted_at         timestamptz,
  ADD COLUMN reaction_due_at    timestamptz,
  ADD COLUMN resolution_due_at  timestamptz,
  -- The nearest due instant of a running timer: what queues sort by and the API calls slaDueAt.
  ADD COLUMN sla_due_at         timestamptz,
  -- The nearest instant at which a running timer reaches the warning share of its target.
  ADD COLUMN sla_warn_at        timestamptz,
  ADD COLUMN sla_state          text,
  ADD CONSTRAINT tickets_sla_state_check CHECK (sla_state IN ('ok', 'warning', 'breached', 'met', 'paused'));

-- Queues sorted by SLA due time, and the breach job's look at what falls due.
CREATE INDEX tickets_sla_due_idx ON tickets (sla_due_at, number) WHERE sla_due_at IS NOT NULL;
CREATE INDEX tickets_sla_warn_idx ON tickets (sla_warn_at) WHERE sla_warn_at IS NOT NULL;
CREATE INDEX tickets_sla_state_idx ON tickets (sla_state, number DESC);
CREATE INDEX clients_calendar_idx ON clients (calendar_id);

-- What a person should know about: an SLA about to breach or breached, later new requests and replies.
CREATE TABLE notifications (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id),
  ticket_id   uuid REFERENCES tickets (id),
  kind        text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
