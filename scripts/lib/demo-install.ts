/** A normal browser user agent: the Shopify library answers 410 to bots. */
export const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { headers: { "User-Agent": BROWSER_USER_AGENT } });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The `host` query parameter admin passes: base64 of the shop's admin URL. */
export function hostParam(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64url");
}

/**
 * Installs the app the way Shopify-managed installation does: admin opens
 * the embedded page with a session token, and the app's token exchange
 * obtains and stores the shop's access tokens.
 */
export async function installOnShop(options: {
  appUrl: string;
  shop: string;
  simulator: { mintSessionToken(shop: string): Promise<string> };
}): Promise<void> {
  const token = await options.simulator.mintSessionToken(options.shop);
  const url = new URL("/app", options.appUrl);
  url.search = new URLSearchParams({
    embedded: "1",
    shop: options.shop,
    host: hostParam(options.shop),
    id_token: token,
  }).toString();
  const response = await fetch(url, { headers: { "User-Agent": BROWSER_USER_AGENT }, redirect: "manual" });
  if (response.status !== 200) {
    throw new Error(`Installing on ${options.shop} failed: GET /app answered ${response.status}`);
  }
}
