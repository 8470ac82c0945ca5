import { Prisma } from "@prisma/client";
import prisma from "~/db.server";
import {
  type InboxFilters,
  type InboxView,
  normalizeOrderName,
  PAGE_SIZE,
  searchQuery,
  VIEWS,
} from "./inbox-filters";

/**
 * The agents' inbox: one page of a shop's tickets for the filters in the URL,
 * with keyset (cursor) pagination and, when searching, full-text ranking. One
 * SQL statement per page; every condition starts with the shop.
 */
export interface InboxRow {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  assigneeId: string | null;
  assigneeName: string | null;
  tags: string[];
  channel: string;
  customerName: string | null;
  customerEmail: string | null;
  orderNames: string[];
  createdAt: string;
  updatedAt: string;
}

export interface InboxPage {
  rows: InboxRow[];
  /** Cursor of the next page, or null on the last one. */
  nextCursor: string | null;
  /** Whether this page follows another (a cursor was given). */
  hasPrevious: boolean;
}

export class InvalidCursorError extends Error {
  constructor() {
    super("This page link has expired or is malformed. Start again from the first page.");
  }
}

/** Statuses each view covers, and whom it is assigned to. */
function viewCondition(view: InboxView, agentId: string | null): Prisma.Sql {
  const working = Prisma.sql`t."status" IN ('open', 'pending')`;
  switch (view) {
    case "open":
      return Prisma.sql`t."status" = 'open'`;
    case "mine":
      return agentId ? Prisma.sql`${working} AND t."assigneeId" = ${agentId}` : Prisma.sql`FALSE`;
    case "unassigned":
      return Prisma.sql`${working} AND t."assigneeId" IS NULL`;
    case "pending":
      return Prisma.sql`t."status" = 'pending'`;
    case "resolved":
      return Prisma.sql`t."status" = 'resolved'`;
    case "all":
      return Prisma.sql`TRUE`;
  }
}

interface SortKey {
  /** SQL expressions, most significant first; the ticket id breaks ties. */
  columns: Prisma.Sql[];
  /** How each cursor value is cast back in SQL. */
  casts: string[];
}

function sortKey(filters: InboxFilters, ranked: boolean): SortKey {
  if (ranked) return { columns: [Prisma.sql`rank`], casts: ["real"] };
  switch (filters.sort) {
    case "created":
      return { columns: [Prisma.sql`t."createdAt"`], casts: ["timestamp(3)"] };
    case "number":
      return { columns: [Prisma.sql`t."number"`], casts: ["int"] };
    case "priority":
      return {
        columns: [Prisma.sql`t."priorityOrder"`, Prisma.sql`t."updatedAt"`],
        casts: ['"TicketPriority"', "timestamp(3)"],
      };
    case "updated":
      return { columns: [Prisma.sql`t."updatedAt"`], casts: ["timestamp(3)"] };
  }
}

function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

function decodeCursor(cursor: string, length: number): string[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(values) && values.length === length && values.every((v) => typeof v === "string"))
      return values;
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

