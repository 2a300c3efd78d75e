-- Indexes for the period reports (issue 9): a report starts from the rows of its period — requests
-- closed in it, transitions made in it — instead of every row. (Requests registered in a period and
-- work recorded in it already have theirs: tickets_created_idx, worklogs_started_idx.)
CREATE INDEX tickets_closed_idx ON tickets (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX ticket_events_transitioned_idx ON ticket_events (created_at) WHERE kind = 'transitioned';
