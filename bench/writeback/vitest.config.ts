import { defineConfig } from "vitest/config";

// The bench's pure arithmetic; no database, so none of the app suites' setup.
export default defineConfig({
  test: { include: ["bench/**/*.test.ts"] },
});
