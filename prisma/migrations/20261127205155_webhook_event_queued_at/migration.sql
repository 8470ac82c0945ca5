-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN     "queuedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "WebhookEvent_queuedAt_receivedAt_idx" ON "WebhookEvent"("queuedAt", "receivedAt");

-- Events stored before this change had their job queued with them.
UPDATE "WebhookEvent" SET "queuedAt" = "receivedAt";