export async function listInbox(
  shop: string,
  agentId: string | null,
  filters: InboxFilters,
): Promise<InboxPage> {
  const tsquery = searchQuery(filters.q);
  const key = sortKey(filters, tsquery !== null);
  // A search lists the best matches first; otherwise the chosen direction.
  const descending = tsquery !== null || filters.direction === "desc";
  const direction = Prisma.raw(descending ? "DESC" : "ASC");

  const conditions: Prisma.Sql[] = [
    Prisma.sql`t."shopDomain" = ${shop}`,
    viewCondition(filters.view, agentId),
  ];
  if (filters.statuses.length > 0)
    conditions.push(Prisma.sql`t."status" = ANY(CAST(${filters.statuses} AS "TicketStatus"[]))`);
  if (filters.priorities.length > 0)
    conditions.push(Prisma.sql`t."priority" = ANY(CAST(${filters.priorities} AS "TicketPriority"[]))`);
  if (filters.assignee === "none") conditions.push(Prisma.sql`t."assigneeId" IS NULL`);
  else if (filters.assignee) conditions.push(Prisma.sql`t."assigneeId" = ${filters.assignee}`);
  if (filters.tag) conditions.push(Prisma.sql`t."tags" @> ARRAY[${filters.tag}]::text[]`);
  if (filters.channel) conditions.push(Prisma.sql`t."channel" = ${filters.channel}`);
  const orderName = normalizeOrderName(filters.order);
  if (orderName)
    conditions.push(Prisma.sql`EXISTS (
      SELECT 1 FROM "TicketOrder" link JOIN "OrderSnapshot" o ON o."id" = link."orderId"
      WHERE link."ticketId" = t."id" AND o."shopDomain" = ${shop} AND o."name" = ${orderName})`);
  if (tsquery) conditions.push(Prisma.sql`t."searchVector" @@ to_tsquery('simple', ${tsquery})`);

  const rank = tsquery
    ? Prisma.sql`ts_rank(t."searchVector", to_tsquery('simple', ${tsquery}))`
    : Prisma.sql`0::real`;
  const columns = Prisma.join([...key.columns, Prisma.sql`t."id"`]);
  let after = Prisma.empty;
  if (filters.cursor) {
    const values = decodeCursor(filters.cursor, key.columns.length + 1);
    const typed = values.map((v, i) =>
      i < key.casts.length ? Prisma.sql`CAST(${v} AS ${Prisma.raw(key.casts[i])})` : Prisma.sql`${v}`,
    );
    after = Prisma.sql`WHERE (${columns}) ${Prisma.raw(descending ? "<" : ">")} (${Prisma.join(typed)})`;
  }

  const rows = await prisma.$queryRaw<(Omit<InboxRow, "createdAt" | "updatedAt"> & RawRow)[]>`
    SELECT * FROM (
      SELECT t."id", t."number", t."subject", t."status"::text AS "status", t."priority"::text AS "priority",
             t."priority" AS "priorityOrder", t."assigneeId", t."assigneeName", t."tags", t."channel",
             t."createdAt", t."updatedAt", ${rank} AS rank,
             NULLIF(concat_ws(' ', c."firstName", c."lastName"), '') AS "customerFullName",
             c."email" AS "customerEmail"
      FROM "Ticket" t
      LEFT JOIN "Customer" c ON c."id" = t."customerId" AND c."shopDomain" = ${shop}
      WHERE ${Prisma.join(conditions, " AND ")}
    ) t
    ${after}
    ORDER BY ${Prisma.join(
      [...key.columns, Prisma.sql`t."id"`].map((c) => Prisma.sql`${c} ${direction}`),
      ", ",
    )}
    LIMIT ${PAGE_SIZE + 1}`;

  const page = rows.slice(0, PAGE_SIZE);
  const orderNames = await orderNamesOf(
    shop,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({
      id: r.id,
      number: r.number,
      subject: r.subject,
      status: r.status,
      priority: r.priority,
      assigneeId: r.assigneeId,
      assigneeName: r.assigneeName,
      tags: r.tags,
      channel: r.channel,
      customerName: r.customerFullName ?? r.customerEmail ?? null,
      customerEmail: r.customerEmail,
      orderNames: orderNames.get(r.id) ?? [],
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    })),
    nextCursor:
      rows.length > PAGE_SIZE && last ? encodeCursor(cursorValues(last, filters, tsquery !== null)) : null,
    hasPrevious: filters.cursor !== null,
  };
}

interface RawRow {
  createdAt: Date;
  updatedAt: Date;
  priorityOrder: string;
  rank: number;
  customerFullName: string | null;
}

function cursorValues(row: RawRow & { id: string; number: number }, filters: InboxFilters, ranked: boolean) {
  if (ranked) return [String(row.rank), row.id];
  switch (filters.sort) {
    case "created":
      return [row.createdAt.toISOString(), row.id];
    case "number":
      return [String(row.number), row.id];
    case "priority":
      return [row.priorityOrder, row.updatedAt.toISOString(), row.id];
    case "updated":
      return [row.updatedAt.toISOString(), row.id];
  }
}

async function orderNamesOf(shop: string, ticketIds: string[]): Promise<Map<string, string[]>> {
  if (ticketIds.length === 0) return new Map();
  const links = await prisma.$queryRaw<{ ticketId: string; name: string }[]>`
    SELECT link."ticketId", o."name" FROM "TicketOrder" link
    JOIN "OrderSnapshot" o ON o."id" = link."orderId"
    WHERE link."shopDomain" = ${shop} AND link."ticketId" IN (${Prisma.join(ticketIds)})
    ORDER BY o."name"`;
  const names = new Map<string, string[]>();
  for (const link of links) names.set(link.ticketId, [...(names.get(link.ticketId) ?? []), link.name]);
  return names;
}

/** How many tickets each view holds (the tabs' counts), in one pass over the shop's tickets. */
export async function countViews(shop: string, agentId: string | null): Promise<Record<InboxView, number>> {
  const [row] = await prisma.$queryRaw<Record<InboxView, bigint>[]>`
    SELECT
      count(*) FILTER (WHERE "status" = 'open') AS "open",
      count(*) FILTER (WHERE "status" IN ('open', 'pending') AND "assigneeId" = ${agentId ?? ""}) AS "mine",
      count(*) FILTER (WHERE "status" IN ('open', 'pending') AND "assigneeId" IS NULL) AS "unassigned",
      count(*) FILTER (WHERE "status" = 'pending') AS "pending",
      count(*) FILTER (WHERE "status" = 'resolved') AS "resolved",
      count(*) AS "all"
    FROM "Ticket" WHERE "shopDomain" = ${shop}`;
  return Object.fromEntries(VIEWS.map((v) => [v, Number(row?.[v] ?? 0)])) as Record<InboxView, number>;
}
