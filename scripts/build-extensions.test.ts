import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ADMIN_API_VERSION } from "../app/shopify/api-version";
import {
  buildExtensions,
  configProblems,
  knownAdminTargets,
  MAX_BUNDLE_BYTES,
  readExtensionConfigs,
} from "./build-extensions";

/** The offline stand-in for `shopify app build`: every extension's targets bundle and are valid. */
const outDir = mkdtempSync(path.join(tmpdir(), "extensions-"));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("admin UI extensions", () => {
  const configs = readExtensionConfigs();

  it("declare the app's Admin API version and known admin targets", () => {
    expect(configs.map((c) => c.handle).sort()).toEqual(["create-support-ticket", "order-tickets"]);
    const targets = knownAdminTargets();
    for (const config of configs) {
      expect(config.apiVersion).toBe(ADMIN_API_VERSION);
      expect(config.type).toBe("ui_extension");
      for (const t of config.targets) expect(targets.has(t.target), t.target).toBe(true);
    }
    expect(configs.flatMap((c) => c.targets.map((t) => t.target)).sort()).toEqual([
      "admin.order-details.action.render",
      "admin.order-details.block.render",
    ]);
    expect(configProblems(configs)).toEqual([]);
  });

  it("names what is wrong with a bad configuration", () => {
    const [first] = configs;
    const bad = {
      ...first,
      apiVersion: "2025-07",
      targets: [{ target: "admin.order-details.nowhere", module: "" }],
    };
    expect(configProblems([bad]).join("\n")).toMatch(
      /api_version 2025-07 is not 2026-01[\s\S]*admin\.order-details\.nowhere is not an admin target[\s\S]*has no module/,
    );
  });

  it("bundle each target into one ESM script under admin's size limit", async () => {
    const bundles = await buildExtensions({ outDir });
    expect(bundles.map((b) => `${b.handle} ${b.target}`).sort()).toEqual([
      "create-support-ticket admin.order-details.action.render",
      "order-tickets admin.order-details.block.render",
    ]);
    for (const bundle of bundles) {
      expect(bundle.bytes).toBeGreaterThan(1000);
      expect(bundle.bytes).toBeLessThan(MAX_BUNDLE_BYTES);
      const code = readFileSync(bundle.file, "utf8");
      // Self-contained: nothing left for the browser to resolve, and the entry is the default export.
      expect(code).not.toMatch(/\bfrom\s*["'](preact|@shopify\/)/);
      expect(code).toMatch(/export\s*\{[^}]*as default\s*\}/);
    }
  }, 60_000);
});
