import { Prisma } from "@prisma/client";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { countViews, InvalidCursorError, listInbox } from "./inbox.server";
import { type InboxFilters, parseInboxFilters } from "./inbox-filters";
import { changeTickets, UnknownAgentError } from "./ticket-changes.server";
import { addAgentMessage } from "./ticket-messages.server";

/**
 * The inbox on a real database: a shop with a known set of tickets, and a
 * second shop whose tickets must never show up.
 */
const SHOP = uniqueShop("inbox-list");
const OTHER = uniqueShop("inbox-other");
const AGENT = { type: "staff" as const, id: "9001", name: "Ada Agent" };
const BULK_TICKETS = 120;

function filters(query = ""): InboxFilters {
  return parseInboxFilters(new URLSearchParams(query));
}

async function numbers(query: string, agentId: string | null = AGENT.id) {
  const page = await listInbox(SHOP, agentId, filters(query));
  return page.rows.map((r) => r.number);
}

let ticketIds: Record<number, string> = {};

beforeAll(async () => {
  for (const domain of [SHOP, OTHER]) await prisma.shop.create({ data: { domain } });
  await prisma.agent.create({ data: { shopDomain: SHOP, staffId: AGENT.id, name: AGENT.name } });
  await prisma.agent.create({ data: { shopDomain: SHOP, staffId: "9002", name: "Bo Colleague" } });
  const jane = await prisma.customer.create({
    data: {
      shopDomain: SHOP,
      shopifyId: "gid://shopify/Customer/1",
      firstName: "Jane",
      lastName: "Doe",
      email: "jane@example.com",
    },
  });
  const order = await prisma.orderSnapshot.create({
    data: {
      shopDomain: SHOP,
      shopifyId: "gid://shopify/Order/1001",
      name: "#1001",
      customerId: jane.id,
      totalPrice: new Prisma.Decimal("20.00"),
      currency: "EUR",
      lineItems: [],
      fulfillments: [],
      refunds: [],
      shopifyCreatedAt: new Date("2026-11-01T00:00:00Z"),
      shopifyUpdatedAt: new Date("2026-11-01T00:00:00Z"),
    },
  });
  const base = Date.parse("2026-11-20T00:00:00Z");
  const make = (n: number, data: Partial<Prisma.TicketUncheckedCreateInput>) =>
    prisma.ticket.create({
      data: {
        shopDomain: SHOP,
        number: n,
        subject: `Ticket ${n}`,
        channel: "shopify",
        tags: [],
        createdAt: new Date(base + n * 60_000),
        updatedAt: new Date(base + n * 60_000),
        ...data,
      },
    });
  // 1–6: the tickets the filter and search tests name.
  const named = [
    await make(1, {
      subject: "Order #1001 was cancelled",
      customerId: jane.id,
      priority: "high",
      tags: ["cancellation"],
      orders: { create: { orderId: order.id, shopDomain: SHOP } },
    }),
    await make(2, {
      subject: "Where is my parcel",
      status: "pending",
      assigneeId: AGENT.id,
      assigneeName: AGENT.name,
    }),
    await make(3, { subject: "Refund question", status: "resolved", channel: "email", tags: ["refund"] }),
    await make(4, {
      subject: "Wrong size",
      assigneeId: "9002",
      assigneeName: "Bo Colleague",
      priority: "urgent",
    }),
    await make(5, { subject: "Gift wrapping", status: "closed" }),
    await make(6, { subject: "Question about delivery", priority: "low" }),
  ];
  ticketIds = Object.fromEntries(named.map((t) => [t.number, t.id]));
  await prisma.message.create({
    data: {
      shopDomain: SHOP,
      ticketId: ticketIds[6],
      kind: "customer",
      authorType: "customer",
      body: "My parcel never arrived, the tracking says refunded?",
    },
  });
  // 101–220: enough open tickets for several pages.
  await prisma.ticket.createMany({
    data: Array.from({ length: BULK_TICKETS }, (_, i) => ({
      shopDomain: SHOP,
      number: 101 + i,
      subject: `Bulk ticket ${101 + i}`,
      channel: "manual",
      tags: ["bulk"],
      priority: (["low", "normal", "high", "urgent"] as const)[i % 4],
      createdAt: new Date(base + (101 + i) * 60_000),
      // Some share an updatedAt, so the id has to break ties.
      updatedAt: new Date(base + Math.floor((101 + i) / 3) * 60_000),
    })),
  });
  await prisma.ticket.create({
    data: {
      shopDomain: OTHER,
      number: 1,
      subject: "Order #1001 was cancelled",
      channel: "shopify",
      tags: ["cancellation"],
    },
  });
});

