import { type Customer, type OrderSnapshot, Prisma } from "@prisma/client";
import { holdsCustomerState } from "~/customers/customers.server";
import { executeLater } from "~/db/batched-sql.server";
import { newRowId } from "~/db/row-ids";
import type { Sql } from "~/db/sql.server";
import type { FulfillmentState, LineItemState, OrderState, RefundState } from "./order-state";

/** A ticket linked to an order, as loadOrder reads them. */
export interface LinkedTicket {
  id: string;
  status: string;
}

/**
 * Loads the snapshot of an order, as state, with its customer and its
 * linked tickets that are not closed (newest first), or null when we hold
 * none. One statement in plain SQL: it runs for every order event the
 * worker applies, and the event needs all three.
 */
export async function loadOrder(tx: Sql, shop: string, shopifyId: string) {
  const [found] = await tx.$queryRaw<(OrderSnapshot & CustomerColumns & { linkedTickets: LinkedTicket[] })[]>`
    SELECT s.*, ${CUSTOMER_COLUMNS}, COALESCE(t."tickets", '[]'::json) AS "linkedTickets"
    FROM "OrderSnapshot" s
    LEFT JOIN "Customer" c ON c."id" = s."customerId"
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('id', t."id", 'status', t."status") ORDER BY t."createdAt" DESC) AS "tickets"
      FROM "Ticket" t JOIN "TicketOrder" o ON o."ticketId" = t."id"
      WHERE t."shopDomain" = ${shop} AND o."orderId" = s."id" AND t."status" <> 'closed'
    ) t ON true
    WHERE s."shopDomain" = ${shop} AND s."shopifyId" = ${shopifyId}`;
  if (!found) return null;
  const { linkedTickets, ...columns } = found;
  const { customer, snapshot } = splitCustomer(columns);
  const row = { ...snapshot, customer };
  return { row, state: stateOf(row), tickets: linkedTickets };
}

export type LoadedOrder = NonNullable<Awaited<ReturnType<typeof loadOrder>>>;

type CustomerColumns = { [K in keyof Customer as `c_${K}`]: Customer[K] | null };

const CUSTOMER_FIELDS = [
  "id",
  "shopDomain",
  "shopifyId",
  "email",
  "firstName",
  "lastName",
  "phone",
  "note",
  "ordersCount",
  "shopifyUpdatedAt",
  "redactedAt",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof Customer)[];

const CUSTOMER_COLUMNS = Prisma.raw(CUSTOMER_FIELDS.map((f) => `c."${f}" AS "c_${f}"`).join(", "));

function splitCustomer(found: OrderSnapshot & CustomerColumns): {
  snapshot: OrderSnapshot;
  customer: Customer | null;
} {
  const snapshot: Record<string, unknown> = { ...found };
  const customer: Record<string, unknown> = {};
  for (const field of CUSTOMER_FIELDS) {
    customer[field] = snapshot[`c_${field}`];
    delete snapshot[`c_${field}`];
  }
  return {
    snapshot: snapshot as OrderSnapshot,
    customer: customer.id == null ? null : (customer as unknown as Customer),
  };
}

/** What heldOrderStates reads about an order event's order and customer. */
export interface HeldOrderState {
  shopifyUpdatedAt: Date;
  stateObservedAt: Date;
  note: string | null;
  customerHeld: boolean;
  customerUpdatedAt: Date | null;
  customerRedactedAt: Date | null;
}

/**
 * For each order state, what we hold of its order (null: no snapshot) and
 * of its customer, in one statement for all of them: the worker asks this
 * for a whole job batch before deciding which events need applying.
 */
export async function heldOrderStates(
  db: Sql,
  items: { shop: string; state: OrderState }[],
): Promise<(HeldOrderState | null)[]> {
  if (items.length === 0) return [];
  const rows = await db.$queryRaw<(HeldOrderState & { i: bigint })[]>`
    SELECT k."i", s."shopifyUpdatedAt", s."stateObservedAt", s."note",
           c."id" IS NOT NULL AS "customerHeld", c."shopifyUpdatedAt" AS "customerUpdatedAt",
           c."redactedAt" AS "customerRedactedAt"
    FROM unnest(${items.map((i) => i.shop)}::text[], ${items.map((i) => i.state.shopifyId)}::text[],
                ${items.map((i) => i.state.customer?.shopifyId ?? null)}::text[])
         WITH ORDINALITY AS k("shop", "orderId", "customerId", "i")
    JOIN "OrderSnapshot" s ON s."shopDomain" = k."shop" AND s."shopifyId" = k."orderId"
    LEFT JOIN "Customer" c ON c."shopDomain" = k."shop" AND c."shopifyId" = k."customerId"`;
  const byIndex = new Map(rows.map(({ i, ...held }) => [Number(i) - 1, held]));
  return items.map((_, index) => byIndex.get(index) ?? null);
}

