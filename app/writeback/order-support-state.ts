/**
 * What a Shopify order should carry about its support tickets, and what to
 * change to get there. Worked out from the tickets as they are when the write
 * runs (not when it was queued), so however many changes pile up, the order
 * ends in the desk's latest state and a late write never restores an old one.
 */
export interface OrderTicket {
  number: number;
  status: "open" | "pending" | "resolved" | "closed";
  updatedAt: Date;
}

export interface OrderSyncChoices {
  writeTags: boolean;
  openTag: string;
  resolvedTag: string;
  writeMetafield: boolean;
}

/** The app-owned metafield (`$app` namespace, so only Counterdesk can write it). */
export const SUPPORT_METAFIELD = { namespace: "$app", key: "support", type: "json" } as const;

export interface SupportSummary {
  ticket_count: number;
  open_count: number;
  latest_status: OrderTicket["status"] | null;
  latest_ticket: number | null;
  url: string | null;
}

export function supportSummary(
  tickets: OrderTicket[],
  ticketUrl: (number: number) => string,
): SupportSummary {
  const latest = [...tickets].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
  return {
    ticket_count: tickets.length,
    open_count: tickets.filter((t) => t.status === "open" || t.status === "pending").length,
    latest_status: latest?.status ?? null,
    latest_ticket: latest?.number ?? null,
    url: latest ? ticketUrl(latest.number) : null,
  };
}

export interface SupportPlan {
  addTags: string[];
  removeTags: string[];
  /** The metafield's new JSON value, or null when it already holds this summary. */
  metafield: string | null;
}

/**
 * The changes that bring the order's tags and metafield in line with its
 * tickets. Only the two app tags are ever touched; the merchant's others
 * stay. An order with no tickets loses both tags.
 */
export function planSupportState(
  current: { tags: string[]; metafield: string | null },
  summary: SupportSummary,
  choices: OrderSyncChoices,
): SupportPlan {
  const plan: SupportPlan = { addTags: [], removeTags: [], metafield: null };
  if (choices.writeTags) {
    const has = new Set(current.tags.map((t) => t.toLowerCase()));
    const want =
      summary.open_count > 0 ? choices.openTag : summary.ticket_count > 0 ? choices.resolvedTag : null;
    for (const tag of [choices.openTag, choices.resolvedTag]) {
      const present = has.has(tag.toLowerCase());
      if (tag === want && !present) plan.addTags.push(tag);
      if (tag !== want && present) plan.removeTags.push(tag);
    }
  }
  if (choices.writeMetafield && !sameSummary(current.metafield, summary)) {
    plan.metafield = JSON.stringify(summary);
  }
  return plan;
}

function sameSummary(value: string | null, summary: SupportSummary): boolean {
  if (!value) return false;
  try {
    const held = JSON.parse(value) as Record<string, unknown>;
    return (Object.keys(summary) as (keyof SupportSummary)[]).every((k) => held[k] === summary[k]);
  } catch {
    return false;
  }
}

export function isEmptyPlan(plan: SupportPlan): boolean {
  return plan.addTags.length === 0 && plan.removeTags.length === 0 && plan.metafield === null;
}

/** Where the ticket opens in Shopify admin: the app's page inside admin, for the store. */
export function adminTicketUrl(shop: string, apiKey: string, ticketNumber: number): string {
  const store = shop.replace(/\.myshopify\.com$/, "");
  return `https://admin.shopify.com/store/${store}/apps/${apiKey}/app/tickets/${ticketNumber}`;
}