describe("the search index", () => {
  it("exists with its triggers after every migration (a schema diff once dropped it)", async () => {
    const indexes = await prisma.$queryRaw<{ indexname: string }[]>`
      SELECT indexname::text AS indexname FROM pg_indexes WHERE tablename = 'Ticket' AND indexdef LIKE '%gin%'`;
    expect(indexes.map((i) => i.indexname).sort()).toEqual(["Ticket_searchVector_idx", "Ticket_tags_idx"]);
    const triggers = await prisma.$queryRaw<{ tgname: string }[]>`
      SELECT tgname::text AS tgname FROM pg_trigger WHERE tgname LIKE 'ticket_search_%' ORDER BY tgname`;
    expect(triggers.map((t) => t.tgname)).toEqual([
      "ticket_search_on_customer",
      "ticket_search_on_message",
      "ticket_search_on_order_link",
      "ticket_search_on_ticket",
    ]);
  });

  it("adds a new message's words without re-reading the thread, and rebuilds on an edit", async () => {
    const shop = uniqueShop("inbox-thread");
    await prisma.shop.create({ data: { domain: shop } });
    const ticket = await prisma.ticket.create({
      data: { shopDomain: shop, number: 1, subject: "Thread growth", channel: "shopify", tags: [] },
    });
    const message = (body: string) =>
      prisma.message.create({
        data: { shopDomain: shop, ticketId: ticket.id, kind: "system", authorType: "system", body },
      });
    const words = async () => {
      const [row] = await prisma.$queryRaw<{ vector: string; rebuilt: string }[]>`
        SELECT strip("searchVector")::text AS vector,
               strip(ticket_search_document("id", "subject", "customerId"))::text AS rebuilt
        FROM "Ticket" WHERE "id" = ${ticket.id}`;
      return row;
    };
    const first = await message("Order #2001 was refunded 20.00 EUR");
    await message("Order #2001 was fulfilled");
    // Append and rebuild agree on the words, and message words weigh D, as a rebuild gives them.
    expect((await words()).vector).toBe((await words()).rebuilt);
    const [weights] = await prisma.$queryRaw<{ d: string; a: string }[]>`
      SELECT ts_filter("searchVector", '{d}')::text AS d, ts_filter("searchVector", '{a}')::text AS a
      FROM "Ticket" WHERE "id" = ${ticket.id}`;
    expect(weights.d).toContain("'refunded'");
    expect(weights.a).not.toContain("'refunded'");

    // Change an earlier message behind the triggers' back: a new message must not re-read it.
    await prisma.$transaction([
      prisma.$executeRaw`SET LOCAL session_replication_role = replica`,
      prisma.$executeRaw`UPDATE "Message" SET "body" = 'hidden walrus' WHERE "id" = ${first.id}`,
    ]);
    await message("Order #2001 was cancelled");
    expect((await words()).vector).not.toContain("walrus");
    expect((await words()).vector).toContain("'cancelled'");

    // An edit (a redaction, say) rebuilds: the old words leave the index.
    await prisma.message.update({ where: { id: first.id }, data: { body: "[redacted]" } });
    const after = await words();
    expect(after.vector).toBe(after.rebuilt);
    expect(after.vector).not.toContain("'refunded'");
    expect(after.vector).not.toContain("walrus");
    await prisma.message.deleteMany({ where: { ticketId: ticket.id, body: { contains: "fulfilled" } } });
    expect((await words()).vector).not.toContain("'fulfilled'");
  });

  it("stays within tsvector's 1 MB on a thread past it, and keeps the newest words", async () => {
    const shop = uniqueShop("inbox-long");
    await prisma.shop.create({ data: { domain: shop } });
    const ticket = await prisma.ticket.create({
      data: { shopDomain: shop, number: 1, subject: "Wholesale order", channel: "shopify", tags: [] },
    });
    // 140 messages of 4 000 characters, every word unique (tracking numbers, say): the
    // words of the whole thread would need about 1.3 MB of tsvector.
    await prisma.$executeRaw`
      INSERT INTO "Message" ("id", "shopDomain", "ticketId", "kind", "authorType", "body", "createdAt")
      SELECT 'long-' || n, ${shop}, ${ticket.id}, 'system'::"MessageKind", 'system',
             left((SELECT string_agg(to_hex(n * 1000 + w), ' ') FROM generate_series(1, 800) w), 4000),
             timestamp '2026-11-01' + n * interval '1 minute'
      FROM generate_series(1, 140) n`;
    const reply = await prisma.message.create({
      data: {
        shopDomain: shop,
        ticketId: ticket.id,
        kind: "agent_reply",
        authorType: "staff",
        body: "newestword",
      },
    });
    const has = async (word: string) =>
      (
        await prisma.$queryRaw<{ found: boolean }[]>`
        SELECT "searchVector" @@ to_tsquery('simple', ${word}) AS found FROM "Ticket" WHERE "id" = ${ticket.id}`
      )[0].found;
    expect(await has("newestword")).toBe(true);
    expect(await has((140 * 1000 + 1).toString(16))).toBe(true);
    // The oldest messages' words made room for the newest; the subject is always there.
    expect(await has((1 * 1000 + 1).toString(16))).toBe(false);
    expect(await has("wholesale")).toBe(true);
    const page = await listInbox(shop, null, filters("q=newestword"));
    expect(page.rows.map((r) => r.number)).toEqual([1]);

    // A rebuild (an edit, a redaction) of the long thread is bounded the same way.
    await prisma.message.update({ where: { id: reply.id }, data: { body: "editedword" } });
    expect(await has("editedword")).toBe(true);
    expect(await has("newestword")).toBe(false);
  });
});

