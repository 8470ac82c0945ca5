import type { Prisma } from "@prisma/client";

/**
 * Whether an order note Shopify reports is one the app wrote itself: its
 * orders/updated webhook is an echo, not news for the ticket.
 */
export async function isOwnNoteWrite(
  tx: Prisma.TransactionClient,
  shop: string,
  orderGid: string,
  note: string | null,
) {
  if (note === null) return false;
  const own = await tx.shopifyWrite.findFirst({
    where: {
      shopDomain: shop,
      orderGid,
      kind: { in: ["order_note", "note_repair"] },
      status: { in: ["pending", "done"] },
      result: note,
    },
    select: { id: true },
  });
  return own !== null;
}
