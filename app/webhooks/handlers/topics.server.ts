import type { Prisma, WebhookEvent } from "@prisma/client";
import { z } from "zod";
import {
  ComplianceInputError,
  eraseShop,
  exportCustomerData,
  redactCustomer,
} from "~/compliance/compliance.server";
import { upsertCustomer } from "~/customers/customers.server";
import type { Sql } from "~/db/sql.server";
import { poolSql } from "~/db/sql-pool.server";
import { customerLockKey, orderLockKey } from "~/db/transaction-scope.server";
import {
  customerFromPayload,
  customerPayload,
  orderFromPayload,
  refundAmount,
  refundId,
  refundPayload,
} from "~/orders/order-payload";
import type { OrderState } from "~/orders/order-state";
import { sumMoney } from "~/orders/order-state";
import { fetchOrderState } from "~/orders/order-sync.server";
import { type HeldOrderState, heldOrderStates, holdsNewerState, loadOrder } from "~/orders/snapshots.server";
import { applyOrderState } from "~/tickets/order-events.server";
import { parseLosslessJson, toGid } from "../lossless-json";
import { UnprocessableEventError } from "./errors";

/**
 * Per topic: `prepare` runs outside any transaction (parsing, validation and
 * any call to Shopify), `apply` runs inside the transaction that also marks
 * the event processed.
 */
export type Apply = (tx: Sql) => Promise<unknown>;

export type PreparedEvent =
  | {
      /** Plain SQL only: the worker applies batches on a node-postgres connection. */
      apply: Apply;
      /**
       * The advisory locks (see ~/db/transaction-scope.server) `apply` takes:
       * the worker applies a batch's events in one transaction that takes all
       * of them first, in one order.
       */
      locks: string[];
    }
  | {
      /** An event applied only on its own, in a Prisma transaction (compliance and app topics, rare and touching many rows). */
      apply: (tx: Prisma.TransactionClient) => Promise<unknown>;
      locks: null;
    };

/**
 * What prepareEvent returns for an event that would change nothing (we hold
 * a newer state of its order): the caller only marks it processed, without
 * the transaction and the statements applying it would cost.
 */
export const NO_EFFECT = Symbol("no effect");

const ORDER_TOPICS = new Set([
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "orders/fulfilled",
  "orders/paid",
  "orders/edited",
]);

export async function prepareEvent(event: WebhookEvent): Promise<PreparedEvent | typeof NO_EFFECT> {
  const [prepared] = await prepareEvents([event]);
  if ("error" in prepared) throw prepared.error;
  return prepared.value;
}

export type PrepareResult = { value: PreparedEvent | typeof NO_EFFECT } | { error: unknown };

/**
 * prepareEvent for a job batch's events, one result (or the error it threw)
 * per event. What we hold of the order events' orders is read in one
 * statement for all of them: most events in a burst end there.
 */
export async function prepareEvents(events: WebhookEvent[]): Promise<PrepareResult[]> {
  const orderStates = events.map((event): { state: OrderState } | { error: unknown } | null => {
    if (!ORDER_TOPICS.has(event.topic)) return null;
    try {
      return { state: validated(() => orderFromPayload(parsePayload(event.payload))) };
    } catch (error) {
      return { error };
    }
  });
  const parsed = orderStates.flatMap((o, i) => (o && "state" in o ? [{ i, state: o.state }] : []));
  const held = await heldOrderStates(
    poolSql(),
    parsed.map((p) => ({ shop: events[p.i].shopDomain, state: p.state })),
  );
  const heldByEvent = new Map(parsed.map((p, n) => [p.i, held[n]]));
  const results: PrepareResult[] = [];
  for (const [i, event] of events.entries()) {
    const order = orderStates[i];
    try {
      if (!order) results.push({ value: await prepareOtherEvent(event) });
      else if ("error" in order) results.push({ error: order.error });
      else results.push({ value: prepareOrderEvent(event, order.state, heldByEvent.get(i) ?? null) });
    } catch (error) {
      results.push({ error });
    }
  }
  return results;
}

function eventOptions(event: WebhookEvent) {
  return {
    webhookEventId: event.id,
    isNewOrderEvent: event.topic === "orders/create",
    observedAt: event.triggeredAt ?? event.receivedAt,
  };
}

function prepareOrderEvent(
  event: WebhookEvent,
  state: OrderState,
  held: HeldOrderState | null,
): PreparedEvent | typeof NO_EFFECT {
  const shop = event.shopDomain;
  const options = eventOptions(event);
  // Redeliveries, late older orders/updated and the other topics of one
  // merchant action mostly bring a state we already hold or have passed.
  if (holdsNewerState(held, state, options.observedAt)) return NO_EFFECT;
  return { apply: (tx: Sql) => applyOrderState(tx, shop, state, options), locks: orderLocks(shop, state) };
}

