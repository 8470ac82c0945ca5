/**
 * `npm test`: the whole suite. Type-check, lint, the schema/migrations drift
 * check, the vitest suites (real database: embedded unless DATABASE_URL is
 * set), and the browser tests in headless Chromium. Without Chromium the
 * browser tests are skipped with a plain message, except under CI, where they
 * are mandatory. Ends with one "N passed, N failed" line.
 */
import fs from "node:fs";
import path from "node:path";
import { findChromium } from "../tests/support/chromium";
import { runCommand } from "./lib/database";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const only = process.argv.includes("--db-suites-only");
const results: { step: string; ok: boolean }[] = [];
const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
fs.mkdirSync(".cache", { recursive: true });

async function step(name: string, command: string, args: string[]) {
  console.log(`\n== ${name} ==`);
  try {
    await runCommand(command, args);
    results.push({ step: name, ok: true });
  } catch {
    results.push({ step: name, ok: false });
  }
}

async function vitest(name: string, config: string | null, report: string) {
  const reportPath = path.join(".cache", report);
  fs.rmSync(reportPath, { force: true });
  const args = ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${reportPath}`];
  if (config) args.push("--config", config);
  await step(name, "vitest", args);
  if (!fs.existsSync(reportPath)) {
    totals.failed += 1;
    return;
  }
  const json = JSON.parse(fs.readFileSync(reportPath, "utf8"));
  totals.passed += json.numPassedTests;
  totals.failed += json.numFailedTests + (json.numFailedTestSuites > 0 && json.numFailedTests === 0 ? 1 : 0);
  totals.skipped += json.numPendingTests + json.numTodoTests;
}

if (!only) {
  await step("typecheck", "tsc", ["--noEmit"]);
  await step("lint", "biome", ["check", "."]);
  await step("migrations drift", "tsx", ["scripts/check-drift.ts"]);
}
await vitest(
  `unit and integration (${process.env.DATABASE_URL ? "PostgreSQL server" : "embedded PostgreSQL"})`,
  null,
  "vitest-report.json",
);

if (!only) {
  const chromium = findChromium();
  if (chromium) {
    await vitest("browser end-to-end", "vitest.e2e.config.ts", "vitest-e2e-report.json");
  } else if (process.env.CI) {
    console.error("\nChromium is not installed, and browser tests are mandatory under CI.");
    results.push({ step: "browser end-to-end", ok: false });
    totals.failed += 1;
  } else {
    console.warn(
      "\nChromium is not installed: SKIPPING the browser tests. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.",
    );
  }
}

console.log("\n== summary ==");
for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"}  ${r.step}`);
fs.writeFileSync(path.join(".cache", `test-summary${only ? "-db" : ""}.json`), JSON.stringify(totals));
console.log(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`,
);
process.exit(results.every((r) => r.ok) && totals.failed === 0 ? 0 : 1);
