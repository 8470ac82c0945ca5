import fs from "node:fs";
import path from "node:path";
import { buildSchema, type GraphQLSchema } from "graphql";
import { ADMIN_API_VERSION } from "./api-version";

/** Path of the vendored Admin schema for the app's API version. */
export const ADMIN_SCHEMA_PATH = path.resolve(
  "vendor",
  "shopify",
  `admin-${ADMIN_API_VERSION}.schema.graphql`,
);

let schema: GraphQLSchema | undefined;

/** Shopify's Admin GraphQL schema, built once per process (it is 3 MB). */
export function adminSchema(): GraphQLSchema {
  schema ??= buildSchema(fs.readFileSync(ADMIN_SCHEMA_PATH, "utf8"));
  return schema;
}