async function prepareOtherEvent(event: WebhookEvent): Promise<PreparedEvent | typeof NO_EFFECT> {
  const payload = parsePayload(event.payload);
  const shop = event.shopDomain;
  const options = eventOptions(event);
  switch (event.topic) {
    case "refunds/create":
      return prepareRefund(shop, payload, options);
    case "customers/update": {
      const customer = customerFromPayload(validated(() => customerPayload.parse(payload)));
      return {
        apply: (tx: Sql) => upsertCustomer(tx, shop, customer),
        locks: [customerLockKey(shop, customer.shopifyId)],
      };
    }
    case "customers/data_request":
      return alone((tx) => compliance(() => exportCustomerData(shop, payload, tx)));
    case "customers/redact":
      return alone((tx) => compliance(() => redactCustomer(shop, payload, tx)));
    case "shop/redact":
      return alone((tx) => compliance(() => eraseShop(shop, tx)));
    case "app/uninstalled":
    case "app/scopes_update":
      // Their routes act at once; nothing is left to do here.
      return alone(async () => {});
    default:
      throw new UnprocessableEventError(`Counterdesk does not handle the topic ${event.topic}`);
  }
}

/**
 * A refund names its order only by numeric id. With the order's snapshot we
 * add the refund to it; without one we fetch the order from Shopify (which
 * already shows the refund).
 */
async function prepareRefund(
  shop: string,
  payload: unknown,
  options: { webhookEventId: string; isNewOrderEvent: boolean; observedAt: Date },
): Promise<PreparedEvent | typeof NO_EFFECT> {
  const refund = validated(() =>
    refundPayload.extend({ order_id: z.union([z.string(), z.number()]) }).parse(payload),
  );
  const orderId = toGid("Order", refund.order_id);
  const held = await loadOrder(poolSql(), shop, orderId);
  const fetched: OrderState | null = held ? null : await fetchOrderState(shop, orderId);
  if (!held && !fetched)
    throw new UnprocessableEventError(`Order ${orderId} of this refund does not exist in Shopify`);
  // A refund we hold, on a state observed after this event: applying it would
  // save nothing (the held state is newer) and find no change.
  if (
    held?.state.refunds.some((r) => r.id === refundId(refund)) &&
    held.row.stateObservedAt > options.observedAt
  )
    return NO_EFFECT;
  const apply: Apply = async (tx) => {
    const loaded = await loadOrder(tx, shop, orderId);
    const current = loaded?.state ?? fetched;
    if (!current) return;
    const id = refundId(refund);
    if (current.refunds.some((r) => r.id === id))
      return applyOrderState(tx, shop, current, { ...options, loaded });
    const refunds = [
      ...current.refunds,
      { id, amount: refundAmount(refund), note: refund.note, createdAt: refund.created_at },
    ];
    const refundedAt = refund.created_at ? new Date(refund.created_at) : current.updatedAt;
    return applyOrderState(
      tx,
      shop,
      {
        ...current,
        refunds,
        totalRefunded: sumMoney(refunds.map((r) => r.amount)),
        updatedAt: refundedAt > current.updatedAt ? refundedAt : current.updatedAt,
      },
      // Read just now under the order's lock: applyOrderState need not read it again.
      { ...options, loaded },
    );
  };
  // A held snapshot's state carries no customer: only a fetched one is upserted.
  return { apply, locks: orderLocks(shop, fetched ?? { shopifyId: orderId, customer: null }) };
}

function orderLocks(shop: string, state: Pick<OrderState, "shopifyId" | "customer">): string[] {
  const locks = [orderLockKey(shop, state.shopifyId)];
  if (state.customer) locks.push(customerLockKey(shop, state.customer.shopifyId));
  return locks;
}

function alone(apply: (tx: Prisma.TransactionClient) => Promise<unknown>): PreparedEvent {
  return { apply, locks: null };
}

function parsePayload(text: string): unknown {
  try {
    return parseLosslessJson(text);
  } catch (error) {
    throw new UnprocessableEventError(`The payload is not JSON: ${(error as Error).message}`);
  }
}

function validated<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof z.ZodError) {
      const issues = error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`);
      throw new UnprocessableEventError(`The payload failed validation: ${issues.slice(0, 5).join("; ")}`);
    }
    throw error;
  }
}

async function compliance(run: () => Promise<unknown>) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ComplianceInputError) throw new UnprocessableEventError(error.message);
    throw error;
  }
}
