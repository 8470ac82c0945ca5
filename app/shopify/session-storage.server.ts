import type { PrismaClient } from "@prisma/client";
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { poolSql } from "~/db/sql-pool.server";

interface SessionRow {
  id: string;
  shop: string;
  state: string;
  isOnline: boolean;
  scope: string | null;
  expires: Date | null;
  accessToken: string;
  userId: bigint | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  accountOwner: boolean | null;
  locale: string | null;
  collaborator: boolean | null;
  emailVerified: boolean | null;
  refreshToken: string | null;
  refreshTokenExpires: Date | null;
}

/**
 * Shopify's Prisma session storage, with its one frequent call, loading a
 * session, on node-postgres: every admin request and every write to
 * Shopify loads one, and through Prisma that read cost more CPU than the
 * rest of a background write's bookkeeping. Storing and deleting stay with
 * the library. The session is built exactly as the library builds it
 * (a test compares the two).
 */
export class SessionStorage extends PrismaSessionStorage<PrismaClient> {
  override async loadSession(id: string): Promise<Session | undefined> {
    const [row] = await poolSql().$queryRaw<SessionRow[]>`
      SELECT "id", "shop", "state", "isOnline", "scope", "expires", "accessToken", "userId", "firstName",
             "lastName", "email", "accountOwner", "locale", "collaborator", "emailVerified",
             "refreshToken", "refreshTokenExpires"
      FROM "Session" WHERE "id" = ${id}`;
    return row ? sessionFromRow(row) : undefined;
  }
}

function sessionFromRow(row: SessionRow): Session {
  // The library's own conversion, including String(null) for a missing user's fields.
  const params: Record<string, string | number | boolean> = {
    id: row.id,
    shop: row.shop,
    state: row.state,
    isOnline: row.isOnline,
    userId: String(row.userId),
    firstName: String(row.firstName),
    lastName: String(row.lastName),
    email: String(row.email),
    locale: String(row.locale),
  };
  if (row.accountOwner !== null) params.accountOwner = row.accountOwner;
  if (row.collaborator !== null) params.collaborator = row.collaborator;
  if (row.emailVerified !== null) params.emailVerified = row.emailVerified;
  if (row.expires) params.expires = row.expires.getTime();
  if (row.scope) params.scope = row.scope;
  if (row.accessToken) params.accessToken = row.accessToken;
  if (row.refreshToken) params.refreshToken = row.refreshToken;
  if (row.refreshTokenExpires) params.refreshTokenExpires = row.refreshTokenExpires.getTime();
  return Session.fromPropertyArray(Object.entries(params), true);
}
