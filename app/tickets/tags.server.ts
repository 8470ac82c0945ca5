import { z } from "zod";
import type { Actor } from "~/agents/agents.server";
import prisma from "~/db.server";

/**
 * The shop's ticket tags, as its tickets use them: counted, renamed (merging
 * into an existing tag) or removed everywhere at once. Each ticket changed
 * gets a ticket event naming the agent, like a change made on the ticket.
 */
export const tagName = z
  .string()
  .trim()
  .min(1, "A tag can't be empty")
  .max(40, "Tags are at most 40 characters")
  .regex(/^[^,]+$/, "A tag can't contain a comma");

export async function listTags(shop: string) {
  const rows = await prisma.$queryRaw<{ tag: string; open: bigint; total: bigint }[]>`
    SELECT tag, count(*) FILTER (WHERE t."status" IN ('open', 'pending')) AS "open", count(*) AS "total"
    FROM "Ticket" t, unnest(t."tags") AS tag
    WHERE t."shopDomain" = ${shop}
    GROUP BY tag ORDER BY count(*) DESC, tag`;
  return rows.map((r) => ({ tag: r.tag, open: Number(r.open), total: Number(r.total) }));
}

/** Renames a tag on every ticket of the shop (to: null removes it). Returns how many tickets changed. */
export async function renameTag(
  shop: string,
  from: string,
  to: string | null,
  actor: Actor,
): Promise<number> {
  if (to === from) return 0;
  const changed = await prisma.$queryRaw<{ id: string }[]>`
    WITH target AS (
      SELECT t."id", (${to}::text = ANY(t."tags")) AS "hadTo" FROM "Ticket" t
      WHERE t."shopDomain" = ${shop} AND ${from} = ANY(t."tags")
      ORDER BY t."id" FOR UPDATE
    ), changed AS (
      UPDATE "Ticket" t
      SET "tags" = CASE WHEN ${to}::text IS NULL OR target."hadTo" THEN array_remove(t."tags", ${from})
                        ELSE array_replace(t."tags", ${from}, ${to}::text) END,
          "updatedAt" = (now() AT TIME ZONE 'UTC')
      FROM target WHERE t."id" = target."id"
      RETURNING t."id", target."hadTo"
    )
    INSERT INTO "TicketEvent" ("id", "shopDomain", "ticketId", "type", "actorType", "actorId", "actorName", "data")
    SELECT 'te_' || replace(gen_random_uuid()::text, '-', ''), ${shop}, changed."id", 'tags',
           ${actor.type}, ${actor.id}, ${actor.name},
           jsonb_build_object(
             'added', CASE WHEN ${to}::text IS NULL OR changed."hadTo" THEN '[]'::jsonb ELSE jsonb_build_array(${to}::text) END,
             'removed', jsonb_build_array(${from}::text))
    FROM changed
    RETURNING "ticketId" AS "id"`;
  return changed.length;
}
