/** Per-request context for Admin GraphQL resolvers, and the functions they share. */
import { GraphQLError } from "graphql";
import type { OrderRecord, ShopRecord } from "../model";
import { formatCents } from "../money";
import type { SimulatorStore } from "../store";
import type { TopicEvent } from "../webhooks/dispatcher";

export interface SearchWarning {
  path: string[];
  query: string;
  warnings: { field: string; message: string }[];
}

export interface AppIdentity {
  apiKey: string;
  title: string;
  handle: string | null;
  /** Scopes declared in the TOML (what the app asks for). */
  requestedScopes: string;
}

export interface GraphQLContext {
  store: SimulatorStore;
  shop: ShopRecord;
  scopes: string[];
  /** Simulator origin; image URLs are served from it. */
  origin: string;
  /** The app-reserved metafield namespace that `$app` stands for. */
  appNamespace: string;
  /** The app making the request (from shopify.app.toml). */
  app: AppIdentity;
  now(): number;
  /** Emits the webhooks a mutation causes (one merchant-visible change = one event). */
  publish(shop: ShopRecord, events: TopicEvent[]): void;
  searchWarnings: SearchWarning[];
}

/** write_x implies read_x, as in Shopify's scope model. */
export function hasScope(ctx: GraphQLContext, scope: string): boolean {
  if (ctx.scopes.includes(scope)) return true;
  return scope.startsWith("read_") && ctx.scopes.includes(`write_${scope.slice(5)}`);
}

export function requireScope(ctx: GraphQLContext, scope: string, fieldName: string): void {
  if (hasScope(ctx, scope)) return;
  throw new GraphQLError(
    `Access denied for ${fieldName} field. Required access: \`${scope}\` access scope.`,
    {
      extensions: {
        code: "ACCESS_DENIED",
        documentation: "https://shopify.dev/api/usage/access-scopes",
        requiredAccess: `\`${scope}\` access scope.`,
      },
    },
  );
}

const SIXTY_DAYS_MS = 60 * 86_400_000;

/**
 * Without `read_all_orders` Shopify only exposes orders from the last 60 days
 * (Order object documentation); older orders behave as if they did not exist.
 */
export function orderVisible(ctx: GraphQLContext, order: OrderRecord): boolean {
  if (ctx.scopes.includes("read_all_orders")) return true;
  return Date.parse(order.createdAt) >= ctx.now() - SIXTY_DAYS_MS;
}

export function moneyV2(cents: number, currencyCode: string) {
  return { amount: formatCents(cents), currencyCode };
}

/** Shop and presentment currency are the same: the simulator has no multi-currency. */
export function moneyBag(cents: number, currencyCode: string) {
  return { shopMoney: moneyV2(cents, currencyCode), presentmentMoney: moneyV2(cents, currencyCode) };
}

export function notImplemented(what: string): GraphQLError {
  return new GraphQLError(`Simulator does not resolve ${what}`, {
    extensions: { code: "SIMULATOR_NOT_IMPLEMENTED" },
  });
}
