import { Prisma } from "@prisma/client";
import { customerName, holdsCustomerState, upsertCustomer } from "~/customers/customers.server";
import { executeLater } from "~/db/batched-sql.server";
import type { Sql } from "~/db/sql.server";
import { lockKeys, oncePerTransaction, orderLockKey } from "~/db/transaction-scope.server";
import { describeChange, diffOrder, type OrderChange } from "~/orders/order-changes";
import type { OrderState } from "~/orders/order-state";
import { type LoadedOrder, loadOrder, saveOrder } from "~/orders/snapshots.server";
import { conditionHolds, conditionsSchema, triggerMatches } from "~/rules/conditions";
import { enabledRules } from "~/rules/rules.server";
import { renderSubject } from "~/rules/templates";
import { queueRepairIfOverwritten } from "~/writeback/order-note.server";
import { queueOrderStatusSync } from "~/writeback/order-status.server";
import { type OrderSyncSettings, orderSyncSettings } from "~/writeback/order-sync-settings.server";
import { isOwnNoteWrite } from "~/writeback/own-writes.server";
import { addSystemMessage, openTicket, ticketsForOrderNews } from "./tickets.server";

export interface OrderEventOutcome {
  snapshotWritten: boolean;
  openedTicketId: string | null;
  appendedToTicketId: string | null;
}

/**
 * Brings a new state of an order into the desk, inside the caller's
 * transaction: mirror the customer and the snapshot (unless we hold a newer
 * one), work out what changed, and either open a ticket (first matching
 * rule, only if the order has no open ticket) or tell the order's ticket.
 */
export async function applyOrderState(
  tx: Sql,
  shop: string,
  next: OrderState,
  options: {
    webhookEventId: string | null;
    isNewOrderEvent: boolean;
    observedAt?: Date;
    /** The order as the caller has just read it under the order's lock (null: none held). */
    loaded?: LoadedOrder | null;
  },
): Promise<OrderEventOutcome> {
  const outcome: OrderEventOutcome = {
    snapshotWritten: false,
    openedTicketId: null,
    appendedToTicketId: null,
  };
  // Events for one order are applied one at a time, across all workers, so
  // two of them can never both decide to open "the" ticket.
  await lockKeys(tx, [orderLockKey(shop, next.shopifyId)]);
  await oncePerTransaction(tx, `shop-row ${shop}`, () => ensureShopRow(tx, shop));

  const previous = options.loaded !== undefined ? options.loaded : await loadOrder(tx, shop, next.shopifyId);
  const held = previous?.row.customer ?? null;
  const customer = next.customer
    ? // The customer read with the snapshot: most order events repeat a state we hold.
      held?.shopifyId === next.customer.shopifyId && holdsCustomerState(held, next.customer)
      ? held
      : await upsertCustomer(tx, shop, next.customer)
    : held;
  const { id: orderId, written } = await saveOrder(
    tx,
    shop,
    next,
    customer?.id ?? null,
    options.observedAt,
    previous?.row ?? null,
  );
  outcome.snapshotWritten = written;
  if (!written) {
    // Older than what we hold, yet it may be a merchant's note that one of
    // our note writes replaced a moment later.
    if (
      (previous?.state.note ?? "") !== (next.note ?? "") &&
      !(await isOwnNoteWrite(tx, shop, next.shopifyId, next.note))
    )
      await queueRepairIfOverwritten(tx, shop, next.shopifyId, next.note, next.updatedAt);
    return outcome;
  }

  let changes = diffOrder(previous?.state ?? null, next, { isNewOrderEvent: options.isNewOrderEvent });
  // The app's own write to the note comes back as orders/updated: an echo,
  // not news. A merchant's note may have been replaced by one of our writes.
  if (changes.some((c) => c.type === "note_changed")) {
    if (await isOwnNoteWrite(tx, shop, next.shopifyId, next.note))
      changes = changes.filter((c) => c.type !== "note_changed");
    else await queueRepairIfOverwritten(tx, shop, next.shopifyId, next.note, next.updatedAt);
  }
  // So is the app's own support tag, added or removed as tickets open and close.
  if (changes.some((c) => c.type === "tags_changed"))
    changes = withoutAppTags(changes, await orderSyncSettings(shop, tx));
  if (changes.length === 0) return outcome;

  // A new order has no tickets yet.
  const linked = ticketsForOrderNews(previous?.tickets ?? []);
  let ticket = linked.active;
  if (!ticket) {
    const rules = await enabledRules(tx, shop);
    const context = { order: next, customerNote: customer?.note ?? null };
    for (const change of changes) {
      const rule = rules.find((r) => {
        const conditions = conditionsSchema.safeParse(r.conditions);
        return (
          triggerMatches(r.trigger, change) &&
          conditions.success &&
          conditions.data.every((c) => conditionHolds(c, context))
        );
      });
      if (!rule) continue;
      ticket = await openTicket(tx, shop, {
        subject: renderSubject(rule.subjectTemplate, {
          order: next,
          customerName: customer ? customerName(customer) : null,
          change,
        }),
        priority: rule.priority,
        tags: rule.tags,
        assigneeId: rule.assigneeId,
        assigneeName: rule.assigneeName,
        channel: "shopify",
        customerId: customer?.id ?? null,
        orderId,
        sourceEventId: options.webhookEventId,
        ruleId: rule.id,
      });
      outcome.openedTicketId = ticket.id;
      await queueOrderStatusSync(tx, shop, [orderId]);
      break;
    }
  }
  ticket ??= linked.latest;
  if (ticket) {
    const body = changes.map((change) => describeChange(next, change)).join("\n");
    await addSystemMessage(tx, shop, ticket.id, body, options.webhookEventId);
    if (!outcome.openedTicketId) outcome.appendedToTicketId = ticket.id;
  }
  return outcome;
}

function withoutAppTags(changes: OrderChange[], settings: OrderSyncSettings): OrderChange[] {
  const appTags = new Set([settings.openTag, settings.resolvedTag].map((t) => t.toLowerCase()));
  const merchants = (tags: string[]) => tags.filter((t) => !appTags.has(t.toLowerCase()));
  return changes.flatMap((c): OrderChange[] => {
    if (c.type !== "tags_changed") return [c];
    const added = merchants(c.added);
    const removed = merchants(c.removed);
    return added.length || removed.length ? [{ ...c, added, removed }] : [];
  });
}

/**
 * Webhooks arrive as soon as the app is installed, possibly before the
 * merchant first opens it (which records the shop), so the shop row the
 * snapshot belongs to may not exist yet. One statement, doing nothing when
 * it does.
 */
async function ensureShopRow(tx: Sql, shop: string): Promise<void> {
  await executeLater(
    tx,
    Prisma.sql`
      INSERT INTO "Shop" ("id", "domain", "updatedAt") VALUES (${`shop_${crypto.randomUUID()}`}, ${shop}, now() AT TIME ZONE 'UTC')
      ON CONFLICT ("domain") DO NOTHING`,
  );
}
