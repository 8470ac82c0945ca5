import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { databaseUrl } from "./config.server";

/**
 * The one Prisma client. It always talks to PostgreSQL over TCP through
 * adapter-pg: a server in production, or the embedded database the entry
 * point started. On the embedded database all connections share one
 * serialized session, so never call `prisma.*` inside a `$transaction`
 * callback (use `tx.*`), and keep transactions short.
 */
function createClient(): PrismaClient {
  const url = databaseUrl();
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm start` or `npm run demo`, which start the embedded database, or set DATABASE_URL.",
    );
  }
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
}

declare global {
  // Survives module reloads in development so connections are not leaked.
  var counterdeskPrisma: PrismaClient | undefined;
}

export const prisma: PrismaClient = globalThis.counterdeskPrisma ?? createClient();
if (process.env.NODE_ENV !== "production") globalThis.counterdeskPrisma = prisma;

export default prisma;
