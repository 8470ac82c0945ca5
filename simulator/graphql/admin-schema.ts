/**
 * The real Admin API schema (vendored SDL). Building it takes about a second,
 * so it is built once per process and shared by every simulator instance.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildSchema, type GraphQLSchema } from "graphql";

const SCHEMA_PATH = fileURLToPath(
  new URL("../../vendor/shopify/admin-2026-01.schema.graphql", import.meta.url),
);

let cached: GraphQLSchema | null = null;

export function adminSchema(): GraphQLSchema {
  // assumeValidSDL: the file is Shopify's own introspection output.
  cached ??= buildSchema(readFileSync(SCHEMA_PATH, "utf8"), { assumeValidSDL: true });
  return cached;
}
