import { describe, expect, it, vi } from "vitest";
import { listOutcome, loadOrderTickets } from "./ticket-list";

const ticket = {
  number: 4,
  subject: "Where is it?",
  status: "pending",
  priority: "normal",
  updatedAt: "2026-03-10T12:00:00Z",
};

describe("the order's ticket list", () => {
  it("reads the list, and refuses a malformed one", () => {
    expect(listOutcome(200, { order: { name: "#1001" }, tickets: [ticket] })).toEqual({
      kind: "loaded",
      tickets: [ticket],
    });
    expect(listOutcome(200, { tickets: [] })).toEqual({ kind: "loaded", tickets: [] });
    expect(listOutcome(200, { tickets: [{ ...ticket, number: null }] })).toMatchObject({ kind: "failed" });
    expect(listOutcome(404, { error: "Order not found" })).toEqual({
      kind: "failed",
      message: "Counterdesk does not know this order yet.",
    });
  });

  it("fetches the order's path and turns a network failure into a message", async () => {
    const ok = vi.fn(async () => Response.json({ tickets: [ticket] }));
    expect(await loadOrderTickets("gid://shopify/Order/99", ok)).toEqual({
      kind: "loaded",
      tickets: [ticket],
    });
    expect(ok).toHaveBeenCalledWith("/api/admin/orders/99/tickets");

    const down = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(await loadOrderTickets("gid://shopify/Order/99", down)).toMatchObject({
      kind: "failed",
      message: expect.stringMatching(/could not be reached/),
    });
    expect(await loadOrderTickets(undefined, ok)).toMatchObject({ kind: "failed" });
    expect(ok).toHaveBeenCalledTimes(1);
  });
});
