-- CreateIndex
CREATE INDEX "Ticket_shopDomain_priority_updatedAt_idx" ON "Ticket"("shopDomain", "priority", "updatedAt");

-- CreateIndex
CREATE INDEX "Ticket_searchVector_idx" ON "Ticket" USING GIN ("searchVector");
