-- CreateEnum
CREATE TYPE "ShopifyWriteStatus" AS ENUM ('pending', 'done', 'failed');

-- CreateTable
CREATE TABLE "ShopifyWrite" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "ticketId" TEXT,
    "messageId" TEXT,
    "payload" JSONB NOT NULL,
    "status" "ShopifyWriteStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "result" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "ShopifyWrite_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ShopifyWrite_shopDomain_orderGid_status_idx" ON "ShopifyWrite"("shopDomain", "orderGid", "status");

-- CreateIndex
CREATE INDEX "ShopifyWrite_messageId_idx" ON "ShopifyWrite"("messageId");

-- AddForeignKey
ALTER TABLE "ShopifyWrite" ADD CONSTRAINT "ShopifyWrite_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;
