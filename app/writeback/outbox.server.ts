import type { Prisma, ShopifyWrite } from "@prisma/client";
import { poolSql } from "~/db/sql-pool.server";
import prisma from "~/db.server";
import { enqueueShopifyWrite, jobSender } from "~/jobs/queues.server";
import { ShopifyGraphqlError } from "~/shopify/graphql-client.server";
import { noteEntry } from "./order-note";
import { repairIfSnapshotOverwritten, repairNote, writeNoteEntry } from "./order-note.server";
import { writeOrderSupportState } from "./order-status.server";
import { PermanentWriteError } from "./shopify-access.server";
import { queueShopifyWrite } from "./write-queue.server";

/**
 * The outbox of writes to Shopify. A write is recorded with its job in one
 * transaction, then done by the worker through the cost-aware client (which
 * waits for the shop's bucket and retries throttling, 5xx and network
 * errors). A write Shopify refuses for good (userErrors, a revoked token, an
 * order that is gone) is marked failed with the reason and waits for an
 * agent's retry; anything else is retried by the job queue with backoff.
 */

/** Queues an internal note for the order's note in Shopify. */
export async function queueOrderNote(
  shop: string,
  input: {
    ticketId: string;
    ticketNumber: number;
    messageId: string;
    orderGid: string;
    orderName: string;
    text: string;
  },
  tx?: Prisma.TransactionClient,
): Promise<string> {
  // Started before any transaction: inside one it would wait on the transaction.
  await jobSender();
  const write = (db: Prisma.TransactionClient) =>
    queueShopifyWrite(db, {
      shop,
      kind: "order_note",
      orderGid: input.orderGid,
      orderName: input.orderName,
      ticketId: input.ticketId,
      messageId: input.messageId,
      payload: { entry: noteEntry(input.ticketNumber, new Date(), input.text) },
    });
  return tx ? write(tx) : prisma.$transaction(write);
}

export type WriteOutcome = "done" | "failed" | "missing" | "already-done";

export async function performShopifyWrite(
  id: string,
  options: { finalAttempt: boolean },
): Promise<WriteOutcome> {
  const write = await beginWrite(id);
  if (write === "missing" || write === "already-done") return write;
  try {
    // The note about to be written is recorded first: its orders/updated
    // webhook may be processed before this job finishes, and must be
    // recognised as the app's own echo (app/writeback/own-writes.server).
    const expectNote = (note: string) =>
      prisma.shopifyWrite.update({ where: { id }, data: { result: note } });
    let result: string;
    let payload: Prisma.InputJsonValue | undefined;
    if (write.kind === "order_status") result = await writeOrderSupportState(write);
    else if (write.kind === "note_repair") result = await repairNote(write, expectNote);
    else {
      const written = await writeNoteEntry(write, expectNote);
      result = written.note;
      payload = written.payload as unknown as Prisma.InputJsonValue;
    }
    await poolSql().$executeRaw`
      UPDATE "ShopifyWrite" SET "status" = 'done', "result" = ${result}, "lastError" = NULL,
        "payload" = COALESCE(${payload === undefined ? null : JSON.stringify(payload)}::jsonb, "payload"),
        "completedAt" = ${new Date().toISOString()}::timestamp(3), "attempts" = "attempts" + 1
      WHERE "id" = ${id}`;
    // A merchant's save our write replaced may already be in the desk.
    if (write.kind === "order_note") await repairIfSnapshotOverwritten(write.shopDomain, write.orderGid);
    return "done";
  } catch (error) {
    const permanent =
      error instanceof PermanentWriteError ||
      (error instanceof ShopifyGraphqlError &&
        (error.failure === "graphql" ||
          error.status === 401 ||
          error.status === 403 ||
          error.status === 404));
    const status = permanent || options.finalAttempt ? "failed" : "pending";
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    await poolSql().$executeRaw`
      UPDATE "ShopifyWrite" SET "status" = ${status}::"ShopifyWriteStatus", "lastError" = ${reason},
        "attempts" = "attempts" + 1
      WHERE "id" = ${id}`;
    if (permanent) return "failed";
    throw error;
  }
}

/**
 * Marks a write begun and returns it, in one statement: a pending
 * order_status write that has begun will read the tickets as they are now,
 * so changes from here on queue a new one (queueOrderStatusSync). Plain SQL
 * on the pool, not Prisma: every write to Shopify starts here, and the
 * worker runs many at once.
 */
async function beginWrite(id: string): Promise<ShopifyWrite | "missing" | "already-done"> {
  const [write] = await poolSql().$queryRaw<ShopifyWrite[]>`
    UPDATE "ShopifyWrite" SET "startedAt" = ${new Date().toISOString()}::timestamp(3)
    WHERE "id" = ${id} AND "status" <> 'done'
    RETURNING "id", "shopDomain", "kind", "orderGid", "orderName", "ticketId", "messageId", "payload",
              "status"::text AS "status", "attempts", "lastError", "result", "createdAt", "startedAt", "completedAt"`;
  if (write) return write;
  const [exists] = await poolSql().$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "ShopifyWrite" WHERE "id" = ${id}`;
  return exists ? "already-done" : "missing";
}

/** Queues a failed write again (an agent's retry); false when it is not the shop's failed write. */
export async function retryShopifyWrite(shop: string, id: string): Promise<boolean> {
  const boss = await jobSender();
  return prisma.$transaction(async (tx) => {
    const updated = await tx.shopifyWrite.updateMany({
      where: { id, shopDomain: shop, status: "failed" },
      data: { status: "pending", lastError: null },
    });
    if (updated.count === 0) return false;
    await enqueueShopifyWrite(tx, boss, shop, id);
    return true;
  });
}
