import fs from "node:fs";
import path from "node:path";
import { NoDeprecatedCustomRule, parse, specifiedRules, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema } from "./schema";

/**
 * Every GraphQL document the app sends lives in app/shopify/documents and is
 * validated here against Shopify's real Admin schema, so a misspelt or
 * removed field fails CI instead of a merchant's request.
 */
const rules = [...specifiedRules, NoDeprecatedCustomRule];

function errorsOf(document: string): string[] {
  return validate(adminSchema(), parse(document), rules).map((e) => e.message);
}

async function collectDocuments(): Promise<[string, string][]> {
  const dir = path.resolve("app", "shopify", "documents");
  const found: [string, string][] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
    const module: Record<string, unknown> = await import(path.join(dir, file));
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === "string" && /^\s*(query|mutation)\b/.test(value))
        found.push([`${file}:${name}`, value]);
    }
  }
  return found;
}

describe("Admin GraphQL documents", async () => {
  const documents = await collectDocuments();

  it("finds the app's documents", () => {
    expect(documents.length).toBeGreaterThan(0);
  });

  it.each(documents)("%s is valid against the Admin schema, without deprecated fields", (_name, document) => {
    expect(errorsOf(document)).toEqual([]);
  });

  it("rejects a field the schema does not have", () => {
    expect(errorsOf("query { shop { name nonexistentField } }")).toEqual([
      expect.stringContaining('Cannot query field "nonexistentField" on type "Shop"'),
    ]);
  });

  it("rejects a deprecated field", () => {
    expect(errorsOf("query { shop { plan { displayName } } }")).toEqual([
      expect.stringContaining("ShopPlan.displayName is deprecated"),
    ]);
  });
});

describe("Admin GraphQL document costs", async () => {
  const documents = await collectDocuments();
  // Shopify's cost rules as the dev-store simulator implements them.
  const { requestedQueryCost } = await import("../../simulator/graphql/query-cost");

  it.each(documents)("%s stays under Shopify's 1000-point limit for a single query", (_name, document) => {
    expect(requestedQueryCost(adminSchema(), parse(document), null, {})).toBeLessThanOrEqual(1000);
  });
});
