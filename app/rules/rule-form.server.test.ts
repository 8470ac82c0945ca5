import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import {
  createRule,
  deleteRule,
  moveRule,
  parseRuleForm,
  setRuleEnabled,
  updateRule,
} from "./rule-form.server";

function form(fields: Record<string, string | undefined>): FormData {
  const valid: Record<string, string | undefined> = {
    name: "Big order",
    trigger: "order_created",
    subjectTemplate: "Big order {{order.name}} ({{order.total}})",
    priority: "high",
    tags: "VIP, big-order , vip,",
    assigneeName: "",
    enabled: "on",
  };
  const data = new FormData();
  for (const [key, value] of Object.entries({ ...valid, ...fields })) {
    if (value !== undefined) data.append(key, value);
  }
  return data;
}

function errorsOf(fields: Record<string, string | undefined>) {
  const result = parseRuleForm(form(fields));
  if (result.ok) throw new Error("expected the form to be rejected");
  return result.errors;
}

describe("parseRuleForm", () => {
  it("accepts a valid rule and normalises tags, conditions and the assignee", () => {
    const result = parseRuleForm(
      form({
        "conditions.0.type": "order_total_above",
        "conditions.0.amount": " 100.50 ",
        "conditions.1.type": "order_has_tag",
        "conditions.1.tag": " wholesale ",
        "conditions.2.type": "order_note_present",
      }),
    );
    expect(result).toMatchObject({
      ok: true,
      rule: {
        name: "Big order",
        trigger: "order_created",
        priority: "high",
        tags: ["vip", "big-order"],
        assigneeName: null,
        enabled: true,
        conditions: [
          { type: "order_total_above", amount: 100.5 },
          { type: "order_has_tag", tag: "wholesale" },
          { type: "order_note_present" },
        ],
      },
    });
  });

  it("reads a missing checkbox as disabled and keeps condition rows in posted order", () => {
    const result = parseRuleForm(
      form({
        enabled: undefined,
        "conditions.3.type": "customer_note_present",
        "conditions.1.type": "order_note_present",
      }),
    );
    expect(result.ok && result.rule.enabled).toBe(false);
    expect(result.ok && result.rule.conditions.map((c) => c.type)).toEqual([
      "order_note_present",
      "customer_note_present",
    ]);
  });

  it("requires a name of at most 80 characters", () => {
    expect(errorsOf({ name: "   " })).toEqual({ name: "Enter a name" });
    expect(errorsOf({ name: "x".repeat(81) })).toEqual({ name: "Keep the name to 80 characters or fewer" });
  });

  it("requires a known trigger and priority", () => {
    expect(errorsOf({ trigger: "order_exploded" })).toEqual({ trigger: "Choose when the rule runs" });
    expect(errorsOf({ priority: "whenever" })).toEqual({ priority: "Choose a priority" });
  });

  it("requires a subject of at most 200 characters", () => {
    expect(errorsOf({ subjectTemplate: "" })).toEqual({ subjectTemplate: "Enter a subject" });
    expect(errorsOf({ subjectTemplate: "x".repeat(201) })).toEqual({
      subjectTemplate: "Keep the subject to 200 characters or fewer",
    });
  });

  it("names unknown template variables", () => {
    expect(errorsOf({ subjectTemplate: "{{order.nme}} for {{ customer.phone }} {{order.nme}}" })).toEqual({
      subjectTemplate: "Unknown variables: {{order.nme}}, {{customer.phone}}",
    });
    expect(errorsOf({ subjectTemplate: "Hi {{shop}}" })).toEqual({
      subjectTemplate: "Unknown variable: {{shop}}",
    });
  });

  it("allows at most 10 conditions", () => {
    const rows = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`conditions.${i}.type`, "order_note_present"]),
    );
    expect(errorsOf(rows)).toEqual({ conditions: "Use at most 10 conditions" });
  });

  it("puts condition errors on the row's field", () => {
    expect(
      errorsOf({
        "conditions.0.type": "order_has_tag",
        "conditions.0.tag": "  ",
        "conditions.1.type": "order_total_above",
        "conditions.1.amount": "",
        "conditions.2.type": "order_total_above",
        "conditions.2.amount": "-5",
        "conditions.3.type": "order_total_above",
        "conditions.3.amount": "lots",
        "conditions.4.type": "moon_phase",
      }),
    ).toEqual({
      "conditions.0.tag": "Enter a tag",
      "conditions.1.amount": "Enter an amount",
      "conditions.2.amount": "Enter an amount of 0 or more",
      "conditions.3.amount": "Enter an amount",
      "conditions.4.type": "Choose a condition",
    });
  });

  it("allows at most 20 tags of at most 40 characters, counted after removing duplicates", () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `t${i}`);
    expect(parseRuleForm(form({ tags: [...twenty, "T0", " t1 "].join(",") })).ok).toBe(true);
    expect(errorsOf({ tags: [...twenty, "t20"].join(",") })).toEqual({ tags: "Use at most 20 tags" });
    expect(errorsOf({ tags: "x".repeat(41) })).toEqual({ tags: "Keep each tag to 40 characters or fewer" });
  });

  it("echoes what was typed, untrimmed, with the errors", () => {
    const result = parseRuleForm(
      form({
        name: "",
        tags: " A, b ",
        "conditions.0.type": "order_total_above",
        "conditions.0.amount": "1,5",
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.values).toEqual({
      name: "",
      trigger: "order_created",
      conditions: [{ type: "order_total_above", tag: "", amount: "1,5" }],
      subjectTemplate: "Big order {{order.name}} ({{order.total}})",
      priority: "high",
      tags: " A, b ",
      assigneeName: "",
      enabled: true,
    });
  });
});

