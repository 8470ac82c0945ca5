import { describe, expect, it } from "vitest";
import { createOutcome, createTicketRequest, EMPTY_FORM, validateTicketForm } from "./ticket-form";

const ORDER = "gid://shopify/Order/820982911946154500";
const filled = { subject: " Damaged parcel ", body: " The box was crushed. ", priority: "urgent" as const };

describe("the ticket form", () => {
  it("flags what the backend would refuse, with the backend's words", () => {
    expect(validateTicketForm(EMPTY_FORM)).toEqual({
      subject: "Give the ticket a subject",
      body: "Write the first message",
    });
    expect(validateTicketForm({ ...filled, subject: "x".repeat(251) })).toEqual({
      subject: "Subjects are at most 250 characters",
    });
    expect(validateTicketForm({ ...filled, priority: "soon" as never })).toEqual({
      priority: "Choose a priority",
    });
    expect(validateTicketForm(filled)).toEqual({});
  });

  it("posts trimmed JSON to the order's tickets", () => {
    const request = createTicketRequest(ORDER, filled);
    expect(request?.url).toBe("/api/admin/orders/820982911946154500/tickets");
    expect(request?.init.method).toBe("POST");
    expect(request?.init.headers).toEqual({ "Content-Type": "application/json" });
    expect(JSON.parse(String(request?.init.body))).toEqual({
      subject: "Damaged parcel",
      body: "The box was crushed.",
      priority: "urgent",
    });
    expect(createTicketRequest("gid://shopify/Product/1", filled)).toBeNull();
  });

  it("reads the backend's answers", () => {
    const ticket = {
      number: 7,
      subject: "Damaged parcel",
      status: "open",
      priority: "urgent",
      updatedAt: "2026-03-10T12:00:00Z",
    };
    expect(createOutcome(201, { ticket })).toEqual({ kind: "created", ticket });
    expect(createOutcome(422, { errors: { subject: "Give the ticket a subject", other: 1 } })).toEqual({
      kind: "invalid",
      errors: { subject: "Give the ticket a subject" },
    });
    expect(createOutcome(404, { error: "Order not found" })).toMatchObject({ kind: "failed" });
    expect(createOutcome(400, { error: "Send the ticket as a JSON object" })).toEqual({
      kind: "failed",
      message: "Send the ticket as a JSON object",
    });
    expect(createOutcome(201, { ticket: { number: 7 } })).toMatchObject({ kind: "failed" });
    expect(createOutcome(500, null)).toEqual({
      kind: "failed",
      message: "Counterdesk could not be reached (status 500). Try again.",
    });
  });
});
