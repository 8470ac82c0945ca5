/**
 * `POST /admin/oauth/access_token`: token exchange (session token to access
 * token) and refresh-token grants, plus validation of the access tokens the
 * Admin API receives.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { HttpError } from "./http/http-util";
import type { ShopRecord } from "./model";
import { verifySessionToken } from "./session-token";
import type { SimulatorStore } from "./store";

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE = "urn:shopify:params:oauth:token-type:online-access-token";

const ONLINE_TTL_S = 86_399;
const EXPIRING_TTL_S = 3_600;
const REFRESH_TTL_S = 90 * 86_400;

export interface OAuthDeps {
  store: SimulatorStore;
  apiKey: string;
  apiSecret: string;
  scopes: string;
  now: () => number;
}

/**
 * The non-expiring offline token is derived from shop, secret and install
 * generation, so a restarted simulator still accepts a token the app stored.
 */
export function offlineAccessToken(shop: ShopRecord, apiSecret: string): string {
  const digest = createHmac("sha256", apiSecret)
    .update(`offline:${shop.domain}:${shop.installGeneration}`)
    .digest("hex");
  return `shpat_${digest.slice(0, 32)}`;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Returns the scopes an access token grants on this shop, or null when it is not valid. */
export function authenticateAccessToken(deps: OAuthDeps, shop: ShopRecord, token: string): string[] | null {
  if (!shop.installed || !token) return null;
  const scopeList = (s: string) => s.split(",").filter(Boolean);
  if (sameText(token, offlineAccessToken(shop, deps.apiSecret))) return scopeList(shop.grantedScopes);
  const issued = deps.store.issuedToken(token);
  if (!issued || issued.kind === "refresh" || issued.shop !== shop.domain) return null;
  if (issued.installGeneration !== shop.installGeneration || Date.parse(issued.expiresAt) <= deps.now())
    return null;
  return scopeList(issued.scope);
}

function oauthError(error: string, description: string): HttpError {
  return new HttpError(400, { error, error_description: description });
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(raw));
  try {
    const parsed = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through to the OAuth error below
  }
  throw oauthError("invalid_request", "The request body could not be parsed");
}

function issueExpiringOffline(deps: OAuthDeps, shop: ShopRecord) {
  const nowMs = deps.now();
  const access = `shpat_${randomBytes(16).toString("hex")}`;
  const refresh = `shprt_${randomBytes(16).toString("hex")}`;
  const base = {
    shop: shop.domain,
    installGeneration: shop.installGeneration,
    scope: shop.grantedScopes,
    userId: null,
  };
  deps.store.addIssuedToken({
    ...base,
    token: access,
    kind: "expiring-offline",
    expiresAt: new Date(nowMs + EXPIRING_TTL_S * 1000).toISOString(),
  });
  deps.store.addIssuedToken({
    ...base,
    token: refresh,
    kind: "refresh",
    expiresAt: new Date(nowMs + REFRESH_TTL_S * 1000).toISOString(),
  });
  return {
    access_token: access,
    scope: shop.grantedScopes,
    expires_in: EXPIRING_TTL_S,
    refresh_token: refresh,
    refresh_token_expires_in: REFRESH_TTL_S,
  };
}

/** Marks the app installed (a token exchange is how Shopify-managed installs reach the app). */
function ensureInstalled(deps: OAuthDeps, shop: ShopRecord): void {
  if (shop.installed) return;
  shop.installed = true;
  shop.installGeneration += 1;
  shop.grantedScopes = deps.scopes;
  shop.redactedAt = null;
  deps.store.changed();
}

export async function handleAccessTokenRequest(
  deps: OAuthDeps,
  shop: ShopRecord,
  raw: string,
  contentType: string | undefined,
): Promise<Record<string, unknown>> {
  const body = parseBody(raw, contentType);
  const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");
  if (!sameText(text("client_id"), deps.apiKey) || !sameText(text("client_secret"), deps.apiSecret)) {
    throw oauthError("invalid_client", "Client credentials are invalid");
  }
  if (text("grant_type") === "refresh_token") return refreshGrant(deps, shop, text("refresh_token"));
  if (text("grant_type") !== TOKEN_EXCHANGE)
    throw oauthError("unsupported_grant_type", `Unsupported grant_type: ${text("grant_type")}`);
  if (text("subject_token_type") !== ID_TOKEN)
    throw oauthError("invalid_request", `subject_token_type must be ${ID_TOKEN}`);
  const requested = text("requested_token_type");
  if (requested !== OFFLINE && requested !== ONLINE)
    throw oauthError("invalid_request", "requested_token_type is not supported");

  const verified = await verifySessionToken(text("subject_token"), {
    shop: shop.domain,
    apiKey: deps.apiKey,
    apiSecret: deps.apiSecret,
    nowMs: deps.now(),
  });
  if (!verified.ok) throw oauthError("invalid_subject_token", `Session token is invalid: ${verified.reason}`);
  const user = shop.staff.find((s) => s.id === verified.claims.sub);
  if (!user)
    throw oauthError("invalid_subject_token", "Session token subject is not a staff member of this shop");

  ensureInstalled(deps, shop);
  if (requested === OFFLINE) {
    if (text("expiring") === "1") return issueExpiringOffline(deps, shop);
    return { access_token: offlineAccessToken(shop, deps.apiSecret), scope: shop.grantedScopes };
  }
  const token = `shpua_${randomBytes(16).toString("hex")}`;
  deps.store.addIssuedToken({
    token,
    kind: "online",
    shop: shop.domain,
    installGeneration: shop.installGeneration,
    scope: shop.grantedScopes,
    userId: user.id,
    expiresAt: new Date(deps.now() + ONLINE_TTL_S * 1000).toISOString(),
  });
  return {
    access_token: token,
    scope: shop.grantedScopes,
    expires_in: ONLINE_TTL_S,
    associated_user_scope: shop.grantedScopes,
    associated_user: {
      id: Number(user.id),
      first_name: user.firstName,
      last_name: user.lastName,
      email: user.email,
      account_owner: user.accountOwner,
      locale: user.locale,
      collaborator: user.collaborator,
      email_verified: user.emailVerified,
    },
  };
}

function refreshGrant(deps: OAuthDeps, shop: ShopRecord, refreshToken: string): Record<string, unknown> {
  const issued = deps.store.issuedToken(refreshToken);
  const valid =
    issued?.kind === "refresh" &&
    issued.shop === shop.domain &&
    shop.installed &&
    issued.installGeneration === shop.installGeneration &&
    Date.parse(issued.expiresAt) > deps.now();
  if (!valid) throw oauthError("invalid_grant", "The refresh token is invalid or expired");
  // Refresh tokens are single use: rotate it together with the access token.
  deps.store.removeTokens((t) => t.token === refreshToken);
  return issueExpiringOffline(deps, shop);
}
