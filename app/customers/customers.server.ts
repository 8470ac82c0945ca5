import type { Prisma } from "@prisma/client";
import type { CustomerState } from "~/orders/order-state";

/**
 * Mirrors a Shopify customer, keyed by GID. A payload older than what we hold
 * (Shopify's updated_at) changes nothing; a redacted customer stays redacted.
 */
export async function upsertCustomer(tx: Prisma.TransactionClient, shop: string, customer: CustomerState) {
  // Two of a customer's orders may be processed at once by two workers; the
  // lock makes the second see the first's row instead of colliding with it.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${shop} ${customer.shopifyId}`}))`;
  const existing = await tx.customer.findUnique({
    where: { shopDomain_shopifyId: { shopDomain: shop, shopifyId: customer.shopifyId } },
  });
  const data = {
    email: customer.email,
    firstName: customer.firstName,
    lastName: customer.lastName,
    phone: customer.phone,
    note: customer.note,
    ordersCount: customer.ordersCount,
    shopifyUpdatedAt: customer.updatedAt,
  };
  if (!existing) {
    return tx.customer.create({ data: { shopDomain: shop, shopifyId: customer.shopifyId, ...data } });
  }
  const stale =
    existing.redactedAt ||
    (existing.shopifyUpdatedAt && customer.updatedAt && customer.updatedAt <= existing.shopifyUpdatedAt);
  if (stale) return existing;
  return tx.customer.update({ where: { id: existing.id }, data });
}

export function customerName(c: {
  firstName: string | null;
  lastName: string | null;
  email?: string | null;
}): string {
  return [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || "Customer";
}
