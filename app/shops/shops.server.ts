import prisma from "~/db.server";
import { SHOP_DETAILS_QUERY, type ShopDetailsData } from "~/shopify/documents/shop";
import type { GraphqlClient } from "~/shopify/graphql-client.server";

/** Records an install (or a re-install after an uninstall). */
export async function recordInstall(shop: string, scopes: string | null) {
  return prisma.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, scopes },
    update: { scopes, uninstalledAt: null },
  });
}

export async function getShop(shop: string) {
  return prisma.shop.findUnique({ where: { domain: shop } });
}

/** Reads the store's name, currency, timezone and plan from Shopify. */
export async function syncShopDetails(shop: string, client: GraphqlClient) {
  const { shop: details } = await client.request<ShopDetailsData>(SHOP_DETAILS_QUERY);
  return prisma.shop.update({
    where: { domain: shop },
    data: {
      name: details.name,
      email: details.email,
      currencyCode: details.currencyCode,
      ianaTimezone: details.ianaTimezone,
      planName: details.plan.publicDisplayName,
      detailsSyncedAt: new Date(),
    },
  });
}

export async function recordScopes(shop: string, scopes: string[]) {
  await prisma.shop.updateMany({ where: { domain: shop }, data: { scopes: scopes.join(",") } });
  // The stored sessions carry the scopes the library checks on each request.
  await prisma.session.updateMany({ where: { shop }, data: { scope: scopes.join(",") } });
}

/**
 * app/uninstalled: the shop's access tokens are dead, so its sessions go.
 * The shop's data stays until shop/redact (48 hours later) erases it, in
 * case the merchant re-installs.
 */
export async function recordUninstall(shop: string) {
  await prisma.session.deleteMany({ where: { shop } });
  await prisma.shop.updateMany({ where: { domain: shop }, data: { uninstalledAt: new Date() } });
}

/** Operators' view across shops (CLI only; never reachable from a shop's UI). */
export async function listShopsForOperators() {
  return prisma.shop.findMany({ orderBy: { installedAt: "asc" } });
}