describe("inbox views and counts", () => {
  it("counts every view of the shop in one pass, and only the shop's tickets", async () => {
    expect(await countViews(SHOP, AGENT.id)).toEqual({
      open: 3 + BULK_TICKETS,
      mine: 1,
      unassigned: 2 + BULK_TICKETS,
      pending: 1,
      resolved: 1,
      all: 6 + BULK_TICKETS,
    });
    expect((await countViews(OTHER, null)).all).toBe(1);
  });

  it("lists each view's tickets; Mine is empty without an acting agent", async () => {
    expect(await numbers("view=mine")).toEqual([2]);
    expect(await numbers("view=mine", null)).toEqual([]);
    expect(await numbers("view=pending")).toEqual([2]);
    expect(await numbers("view=resolved")).toEqual([3]);
    expect((await numbers("view=unassigned&tag=bulk")).length).toBe(50);
    expect(await numbers("view=all&status=closed")).toEqual([5]);
  });
});

describe("inbox filters", () => {
  it("filters by status, priority, assignee, tag, channel and order, combined with AND", async () => {
    expect(await numbers("view=all&status=pending&status=resolved")).toEqual([3, 2]);
    expect(await numbers("view=all&priority=urgent&channel=shopify")).toEqual([4]);
    expect(await numbers("view=all&assignee=9002")).toEqual([4]);
    expect(await numbers("view=all&tag=refund")).toEqual([3]);
    expect(await numbers("view=all&channel=email")).toEqual([3]);
    expect(await numbers("view=all&order=%231001")).toEqual([1]);
    expect(await numbers("view=all&order=1001")).toEqual([1]);
    expect(await numbers("view=all&order=1001&status=closed")).toEqual([]);
  });

  it("ignores malformed values instead of failing: the inbox still opens", async () => {
    const parsed = filters("view=nope&status=open,bogus&sort=sideways&direction=up&channel=fax");
    expect(parsed).toMatchObject({
      view: "open",
      statuses: [],
      sort: "updated",
      direction: "desc",
      channel: null,
    });
    expect((await listInbox(SHOP, AGENT.id, parsed)).rows.length).toBe(50);
  });

  it("sorts by number, priority and creation, both ways", async () => {
    expect((await numbers("view=all&sort=number&direction=asc")).slice(0, 3)).toEqual([1, 2, 3]);
    expect((await numbers("view=all&sort=number")).slice(0, 2)).toEqual([220, 219]);
    const byPriority = await listInbox(SHOP, AGENT.id, filters("view=all&sort=priority"));
    // Ticket 4 and every fourth bulk ticket are urgent: 31 in all, then the high ones.
    expect(byPriority.rows.slice(0, 31).every((r) => r.priority === "urgent")).toBe(true);
    expect(byPriority.rows[31].priority).toBe("high");
    expect((await numbers("view=all&sort=created&direction=asc")).slice(0, 2)).toEqual([1, 2]);
  });
});

