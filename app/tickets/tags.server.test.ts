import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { listTags, renameTag, tagName } from "./tags.server";

const SHOP = uniqueShop("tags");
const OTHER = uniqueShop("tags-other");
const AGENT = { type: "staff" as const, id: "1001", name: "Dana Owner" };

beforeAll(async () => {
  for (const domain of [SHOP, OTHER]) await prisma.shop.create({ data: { domain } });
  const ticket = (
    shopDomain: string,
    number: number,
    tags: string[],
    status: "open" | "resolved" = "open",
  ) => ({
    shopDomain,
    number,
    subject: `T${number}`,
    channel: "manual",
    tags,
    status,
  });
  await prisma.ticket.createMany({
    data: [
      ticket(SHOP, 1, ["refund", "vip"]),
      ticket(SHOP, 2, ["refund"], "resolved"),
      ticket(SHOP, 3, ["refunds", "vip"]),
      ticket(OTHER, 1, ["refund"]),
    ],
  });
});

const tagsOf = async (shop: string) =>
  (await prisma.ticket.findMany({ where: { shopDomain: shop }, orderBy: { number: "asc" } })).map(
    (t) => t.tags,
  );

describe("ticket tags", () => {
  it("lists the shop's tags with open and total counts", async () => {
    expect(await listTags(SHOP)).toEqual([
      { tag: "refund", open: 1, total: 2 },
      { tag: "vip", open: 2, total: 2 },
      { tag: "refunds", open: 1, total: 1 },
    ]);
  });

  it("renames a tag into an existing one without duplicating it, recording each ticket changed", async () => {
    expect(await renameTag(SHOP, "refunds", "refund", AGENT)).toBe(1);
    expect(await tagsOf(SHOP)).toEqual([["refund", "vip"], ["refund"], ["refund", "vip"]]);
    const events = await prisma.ticketEvent.findMany({ where: { shopDomain: SHOP, type: "tags" } });
    expect(events.map((e) => [e.actorName, e.data])).toEqual([
      ["Dana Owner", { added: ["refund"], removed: ["refunds"] }],
    ]);
  });

  it("renames in place and removes everywhere, never in another shop", async () => {
    expect(await renameTag(SHOP, "refund", "refund-request", AGENT)).toBe(3);
    expect(await tagsOf(SHOP)).toEqual([
      ["refund-request", "vip"],
      ["refund-request"],
      ["refund-request", "vip"],
    ]);
    expect(await renameTag(SHOP, "vip", null, AGENT)).toBe(2);
    expect(await tagsOf(SHOP)).toEqual([["refund-request"], ["refund-request"], ["refund-request"]]);
    expect(await tagsOf(OTHER)).toEqual([["refund"]]);
  });

  it("validates new names", () => {
    expect(tagName.safeParse(" ").success).toBe(false);
    expect(tagName.safeParse("a,b").success).toBe(false);
    expect(tagName.safeParse("x".repeat(41)).success).toBe(false);
    expect(tagName.parse(" follow-up ")).toBe("follow-up");
  });
});
