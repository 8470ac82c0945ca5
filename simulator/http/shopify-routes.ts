/**
 * The Shopify-facing surface, under `/shops/{shop}/...` so one simulator can
 * stand in for many `https://{shop}` origins:
 *   POST /shops/{shop}/admin/oauth/access_token
 *   POST /shops/{shop}/admin/api/{version}/graphql.json
 * plus two conveniences standing in for the Shopify admin (App Bridge):
 *   GET  /shops/{shop}/session-token?user_id=   -> { token }
 *   GET  /shops/{shop}/open?path=/app[&user_id=][&ttl_seconds=] -> 302 into the embedded app
 *   GET  /app-bridge.js                          -> an App Bridge stand-in (see app-bridge-stand-in.ts)
 */
import type { GraphQLEndpointDeps } from "../graphql/endpoint";
import { handleGraphQL } from "../graphql/endpoint";
import type { ShopRecord } from "../model";
import { handleAccessTokenRequest, type OAuthDeps } from "../oauth";
import type { SimulatorStore } from "../store";
import { adminOrderPage } from "./admin-order-page";
import { appBridgeStandInScript } from "./app-bridge-stand-in";
import { HttpError, type Router, sendJson, sendText } from "./http-util";

export interface ShopifyRouteDeps {
  store: SimulatorStore;
  oauth: OAuthDeps;
  graphql: GraphQLEndpointDeps;
  appUrl: string;
  mintSessionToken(shop: string, opts: { userId?: string; ttlSeconds?: number }): Promise<string>;
  /** The simulator's own origin, for the App Bridge stand-in's token requests. */
  url(): string;
  /** Test interceptors (Simulator.beforeNextGraphql): an answer to send instead, or undefined. */
  intercept(shop: string, query: string): { status: number; body: unknown } | undefined;
}

export function shopFromParams(store: SimulatorStore, domain: string): ShopRecord {
  const shop = store.shop(domain);
  // Shopify answers an unknown shop domain with a plain 404.
  if (!shop) throw new HttpError(404, { errors: "Not Found" });
  return shop;
}

/** App Bridge's `host` parameter: base64 of "admin.shopify.com/store/{handle}", unpadded. */
export function hostParam(shopDomain: string): string {
  const handle = shopDomain.replace(/\.myshopify\.com$/, "");
  return Buffer.from(`admin.shopify.com/store/${handle}`).toString("base64").replace(/=+$/, "");
}

export function registerShopifyRoutes(router: Router, deps: ShopifyRouteDeps): void {
  router.on("POST", "/shops/:shop/admin/oauth/access_token", async (ctx) => {
    const shop = shopFromParams(deps.store, ctx.params.shop);
    const body = await handleAccessTokenRequest(
      deps.oauth,
      shop,
      await ctx.text(),
      ctx.req.headers["content-type"],
    );
    sendJson(ctx.res, 200, body);
  });

  router.on("POST", "/shops/:shop/admin/api/:version/graphql.json", async (ctx) => {
    const shop = shopFromParams(deps.store, ctx.params.shop);
    const token = ctx.req.headers["x-shopify-access-token"];
    const body = await ctx.text();
    const intercepted = deps.intercept(shop.domain, body);
    if (intercepted) return sendJson(ctx.res, intercepted.status, intercepted.body);
    const response = await handleGraphQL(
      deps.graphql,
      shop,
      ctx.params.version,
      Array.isArray(token) ? token[0] : token,
      body,
      ctx.req.headers["content-type"],
    );
    sendJson(ctx.res, response.status, response.body, response.headers);
  });

  router.on("GET", "/shops/:shop/session-token", async (ctx) => {
    const shop = shopFromParams(deps.store, ctx.params.shop);
    const userId = ctx.url.searchParams.get("user_id") ?? undefined;
    if (userId && !shop.staff.some((s) => s.id === userId))
      throw new HttpError(404, { error: `No staff member ${userId} in ${shop.domain}` });
    // The App Bridge stand-in asks from the app's page, another origin.
    sendJson(
      ctx.res,
      200,
      { token: await deps.mintSessionToken(shop.domain, { userId }) },
      { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" },
    );
  });

  router.on("GET", "/app-bridge.js", (ctx) => {
    sendText(ctx.res, 200, appBridgeStandInScript(deps.url()), "text/javascript; charset=utf-8");
  });

  router.on("GET", "/shops/:shop/admin/orders/:orderId", (ctx) => {
    const shop = shopFromParams(deps.store, ctx.params.shop);
    const order = deps.store.order(shop, ctx.params.orderId);
    if (!order) throw new HttpError(404, { error: `Order ${ctx.params.orderId} not found` });
    const back = `${deps.url()}/shops/${shop.domain}/open?path=/app/tickets`;
    sendText(ctx.res, 200, adminOrderPage(shop, order, back), "text/html; charset=utf-8");
  });

  router.on("GET", "/shops/:shop/open", async (ctx) => {
    const shop = shopFromParams(deps.store, ctx.params.shop);
    const path = ctx.url.searchParams.get("path") ?? "/app";
    if (!path.startsWith("/") || path.startsWith("//"))
      throw new HttpError(400, { error: "path must be an app-relative path like /app" });
    const userId = ctx.url.searchParams.get("user_id") ?? undefined;
    // A shorter-lived first token lets tests see the App Bridge stand-in renew it.
    const ttl = Number(ctx.url.searchParams.get("ttl_seconds") ?? 60);
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 3600)
      throw new HttpError(400, { error: "ttl_seconds must be a whole number from 1 to 3600" });
    const target = new URL(deps.appUrl.replace(/\/+$/, "") + path);
    target.searchParams.set("embedded", "1");
    target.searchParams.set("shop", shop.domain);
    target.searchParams.set("host", hostParam(shop.domain));
    target.searchParams.set(
      "id_token",
      await deps.mintSessionToken(shop.domain, { userId, ttlSeconds: ttl }),
    );
    ctx.res.writeHead(302, { Location: target.toString(), "Cache-Control": "no-store" });
    ctx.res.end();
  });
}