describe("rule writes", () => {
  const SHOP = "rule-form-a.myshopify.com";
  const OTHER = "rule-form-b.myshopify.com";

  beforeAll(async () => {
    await prisma.shop.deleteMany({ where: { domain: { in: [SHOP, OTHER] } } });
    await prisma.shop.createMany({ data: [{ domain: SHOP }, { domain: OTHER }] });
  });

  afterAll(async () => {
    await prisma.shop.deleteMany({ where: { domain: { in: [SHOP, OTHER] } } });
  });

  function input(name: string) {
    const result = parseRuleForm(form({ name }));
    if (!result.ok) throw new Error("invalid fixture");
    return result.rule;
  }

  const names = async (shop: string) =>
    (await prisma.ticketRule.findMany({ where: { shopDomain: shop }, orderBy: { position: "asc" } })).map(
      (r) => r.name,
    );

  it("adds rules last and moves them, rewriting positions without gaps", async () => {
    const a = await createRule(SHOP, input("A"));
    await createRule(SHOP, input("B"));
    const c = await createRule(SHOP, input("C"));
    expect(await names(SHOP)).toEqual(["A", "B", "C"]);

    // Leave a gap and a tie behind, as older data might.
    await prisma.ticketRule.update({ where: { id: c.id }, data: { position: 7 } });
    expect(await moveRule(SHOP, c.id, "up")).toBe(true);
    expect(await names(SHOP)).toEqual(["A", "C", "B"]);
    const positions = await prisma.ticketRule.findMany({
      where: { shopDomain: SHOP },
      select: { position: true },
    });
    expect(positions.map((p) => p.position).sort()).toEqual([0, 1, 2]);

    expect(await moveRule(SHOP, a.id, "up")).toBe(true); // already first: nothing to do
    expect(await names(SHOP)).toEqual(["A", "C", "B"]);
  });

  it("never touches another shop's rule", async () => {
    const theirs = await createRule(OTHER, input("Theirs"));
    expect(await updateRule(SHOP, theirs.id, input("Mine now"))).toBe(false);
    expect(await setRuleEnabled(SHOP, theirs.id, false)).toBe(false);
    expect(await moveRule(SHOP, theirs.id, "down")).toBe(false);
    expect(await deleteRule(SHOP, theirs.id)).toBe(false);
    expect(await prisma.ticketRule.findUnique({ where: { id: theirs.id } })).toMatchObject({
      name: "Theirs",
      enabled: true,
      position: 0,
    });
  });

  it("forgets the assignee's staff id when the assignee's name changes", async () => {
    const rule = await createRule(SHOP, { ...input("Assigned"), assigneeName: "Sam Support" });
    await prisma.ticketRule.update({ where: { id: rule.id }, data: { assigneeId: "1002" } });
    await updateRule(SHOP, rule.id, { ...input("Assigned, renamed"), assigneeName: "Sam Support" });
    expect((await prisma.ticketRule.findUnique({ where: { id: rule.id } }))?.assigneeId).toBe("1002");
    await updateRule(SHOP, rule.id, { ...input("Assigned"), assigneeName: "Alex Partner" });
    expect(await prisma.ticketRule.findUnique({ where: { id: rule.id } })).toMatchObject({
      assigneeId: null,
      assigneeName: "Alex Partner",
    });
  });
});