/**
 * Whether an order event can be passed over without opening a transaction,
 * given what heldOrderStates read: we hold a newer state of the order
 * (saveOrder would write nothing), the same note (no merchant note to
 * repair), and the event's customer is not newer than ours (upsertCustomer
 * would write nothing). True means applyOrderState would have no effect at
 * all. It stays true: snapshots and customers only move forward.
 */
export function holdsNewerState(held: HeldOrderState | null, state: OrderState, observedAt: Date): boolean {
  if (!held || !isNewer(held, state.updatedAt, observedAt)) return false;
  if ((held.note ?? "") !== (state.note ?? "")) return false;
  if (!state.customer) return true;
  if (!held.customerHeld) return false;
  return holdsCustomerState(
    { redactedAt: held.customerRedactedAt, shopifyUpdatedAt: held.customerUpdatedAt },
    state.customer,
  );
}

export function stateOf(row: OrderSnapshot): OrderState {
  return {
    shopifyId: row.shopifyId,
    name: row.name,
    email: row.email,
    customer: null,
    financialStatus: row.financialStatus,
    fulfillmentStatus: row.fulfillmentStatus,
    totalPrice: row.totalPrice.toFixed(2),
    totalRefunded: row.totalRefunded.toFixed(2),
    currency: row.currency,
    note: row.note,
    tags: row.tags,
    lineItems: row.lineItems as unknown as LineItemState[],
    shippingAddress: (row.shippingAddress as Record<string, unknown> | null) ?? null,
    fulfillments: row.fulfillments as unknown as FulfillmentState[],
    refunds: row.refunds as unknown as RefundState[],
    cancelledAt: row.cancelledAt,
    cancelReason: row.cancelReason,
    createdAt: row.shopifyCreatedAt,
    updatedAt: row.shopifyUpdatedAt,
  };
}

/**
 * Saves an order's state unless we already hold a newer one. Shopify's
 * updated_at orders versions but has whole seconds, so within one second the
 * moment Shopify reported the state (`observedAt`: a webhook's triggered-at,
 * or when we fetched it) decides. Returns the snapshot's id and whether it
 * was written. The caller holds the order's lock (orderLockKey); one that
 * has just loaded the row under it passes it as `held` (null: none) so it
 * is not read twice.
 */
export async function saveOrder(
  tx: Sql,
  shop: string,
  state: OrderState,
  customerId: string | null,
  observedAt: Date = new Date(),
  held?: OrderSnapshot | null,
): Promise<{ id: string; written: boolean }> {
  const existing =
    held !== undefined
      ? held
      : ((
          await tx.$queryRaw<OrderSnapshot[]>`
            SELECT * FROM "OrderSnapshot" WHERE "shopDomain" = ${shop} AND "shopifyId" = ${state.shopifyId}`
        )[0] ?? null);
  if (existing && isNewer(existing, state.updatedAt, observedAt)) return { id: existing.id, written: false };
  const data = {
    name: state.name,
    email: state.email,
    customerId: customerId ?? existing?.customerId ?? null,
    financialStatus: state.financialStatus,
    fulfillmentStatus: state.fulfillmentStatus,
    totalPrice: new Prisma.Decimal(state.totalPrice),
    totalRefunded: new Prisma.Decimal(state.totalRefunded),
    currency: state.currency,
    note: state.note,
    tags: state.tags,
    lineItems: state.lineItems as unknown as Prisma.InputJsonValue,
    shippingAddress: (state.shippingAddress ?? Prisma.DbNull) as Prisma.InputJsonValue,
    fulfillments: state.fulfillments as unknown as Prisma.InputJsonValue,
    refunds: state.refunds as unknown as Prisma.InputJsonValue,
    cancelledAt: state.cancelledAt,
    cancelReason: state.cancelReason,
    shopifyCreatedAt: state.createdAt,
    shopifyUpdatedAt: state.updatedAt,
    syncedAt: new Date(),
    stateObservedAt: observedAt,
  };
  const id = existing?.id ?? newRowId("ord");
  await writeSnapshot(tx, shop, id, state.shopifyId, data);
  return { id, written: true };
}

