import { describe, expect, it } from "vitest";
import { rewriteShopUrl } from "./admin-origin.server";

describe("rewriteShopUrl", () => {
  const origin = "http://127.0.0.1:4100";

  it("sends Admin API and OAuth requests for a shop to the configured origin", () => {
    expect(rewriteShopUrl("https://demo.myshopify.com/admin/api/2026-01/graphql.json", origin)).toBe(
      "http://127.0.0.1:4100/shops/demo.myshopify.com/admin/api/2026-01/graphql.json",
    );
    expect(rewriteShopUrl("https://demo.myshopify.com/admin/oauth/access_token?x=1", origin)).toBe(
      "http://127.0.0.1:4100/shops/demo.myshopify.com/admin/oauth/access_token?x=1",
    );
  });

  it("leaves every other URL alone", () => {
    expect(rewriteShopUrl("https://cdn.shopify.com/app-bridge.js", origin)).toBe(
      "https://cdn.shopify.com/app-bridge.js",
    );
    expect(rewriteShopUrl("http://demo.myshopify.com/admin/x", origin)).toBe(
      "http://demo.myshopify.com/admin/x",
    );
  });
});
