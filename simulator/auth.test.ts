import { decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "./server";
import {
  adminGraphQL,
  exchangeToken,
  offlineToken,
  startTestSimulator,
  TEST_API_KEY,
  TEST_API_SECRET,
  TEST_SHOP,
} from "./test-support";

const secretKey = new TextEncoder().encode(TEST_API_SECRET);
const ONLINE = "urn:shopify:params:oauth:token-type:online-access-token";

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

describe("session tokens", () => {
  it("are HS256 JWTs signed with the app secret carrying Shopify's claims", async () => {
    const token = await sim.mintSessionToken(TEST_SHOP, { userId: "1002", ttlSeconds: 120 });
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    const { payload } = await jwtVerify(token, secretKey, { algorithms: ["HS256"], audience: TEST_API_KEY });
    expect(payload).toMatchObject({
      iss: `https://${TEST_SHOP}/admin`,
      dest: `https://${TEST_SHOP}`,
      aud: TEST_API_KEY,
      sub: "1002",
    });
    expect(payload.exp! - payload.iat!).toBe(120);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof payload.sid).toBe("string");
  });

  it("default to the shop owner and one minute", async () => {
    const { payload } = await jwtVerify(await sim.mintSessionToken(TEST_SHOP), secretKey);
    expect(payload.sub).toBe("1001");
    expect(payload.exp! - payload.iat!).toBe(60);
  });

  it("are served over HTTP and via the /open redirect into the embedded app", async () => {
    const res = await fetch(`${sim.url}/shops/${TEST_SHOP}/session-token?user_id=1002`);
    const { token } = (await res.json()) as { token: string };
    expect((await jwtVerify(token, secretKey)).payload.sub).toBe("1002");

    const open = await fetch(`${sim.url}/shops/${TEST_SHOP}/open?path=/app/tickets`, { redirect: "manual" });
    expect(open.status).toBe(302);
    const target = new URL(open.headers.get("location")!);
    expect(`${target.origin}${target.pathname}`).toBe("http://127.0.0.1:9/app/tickets");
    expect(target.searchParams.get("embedded")).toBe("1");
    expect(target.searchParams.get("shop")).toBe(TEST_SHOP);
    expect(target.searchParams.get("host")).toBe(
      Buffer.from("admin.shopify.com/store/demo-store").toString("base64").replace(/=+$/, ""),
    );
    await jwtVerify(target.searchParams.get("id_token")!, secretKey, { audience: TEST_API_KEY });
  });
});

