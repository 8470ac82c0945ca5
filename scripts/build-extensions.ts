/**
 * Bundles every admin UI extension the way `shopify app build` does, but
 * offline, so CI proves the extensions compile and stay within admin's size
 * limit: each `extensions/<name>/shopify.extension.toml` targeting's module
 * becomes one ESM script for the browser with Preact and
 * `@shopify/ui-extensions` inside. Output: `build/extensions/<handle>/<target>.js`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { parse } from "smol-toml";
import { ADMIN_API_VERSION } from "../app/shopify/api-version";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Admin keeps an extension's compiled script under 64 KB. */
export const MAX_BUNDLE_BYTES = 64 * 1024;

export interface ExtensionTarget {
  target: string;
  module: string;
}

export interface ExtensionConfig {
  dir: string;
  apiVersion: string;
  handle: string;
  name: string;
  type: string;
  targets: ExtensionTarget[];
}

export interface BuiltBundle {
  handle: string;
  target: string;
  file: string;
  bytes: number;
}

/** The admin targets of the installed `@shopify/ui-extensions`, one type file each. */
export function knownAdminTargets(root = ROOT): Set<string> {
  const dir = path.join(root, "node_modules/@shopify/ui-extensions/build/ts/surfaces/admin/targets");
  return new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith(".d.ts"))
      .map((f) => f.slice(0, -".d.ts".length)),
  );
}

export function readExtensionConfigs(root = ROOT): ExtensionConfig[] {
  const base = path.join(root, "extensions");
  return readdirSync(base)
    .filter((entry) => statSync(path.join(base, entry)).isDirectory())
    .map((entry) => path.join(base, entry, "shopify.extension.toml"))
    .filter((toml) => {
      try {
        return statSync(toml).isFile();
      } catch {
        return false;
      }
    })
    .flatMap((toml) => {
      const doc = parse(readFileSync(toml, "utf8")) as {
        api_version?: string;
        extensions?: {
          handle?: string;
          name?: string;
          type?: string;
          targeting?: { target?: string; module?: string }[];
        }[];
      };
      return (doc.extensions ?? []).map((ext) => ({
        dir: path.dirname(toml),
        apiVersion: doc.api_version ?? "",
        handle: ext.handle ?? "",
        name: ext.name ?? "",
        type: ext.type ?? "",
        targets: (ext.targeting ?? []).map((t) => ({ target: t.target ?? "", module: t.module ?? "" })),
      }));
    });
}

/** What is wrong with the configurations, one line each; empty when they can be built. */
export function configProblems(configs: ExtensionConfig[], targets = knownAdminTargets()): string[] {
  const problems: string[] = [];
  for (const c of configs) {
    const where = path.relative(ROOT, c.dir);
    if (c.apiVersion !== ADMIN_API_VERSION)
      problems.push(`${where}: api_version ${c.apiVersion || "(none)"} is not ${ADMIN_API_VERSION}`);
    if (!c.handle) problems.push(`${where}: no handle`);
    if (c.type !== "ui_extension") problems.push(`${where}: type ${c.type || "(none)"} is not ui_extension`);
    if (c.targets.length === 0) problems.push(`${where}: no [[extensions.targeting]]`);
    for (const t of c.targets) {
      if (!targets.has(t.target))
        problems.push(`${where}: ${t.target || "(no target)"} is not an admin target`);
      if (!t.module) problems.push(`${where}: ${t.target} has no module`);
    }
  }
  return problems;
}

export async function buildExtensions(
  options: { root?: string; outDir?: string } = {},
): Promise<BuiltBundle[]> {
  const root = options.root ?? ROOT;
  const outDir = options.outDir ?? path.join(root, "build/extensions");
  const configs = readExtensionConfigs(root);
  const problems = configProblems(configs, knownAdminTargets(root));
  if (problems.length > 0) throw new Error(`Extension configuration:\n${problems.join("\n")}`);

  const bundles: BuiltBundle[] = [];
  for (const config of configs) {
    for (const { target, module } of config.targets) {
      const file = path.join(outDir, config.handle, `${target}.js`);
      await build({
        entryPoints: [path.resolve(config.dir, module)],
        outfile: file,
        bundle: true,
        format: "esm",
        platform: "browser",
        target: "es2020",
        jsx: "automatic",
        jsxImportSource: "preact",
        minify: true,
        legalComments: "none",
        define: { "process.env.NODE_ENV": JSON.stringify("production") },
        logLevel: "silent",
      });
      bundles.push({ handle: config.handle, target, file, bytes: statSync(file).size });
    }
  }
  return bundles;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const bundles = await buildExtensions();
    for (const b of bundles)
      console.log(
        `${b.handle} ${b.target}: ${path.relative(ROOT, b.file)} (${(b.bytes / 1024).toFixed(1)} KB)`,
      );
    const tooBig = bundles.filter((b) => b.bytes > MAX_BUNDLE_BYTES);
    if (tooBig.length > 0) {
      console.error(
        `Over admin's ${MAX_BUNDLE_BYTES / 1024} KB limit: ${tooBig.map((b) => b.handle).join(", ")}`,
      );
      process.exit(1);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
