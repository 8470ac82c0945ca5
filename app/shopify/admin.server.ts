import { unauthenticated } from "~/shopify.server";
import { createGraphqlClient, type GraphqlClient } from "./graphql-client.server";

/**
 * An Admin API client for background work, acting with the shop's stored
 * offline session. Throws SessionNotFoundError when the shop has no session
 * (never installed, or uninstalled).
 */
export async function adminClientFor(shop: string): Promise<GraphqlClient> {
  const { admin } = await unauthenticated.admin(shop);
  return createGraphqlClient(shop, (query, options) => admin.graphql(query, options));
}
