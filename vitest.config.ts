import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// Unit and integration suites: real database (embedded, or DATABASE_URL's
// server), real Remix route handlers, real Shopify libraries; only Shopify's
// servers are simulated. Browser tests live in tests/e2e (vitest.e2e.config.ts).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: [
      "app/**/*.test.{ts,tsx}",
      "scripts/**/*.test.ts",
      "simulator/**/*.test.ts",
      "prisma/**/*.test.ts",
      "extensions/**/*.test.{ts,tsx}",
      "bench/**/*.test.ts",
    ],
    globalSetup: ["tests/support/global-database.ts"],
    setupFiles: ["tests/support/test-env.ts"],
    pool: "forks",
    // Several suites run real workers, which take any queued job; run files
    // one at a time so no suite's events are processed by another's worker.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
