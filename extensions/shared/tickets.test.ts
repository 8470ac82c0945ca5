import { describe, expect, it } from "vitest";
import * as app from "../../app/tickets/inbox-filters";
import {
  failureMessage,
  formatUpdated,
  isTicketSummary,
  orderTicketsPath,
  PRIORITIES,
  STATUSES,
  statusLabel,
  statusTone,
  ticketHref,
} from "./tickets";

describe("shared ticket helpers", () => {
  it("know the same priorities and statuses as the app", () => {
    expect(PRIORITIES).toEqual(app.PRIORITIES);
    expect(STATUSES).toEqual(app.STATUSES);
  });

  it("map each status to a badge tone and a label", () => {
    expect(STATUSES.map(statusTone)).toEqual(["info", "caution", "success", "neutral"]);
    expect(STATUSES.map(statusLabel)).toEqual(["Open", "Pending", "Resolved", "Closed"]);
    expect(statusTone("archived")).toBe("neutral");
    expect(statusLabel("archived")).toBe("archived");
  });

  it("build the backend path from an order GID only", () => {
    expect(orderTicketsPath("gid://shopify/Order/5512345")).toBe("/api/admin/orders/5512345/tickets");
    expect(orderTicketsPath("gid://shopify/Customer/5512345")).toBeNull();
    expect(orderTicketsPath("gid://shopify/Order/12/../../x")).toBeNull();
    expect(orderTicketsPath(undefined)).toBeNull();
    expect(ticketHref(42)).toBe("app:app/tickets/42");
  });

  it("accept only well-formed ticket summaries", () => {
    const ok = {
      number: 3,
      subject: "Late",
      status: "open",
      priority: "high",
      updatedAt: "2026-03-01T10:00:00Z",
    };
    expect(isTicketSummary(ok)).toBe(true);
    expect(isTicketSummary({ ...ok, number: "3" })).toBe(false);
    expect(isTicketSummary({ ...ok, updatedAt: "yesterday" })).toBe(false);
    expect(isTicketSummary(null)).toBe(false);
  });

  it("say what failed", () => {
    expect(failureMessage(403, { error: "Only a signed-in staff member can open tickets" })).toBe(
      "Only a signed-in staff member can open tickets",
    );
    expect(failureMessage(401, null)).toMatch(/session has expired/);
    expect(failureMessage(502, "<html>")).toBe("Counterdesk could not be reached (status 502). Try again.");
  });

  it("format recent updates relatively and older ones as a date", () => {
    const now = new Date("2026-03-10T12:00:00Z");
    expect(formatUpdated("2026-03-10T11:59:30Z", now)).toBe("just now");
    expect(formatUpdated("2026-03-10T11:15:00Z", now)).toBe("45 min ago");
    expect(formatUpdated("2026-03-10T02:00:00Z", now)).toBe("10 h ago");
    expect(formatUpdated("2026-03-01T12:00:00Z", now, "en-GB")).toBe("1 Mar");
    expect(formatUpdated("2025-12-24T12:00:00Z", now, "en-GB")).toBe("24 Dec 2025");
  });
});
