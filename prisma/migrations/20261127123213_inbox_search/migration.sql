-- DropIndex
DROP INDEX "Ticket_shopDomain_status_idx";

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "searchVector" tsvector;

-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketEvent" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "ticketId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TicketEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Agent_shopDomain_staffId_key" ON "Agent"("shopDomain", "staffId");

-- CreateIndex
CREATE INDEX "TicketEvent_ticketId_createdAt_idx" ON "TicketEvent"("ticketId", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_shopDomain_status_updatedAt_idx" ON "Ticket"("shopDomain", "status", "updatedAt");

-- CreateIndex
CREATE INDEX "Ticket_shopDomain_updatedAt_idx" ON "Ticket"("shopDomain", "updatedAt");

-- CreateIndex
CREATE INDEX "Ticket_shopDomain_assigneeId_status_idx" ON "Ticket"("shopDomain", "assigneeId", "status");

-- CreateIndex
CREATE INDEX "Ticket_customerId_idx" ON "Ticket"("customerId");

-- CreateIndex
CREATE INDEX "Ticket_tags_idx" ON "Ticket" USING GIN ("tags");

-- AddForeignKey
ALTER TABLE "Agent" ADD CONSTRAINT "Agent_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketEvent" ADD CONSTRAINT "TicketEvent_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Full-text search over a ticket's subject, customer, order names and
-- messages (hand-written; not part of the Prisma schema diff). The 'simple'
-- configuration keeps names, emails and order numbers as typed; the inbox
-- matches words as prefixes. Subject, customer and orders weigh more than
-- message text in the ranking.
CREATE FUNCTION ticket_search_document(ticket_id TEXT, subject TEXT, customer_id TEXT) RETURNS tsvector
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
      SELECT string_agg(left(m."body", 4000), ' ')
      FROM "Message" m WHERE m."ticketId" = ticket_id), '')), 'D')
$$;

CREATE FUNCTION ticket_search_on_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := ticket_search_document(NEW."id", NEW."subject", NEW."customerId");
  RETURN NEW;
END $$;

CREATE TRIGGER ticket_search_on_ticket BEFORE INSERT OR UPDATE OF "subject", "customerId" ON "Ticket"
  FOR EACH ROW EXECUTE FUNCTION ticket_search_on_ticket();

-- Messages and order links change the document of their ticket.
CREATE FUNCTION ticket_search_on_child() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_ticket TEXT := CASE WHEN TG_OP = 'DELETE' THEN OLD."ticketId" ELSE NEW."ticketId" END;
BEGIN
  UPDATE "Ticket" SET "searchVector" = ticket_search_document("id", "subject", "customerId")
  WHERE "id" = changed_ticket;
  RETURN NULL;
END $$;

CREATE TRIGGER ticket_search_on_message AFTER INSERT OR DELETE OR UPDATE OF "body" ON "Message"
  FOR EACH ROW EXECUTE FUNCTION ticket_search_on_child();

CREATE TRIGGER ticket_search_on_order_link AFTER INSERT OR DELETE ON "TicketOrder"
  FOR EACH ROW EXECUTE FUNCTION ticket_search_on_child();

-- A customer's new name or email (or its redaction) changes all their tickets.
CREATE FUNCTION ticket_search_on_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Ticket" SET "searchVector" = ticket_search_document("id", "subject", "customerId")
  WHERE "customerId" = NEW."id";
  RETURN NULL;
END $$;

CREATE TRIGGER ticket_search_on_customer AFTER UPDATE OF "firstName", "lastName", "email", "phone" ON "Customer"
  FOR EACH ROW
  WHEN (OLD."firstName" IS DISTINCT FROM NEW."firstName" OR OLD."lastName" IS DISTINCT FROM NEW."lastName"
        OR OLD."email" IS DISTINCT FROM NEW."email" OR OLD."phone" IS DISTINCT FROM NEW."phone")
  EXECUTE FUNCTION ticket_search_on_customer();

CREATE INDEX "Ticket_searchVector_idx" ON "Ticket" USING GIN ("searchVector");

UPDATE "Ticket" SET "searchVector" = ticket_search_document("id", "subject", "customerId");