describe("inbox search", () => {
  it("finds tickets by subject, message text, customer name or email and order name, as prefixes", async () => {
    expect(await numbers("view=all&q=cancel")).toEqual([1]);
    expect(await numbers("view=all&q=Jane")).toEqual([1]);
    expect(await numbers("view=all&q=jane%40example.com")).toEqual([1]);
    expect(await numbers("view=all&q=%231001")).toEqual([1]);
    expect(await numbers("view=all&q=never+arrived")).toEqual([6]);
    expect(await numbers("view=all&q=nothing-like-this")).toEqual([]);
  });

  it("ranks a subject match above a match in the messages only", async () => {
    // "parcel" is ticket 2's subject and only in ticket 6's message.
    expect(await numbers("view=all&q=parcel")).toEqual([2, 6]);
  });

  it("treats search operators as text and never reaches another shop", async () => {
    expect(await numbers("view=all&q=%27%29%20%7C%20%21cancel%20%26")).toEqual([1]);
    const other = await listInbox(OTHER, null, filters("view=all&q=cancelled"));
    expect(other.rows.map((r) => r.number)).toEqual([1]);
    expect(other.rows[0].id).not.toBe(ticketIds[1]);
  });

  it("keeps the index current when messages are added and customers renamed", async () => {
    await addAgentMessage(SHOP, ticketIds[4], AGENT, {
      kind: "internal_note",
      body: "Exchange for a larger zebra",
    });
    expect(await numbers("view=all&q=zebra")).toEqual([4]);
    await prisma.customer.updateMany({ where: { shopDomain: SHOP }, data: { lastName: "Smithers" } });
    expect(await numbers("view=all&q=smithers")).toEqual([1]);
    expect(await numbers("view=all&q=doe")).toEqual([]);
  });
});

