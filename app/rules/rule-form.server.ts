import type { Prisma, TicketPriority, TicketRule } from "@prisma/client";
import { z } from "zod";
import prisma from "~/db.server";
import { type Condition, conditionSchema, conditionsSchema, TRIGGERS } from "./conditions";
import { unknownVariables } from "./templates";

/**
 * The ticket-rule settings form: what the browser posts, how it is checked,
 * and the writes behind it. Every read and write is scoped to one shop, so a
 * rule id from another shop behaves exactly like an id that does not exist.
 */

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const satisfies readonly TicketPriority[];
export const MAX_CONDITIONS = 10;
export const MAX_TAGS = 20;

/** The form as typed, strings throughout, so it can be shown again unchanged after an error. */
export interface RuleFormValues {
  name: string;
  trigger: string;
  conditions: { type: string; tag: string; amount: string }[];
  subjectTemplate: string;
  priority: string;
  tags: string;
  assigneeName: string;
  enabled: boolean;
}

/** Field path (`name`, `conditions.2.amount`, …) to the first message for it. */
export type RuleFormErrors = Record<string, string>;

export type RuleFormResult =
  | { ok: true; rule: RuleInput; values: RuleFormValues }
  | { ok: false; errors: RuleFormErrors; values: RuleFormValues };

const tagsSchema = z
  .string()
  .transform((text) => [
    ...new Set(
      text
        .split(",")
        .map((tag) => tag.trim().toLowerCase())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(z.string().max(40, "Keep each tag to 40 characters or fewer"))
      .max(MAX_TAGS, `Use at most ${MAX_TAGS} tags`),
  );

const ruleSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80, "Keep the name to 80 characters or fewer"),
  trigger: z.enum(TRIGGERS, { error: "Choose when the rule runs" }),
  conditions: z.array(conditionSchema).max(MAX_CONDITIONS, `Use at most ${MAX_CONDITIONS} conditions`),
  subjectTemplate: z
    .string()
    .trim()
    .min(1, "Enter a subject")
    .max(200, "Keep the subject to 200 characters or fewer")
    .superRefine((template, ctx) => {
      const unknown = [...new Set(unknownVariables(template))];
      if (unknown.length === 0) return;
      const names = unknown.map((name) => `{{${name}}}`).join(", ");
      ctx.addIssue({
        code: "custom",
        message: `Unknown ${unknown.length === 1 ? "variable" : "variables"}: ${names}`,
      });
    }),
  priority: z.enum(PRIORITIES, { error: "Choose a priority" }),
  tags: tagsSchema,
  assigneeName: z
    .string()
    .trim()
    .max(80, "Keep the assignee's name to 80 characters or fewer")
    .transform((name) => name || null),
  enabled: z.boolean(),
});

export type RuleInput = z.infer<typeof ruleSchema>;

/** Reads the posted fields; condition rows arrive as `conditions.<row>.<field>`. */
export function readRuleForm(form: FormData): RuleFormValues {
  const text = (key: string) => {
    const value = form.get(key);
    return typeof value === "string" ? value : "";
  };
  const rows = new Map<number, { type: string; tag: string; amount: string }>();
  for (const key of form.keys()) {
    const match = /^conditions\.(\d+)\.type$/.exec(key);
    if (!match) continue;
    const row = Number(match[1]);
    const prefix = `conditions.${row}`;
    rows.set(row, {
      type: text(`${prefix}.type`),
      tag: text(`${prefix}.tag`),
      amount: text(`${prefix}.amount`),
    });
  }
  return {
    name: text("name"),
    trigger: text("trigger"),
    conditions: [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row),
    subjectTemplate: text("subjectTemplate"),
    priority: text("priority"),
    tags: text("tags"),
    assigneeName: text("assigneeName"),
    enabled: form.get("enabled") !== null,
  };
}

export function parseRuleForm(form: FormData): RuleFormResult {
  const values = readRuleForm(form);
  const parsed = ruleSchema.safeParse({
    ...values,
    conditions: values.conditions.map(({ type, tag, amount }) => ({
      type,
      tag,
      // An empty amount must fail, not coerce to 0.
      amount: amount.trim() === "" ? undefined : amount.trim(),
    })),
  });
  if (parsed.success) return { ok: true, rule: parsed.data, values };
  const errors: RuleFormErrors = {};
  for (const issue of parsed.error.issues) {
    // Tags are one text field, so a problem with one tag belongs to that field.
    const key = issue.path[0] === "tags" ? "tags" : issue.path.join(".");
    // A condition type we do not know fails the union; say so in words.
    const message = issue.code === "invalid_union" ? "Choose a condition" : issue.message;
    errors[key] ??= message;
  }
  return { ok: false, errors, values };
}

