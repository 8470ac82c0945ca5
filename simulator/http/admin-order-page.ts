import type { OrderRecord, ShopRecord } from "../model";

/**
 * A bare stand-in for the order details page of Shopify admin, so the offline
 * demo can show what the app wrote onto an order: its note, its tags and its
 * metafields. The App Bridge stand-in sends the app's `shopify://admin/orders/<id>`
 * links here. Not part of Shopify's API.
 */
const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

export function adminOrderPage(shop: ShopRecord, order: OrderRecord, appOpenUrl: string): string {
  const orderGid = `gid://shopify/Order/${order.id}`;
  const metafields = shop.metafields.filter((m) => m.ownerGid === orderGid);
  const tags = order.tags.length
    ? order.tags.map((t) => `<li class="tag">${escapeHtml(t)}</li>`).join("")
    : `<li class="none">No tags</li>`;
  const rows = metafields.length
    ? metafields
        .map(
          (m) =>
            `<tr><th scope="row">${escapeHtml(`${m.namespace}.${m.key}`)}</th><td>${escapeHtml(m.type)}</td><td><code>${escapeHtml(m.value)}</code></td></tr>`,
        )
        .join("")
    : `<tr><td colspan="3" class="none">No metafields</td></tr>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Order ${escapeHtml(order.name)} · ${escapeHtml(shop.domain)} (dev-store simulator)</title>
<style>
body{margin:0;font:14px/1.5 system-ui,sans-serif;background:#f1f1f1;color:#303030}
header{background:#1a1a1a;color:#e3e3e3;padding:10px 24px;display:flex;justify-content:space-between}
header a{color:#fff}
main{max-width:880px;margin:24px auto;padding:0 16px;display:grid;gap:16px}
section{background:#fff;border-radius:12px;padding:16px 20px;box-shadow:0 1px 0 rgba(0,0,0,.07)}
h1{font-size:20px;margin:0}h2{font-size:14px;margin:0 0 8px}
.note{white-space:pre-wrap;margin:0}
ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px}
.tag{background:#e3e3e3;border-radius:8px;padding:2px 8px}
.none{color:#616161}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px 4px 0;vertical-align:top}
code{white-space:pre-wrap;word-break:break-all}
</style></head>
<body>
<header><span>${escapeHtml(shop.domain)} · dev-store simulator</span><a href="${escapeHtml(appOpenUrl)}">Back to Counterdesk</a></header>
<main>
<section><h1>Order ${escapeHtml(order.name)}</h1><p class="none">${escapeHtml(order.financialStatus)}${order.cancelledAt ? " · cancelled" : ""} · updated ${escapeHtml(order.updatedAt)}</p></section>
<section aria-labelledby="notes"><h2 id="notes">Notes</h2>${order.note ? `<p class="note">${escapeHtml(order.note)}</p>` : `<p class="none">No notes from customer</p>`}</section>
<section aria-labelledby="tags"><h2 id="tags">Tags</h2><ul>${tags}</ul></section>
<section aria-labelledby="metafields"><h2 id="metafields">Metafields</h2><table><tbody>${rows}</tbody></table></section>
</main></body></html>`;
}
