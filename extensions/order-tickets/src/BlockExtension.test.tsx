/** @jsxImportSource preact */
// @vitest-environment happy-dom
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CREATE_ACTION, OrderTickets } from "./BlockExtension";

/** The block as admin would show it: a stubbed `shopify` global for the order and a stubbed backend. */
let root: HTMLElement;
let navigate: ReturnType<typeof vi.fn>;
let backend: ReturnType<typeof vi.fn>;

beforeEach(() => {
  navigate = vi.fn();
  backend = vi.fn();
  vi.stubGlobal("shopify", {
    data: { selected: [{ id: "gid://shopify/Order/450789469" }] },
    navigation: { navigate },
  });
  vi.stubGlobal("fetch", backend);
  root = document.createElement("div");
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
});

const $ = (selector: string) => root.querySelector(selector) as HTMLElement;

async function until(check: () => boolean) {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((r) => setTimeout(r, 0));
  expect(check()).toBe(true);
}

const ticket = (number: number, status: string, subject: string) => ({
  number,
  subject,
  status,
  priority: "normal",
  updatedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
});

describe("Support tickets block", () => {
  it("lists the order's tickets with a status badge, recency and a link into the app", async () => {
    backend.mockResolvedValue(
      Response.json({
        order: { name: "#1001" },
        tickets: [ticket(12, "pending", "Wrong size"), ticket(9, "resolved", "Late")],
      }),
    );
    render(<OrderTickets />, root);
    expect($("s-spinner")).not.toBeNull();
    await until(() => root.querySelectorAll("s-link").length === 2);

    expect(backend).toHaveBeenCalledWith("/api/admin/orders/450789469/tickets");
    const rows = [...root.querySelectorAll("s-link")].map((link) => ({
      href: link.getAttribute("href"),
      text: link.textContent,
      badge: link.parentElement?.querySelector("s-badge")?.textContent,
      tone: link.parentElement?.querySelector("s-badge")?.getAttribute("tone"),
      updated: link.parentElement?.querySelector("s-text")?.textContent,
    }));
    expect(rows).toEqual([
      {
        href: "app:app/tickets/12",
        text: "#12 Wrong size",
        badge: "Pending",
        tone: "caution",
        updated: "Updated 5 min ago",
      },
      {
        href: "app:app/tickets/9",
        text: "#9 Late",
        badge: "Resolved",
        tone: "success",
        updated: "Updated 5 min ago",
      },
    ]);
    expect($("s-admin-block").getAttribute("collapsedSummary")).toBe("2 tickets");
    expect($("s-spinner")).toBeNull();
  });

  it("says when the order has no tickets and offers the action", async () => {
    backend.mockResolvedValue(Response.json({ order: { name: "#1001" }, tickets: [] }));
    render(<OrderTickets />, root);
    await until(() => $("s-paragraph") !== null);
    expect($("s-paragraph").textContent).toBe("No support tickets for this order yet.");
    $("s-button").click();
    expect(navigate).toHaveBeenCalledWith(CREATE_ACTION);
  });

  it("shows an error with a retry that loads again", async () => {
    backend
      .mockResolvedValueOnce(new Response("upstream down", { status: 502 }))
      .mockResolvedValueOnce(Response.json({ tickets: [ticket(3, "open", "Refund")] }));
    render(<OrderTickets />, root);
    await until(() => $("s-banner") !== null);
    expect($("s-banner").getAttribute("tone")).toBe("critical");
    expect($("s-banner").textContent).toBe("Counterdesk could not be reached (status 502). Try again.");

    $("s-button").click();
    await until(() => $("s-link") !== null);
    expect($("s-banner")).toBeNull();
    expect($("s-badge").getAttribute("tone")).toBe("info");
    expect(backend).toHaveBeenCalledTimes(2);
  });
});
