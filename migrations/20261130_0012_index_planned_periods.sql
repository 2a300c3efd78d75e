-- The planning board (seed 001: the dispatcher plans the week twice a week) reads the requests whose
-- planned period overlaps one or two weeks. A GiST index on the period as a range answers that overlap
-- directly, however many requests were planned in earlier years.
CREATE INDEX tickets_planned_period_idx ON tickets USING gist (tstzrange(planned_start, planned_end))
  WHERE planned_start IS NOT NULL AND planned_end IS NOT NULL;
