/**
 * A local stand-in for Shopify. The app reaches it by rewriting
 * `https://{shop}/admin/...` to `{url}/shops/{shop}/admin/...`; everything
 * else (seed data, merchant actions, webhook delivery) lives here.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN_API_VERSION } from "../app/shopify/api-version";
import {
  createMerchantActions,
  type MerchantActions,
  SimulatorActionError,
} from "./actions/merchant-actions";
import { DEFAULT_APP_TOML, loadAppConfig } from "./app-config";
import { adminSchema } from "./graphql/admin-schema";
import { MAX_SINGLE_QUERY_COST } from "./graphql/endpoint";
import { appNamespaceFor } from "./graphql/metafields";
import { CostThrottle } from "./graphql/throttle";
import { HttpError, Router, sendJson } from "./http/http-util";
import { registerOperatorRoutes } from "./http/operator-routes";
import { registerShopifyRoutes } from "./http/shopify-routes";
import { loadState, persistStore } from "./persistence";
import { type SeedShopSpec, seedShop } from "./seed";
import { mintSessionToken as signSessionToken } from "./session-token";
import { SimulatorStore } from "./store";
import {
  DEFAULT_RETRY_DELAYS_MS,
  type WebhookDeliveryRecord,
  WebhookDispatcher,
} from "./webhooks/dispatcher";

export type { MerchantActions } from "./actions/merchant-actions";
export type { SeedShopSpec } from "./seed";
export { SimulatorStore } from "./store";
export type { WebhookDeliveryRecord } from "./webhooks/dispatcher";
export { SimulatorActionError };

export interface SimulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  apiKey: string;
  apiSecret: string;
  /** Webhook URIs from the TOML resolve against this. */
  appUrl: string;
  appTomlPath?: string;
  shops?: SeedShopSpec[];
  retryDelaysMs?: number[];
  throttle?: { maximumAvailable: number; restoreRate: number };
  stateFile?: string;
  log?: (line: string) => void;
  /** Clock in epoch ms, for tests (throttle restore, timestamps, token expiry). */
  now?: () => number;
}

export interface Simulator {
  url: string;
  store: SimulatorStore;
  mintSessionToken(shop: string, opts?: { userId?: string; ttlSeconds?: number }): Promise<string>;
  actions: MerchantActions;
  deliveries(): WebhookDeliveryRecord[];
  waitForDeliveries(): Promise<void>;
  /**
   * Runs once, before the next Admin GraphQL request whose query contains
   * `match`: return a status to answer with instead (a 503, a 429), or
   * nothing to let the request through after doing something first (a
   * merchant's edit landing at the same moment). For tests.
   */
  beforeNextGraphql(match: string, intercept: GraphqlInterceptor): void;
  close(): Promise<void>;
}

export type GraphqlInterceptor = (shop: string) => { status: number; body: unknown } | undefined;

export const DEFAULT_SHOPS: SeedShopSpec[] = [
  { domain: "demo-store.myshopify.com", name: "Demo Store", currencyCode: "EUR" },
];

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? Date.now;
  const appConfig = loadAppConfig(opts.appTomlPath ?? DEFAULT_APP_TOML, opts.appUrl, log);
  if (appConfig.webhookApiVersion && appConfig.webhookApiVersion !== ADMIN_API_VERSION) {
    log(
      `shopify.app.toml webhooks.api_version ${appConfig.webhookApiVersion} differs from the served Admin API ${ADMIN_API_VERSION}`,
    );
  }

  const store = new SimulatorStore(opts.stateFile ? (loadState(opts.stateFile) ?? undefined) : undefined);
  for (const spec of opts.shops ?? DEFAULT_SHOPS) {
    if (!store.shop(spec.domain)) store.addShop(seedShop(store, spec, now(), appConfig.scopes));
  }
  const persistence = opts.stateFile ? persistStore(store, opts.stateFile) : null;
  persistence?.flush();
  adminSchema(); // build now so the first request is not slow

  const dispatcher = new WebhookDispatcher({
    subscriptions: appConfig.subscriptions,
    apiSecret: opts.apiSecret,
    apiVersion: appConfig.webhookApiVersion ?? ADMIN_API_VERSION,
    retryDelaysMs: opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    log,
  });
  const throttle = new CostThrottle(opts.throttle ?? { maximumAvailable: 2000, restoreRate: 100 }, now);
  if ((opts.throttle?.maximumAvailable ?? 2000) < MAX_SINGLE_QUERY_COST)
    log("throttle bucket is smaller than the single-query cost cap");
  const oauth = { store, apiKey: opts.apiKey, apiSecret: opts.apiSecret, scopes: appConfig.scopes, now };
  const emit = (
    shop: Parameters<WebhookDispatcher["emit"]>[0],
    events: Parameters<WebhookDispatcher["emit"]>[1],
  ) => dispatcher.emit(shop, events, now());
  const actions = createMerchantActions({ store, now, emit });

  const mintSessionToken = async (
    shopDomain: string,
    tokenOpts: { userId?: string; ttlSeconds?: number } = {},
  ) => {
    const shop = store.shop(shopDomain);
    if (!shop) throw new Error(`Unknown shop ${shopDomain}`);
    const owner = shop.staff.find((s) => s.accountOwner) ?? shop.staff[0];
    return signSessionToken({
      shop: shop.domain,
      userId: tokenOpts.userId ?? owner.id,
      apiKey: opts.apiKey,
      apiSecret: opts.apiSecret,
      nowMs: now(),
      ttlSeconds: tokenOpts.ttlSeconds,
    });
  };

  let url = "";
  const interceptors: { match: string; intercept: GraphqlInterceptor }[] = [];
  const router = new Router();
  registerShopifyRoutes(router, {
    store,
    oauth,
    appUrl: opts.appUrl,
    mintSessionToken,
    url: () => url,
    intercept(shop, query) {
      const index = interceptors.findIndex((i) => query.includes(i.match));
      if (index === -1) return undefined;
      const [{ intercept }] = interceptors.splice(index, 1);
      return intercept(shop);
    },
    graphql: {
      oauth,
      throttle,
      origin: () => url,
      appNamespace: appNamespaceFor(opts.apiKey),
      app: {
        apiKey: opts.apiKey,
        title: appConfig.name,
        handle: appConfig.handle,
        requestedScopes: appConfig.scopes,
      },
      publish: emit,
      log,
    },
  });
  registerOperatorRoutes(router, { store, actions, deliveries: () => dispatcher.records(), url: () => url });

  const server: Server = createServer((req, res) => {
    const requestUrl = new URL(req.url ?? "/", "http://simulator.local");
    router
      .dispatch(req, res, requestUrl)
      .then((matched) => {
        if (!matched) sendJson(res, 404, { errors: "Not Found" });
      })
      .catch((error: unknown) => {
        if (error instanceof HttpError) return sendJson(res, error.status, error.body);
        if (error instanceof SimulatorActionError)
          return sendJson(res, error.status, { error: error.message });
        log(
          `${req.method} ${requestUrl.pathname} failed: ${error instanceof Error ? error.stack : String(error)}`,
        );
        if (!res.headersSent) sendJson(res, 500, { errors: "Internal Server Error" });
      });
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log(`Shopify simulator listening on ${url} (Admin API ${ADMIN_API_VERSION})`);

  return {
    url,
    store,
    mintSessionToken,
    actions,
    deliveries: () => dispatcher.records(),
    waitForDeliveries: () => dispatcher.idle(),
    beforeNextGraphql(match, intercept) {
      interceptors.push({ match, intercept });
    },
    async close() {
      await dispatcher.close();
      persistence?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
