/**
 * What both order-page extensions know about the app's tickets. Kept free of
 * the app's modules (and of zod): everything imported here is bundled into
 * admin, where an extension's script must stay small. A test keeps these
 * lists equal to the app's.
 */
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_LABELS: Record<Priority, string> = {
  low: "Low",
  normal: "Normal",
  high: "High",
  urgent: "Urgent",
};

export const STATUSES = ["open", "pending", "resolved", "closed"] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  open: "Open",
  pending: "Pending",
  resolved: "Resolved",
  closed: "Closed",
};

export type BadgeTone = "info" | "caution" | "success" | "neutral";

/** Open asks for work, pending waits on the customer, resolved and closed are done. */
export function statusTone(status: string): BadgeTone {
  switch (status) {
    case "open":
      return "info";
    case "pending":
      return "caution";
    case "resolved":
      return "success";
    default:
      return "neutral";
  }
}

export function statusLabel(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? status;
}

/**
 * The backend path for an order's tickets. Relative, so admin resolves it
 * against the app's URL and adds the session token; the order travels as the
 * numeric part of its GID.
 */
export function orderTicketsPath(orderGid: string | undefined): string | null {
  const match = /^gid:\/\/shopify\/Order\/(\d+)$/.exec(orderGid ?? "");
  return match ? `/api/admin/orders/${match[1]}/tickets` : null;
}

/** Opens the ticket's page inside the embedded app (`app:` resolves against the app's URL). */
export function ticketHref(number: number): string {
  return `app:app/tickets/${number}`;
}

export interface TicketSummary {
  number: number;
  subject: string;
  status: string;
  priority: string;
  updatedAt: string;
}

export function isTicketSummary(value: unknown): value is TicketSummary {
  if (!value || typeof value !== "object") return false;
  const t = value as Record<string, unknown>;
  return (
    Number.isInteger(t.number) &&
    typeof t.subject === "string" &&
    typeof t.status === "string" &&
    typeof t.priority === "string" &&
    typeof t.updatedAt === "string" &&
    !Number.isNaN(Date.parse(t.updatedAt))
  );
}

/** The backend's own words for a failure when it sent some, else a generic line with the status. */
export function failureMessage(status: number, body: unknown): string {
  const error = body && typeof body === "object" ? (body as { error?: unknown }).error : undefined;
  if (typeof error === "string" && error) return error;
  if (status === 401) return "Your session has expired. Reload the page and try again.";
  return `Counterdesk could not be reached (status ${status}). Try again.`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** "just now", "5 min ago", "3 h ago", then the date: an agent glancing at the order page wants recency. */
export function formatUpdated(iso: string, now: Date = new Date(), locale?: string): string {
  const at = new Date(iso);
  const elapsed = now.getTime() - at.getTime();
  if (elapsed < MINUTE) return "just now";
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < 24 * HOUR) return `${Math.floor(elapsed / HOUR)} h ago`;
  const sameYear = at.getFullYear() === now.getFullYear();
  return at.toLocaleDateString(locale, {
    day: "numeric",
    month: "short",
    ...(sameYear ? {} : { year: "numeric" }),
  });
}