export function emptyRuleFormValues(): RuleFormValues {
  return {
    name: "",
    trigger: TRIGGERS[0],
    conditions: [],
    subjectTemplate: "New order {{order.name}}",
    priority: "normal",
    tags: "",
    assigneeName: "",
    enabled: true,
  };
}

/** Conditions as stored; a row that no longer parses is left out rather than breaking the page. */
export function storedConditions(json: Prisma.JsonValue): Condition[] {
  const parsed = conditionsSchema.safeParse(json);
  return parsed.success ? parsed.data : [];
}

export function ruleFormValues(rule: TicketRule): RuleFormValues {
  return {
    name: rule.name,
    trigger: rule.trigger,
    conditions: storedConditions(rule.conditions).map((condition) => ({
      type: condition.type,
      tag: condition.type === "order_has_tag" ? condition.tag : "",
      amount: condition.type === "order_total_above" ? String(condition.amount) : "",
    })),
    subjectTemplate: rule.subjectTemplate,
    priority: rule.priority,
    tags: rule.tags.join(", "),
    assigneeName: rule.assigneeName ?? "",
    enabled: rule.enabled,
  };
}

// Rules are tried in this order; ties (possible in older data) break the same way everywhere here.
const RULE_ORDER: Prisma.TicketRuleOrderByWithRelationInput[] = [
  { position: "asc" },
  { createdAt: "asc" },
  { id: "asc" },
];

export function listRulesInOrder(shop: string) {
  return prisma.ticketRule.findMany({ where: { shopDomain: shop }, orderBy: RULE_ORDER });
}

export function getRule(shop: string, id: string) {
  return prisma.ticketRule.findFirst({ where: { id, shopDomain: shop } });
}

function ruleData(rule: RuleInput) {
  return {
    name: rule.name,
    trigger: rule.trigger,
    conditions: rule.conditions as Prisma.InputJsonValue,
    subjectTemplate: rule.subjectTemplate,
    priority: rule.priority,
    tags: rule.tags,
    assigneeName: rule.assigneeName,
    enabled: rule.enabled,
  };
}

/** A new rule goes last: rules are tried in order, and the merchant's existing order stays. */
export function createRule(shop: string, rule: RuleInput) {
  return prisma.$transaction(async (tx) => {
    const last = await tx.ticketRule.aggregate({ where: { shopDomain: shop }, _max: { position: true } });
    return tx.ticketRule.create({
      data: { shopDomain: shop, ...ruleData(rule), position: (last._max.position ?? -1) + 1 },
    });
  });
}

/** False when the shop has no such rule. */
export function updateRule(shop: string, id: string, rule: RuleInput): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.ticketRule.findFirst({ where: { id, shopDomain: shop } });
    if (!existing) return false;
    // The form edits the assignee by name only; a stored staff id would name someone else.
    const assigneeId = existing.assigneeName === rule.assigneeName ? existing.assigneeId : null;
    await tx.ticketRule.updateMany({
      where: { id, shopDomain: shop },
      data: { ...ruleData(rule), assigneeId },
    });
    return true;
  });
}

export async function setRuleEnabled(shop: string, id: string, enabled: boolean): Promise<boolean> {
  const { count } = await prisma.ticketRule.updateMany({
    where: { id, shopDomain: shop },
    data: { enabled },
  });
  return count > 0;
}

export async function deleteRule(shop: string, id: string): Promise<boolean> {
  const { count } = await prisma.ticketRule.deleteMany({ where: { id, shopDomain: shop } });
  return count > 0;
}

/**
 * Swaps a rule with its neighbour. Positions are rewritten as 0..n-1 so gaps
 * or ties left by older data cannot make a move do nothing. False when the
 * shop has no such rule; moving the first rule up (or last down) is a no-op.
 */
export function moveRule(shop: string, id: string, direction: "up" | "down"): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const rules = await tx.ticketRule.findMany({
      where: { shopDomain: shop },
      orderBy: RULE_ORDER,
      select: { id: true, position: true },
    });
    const from = rules.findIndex((rule) => rule.id === id);
    if (from === -1) return false;
    const to = direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= rules.length) return true;
    [rules[from], rules[to]] = [rules[to], rules[from]];
    for (const [position, rule] of rules.entries()) {
      if (rule.position === position) continue;
      await tx.ticketRule.updateMany({ where: { id: rule.id, shopDomain: shop }, data: { position } });
    }
    return true;
  });
}
