-- A ticket's search document stays within tsvector's limit of 1 MB. Past it,
-- PostgreSQL refuses the value ("string is too long for tsvector"), and the
-- refusal took the statement that caused it along: a new message on a very
-- long thread could not be stored, so the worker failed every later event of
-- the ticket's order, and an agent's reply on it failed.
--
-- The messages' part of a rebuilt document now holds the newest 256 000
-- characters of the thread (each message's first 4 000, as before). Unique
-- words cost at most about 3.3 bytes of tsvector per character of text
-- (one- to three-character words, the worst case), so the document stays
-- well under 1 MB. Threads shorter than that (about 64 long messages) are
-- indexed whole, as before.
CREATE OR REPLACE FUNCTION ticket_search_document(ticket_id TEXT, subject TEXT, customer_id TEXT) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT
    setweight(to_tsvector('simple', coalesce(subject, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce((
      SELECT concat_ws(' ', c."firstName", c."lastName", c."email", c."phone")
      FROM "Customer" c WHERE c."id" = customer_id), '')), 'A') ||
    setweight(to_tsvector('simple', coalesce((
      SELECT string_agg(o."name", ' ')
      FROM "TicketOrder" link JOIN "OrderSnapshot" o ON o."id" = link."orderId"
      WHERE link."ticketId" = ticket_id), '')), 'A') ||
    setweight(to_tsvector('simple', coalesce((
      SELECT string_agg(newest.body, ' ' ORDER BY newest."createdAt", newest."id")
      FROM (
        SELECT left(m."body", 4000) AS body, m."createdAt", m."id",
               sum(length(left(m."body", 4000)) + 1)
                 OVER (ORDER BY m."createdAt" DESC, m."id" DESC) AS newer_or_this
        FROM "Message" m WHERE m."ticketId" = ticket_id
      ) newest
      WHERE newest.newer_or_this <= 256000), '')), 'D')
$$;

-- A new message appends its words while the document has room for them
-- (4 000 characters add at most about 14 kB); a document that has not is
-- rebuilt from the newest messages, which frees room for the next ones.
-- The size is measured on a fresh copy (`|| ''`): the stored value may be
-- compressed, and the limit applies to it uncompressed.
CREATE OR REPLACE FUNCTION ticket_search_on_child() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND TG_TABLE_NAME = 'Message' THEN
    UPDATE "Ticket"
    SET "searchVector" = CASE
      WHEN pg_column_size(coalesce("searchVector", ''::tsvector) || ''::tsvector) <= 1048575 - 16384
      THEN coalesce("searchVector", ''::tsvector) ||
        setweight(to_tsvector('simple', left(NEW."body", 4000)), 'D')
      ELSE ticket_search_document("id", "subject", "customerId")
    END
    WHERE "id" = NEW."ticketId";
  ELSE
    UPDATE "Ticket" SET "searchVector" = ticket_search_document("id", "subject", "customerId")
    WHERE "id" = CASE WHEN TG_OP = 'DELETE' THEN OLD."ticketId" ELSE NEW."ticketId" END;
  END IF;
  RETURN NULL;
END $$;
