/**
 * `npm run db:new-migration -- <name>`: writes the SQL that takes the
 * migrations folder to the current schema.prisma into a new migration folder.
 * Works offline and on the embedded database; review the SQL before committing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, runPrisma } from "./lib/database";

const name = process.argv.slice(2).find((arg) => arg !== "--");
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:new-migration -- <name>   (lowercase letters, digits and _)");
  process.exit(2);
}

const db = await openDatabase(process.env, { inMemory: !process.env.DATABASE_URL });
const temp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "migration-")), "migration.sql");
let exitCode = 0;
try {
  await runPrisma(db, [
    "migrate",
    "diff",
    "--from-migrations",
    "prisma/migrations",
    "--to-schema-datamodel",
    "prisma/schema.prisma",
    "--script",
    "--exit-code",
    "-o",
    temp,
  ]).catch((error: Error) => {
    // --exit-code: 2 means "there is a difference", which is what we want.
    if (!/exit 2\b/.test(error.message)) throw error;
  });
  const sql = fs.existsSync(temp) ? fs.readFileSync(temp, "utf8") : "";
  if (!sql.trim() || sql.includes("This is an empty migration")) {
    console.log("schema.prisma matches the migrations: nothing to write.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const folder = path.join("prisma", "migrations", `${stamp}_${name}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, "migration.sql"), sql);
    console.log(`Wrote ${path.join(folder, "migration.sql")}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await db.stop();
}
process.exit(exitCode);
