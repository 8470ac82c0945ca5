import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

function serve(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("tsx", ["scripts/serve.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        ...env,
      } as unknown as NodeJS.ProcessEnv,
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

const production = {
  NODE_ENV: "production",
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://counterdesk.example.com",
  PORT: "0",
};

describe("npm start refuses unsafe production settings before serving anything", () => {
  it("refuses the dev-store simulator in production", async () => {
    const result = await serve({
      ...production,
      DATABASE_URL: "postgresql://127.0.0.1:1/none",
      SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:4100",
      APP_BRIDGE_URL: "http://127.0.0.1:4100/app-bridge.js",
    });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain("SHOPIFY_ADMIN_API_ORIGIN must not be set in production");
    expect(result.stderr).toContain("APP_BRIDGE_URL must not be set in production");
  });

  it("refuses the embedded database in production", async () => {
    const result = await serve(production);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain("DATABASE_URL is required in production");
  });

  it("names missing credentials", async () => {
    const result = await serve({ NODE_ENV: "development", PORT: "0" });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/SHOPIFY_API_KEY is required/);
  });
});
