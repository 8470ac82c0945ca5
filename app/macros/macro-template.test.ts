import { describe, expect, it } from "vitest";
import { missingVariableMessage, renderMacro, unknownMacroVariables, variablesIn } from "./macro-template";

describe("macro templates", () => {
  it("fills known variables, tolerating spaces inside the braces", () => {
    const rendered = renderMacro(
      "Hi {{customer.first_name}}, order {{ order.name }} is {{order.fulfillment_status}}.",
      {
        "customer.first_name": "Jane",
        "order.name": "#1001",
        "order.fulfillment_status": "fulfilled",
      },
    );
    expect(rendered).toEqual({ text: "Hi Jane, order #1001 is fulfilled.", missing: [] });
  });

  it("reports variables without a value and leaves a readable placeholder", () => {
    const rendered = renderMacro("Track it here: {{order.tracking_url}} ({{order.tracking_url}})", {
      "order.tracking_url": null,
    });
    expect(rendered.missing).toEqual(["order.tracking_url"]);
    expect(rendered.text).toBe(
      "Track it here: [tracking link of the latest shipment] ([tracking link of the latest shipment])",
    );
  });

  it("leaves unknown names alone and lists them for the settings form", () => {
    expect(renderMacro("{{order.colour}}", {}).text).toBe("{{order.colour}}");
    expect(unknownMacroVariables("{{order.name}} {{order.colour}} {{ nope }}")).toEqual([
      "order.colour",
      "nope",
    ]);
    expect(variablesIn("{{a}} {{a}} {{b}}")).toEqual(["a", "b"]);
  });

  it("explains a missing value in the agent's terms", () => {
    expect(missingVariableMessage("order.name", { hasOrder: false })).toMatch(/link one to this ticket/);
    expect(missingVariableMessage("order.tracking_url", { hasOrder: true })).toMatch(
      /no shipment with tracking/,
    );
    expect(missingVariableMessage("customer.first_name", { hasOrder: true })).toMatch(/no first name/);
  });
});
