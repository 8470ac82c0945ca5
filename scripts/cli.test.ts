import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { uniqueShop } from "../tests/support/shopify-requests";

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("tsx", ["scripts/cli.ts", ...args], { env: process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("operators' CLI", () => {
  afterAll(async () => {
    await prisma.$disconnect();
  });

  it("shops list --json prints every installed shop as JSON", async () => {
    const installed = uniqueShop("cli");
    const gone = uniqueShop("cli-gone");
    await prisma.shop.create({ data: { domain: installed, name: "CLI Shop", currencyCode: "EUR" } });
    await prisma.shop.create({ data: { domain: gone, uninstalledAt: new Date() } });

    const { code, stdout } = await cli(["shops", "list", "--json"]);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { domain: string; status: string; name: string | null }[];
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          domain: installed,
          status: "installed",
          name: "CLI Shop",
          currency: "EUR",
        }),
        expect.objectContaining({ domain: gone, status: "uninstalled" }),
      ]),
    );
  });

  it("shops list prints a table for people", async () => {
    const { code, stdout } = await cli(["shops", "list"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^domain\s+name\s+status/);
  });

  it("rejects an unknown command with usage and exit code 2", async () => {
    const { code, stderr } = await cli(["shops", "explode"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown command: shops explode");
    expect(stderr).toContain("shops list");
  });

  it("rejects an unknown option", async () => {
    const { code, stderr } = await cli(["shops", "list", "--jsno"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--jsno'/);
  });
});
