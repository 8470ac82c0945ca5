import type { Prisma, ShopifyWrite } from "@prisma/client";
import type { Sql } from "~/db/sql.server";
import prisma from "~/db.server";
import { jobSender } from "~/jobs/queues.server";
import { ORDER_NOTE_QUERY, ORDER_NOTE_UPDATE_MUTATION } from "~/shopify/documents/order-writes";
import { appendToNote, withMerchantLines } from "./order-note";
import { NO_SUCH_ORDER, PermanentWriteError, refused, writeClientFor } from "./shopify-access.server";
import { queueShopifyWrite } from "./write-queue.server";

/**
 * Writing the order's note. Shopify's `orderUpdate` replaces the whole note
 * and has no compare-and-swap, so a merchant's save that lands between our
 * read and our write is overwritten. It is not lost: its `orders/updated`
 * webhook carries the merchant's version, and when that version is dated
 * between our read and our write, a `note_repair` write puts the merchant's
 * lines back under the app's.
 */
export interface NoteWritePayload {
  entry: string;
  /** The note we read and built on, and when Shopify last changed it before our write. */
  base?: string | null;
  baseUpdatedAt?: string;
  /** When Shopify says our write changed the order. */
  writtenUpdatedAt?: string;
}

export interface NoteRepairPayload {
  overwrittenWriteId: string;
  merchantNote: string | null;
}

interface NoteOrder {
  order: { id: string; note: string | null; updatedAt: string } | null;
}

interface NoteUpdate {
  orderUpdate: {
    order: { note: string | null; updatedAt: string } | null;
    userErrors: { field: string[] | null; message: string }[];
  };
}

type BeforeWrite = (note: string) => Promise<unknown>;

/**
 * Read, change, write, read again (up to three rounds): the read after the
 * write catches a merchant's save that removed what we wrote, and the change
 * is made again on their version. Returns what Shopify holds and the dates
 * that bound the window a merchant's save could have been overwritten in.
 */
async function rewriteNote(
  shop: string,
  orderGid: string,
  change: (note: string | null) => string | null,
  holds: (note: string) => boolean,
  beforeWrite: BeforeWrite,
) {
  const client = await writeClientFor(shop);
  for (let round = 1; round <= 3; round++) {
    const { order } = await client.request<NoteOrder>(ORDER_NOTE_QUERY, { id: orderGid });
    if (!order) throw new PermanentWriteError(NO_SUCH_ORDER);
    const next = change(order.note);
    if (next === null) return { note: order.note ?? "", base: order.note, baseUpdatedAt: order.updatedAt };
    await beforeWrite(next);
    const { orderUpdate } = await client.request<NoteUpdate>(ORDER_NOTE_UPDATE_MUTATION, {
      input: { id: orderGid, note: next },
    });
    if (orderUpdate.userErrors.length > 0) throw refused("the note", orderUpdate.userErrors);
    const check = await client.request<NoteOrder>(ORDER_NOTE_QUERY, { id: orderGid });
    if (check.order?.note != null && holds(check.order.note))
      return {
        note: check.order.note,
        base: order.note,
        baseUpdatedAt: order.updatedAt,
        writtenUpdatedAt: orderUpdate.order?.updatedAt,
      };
  }
  throw new Error("The order's note kept changing while it was being written; will try again.");
}

/** Appends an order_note write's entry; returns the note and the payload to keep. */
export async function writeNoteEntry(
  write: { shopDomain: string; orderGid: string; payload: Prisma.JsonValue },
  beforeWrite: BeforeWrite,
): Promise<{ note: string; payload: NoteWritePayload }> {
  const { entry } = write.payload as unknown as NoteWritePayload;
  const { note, ...window } = await rewriteNote(
    write.shopDomain,
    write.orderGid,
    (current) => appendToNote(current, entry),
    (held) => held.split("\n").includes(entry),
    beforeWrite,
  );
  return { note, payload: { entry, ...window } };
}

/**
 * Puts an overwritten merchant version's lines back. When the note has
 * changed again since our write, the merchant saved a newer version after
 * seeing ours: theirs stands.
 */
export async function repairNote(
  write: { shopDomain: string; orderGid: string; payload: Prisma.JsonValue },
  beforeWrite: BeforeWrite,
): Promise<string> {
  const { overwrittenWriteId, merchantNote } = write.payload as unknown as NoteRepairPayload;
  const overwritten = await prisma.shopifyWrite.findUnique({ where: { id: overwrittenWriteId } });
  let repaired: string | null = null;
  const { note } = await rewriteNote(
    write.shopDomain,
    write.orderGid,
    (current) => {
      if ((current ?? "") !== (overwritten?.result ?? "")) return null;
      repaired = withMerchantLines(current, merchantNote);
      return repaired === current ? null : repaired;
    },
    (held) => held === repaired,
    beforeWrite,
  );
  return note;
}

/**
 * Called with each version of the note Shopify reports that the app did not
 * write: if it is dated inside one of our recent writes' read-to-write
 * window and is neither what we read nor what we wrote, our write replaced
 * it, and a repair is queued (once per version).
 */
export async function queueRepairIfOverwritten(
  tx: Sql,
  shop: string,
  orderGid: string,
  merchantNote: string | null,
  updatedAt: Date,
): Promise<boolean> {
  // Plain SQL: every merchant note change an order event brings comes here.
  const writes = await tx.$queryRaw<
    Pick<ShopifyWrite, "id" | "orderName" | "ticketId" | "payload" | "result">[]
  >`
    SELECT "id", "orderName", "ticketId", "payload", "result" FROM "ShopifyWrite"
    WHERE "shopDomain" = ${shop} AND "orderGid" = ${orderGid} AND "kind" = 'order_note' AND "status" = 'done'
    ORDER BY "completedAt" DESC NULLS LAST
    LIMIT 5`;
  const at = updatedAt.getTime();
  const overwritten = writes.find((w) => {
    const p = w.payload as unknown as NoteWritePayload;
    if (!p.baseUpdatedAt || !p.writtenUpdatedAt) return false;
    const inWindow = at >= Date.parse(p.baseUpdatedAt) && at <= Date.parse(p.writtenUpdatedAt);
    return inWindow && (merchantNote ?? "") !== (p.base ?? "") && merchantNote !== w.result;
  });
  if (!overwritten) return false;
  const payload: NoteRepairPayload = { overwrittenWriteId: overwritten.id, merchantNote };
  const [queued] = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "ShopifyWrite"
    WHERE "shopDomain" = ${shop} AND "orderGid" = ${orderGid} AND "kind" = 'note_repair'
      AND "payload" = ${JSON.stringify(payload)}::jsonb
    LIMIT 1`;
  if (queued) return false;
  await queueShopifyWrite(tx, {
    shop,
    kind: "note_repair",
    orderGid,
    orderName: overwritten.orderName,
    ticketId: overwritten.ticketId,
    payload,
  });
  return true;
}

/**
 * The merchant's webhook may have been processed before our write was done
 * (and so before its window was known): look at the newest version we hold.
 */
export async function repairIfSnapshotOverwritten(shop: string, orderGid: string): Promise<void> {
  const snapshot = await prisma.orderSnapshot.findUnique({
    where: { shopDomain_shopifyId: { shopDomain: shop, shopifyId: orderGid } },
    select: { note: true, shopifyUpdatedAt: true },
  });
  if (!snapshot) return;
  await jobSender();
  await prisma.$transaction((tx) =>
    queueRepairIfOverwritten(tx, shop, orderGid, snapshot.note, snapshot.shopifyUpdatedAt),
  );
}
