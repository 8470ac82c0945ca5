import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { afterAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { SessionStorage } from "./session-storage.server";

const SHOP = "session-storage.myshopify.com";
const library = new PrismaSessionStorage(prisma);
const ours = new SessionStorage(prisma);

afterAll(async () => {
  await prisma.session.deleteMany({ where: { shop: SHOP } });
});

const offline = new Session({
  id: `offline_${SHOP}`,
  shop: SHOP,
  state: "",
  isOnline: false,
  accessToken: "shpat_offline",
  scope: "read_orders,write_orders",
});

const online = new Session({
  id: `${SHOP}_42`,
  shop: SHOP,
  state: "state-1",
  isOnline: true,
  accessToken: "shpua_online",
  scope: "read_orders",
  expires: new Date("2026-12-01T10:00:00.123Z"),
  refreshToken: "refresh-1",
  refreshTokenExpires: new Date("2027-01-01T00:00:00.000Z"),
  onlineAccessInfo: {
    expires_in: 86400,
    associated_user_scope: "read_orders",
    associated_user: {
      id: 902541635,
      first_name: "Zoë",
      last_name: "O'Brien",
      email: "zoe@example.com",
      email_verified: true,
      account_owner: false,
      locale: "fr",
      collaborator: true,
    },
  },
});

describe("session storage", () => {
  it.each([
    ["an offline session", offline],
    ["an online session with a user, expiry and refresh token", online],
  ])("loads %s exactly as Shopify's Prisma storage does", async (_name, session) => {
    await library.storeSession(session);
    const expected = await library.loadSession(session.id);
    const loaded = await ours.loadSession(session.id);
    expect(loaded).toBeInstanceOf(Session);
    expect(loaded?.toObject()).toEqual(expected?.toObject());
    expect(loaded?.isActive(session.scope ?? "")).toBe(expected?.isActive(session.scope ?? ""));
    expect(loaded?.accessToken).toBe(session.accessToken);
  });

  it("finds no session for an unknown id, or for another shop's", async () => {
    expect(await ours.loadSession("offline_unknown.myshopify.com")).toBeUndefined();
    expect(await ours.loadSession(`offline_${SHOP}'--`)).toBeUndefined();
  });

  it("stores and deletes through the library", async () => {
    await ours.storeSession(offline);
    expect((await ours.loadSession(offline.id))?.accessToken).toBe("shpat_offline");
    await ours.deleteSession(offline.id);
    expect(await ours.loadSession(offline.id)).toBeUndefined();
  });
});
