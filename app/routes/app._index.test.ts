import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_USER_AGENT, hostParam } from "../../scripts/lib/demo-install";
import type { Simulator } from "../../simulator/server";
import { startSimulatedShopify } from "../../tests/support/simulated-shopify";

/**
 * The install path end to end: admin opens the embedded page with a session
 * token, the app's real token exchange (Shopify's library) runs against the
 * simulator, sessions land in the database, and the worker reads the store's
 * details through the Admin API.
 */
const SHOP = "demo-store.myshopify.com";

let simulator: Simulator;
let loader: (args: LoaderFunctionArgs) => Promise<unknown>;
let prisma: typeof import("~/db.server").default;

beforeAll(async () => {
  simulator = await startSimulatedShopify();
  loader = (await import("./app._index")).loader as typeof loader;
  prisma = (await import("~/db.server")).default;
  await prisma.session.deleteMany({ where: { shop: SHOP } });
  await prisma.shop.deleteMany({ where: { domain: SHOP } });
});

afterAll(async () => {
  const { stopSender } = await import("~/jobs/queues.server");
  await stopSender();
  await simulator.close();
});

function embeddedRequest(token: string, path = "/app"): Request {
  const url = new URL(path, process.env.SHOPIFY_APP_URL);
  url.search = new URLSearchParams({
    embedded: "1",
    shop: SHOP,
    host: hostParam(SHOP),
    id_token: token,
  }).toString();
  return new Request(url, { headers: { "User-Agent": BROWSER_USER_AGENT } });
}

async function call(request: Request): Promise<unknown> {
  try {
    return await loader({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("installing through token exchange", () => {
  it("stores an offline and an online session and records the shop", async () => {
    const token = await simulator.mintSessionToken(SHOP, { userId: "1001" });
    const data = (await call(embeddedRequest(token))) as { domain: string; agentName: string | null };
    expect(data.domain).toBe(SHOP);
    expect(data.agentName).toBeTruthy();

    const sessions = await prisma.session.findMany({ where: { shop: SHOP }, orderBy: { isOnline: "asc" } });
    expect(sessions.map((s) => [s.id, s.isOnline])).toEqual([
      [`offline_${SHOP}`, false],
      [`${SHOP}_1001`, true],
    ]);
    expect(sessions[0].scope).toBe("read_customers,read_orders,write_orders");
    const shop = await prisma.shop.findUnique({ where: { domain: SHOP } });
    expect(shop?.uninstalledAt).toBeNull();
  });

  it("lets the worker read the store's details through the Admin API", async () => {
    const { startWorker } = await import("~/jobs/worker.server");
    const worker = await startWorker({ pollingIntervalSeconds: 0.5 });
    try {
      let shop = await prisma.shop.findUnique({ where: { domain: SHOP } });
      for (let i = 0; i < 60 && !shop?.detailsSyncedAt; i++) {
        await new Promise((r) => setTimeout(r, 250));
        shop = await prisma.shop.findUnique({ where: { domain: SHOP } });
      }
      expect(shop).toMatchObject({ name: "Demo Store", currencyCode: "EUR" });
      expect(shop?.detailsSyncedAt).toBeInstanceOf(Date);
    } finally {
      await worker.stop({ graceful: false, close: true });
    }
  });

  it("rejects a session token signed with another app's secret", async () => {
    const { SignJWT } = await import("jose");
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({
      iss: `https://${SHOP}/admin`,
      dest: `https://${SHOP}`,
      aud: process.env.SHOPIFY_API_KEY,
      sub: "1001",
      jti: crypto.randomUUID(),
      sid: "x",
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode("someone-elses-secret"));
    const request = new Request(new URL("/app", process.env.SHOPIFY_APP_URL), {
      headers: { "User-Agent": BROWSER_USER_AGENT, Authorization: `Bearer ${forged}` },
    });
    const response = (await call(request)) as Response;
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(401);
    expect(response.headers.get("X-Shopify-Retry-Invalid-Session-Request")).toBe("1");
  });
});