describe("inbox pagination", () => {
  for (const sort of ["updated", "created", "priority", "number"]) {
    for (const direction of ["desc", "asc"]) {
      it(`pages through every ticket exactly once, sorted by ${sort} ${direction}`, async () => {
        const seen: number[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query = new URLSearchParams({ view: "all", sort, direction, ...(cursor ? { cursor } : {}) });
          const page = await listInbox(SHOP, AGENT.id, parseInboxFilters(query));
          expect(page.hasPrevious).toBe(pages > 0);
          seen.push(...page.rows.map((r) => r.number));
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor && pages < 10);
        expect(pages).toBe(3);
        expect(seen).toHaveLength(6 + BULK_TICKETS);
        expect(new Set(seen).size).toBe(seen.length);
      });
    }
  }

  it("pages through search results", async () => {
    const first = await listInbox(SHOP, AGENT.id, filters("view=all&q=bulk"));
    expect(first.rows).toHaveLength(50);
    const second = await listInbox(SHOP, AGENT.id, filters(`view=all&q=bulk&cursor=${first.nextCursor}`));
    const third = await listInbox(SHOP, AGENT.id, filters(`view=all&q=bulk&cursor=${second.nextCursor}`));
    const all = [...first.rows, ...second.rows, ...third.rows].map((r) => r.number);
    expect(new Set(all).size).toBe(BULK_TICKETS);
    expect(third.nextCursor).toBeNull();
  });

  it("rejects a tampered cursor with a clear error", async () => {
    await expect(listInbox(SHOP, AGENT.id, filters("view=all&cursor=bm9wZQ"))).rejects.toThrow(
      InvalidCursorError,
    );
    const wrongShape = Buffer.from(JSON.stringify([1, 2])).toString("base64url");
    await expect(listInbox(SHOP, AGENT.id, filters(`view=all&cursor=${wrongShape}`))).rejects.toThrow(
      InvalidCursorError,
    );
  });
});

describe("changing tickets", () => {
  it("applies a bulk change, records one event per change with the agent, and skips what is already so", async () => {
    const ids = [ticketIds[2], ticketIds[4], ticketIds[6]];
    const result = await changeTickets(SHOP, ids, { status: "pending", addTags: ["vip"] }, AGENT);
    expect(result.changed).toBe(3);
    const events = await prisma.ticketEvent.findMany({
      where: { ticketId: { in: ids } },
      orderBy: { type: "asc" },
    });
    // Ticket 2 was pending already: only its tags changed.
    expect(events.filter((e) => e.type === "status")).toHaveLength(2);
    expect(events.filter((e) => e.type === "tags")).toHaveLength(3);
    expect(events.every((e) => e.actorName === AGENT.name && e.actorId === AGENT.id)).toBe(true);

    const again = await changeTickets(SHOP, ids, { status: "pending", addTags: ["vip"] }, AGENT);
    expect(again.changed).toBe(0);
    expect(await prisma.ticketEvent.count({ where: { ticketId: { in: ids } } })).toBe(events.length);
  });

  it("assigns to a known agent by name and refuses an unknown one", async () => {
    await changeTickets(SHOP, [ticketIds[6]], { assigneeId: "9002" }, AGENT);
    const ticket = await prisma.ticket.findUniqueOrThrow({ where: { id: ticketIds[6] } });
    expect(ticket).toMatchObject({ assigneeId: "9002", assigneeName: "Bo Colleague" });
    await expect(changeTickets(SHOP, [ticketIds[6]], { assigneeId: "404" }, AGENT)).rejects.toThrow(
      UnknownAgentError,
    );
  });

  it("sets and clears resolvedAt with the status", async () => {
    await changeTickets(SHOP, [ticketIds[1]], { status: "resolved" }, AGENT);
    expect(
      (await prisma.ticket.findUniqueOrThrow({ where: { id: ticketIds[1] } })).resolvedAt,
    ).toBeInstanceOf(Date);
    await changeTickets(SHOP, [ticketIds[1]], { status: "open" }, AGENT);
    expect((await prisma.ticket.findUniqueOrThrow({ where: { id: ticketIds[1] } })).resolvedAt).toBeNull();
  });

  it("never touches another shop's tickets, whatever ids are sent", async () => {
    const foreign = await prisma.ticket.findFirstOrThrow({ where: { shopDomain: OTHER } });
    const result = await changeTickets(SHOP, [foreign.id], { status: "closed" }, AGENT);
    expect(result.changed).toBe(0);
    expect((await prisma.ticket.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe("open");
  });
});
