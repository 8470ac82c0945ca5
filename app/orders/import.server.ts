import { z } from "zod";
import { upsertCustomer } from "~/customers/customers.server";
import prisma from "~/db.server";
import { jobSender } from "~/jobs/queues.server";
import { adminClientFor } from "~/shopify/admin.server";
import { ORDER_QUERY, ORDERS_UPDATED_SINCE_PAGE_QUERY } from "~/shopify/documents/orders";
import { applyOrderState } from "~/tickets/order-events.server";
import { type GraphqlOrder, orderFromGraphql } from "./order-graphql";
import type { OrderState } from "./order-state";
import { saveOrder } from "./snapshots.server";

/**
 * The initial import: a newly installed shop's orders of the last 60 days
 * (all Shopify shows an app without read_all_orders), with their customers,
 * so the first ticket about an older order already has its history. It runs
 * as a job after install; progress lives on the Shop row so an operator can
 * watch it and an interrupted import resumes from its last saved page.
 */
export const IMPORT_WINDOW_MS = 60 * 24 * 3_600_000;

export const importStatusSchema = z.enum(["not_started", "running", "done", "failed"]);
export type ImportStatus = z.infer<typeof importStatusSchema>;

/** What the import and reconciliation need of an Admin API client; tests wrap the real one. */
export interface OrdersClient {
  request<TData>(document: string, variables?: Record<string, unknown>): Promise<TData>;
}

/** Orders per page, as ORDERS_UPDATED_SINCE_PAGE_QUERY asks (its cost caps it). */
export const ORDERS_PAGE_SIZE = 10;

export interface OrdersPage {
  orders: OrderState[];
  endCursor: string | null;
  hasNextPage: boolean;
}

// The envelope, and what tells whether the listed fragment cut a list; the
// rest of an order is the fragment's, which orderFromGraphql reads.
const listedOrderSchema = z.looseObject({
  id: z.string(),
  updatedAt: z.string(),
  lineItems: z.looseObject({ pageInfo: z.object({ hasNextPage: z.boolean() }) }),
  fulfillments: z.array(z.looseObject({ trackingInfo: z.array(z.unknown()) })),
  refunds: z.array(z.unknown()),
});
const ordersPageSchema = z.object({
  orders: z.object({
    nodes: z.array(listedOrderSchema),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  }),
});

/** Whether a list reached its limit in ORDER_LISTED_FIELDS_FRAGMENT (10, 3, 3, 5), so it may hold more. */
function isCut(order: z.infer<typeof listedOrderSchema>): boolean {
  return (
    order.lineItems.pageInfo.hasNextPage ||
    order.fulfillments.length >= 3 ||
    order.fulfillments.some((f) => f.trackingInfo.length >= 3) ||
    order.refunds.length >= 5
  );
}

/**
 * One page of orders updated at or after `since`, oldest change first. An
 * order the page shows cut short is fetched whole.
 */
export async function fetchOrdersUpdatedSince(
  client: OrdersClient,
  since: Date,
  after: string | null,
): Promise<OrdersPage> {
  const data = ordersPageSchema.parse(
    await client.request<unknown>(ORDERS_UPDATED_SINCE_PAGE_QUERY, {
      query: `updated_at:>='${since.toISOString()}'`,
      after,
    }),
  );
  const orders: OrderState[] = [];
  for (const node of data.orders.nodes) {
    let full = node as unknown as GraphqlOrder;
    if (isCut(node)) {
      const whole = await client.request<{ order: GraphqlOrder | null }>(ORDER_QUERY, { id: node.id });
      if (whole.order) full = whole.order;
    }
    orders.push(orderFromGraphql(full));
  }
  return { orders, endCursor: data.orders.pageInfo.endCursor, hasNextPage: data.orders.pageInfo.hasNextPage };
}

export interface ImportOptions {
  /** Defaults to the shop's offline-session client. */
  client?: OrdersClient;
  /** Start over even if an import finished before (re-importing an order is harmless). */
  restart?: boolean;
  /**
   * Run each order through the ticket rules as a webhook would. Off by
   * default: a months-old cancellation must not open a ticket today, so the
   * import writes only the customer and the snapshot.
   */
  applyRules?: boolean;
  /** Stops between orders (a worker shutting down); the import stays resumable. */
  signal?: AbortSignal;
}

export type ImportResult =
  | { status: "done"; importedOrders: number; reconciledThrough: Date }
  | { status: "skipped"; reason: string };

