import type { Prisma, TicketPriority, TicketRule } from "@prisma/client";
import type { Sql } from "~/db/sql.server";
import { oncePerTransaction } from "~/db/transaction-scope.server";
import prisma from "~/db.server";
import type { Condition } from "./conditions";

/** The rules a new shop starts with; the merchant can change or disable them. */
export const DEFAULT_RULES: {
  name: string;
  trigger: string;
  conditions: Condition[];
  subjectTemplate: string;
  priority: TicketPriority;
  tags: string[];
}[] = [
  {
    name: "Order cancelled",
    trigger: "order_cancelled",
    conditions: [],
    subjectTemplate: "Order {{order.name}} was cancelled",
    priority: "high",
    tags: ["cancellation"],
  },
  {
    name: "Refund created",
    trigger: "refund_created",
    conditions: [],
    subjectTemplate: "Refund of {{refund.amount}} on order {{order.name}}",
    priority: "normal",
    tags: ["refund"],
  },
  {
    name: "Delivery problem",
    trigger: "fulfillment_problem",
    conditions: [],
    subjectTemplate: "Delivery problem with order {{order.name}}",
    priority: "high",
    tags: ["delivery"],
  },
  {
    name: "Order placed with a note",
    trigger: "order_created",
    conditions: [{ type: "order_note_present" }],
    subjectTemplate: "Note on new order {{order.name}}",
    priority: "normal",
    tags: ["order-note"],
  },
];

/** Gives a shop the default rules, once (re-installs keep the merchant's edits). */
export async function ensureDefaultRules(shop: string): Promise<void> {
  if ((await prisma.ticketRule.count({ where: { shopDomain: shop } })) > 0) return;
  await prisma.ticketRule.createMany({
    data: DEFAULT_RULES.map((rule, position) => ({
      shopDomain: shop,
      ...rule,
      conditions: rule.conditions as Prisma.InputJsonValue,
      position,
    })),
  });
}

/** A shop's enabled rules, in order; read once per transaction (the worker applies a batch of events in one). */
export function enabledRules(tx: Sql, shop: string) {
  return oncePerTransaction(
    tx,
    `rules ${shop}`,
    async () =>
      tx.$queryRaw<TicketRule[]>`
        SELECT "id", "shopDomain", "name", "enabled", "trigger", "conditions", "subjectTemplate",
               "priority"::text AS "priority", "tags", "assigneeId", "assigneeName", "position",
               "createdAt", "updatedAt"
        FROM "TicketRule" WHERE "shopDomain" = ${shop} AND "enabled" ORDER BY "position" ASC, "id" ASC`,
  );
}

export function listRules(shop: string) {
  return prisma.ticketRule.findMany({ where: { shopDomain: shop }, orderBy: { position: "asc" } });
}