describe("token exchange", () => {
  it("grants a deterministic offline token with the TOML scopes", async () => {
    const { status, json } = await exchangeToken(sim, TEST_SHOP, {
      subject_token: await sim.mintSessionToken(TEST_SHOP),
    });
    expect(status).toBe(200);
    expect(json).toEqual({
      access_token: expect.stringMatching(/^shpat_[0-9a-f]{32}$/),
      scope: "read_customers,read_orders,write_orders",
    });
    // A restarted simulator (same secret) still recognises the stored token.
    const other = await startTestSimulator();
    try {
      expect(await offlineToken(other)).toBe(json.access_token);
      const { status: gqlStatus } = await adminGraphQL(
        other,
        json.access_token as string,
        "{ shop { name } }",
      );
      expect(gqlStatus).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("grants an online token with the associated staff user", async () => {
    const subject = await sim.mintSessionToken(TEST_SHOP, { userId: "1002" });
    const { status, json } = await exchangeToken(sim, TEST_SHOP, {
      subject_token: subject,
      requested_token_type: ONLINE,
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      access_token: expect.stringMatching(/^shpua_/),
      scope: "read_customers,read_orders,write_orders",
      expires_in: expect.any(Number),
      associated_user_scope: "read_customers,read_orders,write_orders",
      associated_user: {
        id: 1002,
        first_name: "Sam",
        account_owner: false,
        collaborator: false,
        email_verified: true,
        locale: "en",
      },
    });
    const { status: gqlStatus } = await adminGraphQL(sim, json.access_token as string, "{ shop { name } }");
    expect(gqlStatus).toBe(200);
  });

  it("issues expiring offline tokens that refresh (refresh tokens are single use)", async () => {
    const { json } = await exchangeToken(sim, TEST_SHOP, {
      subject_token: await sim.mintSessionToken(TEST_SHOP),
      expiring: "1",
    });
    expect(json).toMatchObject({
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: expect.any(Number),
    });
    const refresh = () =>
      exchangeToken(sim, TEST_SHOP, {
        grant_type: "refresh_token",
        refresh_token: json.refresh_token,
        subject_token_type: undefined,
        requested_token_type: undefined,
      });
    const first = await refresh();
    expect(first.status).toBe(200);
    expect(first.json.access_token).not.toBe(json.access_token);
    expect((await adminGraphQL(sim, first.json.access_token as string, "{ shop { name } }")).status).toBe(
      200,
    );
    expect((await refresh()).json.error).toBe("invalid_grant");
  });

  it("rejects a wrong client secret", async () => {
    const { status, json } = await exchangeToken(sim, TEST_SHOP, {
      client_secret: "nope",
      subject_token: await sim.mintSessionToken(TEST_SHOP),
    });
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: "invalid_client", error_description: expect.any(String) });
  });

  it("rejects subject tokens that are forged, expired, for another app or another shop", async () => {
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>, key = secretKey) =>
      new SignJWT({ dest: `https://${TEST_SHOP}`, ...claims })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuer(`https://${TEST_SHOP}/admin`)
        .setAudience((claims.aud as string) ?? TEST_API_KEY)
        .setSubject("1001")
        .setIssuedAt(now - 120)
        .setExpirationTime((claims.exp as number) ?? now + 60)
        .sign(key);
    const bad = [
      await sign({}, new TextEncoder().encode("another-secret")),
      await sign({ exp: now - 60 }),
      await sign({ aud: "another-app" }),
      await sign({ dest: "https://other-shop.myshopify.com" }),
      "not-a-jwt",
    ];
    for (const subject of bad) {
      const { status, json } = await exchangeToken(sim, TEST_SHOP, { subject_token: subject });
      expect(status).toBe(400);
      expect(json.error).toBe("invalid_subject_token");
    }
  });

  it("answers 404 for a shop that does not exist", async () => {
    const { status } = await exchangeToken(sim, "nope.myshopify.com", { subject_token: "x" });
    expect(status).toBe(404);
  });
});

describe("Admin API authentication", () => {
  const invalid = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

  it("answers 401 with Shopify's body for a missing or wrong token", async () => {
    expect(await adminGraphQL(sim, null, "{ shop { name } }")).toEqual({ status: 401, body: invalid });
    expect(await adminGraphQL(sim, "shpat_00000000000000000000000000000000", "{ shop { name } }")).toEqual({
      status: 401,
      body: invalid,
    });
  });

  it("answers 404 for an API version it does not serve", async () => {
    const { status } = await adminGraphQL(
      sim,
      await offlineToken(sim),
      "{ shop { name } }",
      {},
      TEST_SHOP,
      "2019-04",
    );
    expect(status).toBe(404);
  });

  it("revokes tokens on uninstall and issues new ones on reinstall", async () => {
    const local = await startTestSimulator();
    try {
      const before = await offlineToken(local);
      local.actions.uninstallApp(TEST_SHOP);
      expect((await adminGraphQL(local, before, "{ shop { name } }")).status).toBe(401);
      const after = await offlineToken(local); // token exchange = Shopify-managed reinstall
      expect(after).not.toBe(before);
      expect((await adminGraphQL(local, after, "{ shop { name } }")).status).toBe(200);
      expect(local.store.shop(TEST_SHOP)?.installed).toBe(true);
    } finally {
      await local.close();
    }
  });
});
