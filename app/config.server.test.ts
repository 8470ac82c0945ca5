import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.server";

const base = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://app.example.com",
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("configuration", () => {
  it("accepts a minimal development environment with defaults", () => {
    const config = parseConfig(base);
    expect(config.NODE_ENV).toBe("development");
    expect(config.PORT).toBe(3000);
    expect(config.SCOPES).toBe("read_customers,read_orders,write_orders");
  });

  it("names every missing or malformed variable", () => {
    expect(problems({ PORT: "70000", DATABASE_URL: "mysql://x", SHOPIFY_API_SECRET: " " })).toEqual([
      "PORT must be a port number (0-65535)",
      "SHOPIFY_API_KEY is required (the app's client id)",
      "SHOPIFY_API_SECRET is required (the app's client secret)",
      "SHOPIFY_APP_URL is required (the app's public URL)",
      "DATABASE_URL must be a postgresql:// URL",
    ]);
    expect(problems({ ...base, SHOPIFY_APP_URL: "ftp://x" })).toEqual([
      "SHOPIFY_APP_URL must be the app's public http(s) URL",
    ]);
  });

  it("refuses the embedded database in production", () => {
    expect(problems({ ...base, NODE_ENV: "production" })).toEqual([
      expect.stringMatching(/^DATABASE_URL is required in production/),
    ]);
  });

  it("refuses a simulator origin in production", () => {
    const env = {
      ...base,
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://db/counterdesk",
      SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:4100",
    };
    expect(problems(env)).toEqual([
      expect.stringMatching(/^SHOPIFY_ADMIN_API_ORIGIN must not be set in production/),
    ]);
  });

  it("accepts a production environment with a server database and no simulator", () => {
    const env = { ...base, NODE_ENV: "production", DATABASE_URL: "postgresql://db/counterdesk" };
    expect(parseConfig(env).SHOPIFY_ADMIN_API_ORIGIN).toBeUndefined();
  });
});
