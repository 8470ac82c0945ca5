// `prisma generate` needs no database, but Prisma 6.19 tries to download an
// engine when the datasource URL is unresolvable; give it a placeholder.
import { spawnSync } from "node:child_process";

const result = spawnSync("prisma", ["generate"], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL || "postgresql://localhost/unused" },
});
process.exit(result.status ?? 1);
