-- Large values (a webhook's raw payload, an order's line items, fulfilments
-- and refunds) compressed with lz4 instead of PostgreSQL's default pglz:
-- storing payloads of several kilobytes, pglz took most of the inbox
-- insert's time in PostgreSQL (ADR 7, addendum 6). Only newly written values
-- change. A server built without lz4, and the embedded database (PGlite
-- lacks it), keep pglz.
DO $$
BEGIN
  ALTER TABLE "WebhookEvent" ALTER COLUMN "payload" SET COMPRESSION lz4;
  ALTER TABLE "OrderSnapshot"
    ALTER COLUMN "lineItems" SET COMPRESSION lz4,
    ALTER COLUMN "shippingAddress" SET COMPRESSION lz4,
    ALTER COLUMN "fulfillments" SET COMPRESSION lz4,
    ALTER COLUMN "refunds" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available here: large values stay compressed with pglz';
END $$;
