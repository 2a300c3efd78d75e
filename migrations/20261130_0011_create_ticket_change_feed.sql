-- Live updates and the spoken new-request alert (issue 7, items 1 and 5).

-- «Unread» means no member of the support staff has opened the request yet. The first opening is kept,
-- never moved. Requests older than this migration count as opened at the moment it ran: the column is
-- added with now() as its default, which PostgreSQL stores once in the catalogue instead of rewriting
-- every row (instant on a million requests), and the default is dropped at once so that new requests
-- start unread. Without that the desk would start reading aloud every old request still in `new`.
ALTER TABLE tickets
  ADD COLUMN first_opened_at timestamptz DEFAULT now(),
  ADD COLUMN first_opened_by uuid REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE tickets ALTER COLUMN first_opened_at DROP DEFAULT;

-- What the alert asks for all day long: new requests nobody has opened. A handful of rows at any time.
CREATE INDEX tickets_unopened_idx ON tickets (number DESC) WHERE status = 'new' AND first_opened_at IS NULL;

-- Each agent may silence the alert for himself, wherever he logs in.
ALTER TABLE users ADD COLUMN speech_alerts boolean NOT NULL DEFAULT true;

-- The change feed. Every write of a request, whoever makes it (the API, a job, a fix by hand), tells the
-- listening servers through NOTIFY, which PostgreSQL delivers only once the transaction commits and drops
-- if it rolls back; identical payloads within a transaction arrive once. Several server processes each
-- LISTEN on the channel, so a request changed through one reaches the workspaces connected to another.
-- The payload carries no title or client: the server checks who may see the request before passing the
-- id on.
--
-- Statement-level triggers, so a write of many rows (an SLA recompute after a calendar edit, a bulk
-- load) sends one `resync` instead of flooding the queue: whoever listens then refetches what he shows.
CREATE FUNCTION tickets_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM (SELECT 1 FROM changed_rows LIMIT 101) AS s) > 100 THEN
    PERFORM pg_notify('zy_ticket_changes', '{"resync":true}');
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM pg_notify('zy_ticket_changes', json_build_object('id', n.id, 'v', n.version, 'k', 'created')::text)
       FROM changed_rows n;
  ELSE
    PERFORM pg_notify('zy_ticket_changes', json_build_object(
             'id', n.id,
             'v', n.version,
             'k', CASE
                    WHEN n.version <> o.version THEN 'changed'
                    WHEN o.first_opened_at IS NULL AND n.first_opened_at IS NOT NULL THEN 'opened'
                    WHEN o.sla_state IS DISTINCT FROM n.sla_state THEN 'sla'
                    ELSE 'changed'
                  END)::text)
       FROM changed_rows n
       JOIN previous_rows o ON o.id = n.id;
  END IF;
  RETURN NULL;
END;
$$;

-- A trigger with transition tables serves one event, hence two.
CREATE TRIGGER tickets_change_feed_insert
  AFTER INSERT ON tickets REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tickets_notify_change();
CREATE TRIGGER tickets_change_feed_update
  AFTER UPDATE ON tickets REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tickets_notify_change();

-- Some changes touch only the request's history: a timer started, a worklog corrected, a file attached.
-- Every change of a request writes an event (ARCHITECTURE.md), so a new event is a change too. Its
-- payload is the one the request's own update sends in the same transaction, and is then sent once.
-- `created` is the insert's above.
CREATE FUNCTION ticket_events_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM (SELECT 1 FROM new_events LIMIT 101) AS s) > 100 THEN
    PERFORM pg_notify('zy_ticket_changes', '{"resync":true}');
    RETURN NULL;
  END IF;
  PERFORM pg_notify('zy_ticket_changes', json_build_object('id', t.id, 'v', t.version, 'k', 'changed')::text)
     FROM (SELECT DISTINCT ticket_id FROM new_events WHERE kind <> 'created') AS e
     JOIN tickets t ON t.id = e.ticket_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER ticket_events_change_feed
  AFTER INSERT ON ticket_events REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION ticket_events_notify_change();
