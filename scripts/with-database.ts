/**
 * `npm run db -- <command...>`: runs a command with DATABASE_URL pointing at
 * the app's database (the embedded one unless DATABASE_URL is set), after
 * applying migrations. With no command, serves the database until Ctrl-C.
 *
 *   npm run db -- prisma migrate status
 *   npm run db -- psql "$DATABASE_URL"     (any tool that reads the variable)
 */
import { databaseEnv, migrate, openDatabase, runCommand, runPrisma } from "./lib/database";

const separator = process.argv.indexOf("--");
const [command, ...args] = separator >= 0 ? process.argv.slice(separator + 1) : process.argv.slice(2);

const db = await openDatabase();
let exitCode = 0;
try {
  if (command === "prisma") {
    await runPrisma(db, args);
  } else {
    await migrate(db, { quiet: true });
    if (command) {
      await runCommand(command, args, { env: databaseEnv(db) });
    } else {
      console.log(`Database ready at ${db.url} (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
    }
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await db.stop();
}
process.exit(exitCode);