/**
 * saveOrder's write in plain SQL (the worker's most frequent one): one
 * upsert on the order's key, inserting a new snapshot or updating the one
 * we hold (the caller holds the order's lock and has decided to write, so
 * the row's id is known and nothing needs reading back: on a worker
 * batch's connection the write travels with the next statement).
 * Timestamps go as UTC ISO text into `timestamp(3)`, as Prisma stores them.
 */
async function writeSnapshot(
  tx: Sql,
  shop: string,
  id: string,
  shopifyId: string,
  data: {
    name: string;
    email: string | null;
    customerId: string | null;
    financialStatus: string | null;
    fulfillmentStatus: string | null;
    totalPrice: Prisma.Decimal;
    totalRefunded: Prisma.Decimal;
    currency: string;
    note: string | null;
    tags: string[];
    lineItems: unknown;
    shippingAddress: unknown;
    fulfillments: unknown;
    refunds: unknown;
    cancelledAt: Date | null;
    cancelReason: string | null;
    shopifyCreatedAt: Date;
    shopifyUpdatedAt: Date;
    syncedAt: Date;
    stateObservedAt: Date;
  },
): Promise<void> {
  const json = (value: unknown) => (value === Prisma.DbNull || value == null ? null : JSON.stringify(value));
  const time = (value: Date | null) => value?.toISOString() ?? null;
  const now = time(new Date());
  await executeLater(
    tx,
    Prisma.sql`
    INSERT INTO "OrderSnapshot" ("id", "shopDomain", "shopifyId", "name", "email", "customerId", "financialStatus",
      "fulfillmentStatus", "totalPrice", "totalRefunded", "currency", "note", "tags", "lineItems", "shippingAddress",
      "fulfillments", "refunds", "cancelledAt", "cancelReason", "shopifyCreatedAt", "shopifyUpdatedAt", "syncedAt",
      "stateObservedAt", "createdAt", "updatedAt")
    VALUES (${id}, ${shop}, ${shopifyId}, ${data.name}, ${data.email}, ${data.customerId},
      ${data.financialStatus}, ${data.fulfillmentStatus}, ${data.totalPrice.toString()}::numeric,
      ${data.totalRefunded.toString()}::numeric, ${data.currency}, ${data.note}, ${data.tags}::text[],
      ${json(data.lineItems)}::jsonb, ${json(data.shippingAddress)}::jsonb, ${json(data.fulfillments)}::jsonb,
      ${json(data.refunds)}::jsonb, ${time(data.cancelledAt)}::timestamp(3), ${data.cancelReason},
      ${time(data.shopifyCreatedAt)}::timestamp(3), ${time(data.shopifyUpdatedAt)}::timestamp(3),
      ${time(data.syncedAt)}::timestamp(3), ${time(data.stateObservedAt)}::timestamp(3), ${now}::timestamp(3),
      ${now}::timestamp(3))
    ON CONFLICT ("shopDomain", "shopifyId") DO UPDATE SET
      "name" = EXCLUDED."name", "email" = EXCLUDED."email", "customerId" = EXCLUDED."customerId",
      "financialStatus" = EXCLUDED."financialStatus", "fulfillmentStatus" = EXCLUDED."fulfillmentStatus",
      "totalPrice" = EXCLUDED."totalPrice", "totalRefunded" = EXCLUDED."totalRefunded",
      "currency" = EXCLUDED."currency", "note" = EXCLUDED."note", "tags" = EXCLUDED."tags",
      "lineItems" = EXCLUDED."lineItems", "shippingAddress" = EXCLUDED."shippingAddress",
      "fulfillments" = EXCLUDED."fulfillments", "refunds" = EXCLUDED."refunds",
      "cancelledAt" = EXCLUDED."cancelledAt", "cancelReason" = EXCLUDED."cancelReason",
      "shopifyCreatedAt" = EXCLUDED."shopifyCreatedAt", "shopifyUpdatedAt" = EXCLUDED."shopifyUpdatedAt",
      "syncedAt" = EXCLUDED."syncedAt", "stateObservedAt" = EXCLUDED."stateObservedAt",
      "updatedAt" = EXCLUDED."updatedAt"`,
  );
}

function isNewer(
  existing: Pick<OrderSnapshot, "shopifyUpdatedAt" | "stateObservedAt">,
  updatedAt: Date,
  observedAt: Date,
): boolean {
  const held = existing.shopifyUpdatedAt.getTime();
  if (held !== updatedAt.getTime()) return held > updatedAt.getTime();
  return existing.stateObservedAt > observedAt;
}
