import { z } from "zod";
import type { Sql } from "~/db/sql.server";
import { oncePerTransaction } from "~/db/transaction-scope.server";
import prisma from "~/db.server";
import { fieldErrors } from "~/lib/field-errors";

/**
 * Which of the order's note, tags and metafield the desk writes, per shop.
 * A shop that never saved the settings gets the defaults: all three, with
 * the tags `support-open` and `support-resolved`.
 */
export const DEFAULT_ORDER_SYNC = {
  writeNotes: true,
  writeTags: true,
  openTag: "support-open",
  resolvedTag: "support-resolved",
  writeMetafield: true,
};

export type OrderSyncSettings = typeof DEFAULT_ORDER_SYNC;

export async function orderSyncSettings(shop: string, db: Sql = prisma): Promise<OrderSyncSettings> {
  // Read once per transaction: the webhook worker applies a batch of events in one.
  return oncePerTransaction(db, `order-sync ${shop}`, async () => {
    const [row] = await db.$queryRaw<OrderSyncSettings[]>`
      SELECT "writeNotes", "writeTags", "openTag", "resolvedTag", "writeMetafield"
      FROM "OrderSyncSettings" WHERE "shopDomain" = ${shop}`;
    return row ? { ...row } : { ...DEFAULT_ORDER_SYNC };
  });
}

// Shopify tags: at most 40 characters, no commas (a comma separates tags).
const tag = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `Give the ${label} tag a name`)
    .max(40, "Shopify tags are at most 40 characters")
    .refine((t) => !t.includes(","), "Tags can't contain a comma");

const settingsForm = z
  .object({
    writeNotes: z.boolean(),
    writeTags: z.boolean(),
    openTag: tag("open"),
    resolvedTag: tag("resolved"),
    writeMetafield: z.boolean(),
  })
  .refine((s) => s.openTag.toLowerCase() !== s.resolvedTag.toLowerCase(), {
    path: ["resolvedTag"],
    message: "Use a different tag for resolved tickets than for open ones",
  });

export type OrderSyncErrors = Partial<Record<keyof OrderSyncSettings, string>>;

export function parseOrderSyncForm(form: FormData) {
  const values = {
    writeNotes: form.get("writeNotes") === "on",
    writeTags: form.get("writeTags") === "on",
    openTag: String(form.get("openTag") ?? ""),
    resolvedTag: String(form.get("resolvedTag") ?? ""),
    writeMetafield: form.get("writeMetafield") === "on",
  };
  const parsed = settingsForm.safeParse(values);
  if (parsed.success) return { ok: true as const, settings: parsed.data };
  return { ok: false as const, errors: fieldErrors<keyof OrderSyncSettings>(parsed.error.issues), values };
}

export async function saveOrderSyncSettings(shop: string, settings: OrderSyncSettings): Promise<void> {
  await prisma.orderSyncSettings.upsert({
    where: { shopDomain: shop },
    create: { shopDomain: shop, ...settings },
    update: settings,
  });
}
