import { z } from "zod";

/**
 * What the inbox shows, as it lives in the URL (`/app/tickets?view=mine&q=…`)
 * so a view can be bookmarked and shared. Parsing never throws: unknown or
 * malformed values fall back to the defaults and are reported, so a mangled
 * link still opens the inbox.
 */
export const VIEWS = ["open", "mine", "unassigned", "pending", "resolved", "all"] as const;
export type InboxView = (typeof VIEWS)[number];

export const VIEW_LABELS: Record<InboxView, string> = {
  open: "Open",
  mine: "Mine",
  unassigned: "Unassigned",
  pending: "Pending",
  resolved: "Resolved",
  all: "All",
};

export const STATUSES = ["open", "pending", "resolved", "closed"] as const;
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const CHANNELS = ["shopify", "email", "manual", "api"] as const;
export const SORTS = ["updated", "created", "priority", "number"] as const;
export type InboxSort = (typeof SORTS)[number];

export const PAGE_SIZE = 50;
const MAX_QUERY_LENGTH = 200;

export interface InboxFilters {
  view: InboxView;
  statuses: (typeof STATUSES)[number][];
  priorities: (typeof PRIORITIES)[number][];
  /** A staff id, or "none" for unassigned. */
  assignee: string | null;
  tag: string | null;
  channel: (typeof CHANNELS)[number] | null;
  /** An order name as agents type it: "#1001" or "1001". */
  order: string | null;
  q: string | null;
  sort: InboxSort;
  direction: "asc" | "desc";
  cursor: string | null;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => v || null)
    .nullable()
    .catch(null);

const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .array(z.string())
    .transform((items) => [...new Set(items.flatMap((i) => i.split(",")))])
    .pipe(z.array(z.enum(values)))
    .catch([]);

const filtersSchema = z.object({
  view: z.enum(VIEWS).catch("open"),
  status: listOf(STATUSES),
  priority: listOf(PRIORITIES),
  assignee: optionalText(100),
  tag: optionalText(60),
  channel: z.enum(CHANNELS).nullable().catch(null),
  order: optionalText(40),
  q: optionalText(MAX_QUERY_LENGTH),
  sort: z.enum(SORTS).catch("updated"),
  direction: z.enum(["asc", "desc"]).catch("desc"),
  cursor: optionalText(500),
});

export function parseInboxFilters(params: URLSearchParams): InboxFilters {
  const one = (key: string) => params.get(key);
  const parsed = filtersSchema.parse({
    view: one("view") ?? undefined,
    status: params.getAll("status"),
    priority: params.getAll("priority"),
    assignee: one("assignee"),
    tag: one("tag"),
    channel: one("channel"),
    order: one("order"),
    q: one("q"),
    sort: one("sort") ?? undefined,
    direction: one("direction") ?? undefined,
    cursor: one("cursor"),
  });
  return {
    view: parsed.view,
    statuses: parsed.status,
    priorities: parsed.priority,
    assignee: parsed.assignee,
    tag: parsed.tag,
    channel: parsed.channel,
    order: parsed.order,
    q: parsed.q,
    sort: parsed.sort,
    direction: parsed.direction,
    cursor: parsed.cursor,
  };
}

/** The URL search string for filters (defaults left out, so links stay short). */
export function inboxSearchParams(filters: Partial<InboxFilters>): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.view && filters.view !== "open") params.set("view", filters.view);
  for (const s of filters.statuses ?? []) params.append("status", s);
  for (const p of filters.priorities ?? []) params.append("priority", p);
  if (filters.assignee) params.set("assignee", filters.assignee);
  if (filters.tag) params.set("tag", filters.tag);
  if (filters.channel) params.set("channel", filters.channel);
  if (filters.order) params.set("order", filters.order);
  if (filters.q) params.set("q", filters.q);
  if (filters.sort && filters.sort !== "updated") params.set("sort", filters.sort);
  if (filters.direction && filters.direction !== "desc") params.set("direction", filters.direction);
  if (filters.cursor) params.set("cursor", filters.cursor);
  return params;
}

/**
 * The search box's text as a PostgreSQL tsquery: every word must match, as
 * a prefix (so "refun" finds "refunded" and "jane" finds jane@example.com).
 * Returns null when nothing searchable is left.
 */
export function searchQuery(text: string | null): string | null {
  if (!text) return null;
  const words = text
    .toLowerCase()
    .split(/\s+/)
    // Keep letters, digits and the characters of emails and order names; drop tsquery operators.
    .map((w) => w.replace(/[^\p{L}\p{N}@._+-]/gu, "").replace(/^[-.]+|[-.]+$/g, ""))
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `'${w.replaceAll("'", "''")}':*`).join(" & ");
}

/** "1001", "#1001" and " #1001 " all name order #1001. */
export function normalizeOrderName(text: string | null): string | null {
  const digits = text?.trim().replace(/^#/, "");
  return digits ? `#${digits}` : null;
}
