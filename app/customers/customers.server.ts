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
  // Plain SQL: every order event with a customer comes here, and Prisma's
  // per-query CPU dominated the webhook worker.
  const [existing] = await tx.$queryRaw<Customer[]>`
    SELECT * FROM "Customer" WHERE "shopDomain" = ${shop} AND "shopifyId" = ${customer.shopifyId}`;
  const data = {
    email: customer.email,
    firstName: customer.firstName,
    lastName: customer.lastName,
    phone: customer.phone,
    note: customer.note,
    ordersCount: customer.ordersCount,
    shopifyUpdatedAt: customer.updatedAt,
  };
  const now = new Date().toISOString();
  if (!existing) {
    const [created] = await tx.$queryRaw<Customer[]>`
      INSERT INTO "Customer" ("id", "shopDomain", "shopifyId", "email", "firstName", "lastName", "phone", "note",
                              "ordersCount", "shopifyUpdatedAt", "createdAt", "updatedAt")
      VALUES (${newRowId("cus")}, ${shop}, ${customer.shopifyId}, ${data.email}, ${data.firstName}, ${data.lastName},
              ${data.phone}, ${data.note}, ${data.ordersCount}::int,
              ${data.shopifyUpdatedAt?.toISOString() ?? null}::timestamp(3), ${now}::timestamp(3), ${now}::timestamp(3))
      RETURNING *`;
    return created;
  }
  if (holdsCustomerState(existing, customer)) return existing;
  const [updated] = await tx.$queryRaw<Customer[]>`
    UPDATE "Customer" SET
      "email" = ${data.email}, "firstName" = ${data.firstName}, "lastName" = ${data.lastName},
      "phone" = ${data.phone}, "note" = ${data.note}, "ordersCount" = ${data.ordersCount}::int,
      "shopifyUpdatedAt" = ${data.shopifyUpdatedAt?.toISOString() ?? null}::timestamp(3),
      "updatedAt" = ${now}::timestamp(3)
    WHERE "id" = ${existing.id}
    RETURNING *`;
  return updated;
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
