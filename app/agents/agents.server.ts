import type { Session } from "@shopify/shopify-api";
import prisma from "~/db.server";

/**
 * Agents are the shop's Shopify staff: whoever opens the app (an online
 * session carries the staff member) is recorded, can be assigned tickets and
 * is named on what they do.
 */
export interface Actor {
  type: "staff" | "rule" | "system";
  id: string | null;
  name: string;
}

/** The staff member acting in an online session, or null for an offline one. */
export function actorOf(session: Session): Actor | null {
  const user = session.onlineAccessInfo?.associated_user;
  if (!user) return null;
  const name =
    [user.first_name, user.last_name].filter(Boolean).join(" ") || user.email || `Staff ${user.id}`;
  return { type: "staff", id: String(user.id), name };
}

/** Records (or refreshes) the session's staff member as an agent of the shop. */
export async function recordAgent(shop: string, session: Session): Promise<Actor | null> {
  const actor = actorOf(session);
  if (!actor?.id) return actor;
  const email = session.onlineAccessInfo?.associated_user.email ?? null;
  await prisma.agent.upsert({
    where: { shopDomain_staffId: { shopDomain: shop, staffId: actor.id } },
    create: { shopDomain: shop, staffId: actor.id, name: actor.name, email },
    update: { name: actor.name, email, lastSeenAt: new Date() },
  });
  return actor;
}

export function listAgents(shop: string) {
  return prisma.agent.findMany({
    where: { shopDomain: shop },
    orderBy: { name: "asc" },
    select: { staffId: true, name: true, email: true },
  });
}

export function findAgent(shop: string, staffId: string) {
  return prisma.agent.findUnique({ where: { shopDomain_staffId: { shopDomain: shop, staffId } } });
}
