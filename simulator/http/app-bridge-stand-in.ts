/**
 * A stand-in for App Bridge (https://cdn.shopify.com/shopifycloud/app-bridge.js),
 * which cannot load offline. It does the parts an embedded app relies on in
 * a plain browser tab: `shopify.idToken()` and every same-origin `fetch`
 * carry a fresh session token (minted here, as Shopify admin would), so
 * Remix's client-side navigation and form posts stay authenticated past a
 * token's 60 seconds; `shopify.toast.show()` shows a toast; `<ui-nav-menu>`
 * renders as a navigation bar; a `shopify://admin/orders/<id>` link opens the
 * simulator's own order page. Served at `/app-bridge.js`; the app loads it
 * when `APP_BRIDGE_URL` points here (never in production).
 */
export function appBridgeStandInScript(simulatorOrigin: string): string {
  return `(() => {
  const SIMULATOR = ${JSON.stringify(simulatorOrigin)};
  const script = document.currentScript;
  const apiKey = script ? script.getAttribute("data-api-key") : null;
  const params = new URLSearchParams(location.search);
  const claims = (token) => {
    try { return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))); } catch { return null; }
  };
  const first = params.get("id_token");
  const firstClaims = first ? claims(first) : null;
  if (firstClaims) {
    sessionStorage.setItem("standIn.shop", new URL(firstClaims.dest).hostname);
    sessionStorage.setItem("standIn.user", firstClaims.sub || "");
  }
  const shop = params.get("shop") || sessionStorage.getItem("standIn.shop");
  const user = sessionStorage.getItem("standIn.user");
  let cached = first && firstClaims ? { token: first, expires: firstClaims.exp * 1000 } : null;

  async function idToken() {
    if (cached && cached.expires - Date.now() > 10000) return cached.token;
    const query = user ? "?user_id=" + encodeURIComponent(user) : "";
    const response = await originalFetch(SIMULATOR + "/shops/" + shop + "/session-token" + query);
    if (!response.ok) throw new Error("The simulator refused a session token: " + response.status);
    const { token } = await response.json();
    cached = { token, expires: (claims(token) || { exp: 0 }).exp * 1000 };
    return token;
  }

  const originalFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url, location.href).origin !== location.origin || !shop) return originalFetch(request);
    const headers = new Headers(request.headers);
    if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + (await idToken()));
    return originalFetch(new Request(request, { headers }));
  };

  function toastShow(message, options) {
    let region = document.getElementById("stand-in-toasts");
    if (!region) {
      region = document.createElement("div");
      region.id = "stand-in-toasts";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      region.style.cssText = "position:fixed;bottom:24px;left:50%;transform:translateX(-50%);z-index:1000;display:flex;flex-direction:column;gap:8px;align-items:center";
      document.body.appendChild(region);
    }
    const toast = document.createElement("div");
    toast.className = "stand-in-toast";
    toast.textContent = message;
    toast.style.cssText = "background:" + (options && options.isError ? "#8e1f0b" : "#1a1a1a") + ";color:#fff;padding:10px 16px;border-radius:8px;font:14px system-ui,sans-serif;box-shadow:0 4px 12px rgba(0,0,0,.2)";
    region.appendChild(toast);
    setTimeout(() => toast.remove(), (options && options.duration) || 5000);
    return "toast-" + Date.now();
  }

  window.shopify = {
    config: { apiKey, shop, host: params.get("host"), locale: "en" },
    environment: { embedded: true, mobile: false, pos: false },
    idToken,
    toast: { show: toastShow, hide: () => {} },
    loading: () => {},
    saveBar: { show: async () => {}, hide: async () => {}, toggle: async () => {} },
    modal: { show: async () => {}, hide: async () => {}, toggle: async () => {} },
  };

  // Admin links (shopify://admin/...) lead to the simulator's pages for the shop.
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[href^='shopify://admin/']") : null;
    if (!link || !shop) return;
    event.preventDefault();
    const rest = link.getAttribute("href").slice("shopify://admin/".length);
    window.top.location.href = SIMULATOR + "/shops/" + shop + "/admin/" + rest;
  }, true);

  const style = document.createElement("style");
  style.textContent = "ui-nav-menu{display:flex;gap:20px;align-items:center;padding:10px 24px;background:#1a1a1a;font:600 14px system-ui,sans-serif}ui-nav-menu a{color:#e3e3e3;text-decoration:none}ui-nav-menu a:hover,ui-nav-menu a:focus{color:#fff;text-decoration:underline}ui-title-bar{display:none}";
  document.head.appendChild(style);
})();
`;
}
