import type { Prisma } from "@prisma/client";
import { config } from "~/config.server";
import type { Sql } from "~/db/sql.server";
import { poolSql } from "~/db/sql-pool.server";
import prisma from "~/db.server";
import {
  ORDER_SUPPORT_STATE_QUERY,
  ORDER_SUPPORT_STATE_WRITE_MUTATION,
} from "~/shopify/documents/order-writes";
import {
  adminTicketUrl,
  isEmptyPlan,
  type OrderTicket,
  planSupportState,
  SUPPORT_METAFIELD,
  supportSummary,
} from "./order-support-state";
import { orderSyncSettings } from "./order-sync-settings.server";
import { NO_SUCH_ORDER, PermanentWriteError, refused, writeClientFor } from "./shopify-access.server";
import { queueShopifyWrite } from "./write-queue.server";

/**
 * Keeping the order's tags and app metafield in line with its tickets. A
 * change to a ticket (opened, status changed, order linked) queues an
 * `order_status` write for each of its orders, in the change's transaction;
 * the write reads the tickets when it runs, so one that has not begun yet
 * already covers any later change and no second one is queued.
 */
export async function queueOrderStatusSync(
  tx: Sql,
  shop: string,
  orderSnapshotIds: string[],
): Promise<number> {
  if (orderSnapshotIds.length === 0) return 0;
  const settings = await orderSyncSettings(shop, tx);
  if (!settings.writeTags && !settings.writeMetafield) return 0;
  // The orders with no write waiting to begin (one that has not begun covers this change).
  const orders = await tx.$queryRaw<{ shopifyId: string; name: string }[]>`
    SELECT s."shopifyId", s."name" FROM "OrderSnapshot" s
    WHERE s."shopDomain" = ${shop} AND s."id" = ANY(${orderSnapshotIds}::text[])
      AND NOT EXISTS (
        SELECT 1 FROM "ShopifyWrite" w
        WHERE w."shopDomain" = ${shop} AND w."orderGid" = s."shopifyId" AND w."kind" = 'order_status'
          AND w."status" = 'pending' AND w."startedAt" IS NULL)`;
  for (const order of orders)
    await queueShopifyWrite(tx, {
      shop,
      kind: "order_status",
      orderGid: order.shopifyId,
      orderName: order.name,
      payload: {},
    });
  return orders.length;
}

/** Queues the sync for every order linked to these tickets. */
export async function queueOrderStatusSyncForTickets(
  tx: Prisma.TransactionClient,
  shop: string,
  ticketIds: string[],
): Promise<number> {
  if (ticketIds.length === 0) return 0;
  const links = await tx.ticketOrder.findMany({
    where: { shopDomain: shop, ticketId: { in: ticketIds } },
    select: { orderId: true },
  });
  return queueOrderStatusSync(tx, shop, [...new Set(links.map((l) => l.orderId))]);
}

interface SupportStateRead {
  order: { id: string; tags: string[]; metafield: { value: string } | null } | null;
}

type UserErrors = { userErrors: { message: string }[] };

/** The write's answer: a part left out of the request is absent. */
interface SupportStateWritten {
  tagsAdd?: UserErrors;
  tagsRemove?: UserErrors;
  metafieldsSet?: UserErrors;
}

/**
 * Does one order_status write: the tickets as they are now, the order as
 * Shopify holds it, and only the changes between the two. Returns what the
 * order carries afterwards, kept on the write for sync health.
 */
export async function writeOrderSupportState(write: {
  id: string;
  shopDomain: string;
  orderGid: string;
}): Promise<string> {
  const shop = write.shopDomain;
  const [settings, tickets] = await Promise.all([
    orderSyncSettings(shop, poolSql()),
    ticketsOfOrder(shop, write.orderGid),
  ]);
  const apiKey = config().SHOPIFY_API_KEY;
  const summary = supportSummary(tickets, (n) => adminTicketUrl(shop, apiKey, n));
  const client = await writeClientFor(shop);
  const { order } = await client.request<SupportStateRead>(ORDER_SUPPORT_STATE_QUERY, { id: write.orderGid });
  if (!order) throw new PermanentWriteError(NO_SUCH_ORDER);
  const plan = planSupportState(
    { tags: order.tags, metafield: order.metafield?.value ?? null },
    summary,
    settings,
  );
  if (isEmptyPlan(plan)) return describe(plan, summary, "already in line");

  const written = await client.request<SupportStateWritten>(ORDER_SUPPORT_STATE_WRITE_MUTATION, {
    id: write.orderGid,
    addTags: plan.addTags,
    removeTags: plan.removeTags,
    metafields:
      plan.metafield === null
        ? []
        : [{ ...SUPPORT_METAFIELD, ownerId: write.orderGid, value: plan.metafield }],
    adding: plan.addTags.length > 0,
    removing: plan.removeTags.length > 0,
    settingMetafield: plan.metafield !== null,
  });
  // Each part runs even when one before it is refused; every part is idempotent, so the retry redoes them all.
  for (const tags of [written.tagsAdd, written.tagsRemove])
    if (tags && tags.userErrors.length > 0) throw refused("the order's tags", tags.userErrors);
  if (written.metafieldsSet && written.metafieldsSet.userErrors.length > 0)
    throw refused("the support metafield", written.metafieldsSet.userErrors);
  return describe(plan, summary, "written");
}

async function ticketsOfOrder(shop: string, orderGid: string): Promise<OrderTicket[]> {
  return poolSql().$queryRaw<OrderTicket[]>`
    SELECT t."number", t."status"::text AS "status", t."updatedAt"
    FROM "Ticket" t
    JOIN "TicketOrder" l ON l."ticketId" = t."id"
    JOIN "OrderSnapshot" o ON o."id" = l."orderId"
    WHERE t."shopDomain" = ${shop} AND o."shopDomain" = ${shop} AND o."shopifyId" = ${orderGid}`;
}

function describe(
  plan: ReturnType<typeof planSupportState>,
  summary: ReturnType<typeof supportSummary>,
  how: string,
) {
  return JSON.stringify({ how, addTags: plan.addTags, removeTags: plan.removeTags, summary });
}

export interface OrderSyncProblem {
  writeId: string;
  /** failed: waits for an agent's retry; retrying: the worker will try again by itself. */
  state: "failed" | "retrying";
  reason: string;
}

/**
 * The orders whose tags and metafield are not in line with their tickets
 * because the newest status write for them failed or is being retried.
 */
export async function orderSyncProblems(
  shop: string,
  orderGids: string[],
): Promise<Record<string, OrderSyncProblem>> {
  if (orderGids.length === 0) return {};
  const writes = await prisma.shopifyWrite.findMany({
    where: { shopDomain: shop, kind: "order_status", orderGid: { in: orderGids } },
    orderBy: { createdAt: "desc" },
    distinct: ["orderGid"],
    select: { id: true, orderGid: true, status: true, attempts: true, lastError: true },
  });
  const problems: Record<string, OrderSyncProblem> = {};
  for (const w of writes) {
    if (w.status === "failed")
      problems[w.orderGid] = { writeId: w.id, state: "failed", reason: w.lastError ?? "unknown error" };
    else if (w.status === "pending" && w.attempts > 0 && w.lastError)
      problems[w.orderGid] = { writeId: w.id, state: "retrying", reason: w.lastError };
  }
  return problems;
}
