/**
 * The operators' CLI: `npm run cli -- <group> <command> [options]`.
 * Every listing takes --json so scripts can read what the app holds.
 */
import { parseArgs } from "node:util";
import { type Command, commands } from "./cli/commands";
import { prepareProcess } from "./lib/startup";

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(22)} ${c.summary}`);
  return `Usage: npm run cli -- <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nOptions:\n  --json   print machine-readable JSON\n`;
}

const argv = process.argv.slice(2).filter((arg) => arg !== "--");
const name = argv.slice(0, 2).join(" ");
const command: Command | undefined = commands[name];
if (!command || argv.includes("--help")) {
  const unknown = !command && argv.length > 0 && !argv.includes("--help");
  (unknown ? console.error : console.log)(
    `${unknown ? `Unknown command: ${argv.join(" ")}\n\n` : ""}${usage()}`,
  );
  process.exit(unknown ? 2 : 0);
}

let parsed: ReturnType<typeof parseArgs>;
try {
  parsed = parseArgs({
    args: argv.slice(2),
    options: { json: { type: "boolean" }, ...command.options },
    allowPositionals: true,
  });
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage()}`);
  process.exit(2);
}

const db = await prepareProcess({ shopifyConfig: false });
let exitCode = 0;
try {
  exitCode = await command.run(parsed.values, parsed.positionals);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  const { prisma } = await import("../app/db.server");
  await prisma.$disconnect();
  await db.stop();
}
process.exit(exitCode);
