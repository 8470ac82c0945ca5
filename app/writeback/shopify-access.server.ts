import { adminClientFor } from "~/shopify/admin.server";

/** A write Shopify will refuse however often it is tried: kept failed with the reason, for an agent's retry. */
export class PermanentWriteError extends Error {}

/** The shop's Admin API client; no access at all (uninstalled, revoked) is permanent. */
export async function writeClientFor(shop: string) {
  return adminClientFor(shop).catch((error: unknown) => {
    throw new PermanentWriteError(
      `Counterdesk has no access to this store (uninstalled, or access was revoked): ${error instanceof Error ? error.message : String(error)}`,
    );
  });
}

export const NO_SUCH_ORDER =
  "Shopify returned no such order: it was deleted, or it is older than the 60 days of orders the app can read.";

/** Shopify's userErrors, as one reason an agent can read. */
export function refused(what: string, userErrors: { message: string }[]): PermanentWriteError {
  return new PermanentWriteError(`Shopify refused ${what}: ${userErrors.map((e) => e.message).join("; ")}`);
}
