-- Priorities as an editable dictionary (issue 6): the four codes and their order are fixed, because SLA
-- targets are set per code and queues sort by the order; an admin edits only the names, the colour and
-- whether a level is offered for new requests.
CREATE TABLE ticket_priorities (
  code       text PRIMARY KEY,
  rank       smallint NOT NULL,
  name       text NOT NULL,
  name_en    text NOT NULL,
  color      text NOT NULL,
  is_active  boolean NOT NULL DEFAULT true,
  CONSTRAINT ticket_priorities_code_check CHECK (code IN ('low', 'normal', 'high', 'critical')),
  CONSTRAINT ticket_priorities_rank_key UNIQUE (rank),
  CONSTRAINT ticket_priorities_name_check CHECK (length(btrim(name)) > 0 AND length(btrim(name_en)) > 0)
);
INSERT INTO ticket_priorities (code, rank, name, name_en, color) VALUES
  ('low', 1, 'Низкий', 'Low', 'gray'),
  ('normal', 2, 'Обычный', 'Normal', 'blue'),
  ('high', 3, 'Высокий', 'High', 'orange'),
  ('critical', 4, 'Критический', 'Critical', 'red');

-- The queue's default order: highest priority first, then the nearest SLA due time (requests whose clock
-- does not run last), then the newest. The rank is stored, and the index is on the key written so that
-- every part ascends and none is NULL: then a page after a cursor is one row comparison, one index range
-- (listTickets' `priority` sort uses exactly these expressions).
ALTER TABLE tickets ADD COLUMN priority_rank smallint GENERATED ALWAYS AS (
  CASE priority WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END
) STORED;
CREATE INDEX tickets_priority_queue_idx
  ON tickets ((-priority_rank), (coalesce(sla_due_at, 'infinity'::timestamptz)), (-number));
