import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

/**
 * Points every request the Shopify library makes for a shop
 * (`https://<shop>/admin/...`: OAuth token exchange and the Admin API) at
 * another origin, as `<origin>/shops/<shop>/admin/...`. This is how the app
 * reaches the dev-store simulator; configuration decides, and production
 * refuses to set it (see config.server.ts).
 */
export function rewriteShopUrl(url: string, origin: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" || !parsed.pathname.startsWith("/admin/")) return url;
  const target = new URL(origin);
  target.pathname = `${target.pathname.replace(/\/$/, "")}/shops/${parsed.host}${parsed.pathname}`;
  target.search = parsed.search;
  return target.toString();
}

export function routeShopTrafficTo(origin: string): void {
  const send = globalThis.fetch;
  setAbstractFetchFunc((input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    return send(rewriteShopUrl(url, origin), init);
  });
}
