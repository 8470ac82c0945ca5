import path from "node:path";
import { defineConfig } from "prisma/config";
import { createCliAdapter } from "./prisma/cli-adapter";

// Prisma's CLI runs its WebAssembly schema engine through a driver adapter, so
// no engine binary is ever downloaded. Run database commands through
// `npm run db -- <command>`, which provides DATABASE_URL (starting the embedded
// database when none is set).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set. Run Prisma through `npm run db -- prisma <command>`, which starts the embedded database, or set DATABASE_URL.",
      );
    }
    return createCliAdapter(url, process.env.COUNTERDESK_EMBEDDED_DATABASE === "1");
  },
});