export async function importRecentOrders(shop: string, options: ImportOptions = {}): Promise<ImportResult> {
  const run = await claimImport(shop, options.restart ?? false);
  if ("skipped" in run) return { status: "skipped", reason: run.skipped };
  try {
    const client = options.client ?? (await adminClientFor(shop));
    // Fixed for the whole import, resumes included, so the saved cursor
    // belongs to the same search.
    const since = new Date(run.startedAt.getTime() - IMPORT_WINDOW_MS);
    let { cursor, importedOrders, through } = run;
    for (;;) {
      options.signal?.throwIfAborted();
      const page = await fetchOrdersUpdatedSince(client, since, cursor);
      let imported = 0;
      for (const state of page.orders) {
        options.signal?.throwIfAborted();
        // An order that changed after the install began has webhooks on their
        // way (and reconciliation as a net); writing its current state now
        // would make those events look like old news and open no ticket.
        if (state.updatedAt >= run.startedAt) continue;
        await importOrder(shop, state, options.applyRules ?? false);
        imported++;
        if (!through || state.updatedAt > through) through = state.updatedAt;
      }
      cursor = page.endCursor ?? cursor;
      importedOrders += imported;
      // Cursor and count move together once the page is in, so a resumed
      // import repeats at most this page and counts it once.
      await prisma.shop.update({
        where: { domain: shop },
        data: { importCursor: cursor, importedOrders, reconciledThrough: through },
      });
      if (!page.hasNextPage) break;
    }
    // With nothing to import, reconciliation starts from when we asked.
    const reconciledThrough = through ?? run.startedAt;
    await prisma.shop.update({
      where: { domain: shop },
      data: {
        importStatus: "done",
        importCursor: null,
        importError: null,
        importFinishedAt: new Date(),
        reconciledThrough,
      },
    });
    return { status: "done", importedOrders, reconciledThrough };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await prisma.shop.updateMany({
      where: { domain: shop },
      data: { importStatus: "failed", importError: message.slice(0, 2000) },
    });
    throw error;
  }
}

interface ImportRun {
  startedAt: Date;
  cursor: string | null;
  importedOrders: number;
  through: Date | null;
}

/**
 * Marks the import running: from the start for a shop never imported (or on
 * `restart`), otherwise from the saved cursor. A running import found here
 * was cut off (its worker died and the job came back), so it resumes too.
 */
async function claimImport(shop: string, restart: boolean): Promise<ImportRun | { skipped: string }> {
  const row = await prisma.shop.findUnique({ where: { domain: shop } });
  if (!row) return { skipped: "unknown shop" };
  if (row.uninstalledAt) return { skipped: "shop is uninstalled" };
  const status = importStatusSchema.catch("not_started").parse(row.importStatus);
  if (status === "done" && !restart) return { skipped: "already imported" };

  if (restart || status === "not_started" || !row.importStartedAt) {
    const startedAt = new Date();
    await prisma.shop.update({
      where: { domain: shop },
      data: {
        importStatus: "running",
        importCursor: null,
        importedOrders: 0,
        importError: null,
        importStartedAt: startedAt,
        importFinishedAt: null,
      },
    });
    return { startedAt, cursor: null, importedOrders: 0, through: row.reconciledThrough };
  }
  await prisma.shop.update({ where: { domain: shop }, data: { importStatus: "running", importError: null } });
  return {
    startedAt: row.importStartedAt,
    cursor: row.importCursor,
    importedOrders: row.importedOrders,
    through: row.reconciledThrough,
  };
}

/** One order in its own short transaction; an older version never replaces a newer snapshot. */
async function importOrder(shop: string, state: OrderState, applyRules: boolean): Promise<void> {
  // Started before the transaction: a ticket a rule opens queues a write to its order.
  if (applyRules) await jobSender();
  await prisma.$transaction(async (tx) => {
    if (applyRules) {
      await applyOrderState(tx, shop, state, { webhookEventId: null, isNewOrderEvent: false });
      return;
    }
    // The per-order lock applyOrderState takes: a webhook for this order
    // being applied right now finishes first, or waits for us.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${shop} ${state.shopifyId}`}))`;
    const customer = state.customer ? await upsertCustomer(tx, shop, state.customer) : null;
    await saveOrder(tx, shop, state, customer?.id ?? null);
  });
}

/** Import progress across shops, or for one (CLI only; never reachable from a shop's UI). */
export async function importProgressForOperators(shop?: string) {
  return prisma.shop.findMany({
    where: shop ? { domain: shop } : {},
    orderBy: { installedAt: "asc" },
    select: {
      domain: true,
      uninstalledAt: true,
      importStatus: true,
      importedOrders: true,
      importStartedAt: true,
      importFinishedAt: true,
      importError: true,
      reconciledThrough: true,
      lastReconciledAt: true,
    },
  });
}
