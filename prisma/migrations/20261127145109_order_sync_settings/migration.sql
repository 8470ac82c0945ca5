-- AlterTable
ALTER TABLE "ShopifyWrite" ADD COLUMN     "startedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "OrderSyncSettings" (
    "shopDomain" TEXT NOT NULL,
    "writeNotes" BOOLEAN NOT NULL DEFAULT true,
    "writeTags" BOOLEAN NOT NULL DEFAULT true,
    "openTag" TEXT NOT NULL DEFAULT 'support-open',
    "resolvedTag" TEXT NOT NULL DEFAULT 'support-resolved',
    "writeMetafield" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderSyncSettings_pkey" PRIMARY KEY ("shopDomain")
);

-- AddForeignKey
ALTER TABLE "OrderSyncSettings" ADD CONSTRAINT "OrderSyncSettings_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;
