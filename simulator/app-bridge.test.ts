import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "./server";

let sim: Simulator;
const SHOP = "demo-store.myshopify.com";

beforeAll(async () => {
  sim = await startSimulator({ apiKey: "key", apiSecret: "secret", appUrl: "http://127.0.0.1:9" });
});

afterAll(async () => {
  await sim.close();
});

describe("App Bridge stand-in", () => {
  it("serves a script that renews session tokens from this simulator", async () => {
    const response = await fetch(`${sim.url}/app-bridge.js`);
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    const script = await response.text();
    expect(script).toContain(JSON.stringify(sim.url));
    expect(script).toContain("/session-token");
    expect(script).toContain("window.shopify");
    // It must at least parse as JavaScript.
    expect(() => new Function(script)).not.toThrow();
  });

  it("hands session tokens to pages of another origin", async () => {
    const response = await fetch(`${sim.url}/shops/${SHOP}/session-token?user_id=1002`);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const { token } = (await response.json()) as { token: string };
    const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
    expect(claims.sub).toBe("1002");
  });

  it("opens the app with a first token of the requested lifetime, and refuses a bad one", async () => {
    const opened = await fetch(`${sim.url}/shops/${SHOP}/open?path=/app&ttl_seconds=5`, {
      redirect: "manual",
    });
    const token = new URL(opened.headers.get("location")!).searchParams.get("id_token")!;
    const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
    expect(claims.exp - claims.nbf).toBeLessThanOrEqual(6);
    const bad = await fetch(`${sim.url}/shops/${SHOP}/open?path=/app&ttl_seconds=0`, { redirect: "manual" });
    expect(bad.status).toBe(400);
  });
});

describe("admin order page stand-in", () => {
  it("shows the order's note, tags and metafields, escaped, and 404s an unknown order", async () => {
    const shop = sim.store.shop(SHOP)!;
    const order = shop.orders[0];
    sim.actions.updateOrderNote(SHOP, order.id, "Gift <b>wrap</b>");
    sim.actions.updateOrderTags(SHOP, order.id, ["support-open"]);
    const page = await fetch(`${sim.url}/shops/${SHOP}/admin/orders/${order.id}`);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain(`Order ${order.name}`);
    expect(html).toContain("Gift &lt;b&gt;wrap&lt;/b&gt;");
    expect(html).toContain('<li class="tag">support-open</li>');
    expect(html).toContain(`/shops/${SHOP}/open?path=/app/tickets`);
    expect((await fetch(`${sim.url}/shops/${SHOP}/admin/orders/999999999`)).status).toBe(404);
  });

  it("is where the stand-in sends the app's shopify://admin links", async () => {
    const script = await (await fetch(`${sim.url}/app-bridge.js`)).text();
    expect(script).toContain("shopify://admin/");
    expect(script).toContain('"/admin/"');
  });
});
