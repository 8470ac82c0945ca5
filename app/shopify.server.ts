// The web-api adapter converts Remix's web Requests (see app/webhooks/verify.server.ts).
import "@shopify/shopify-api/adapters/web-api";
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { config } from "./config.server";
import prisma from "./db.server";
import { routeShopTrafficTo } from "./shopify/admin-origin.server";
import { ADMIN_API_VERSION } from "./shopify/api-version";
import { SessionStorage } from "./shopify/session-storage.server";
import { onShopAuthenticated } from "./shops/install.server";

const settings = config();

if (settings.SHOPIFY_ADMIN_API_ORIGIN) routeShopTrafficTo(settings.SHOPIFY_ADMIN_API_ORIGIN);

const apiVersion = Object.values(ApiVersion).find((v) => v === ADMIN_API_VERSION);
if (!apiVersion) throw new Error(`@shopify/shopify-api does not know API version ${ADMIN_API_VERSION}`);

/**
 * The one Shopify app configuration: embedded, Shopify-managed install with
 * token exchange (session tokens from App Bridge), offline tokens for
 * background work plus online tokens naming the acting staff member, and
 * sessions stored through Prisma (loaded on node-postgres).
 */
const shopify = shopifyApp({
  apiKey: settings.SHOPIFY_API_KEY,
  apiSecretKey: settings.SHOPIFY_API_SECRET,
  apiVersion,
  scopes: settings.SCOPES.split(",").map((scope) => scope.trim()),
  appUrl: settings.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new SessionStorage(prisma),
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  useOnlineTokens: true,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      await onShopAuthenticated(session.shop, session.scope ?? null);
    },
  },
  logger: { level: settings.LOG_LEVEL === "debug" ? 3 : 1 },
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
