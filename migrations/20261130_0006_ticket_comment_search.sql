-- Search over the conversation without reading the comments at query time (issue 4): the words of a
-- request's public replies and those of its internal notes are kept on the request row, apart, each
-- with a GIN index, so a search is `search @@ q OR comments_search @@ q [OR notes_search @@ q: staff
-- only]` over one table. Before, an exists() over ticket_comments under that OR was planned as a hashed
-- subplan that read every comment with the word: 340 ms p95 at 1M requests, growing with the desk.
--
-- A trigger keeps the two vectors, in the transaction that writes the comment: every writer of
-- ticket_comments (the service, a future mail import, a fix by hand) keeps them right without knowing,
-- and the split that stops clients finding requests by the words of internal notes lives here, once.

-- `acc || more`, except that a conversation whose distinct words outgrow what a tsvector holds (1 MB)
-- keeps the words it has instead of failing the write of the comment.
CREATE FUNCTION tsvector_append(acc tsvector, more tsvector) RETURNS tsvector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
  -- 512 lexemes of at most 2047 bytes fit in 1 MB for sure: the usual case needs no subtransaction.
  IF length(acc) + length(more) <= 512 THEN
    RETURN acc || more;
  END IF;
  BEGIN
    RETURN acc || more;
  EXCEPTION WHEN program_limit_exceeded THEN
    RETURN acc;
  END;
END;
$$;

-- The vectors of comments appended in the order they were written, as the trigger appends them.
CREATE AGGREGATE tsvector_agg (tsvector) (SFUNC = tsvector_append, STYPE = tsvector, INITCOND = '');

-- What the two columns hold, per request with comments: the one definition of the public/internal split.
CREATE VIEW ticket_conversation_search AS
  SELECT ticket_id,
         tsvector_agg(search ORDER BY created_at, id) FILTER (WHERE NOT internal) AS comments_search,
         tsvector_agg(search ORDER BY created_at, id) FILTER (WHERE internal) AS notes_search
    FROM ticket_comments
   GROUP BY ticket_id;

ALTER TABLE tickets
  ADD COLUMN comments_search tsvector NOT NULL DEFAULT ''::tsvector,
  ADD COLUMN notes_search tsvector NOT NULL DEFAULT ''::tsvector;

-- Rebuilds a request's two vectors from its comments (for the rare edit, move or deletion).
CREATE FUNCTION ticket_rebuild_conversation_search(ticket uuid) RETURNS void LANGUAGE sql AS $$
  UPDATE tickets t
     SET comments_search = coalesce(
           (SELECT v.comments_search FROM ticket_conversation_search v WHERE v.ticket_id = t.id), ''),
         notes_search = coalesce(
           (SELECT v.notes_search FROM ticket_conversation_search v WHERE v.ticket_id = t.id), '')
   WHERE t.id = ticket;
$$;

CREATE FUNCTION ticket_comments_sync_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.internal THEN
      UPDATE tickets SET notes_search = tsvector_append(notes_search, NEW.search) WHERE id = NEW.ticket_id;
    ELSE
      UPDATE tickets SET comments_search = tsvector_append(comments_search, NEW.search) WHERE id = NEW.ticket_id;
    END IF;
    RETURN NULL;
  END IF;
  PERFORM ticket_rebuild_conversation_search(OLD.ticket_id);
  IF TG_OP = 'UPDATE' AND NEW.ticket_id <> OLD.ticket_id THEN
    PERFORM ticket_rebuild_conversation_search(NEW.ticket_id);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER ticket_comments_search_sync
  AFTER INSERT OR DELETE OR UPDATE OF ticket_id, body, internal ON ticket_comments
  FOR EACH ROW EXECUTE FUNCTION ticket_comments_sync_search();

-- The conversations so far. On a large desk this rewrites every request with comments (about 5 min
-- for 1M requests on two cores, see bench/RESULTS.md): run it at a quiet hour.
UPDATE tickets t
   SET comments_search = v.comments_search, notes_search = v.notes_search
  FROM ticket_conversation_search v
 WHERE v.ticket_id = t.id;

CREATE INDEX tickets_comments_search_idx ON tickets USING gin (comments_search);
CREATE INDEX tickets_notes_search_idx ON tickets USING gin (notes_search);

-- Nothing searches ticket_comments any more; every comment insert paid for this index.
DROP INDEX ticket_comments_search_idx;
-- The unique constraint's index tickets_number_key serves `ORDER BY number DESC` by a backward scan
-- just as well; this copy only cost every insert.
DROP INDEX tickets_number_desc_idx;
