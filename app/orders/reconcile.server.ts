import type { OrderSnapshot } from "@prisma/client";
import type { PgBoss } from "pg-boss";
import prisma from "~/db.server";
import { jobSender, QUEUES } from "~/jobs/queues.server";
import { adminClientFor } from "~/shopify/admin.server";
import { applyOrderState } from "~/tickets/order-events.server";
import { fetchOrdersUpdatedSince, type OrdersClient } from "./import.server";
import { diffOrder } from "./order-changes";
import type { OrderState } from "./order-state";
import { stateOf } from "./snapshots.server";

/**
 * Reconciliation: webhooks can be lost (our outage outlasting Shopify's
 * retries, a removed subscription), so every shop is regularly asked which
 * orders changed since the newest change it reported, and each one we do not
 * hold yet is applied exactly as its webhook would have been: a missed
 * cancellation opens its ticket now, a missed refund reaches the order's
 * ticket now.
 */

/** Shopify's clock and ours differ; asking a little further back costs a few repeats. */
export const RECONCILE_OVERLAP_MS = 5 * 60_000;

export type ReconcileResult =
  | {
      status: "done";
      /** Orders Shopify reported as changed in the window. */
      ordersSeen: number;
      /** Of those, orders whose state was news to us and was applied (webhooks had not brought it). */
      ordersChanged: number;
      ticketsOpened: number;
      reconciledThrough: Date | null;
    }
  | { status: "skipped"; reason: string };

export async function reconcileShop(
  shop: string,
  options: { client?: OrdersClient; signal?: AbortSignal } = {},
): Promise<ReconcileResult> {
  const row = await prisma.shop.findUnique({ where: { domain: shop } });
  if (!row) return { status: "skipped", reason: "unknown shop" };
  if (row.uninstalledAt) return { status: "skipped", reason: "shop is uninstalled" };
  // Before the import is done the shop's history is incomplete: applying
  // rules to it would open tickets for old news.
  if (row.importStatus !== "done") return { status: "skipped", reason: `import is ${row.importStatus}` };

  const client = options.client ?? (await adminClientFor(shop));
  // Started before the transactions: a ticket a rule opens queues a write to its order.
  await jobSender();
  let through = row.reconciledThrough;
  const from = through ?? row.importStartedAt ?? new Date();
  const since = new Date(from.getTime() - RECONCILE_OVERLAP_MS);
  const result = { status: "done" as const, ordersSeen: 0, ordersChanged: 0, ticketsOpened: 0 };

  let cursor: string | null = null;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await fetchOrdersUpdatedSince(client, since, cursor);
    const held = await prisma.orderSnapshot.findMany({
      where: { shopDomain: shop, shopifyId: { in: page.orders.map((o) => o.shopifyId) } },
    });
    const heldById = new Map(held.map((snapshot) => [snapshot.shopifyId, snapshot]));
    for (const state of page.orders) {
      result.ordersSeen++;
      if (!through || state.updatedAt > through) through = state.updatedAt;
      if (!missed(heldById.get(state.shopifyId), state)) continue;
      const outcome = await prisma.$transaction((tx) =>
        applyOrderState(tx, shop, state, { webhookEventId: null, isNewOrderEvent: false }),
      );
      if (outcome.snapshotWritten) result.ordersChanged++;
      if (outcome.openedTicketId) result.ticketsOpened++;
    }
    // Saved per page, oldest change first, so a failure later on does not
    // make the next run ask for these again.
    await prisma.shop.update({ where: { domain: shop }, data: { reconciledThrough: through } });
    if (!page.hasNextPage || !page.endCursor) break;
    cursor = page.endCursor;
  }
  await prisma.shop.update({ where: { domain: shop }, data: { lastReconciledAt: new Date() } });
  return { ...result, reconciledThrough: through };
}

/**
 * Whether Shopify's state of an order is news to us. A newer version is; an
 * older one is not (a webhook brought a later one). Shopify's updated_at
 * counts whole seconds, so an equal version may still hide a second change
 * made in the same second (an app cancelling an order as it is placed): it is
 * news if it differs in anything a ticket hears about.
 */
function missed(held: OrderSnapshot | undefined, reported: OrderState): boolean {
  if (!held) return true;
  const version = held.shopifyUpdatedAt.getTime();
  const reportedVersion = reported.updatedAt.getTime();
  if (version !== reportedVersion) return version < reportedVersion;
  return diffOrder(stateOf(held), reported, { isNewOrderEvent: false }).length > 0;
}

/**
 * The schedule's job: one reconciliation job per installed shop whose import
 * is done. A shop whose previous job still waits gets no second one (the
 * queue allows one queued job per shop).
 */
export async function queueReconciliations(boss: Pick<PgBoss, "send">): Promise<number> {
  const shops = await prisma.shop.findMany({
    where: { uninstalledAt: null, importStatus: "done" },
    select: { domain: true },
  });
  let queued = 0;
  for (const { domain } of shops) {
    const id = await boss.send(QUEUES.reconcileShop, { shop: domain }, { singletonKey: domain });
    if (id) queued++;
  }
  return queued;
}
