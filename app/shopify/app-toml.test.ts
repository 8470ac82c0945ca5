import fs from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { ADMIN_API_VERSION } from "./api-version";

interface Subscription {
  topics?: string[];
  compliance_topics?: string[];
  uri: string;
}

const toml = parse(fs.readFileSync("shopify.app.toml", "utf8")) as unknown as {
  access_scopes: { scopes: string };
  webhooks: { api_version: string; subscriptions: Subscription[] };
};
const subscriptions = toml.webhooks.subscriptions;

describe("shopify.app.toml", () => {
  it("subscribes with the app's one API version", () => {
    expect(toml.webhooks.api_version).toBe(ADMIN_API_VERSION);
  });

  it("declares the three mandatory compliance topics in one subscription", () => {
    const compliance = subscriptions.filter((s) => s.compliance_topics);
    expect(compliance).toHaveLength(1);
    expect(compliance[0].compliance_topics?.sort()).toEqual([
      "customers/data_request",
      "customers/redact",
      "shop/redact",
    ]);
  });

  it("subscribes to app/uninstalled", () => {
    expect(subscriptions.some((s) => s.topics?.includes("app/uninstalled"))).toBe(true);
  });

  it("routes every subscription to a webhook route that exists", () => {
    for (const { uri } of subscriptions) {
      expect(uri).toMatch(/^\/webhooks\//);
      const route = `app/routes/${uri.slice(1).replaceAll("/", ".")}.tsx`;
      expect(fs.existsSync(route), `${uri} → ${route}`).toBe(true);
    }
  });

  it("asks for the minimal scopes the product needs", () => {
    expect(toml.access_scopes.scopes.split(",").sort()).toEqual([
      "read_customers",
      "read_orders",
      "write_orders",
    ]);
  });
});
