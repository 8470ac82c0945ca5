import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { uniqueShop } from "../../tests/support/shopify-requests";
import {
  DEFAULT_MACROS,
  deleteMacro,
  ensureDefaultMacros,
  listMacros,
  macrosForTicket,
  parseMacroForm,
  saveMacro,
} from "./macros.server";

const SHOP = uniqueShop("macros");
const OTHER = uniqueShop("macros-other");

function form(values: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
}

beforeAll(async () => {
  for (const domain of [SHOP, OTHER]) await prisma.shop.create({ data: { domain } });
});

describe("macros", () => {
  it("gives a new shop the starter macros once", async () => {
    await ensureDefaultMacros(SHOP);
    await ensureDefaultMacros(SHOP);
    expect((await listMacros(SHOP)).map((m) => m.name).sort()).toEqual(
      DEFAULT_MACROS.map((m) => m.name).sort(),
    );
  });

  it("validates the form: name and reply required, unknown variables named", () => {
    const empty = parseMacroForm(form({ name: " ", body: "" }));
    expect(empty).toMatchObject({
      ok: false,
      errors: { name: "Give the macro a name", body: expect.any(String) },
    });
    const unknown = parseMacroForm(form({ name: "x", body: "Hi {{customer.nickname}} {{order.name}}" }));
    expect(unknown).toMatchObject({
      ok: false,
      errors: { body: expect.stringContaining("{{customer.nickname}}") },
    });
    expect(parseMacroForm(form({ name: " Thanks ", body: "Thanks {{customer.first_name}}!" }))).toEqual({
      ok: true,
      macro: { name: "Thanks", body: "Thanks {{customer.first_name}}!" },
    });
  });

  it("refuses a second macro with the same name, and never touches another shop's macros", async () => {
    expect(await saveMacro(SHOP, null, { name: "Thanks", body: "Thanks!" })).toEqual({ ok: true });
    expect(await saveMacro(SHOP, null, { name: "Thanks", body: "Again" })).toEqual({
      ok: false,
      errors: { name: "Another macro already has this name" },
    });
    // The same name is fine in another shop.
    expect(await saveMacro(OTHER, null, { name: "Thanks", body: "Other shop" })).toEqual({ ok: true });
    const others = await listMacros(OTHER);
    expect(await saveMacro(SHOP, others[0].id, { name: "Hijack", body: "x" })).toBeNull();
    expect(await deleteMacro(SHOP, others[0].id)).toBe(false);
    expect((await listMacros(OTHER))[0].body).toBe("Other shop");
  });

  it("renders every macro for a ticket, saying which variables have no value and why", async () => {
    const ticket = {
      number: 7,
      customer: { name: "Jane Doe", email: "jane@example.com" },
      orders: [
        {
          name: "#1001",
          totalPrice: "20.00",
          totalRefunded: "0.00",
          currency: "EUR",
          financialStatus: "PAID",
          fulfillmentStatus: null,
          fulfillments: [],
        },
      ],
    } as unknown as Parameters<typeof macrosForTicket>[1];
    const macros = await macrosForTicket(SHOP, ticket, { agentName: "Sam Support", shopName: "Demo Store" });
    const where = macros.find((m) => m.name === "Where is my order")!;
    expect(where.text).toContain("Hi Jane,");
    expect(where.text).toContain("Your order #1001 is unfulfilled.");
    expect(where.text).toContain("Sam Support");
    expect(where.problems).toEqual([expect.stringContaining("no shipment with tracking")]);
    const refund = macros.find((m) => m.name === "Refund issued")!;
    expect(refund.problems).toEqual([expect.stringContaining("nothing has been refunded")]);

    const noOrder = await macrosForTicket(
      SHOP,
      { ...ticket, orders: [] },
      { agentName: null, shopName: null },
    );
    expect(noOrder.find((m) => m.name === "Cancellation confirmed")!.problems).toEqual([
      expect.stringContaining("link one to this ticket"),
      expect.stringContaining("{{agent.name}}"),
    ]);
  });
});
