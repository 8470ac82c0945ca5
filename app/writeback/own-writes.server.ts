import type { Sql } from "~/db/sql.server";

/**
 * Whether an order note Shopify reports is one the app wrote itself: its
 * orders/updated webhook is an echo, not news for the ticket.
 */
export async function isOwnNoteWrite(tx: Sql, shop: string, orderGid: string, note: string | null) {
  if (note === null) return false;
  // Plain SQL: every note change an order event brings is checked here.
  const own = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "ShopifyWrite"
    WHERE "shopDomain" = ${shop} AND "orderGid" = ${orderGid} AND "kind" IN ('order_note', 'note_repair')
      AND "status" IN ('pending', 'done') AND "result" = ${note}
    LIMIT 1`;
  return own.length > 0;
}
