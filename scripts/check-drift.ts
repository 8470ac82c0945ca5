/**
 * CI's drift check: fails when schema.prisma and prisma/migrations disagree,
 * i.e. someone changed the schema without writing its migration.
 */
import { openDatabase, runPrisma } from "./lib/database";

const db = await openDatabase(process.env, { inMemory: !process.env.DATABASE_URL });
let exitCode = 0;
try {
  await runPrisma(
    db,
    [
      "migrate",
      "diff",
      "--from-migrations",
      "prisma/migrations",
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--exit-code",
    ],
    { quiet: true },
  );
  console.log("No drift: prisma/migrations produce exactly schema.prisma.");
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    /exit 2\b/.test(message)
      ? "Drift: schema.prisma has changes no migration creates. Run `npm run db:new-migration -- <name>`."
      : message,
  );
  exitCode = 1;
} finally {
  await db.stop();
}
process.exit(exitCode);
