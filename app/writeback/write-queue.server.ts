import { Prisma } from "@prisma/client";
import { executeLater } from "~/db/batched-sql.server";
import { newRowId } from "~/db/row-ids";
import type { Sql } from "~/db/sql.server";
import { enqueueShopifyWrite, jobSender } from "~/jobs/queues.server";

export interface NewShopifyWrite {
  shop: string;
  kind: "order_note" | "order_status" | "note_repair";
  orderGid: string;
  orderName: string;
  ticketId?: string | null;
  messageId?: string | null;
  payload: object;
}

/**
 * Records a write to Shopify and queues its job, in the caller's
 * transaction; returns the write's id. Plain SQL, as it runs on the webhook
 * worker's path. The caller's process has its job sender running: starting
 * it inside the transaction would wait on the transaction.
 */
export async function queueShopifyWrite(tx: Sql, write: NewShopifyWrite): Promise<string> {
  const id = newRowId("wr");
  await executeLater(
    tx,
    Prisma.sql`
      INSERT INTO "ShopifyWrite" ("id", "shopDomain", "kind", "orderGid", "orderName", "ticketId", "messageId", "payload", "createdAt")
      VALUES (${id}, ${write.shop}, ${write.kind}, ${write.orderGid}, ${write.orderName}, ${write.ticketId ?? null},
              ${write.messageId ?? null}, ${JSON.stringify(write.payload)}::jsonb, ${new Date().toISOString()}::timestamp(3))`,
  );
  await enqueueShopifyWrite(tx, await jobSender(), write.shop, id);
  return id;
}
