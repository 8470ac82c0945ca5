/**
 * The default field resolver for every type. graphql-js's own default
 * returns undefined (so null) for a property that is missing; here a missing
 * property is an error, so the app can never mistake "the simulator does not
 * model this field" for "Shopify says this is empty".
 */
import type { GraphQLFieldResolver } from "graphql";
import { notImplemented } from "./context";

export const strictFieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  if (source !== null && typeof source === "object" && Object.hasOwn(source, info.fieldName)) {
    const value = (source as Record<string, unknown>)[info.fieldName];
    return typeof value === "function" ? value.call(source, args, context, info) : value;
  }
  throw notImplemented(`${info.parentType.name}.${info.fieldName}`);
};
