-- The client's knowledge card (seed 001: "a database about the client, his processes, accounting specifics,
-- customized functions and how they work"): one free-form page per client, kept by the support team and
-- never shown to the client. Sanitized HTML, like comments. The version guards concurrent edits: whoever
-- saves over a newer version gets 409 and the current text instead of silently losing a colleague's edit.
ALTER TABLE clients
  ADD COLUMN knowledge_card        text NOT NULL DEFAULT '',
  ADD COLUMN knowledge_version     integer NOT NULL DEFAULT 0,
  ADD COLUMN knowledge_updated_at  timestamptz,
  ADD COLUMN knowledge_updated_by  uuid REFERENCES users (id);

-- The activity page reads one day of work across everybody; the existing index leads with the user.
CREATE INDEX worklogs_started_idx ON worklogs (started_at);
