-- Files attached to requests: stored on disk by content hash, described here.
CREATE TABLE attachments (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id     uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  comment_id    uuid REFERENCES ticket_comments (id) ON DELETE SET NULL,
  uploader_id   uuid REFERENCES users (id),
  file_name     text NOT NULL,
  content_type  text NOT NULL,
  size          bigint NOT NULL,
  sha256        char(64) NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_ticket_idx ON attachments (ticket_id, created_at);
CREATE INDEX attachments_comment_idx ON attachments (comment_id);
