/** @jsxImportSource preact */
// @vitest-environment happy-dom
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CreateSupportTicket } from "./ActionExtension";

/** The action as admin would show it: a stubbed `shopify` global for the order and a stubbed backend. */
let root: HTMLElement;
let close: ReturnType<typeof vi.fn>;
let backend: ReturnType<typeof vi.fn>;

beforeEach(() => {
  close = vi.fn();
  backend = vi.fn();
  vi.stubGlobal("shopify", { data: { selected: [{ id: "gid://shopify/Order/450789469" }] }, close });
  vi.stubGlobal("fetch", backend);
  root = document.createElement("div");
  document.body.append(root);
  render(<CreateSupportTicket />, root);
});

afterEach(() => {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
});

const $ = (selector: string) => root.querySelector(selector) as HTMLElement & { value?: string };

async function until(check: () => boolean) {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((r) => setTimeout(r, 0));
  expect(check()).toBe(true);
}

async function type(selector: string, value: string, event = "input") {
  const field = $(selector);
  field.value = value;
  field.dispatchEvent(new Event(event));
  await new Promise((r) => setTimeout(r, 0));
}

const submit = () => $('s-button[slot="primary-action"]').click();

describe("Create support ticket", () => {
  it("shows the form with every priority, normal chosen", () => {
    expect($("s-admin-action").getAttribute("heading")).toBe("Create support ticket");
    expect($('s-text-field[name="subject"]').getAttribute("label")).toBe("Subject");
    expect($('s-text-area[name="body"]').getAttribute("label")).toBe("First message");
    expect($('s-select[name="priority"]').getAttribute("value")).toBe("normal");
    const options = [...root.querySelectorAll("s-option")].map((o) => [
      o.getAttribute("value"),
      o.textContent,
    ]);
    expect(options).toEqual([
      ["low", "Low"],
      ["normal", "Normal"],
      ["high", "High"],
      ["urgent", "Urgent"],
    ]);
  });

  it("flags missing fields without calling the backend", async () => {
    submit();
    await until(() => $('s-text-field[name="subject"]').getAttribute("error") !== null);
    expect($('s-text-field[name="subject"]').getAttribute("error")).toBe("Give the ticket a subject");
    expect($('s-text-area[name="body"]').getAttribute("error")).toBe("Write the first message");
    expect(backend).not.toHaveBeenCalled();
  });

  it("shows the backend's field errors", async () => {
    backend.mockResolvedValue(
      Response.json({ errors: { subject: "Subjects are at most 250 characters" } }, { status: 422 }),
    );
    await type('s-text-field[name="subject"]', "Broken");
    await type('s-text-area[name="body"]', "It arrived broken.");
    submit();
    await until(() => $('s-text-field[name="subject"]').getAttribute("error") !== null);
    expect($('s-text-field[name="subject"]').getAttribute("error")).toBe(
      "Subjects are at most 250 characters",
    );
    expect($('s-text-area[name="body"]').getAttribute("error")).toBeNull();
  });

  it("posts the form, then shows the new ticket with its link, and closes on Done", async () => {
    backend.mockResolvedValue(
      Response.json(
        {
          ticket: {
            number: 57,
            subject: "Broken",
            status: "open",
            priority: "high",
            updatedAt: new Date().toISOString(),
          },
        },
        { status: 201 },
      ),
    );
    await type('s-text-field[name="subject"]', "Broken");
    await type('s-text-area[name="body"]', "It arrived broken.");
    await type('s-select[name="priority"]', "high", "change");
    submit();
    await until(() => $("s-banner") !== null);

    expect(backend).toHaveBeenCalledTimes(1);
    const [url, init] = backend.mock.calls[0] as [string, RequestInit];
    expect(url).toBe("/api/admin/orders/450789469/tickets");
    expect(JSON.parse(String(init.body))).toEqual({
      subject: "Broken",
      body: "It arrived broken.",
      priority: "high",
    });

    expect($("s-banner").getAttribute("tone")).toBe("success");
    expect($("s-banner").getAttribute("heading")).toBe("Ticket #57 created");
    expect($("s-link").getAttribute("href")).toBe("app:app/tickets/57");
    expect($("s-link").textContent).toBe("Open ticket #57 in Counterdesk");
    expect(close).not.toHaveBeenCalled();
    $('s-button[slot="primary-action"]').click();
    expect(close).toHaveBeenCalledTimes(1);
  });

  it("keeps the form and says why when the backend fails", async () => {
    backend.mockRejectedValue(new TypeError("Failed to fetch"));
    await type('s-text-field[name="subject"]', "Broken");
    await type('s-text-area[name="body"]', "It arrived broken.");
    submit();
    await until(() => $("s-banner") !== null);
    expect($("s-banner").getAttribute("tone")).toBe("critical");
    expect($("s-banner").textContent).toMatch(/could not be reached/);
    expect($('s-text-field[name="subject"]').value).toBe("Broken");
  });
});
