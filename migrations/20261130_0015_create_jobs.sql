-- The job queue (DESIGN.md: "jobs in a PostgreSQL-backed queue"). pg-boss cannot run on the embedded
-- PGlite, which has no second connection to poll from, so the queue is a table of our own that both
-- engines serve the same way: workers claim due rows with FOR UPDATE SKIP LOCKED, so any number of app
-- instances share the work and no job runs twice at once.
--
-- At least once: a job whose worker died is claimed again once its lock expires, so handlers are written
-- to be repeatable (outgoing mail and webhook deliveries carry their own dedupe keys).
CREATE TABLE jobs (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text NOT NULL,
  payload       jsonb NOT NULL DEFAULT '{}',
  -- Enqueueing the same (kind, dedupe_key) twice is a no-op: a retried fan-out never doubles a delivery.
  dedupe_key    text,
  run_at        timestamptz NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  max_attempts  integer NOT NULL DEFAULT 8,
  locked_until  timestamptz,
  state         text NOT NULL DEFAULT 'pending',
  last_error    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  CONSTRAINT jobs_state_check CHECK (state IN ('pending', 'done', 'failed')),
  CONSTRAINT jobs_attempts_check CHECK (attempts >= 0 AND max_attempts >= 1)
);
CREATE UNIQUE INDEX jobs_dedupe_idx ON jobs (kind, dedupe_key) WHERE dedupe_key IS NOT NULL;
-- What workers ask every second: the due pending jobs, oldest first. Finished jobs leave this index.
CREATE INDEX jobs_due_idx ON jobs (run_at, id) WHERE state = 'pending';
-- The admin's delivery log reads the newest jobs of a kind.
CREATE INDEX jobs_kind_idx ON jobs (kind, id DESC);

-- Channels (outgoing mail, webhooks, Telegram) react to what happens to requests. Whoever writes the
-- history (the API, the SLA watch, the stale job, a fix by hand), the same transaction enqueues one
-- fan-out job per event, so nothing is sent for a change that rolled back and nothing is lost when the
-- process dies after commit. The job runs at the event's own time, which the application sets from its
-- clock (tests move that clock). Bulk loads of history (the benchmark generator) disable this trigger:
-- events of the past must not write to anybody.
CREATE FUNCTION ticket_events_enqueue_fanout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO jobs (kind, payload, dedupe_key, run_at)
  SELECT 'ticket-event', jsonb_build_object('eventId', e.id), e.id::text, e.created_at
    FROM new_events e
   WHERE e.kind IN ('created', 'transitioned', 'commented', 'sla_breached', 'escalated')
  ON CONFLICT DO NOTHING;
  PERFORM pg_notify('zy_jobs', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER ticket_events_fanout
  AFTER INSERT ON ticket_events REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION ticket_events_enqueue_fanout();
