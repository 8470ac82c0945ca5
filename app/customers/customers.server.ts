import type { Customer } from "@prisma/client";
import { newRowId } from "~/db/row-ids";
import type { Sql } from "~/db/sql.server";
import { customerLockKey, lockKeys } from "~/db/transaction-scope.server";
import type { CustomerState } from "~/orders/order-state";

/**
 * Mirrors a Shopify customer, keyed by GID. A payload older than what we hold
 * (Shopify's updated_at) changes nothing; a redacted customer stays redacted.
 */
export async function upsertCustomer(tx: Sql, shop: string, customer: CustomerState): Promise<Customer> {
  // Two of a customer's orders may be processed at once by two workers; the
  // lock makes the second see the first's row instead of colliding with it.
  await lockKeys(tx, [customerLockKey(shop, customer.shopifyId)]);
  // One statement (every order event with a customer comes here): insert,
  // or update unless the row holds this state already (the same rule as
  // holdsCustomerState).
  const now = new Date().toISOString();
  const updatedAt = customer.updatedAt?.toISOString() ?? null;
  // The row as it stands after the statement: the one written, or (when the
  // update's condition kept it) the one held, from the statement's snapshot.
  const [row] = await tx.$queryRaw<Customer[]>`
    WITH written AS (
    INSERT INTO "Customer" ("id", "shopDomain", "shopifyId", "email", "firstName", "lastName", "phone", "note",
                            "ordersCount", "shopifyUpdatedAt", "createdAt", "updatedAt")
    VALUES (${newRowId("cus")}, ${shop}, ${customer.shopifyId}, ${customer.email}, ${customer.firstName},
            ${customer.lastName}, ${customer.phone}, ${customer.note}, ${customer.ordersCount}::int,
            ${updatedAt}::timestamp(3), ${now}::timestamp(3), ${now}::timestamp(3))
    ON CONFLICT ("shopDomain", "shopifyId") DO UPDATE SET
      "email" = EXCLUDED."email", "firstName" = EXCLUDED."firstName", "lastName" = EXCLUDED."lastName",
      "phone" = EXCLUDED."phone", "note" = EXCLUDED."note", "ordersCount" = EXCLUDED."ordersCount",
      "shopifyUpdatedAt" = EXCLUDED."shopifyUpdatedAt", "updatedAt" = EXCLUDED."updatedAt"
    WHERE "Customer"."redactedAt" IS NULL
      AND NOT ("Customer"."shopifyUpdatedAt" IS NOT NULL AND EXCLUDED."shopifyUpdatedAt" IS NOT NULL
               AND EXCLUDED."shopifyUpdatedAt" <= "Customer"."shopifyUpdatedAt")
    RETURNING *
    )
    SELECT * FROM written
    UNION ALL
    SELECT * FROM "Customer"
    WHERE "shopDomain" = ${shop} AND "shopifyId" = ${customer.shopifyId} AND NOT EXISTS (SELECT 1 FROM written)`;
  return row;
}

/**
 * Whether a customer row already holds this state of the customer (or is
 * redacted, and stays so): upserting it would write nothing. Customers only
 * move forward, so a newer row would say the same.
 */
export function holdsCustomerState(
  row: Pick<Customer, "redactedAt" | "shopifyUpdatedAt">,
  customer: Pick<CustomerState, "updatedAt">,
): boolean {
  if (row.redactedAt) return true;
  return Boolean(row.shopifyUpdatedAt && customer.updatedAt && customer.updatedAt <= row.shopifyUpdatedAt);
}

export function customerName(c: {
  firstName: string | null;
  lastName: string | null;
  email?: string | null;
}): string {
  return [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || "Customer";
}
