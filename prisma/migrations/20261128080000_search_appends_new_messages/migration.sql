-- A new message adds its own words to its ticket's search document instead
-- of the document being rebuilt from every message of the ticket. A ticket
-- that follows an order collects a system message per event on it, and each
-- insert re-read and re-parsed the whole thread: the cost of a message grew
-- with the thread, and a long thread cost its square in all.
--
-- The appended words carry the message weight (D) as a rebuild gives them;
-- only their positions differ, which neither the prefix match nor ts_rank
-- uses. An edited or deleted message (an agent's edit, a redaction) still
-- rebuilds the document, so words taken out leave the index.
CREATE OR REPLACE FUNCTION ticket_search_on_child() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND TG_TABLE_NAME = 'Message' THEN
    UPDATE "Ticket"
    SET "searchVector" = coalesce("searchVector", ''::tsvector) ||
      setweight(to_tsvector('simple', left(NEW."body", 4000)), 'D')
    WHERE "id" = NEW."ticketId";
  ELSE
    UPDATE "Ticket" SET "searchVector" = ticket_search_document("id", "subject", "customerId")
    WHERE "id" = CASE WHEN TG_OP = 'DELETE' THEN OLD."ticketId" ELSE NEW."ticketId" END;
  END IF;
  RETURN NULL;
END $$;
