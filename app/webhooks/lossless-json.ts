/**
 * JSON.parse that keeps integers above 2^53 exact by returning them as
 * strings. Shopify's REST-style payloads carry numeric ids of 13-19 digits
 * (`order_id` on a refund, say); JavaScript numbers would silently round them.
 */
export function parseLosslessJson(text: string): unknown {
  return JSON.parse(text, (_key, value, context?: { source?: string }) => {
    if (
      typeof value === "number" &&
      !Number.isSafeInteger(value) &&
      context?.source &&
      /^-?\d+$/.test(context.source)
    ) {
      return context.source;
    }
    return value;
  });
}

/** A Shopify GID from a numeric id (number or exact string) and a resource type. */
export function toGid(resource: string, id: string | number): string {
  return `gid://shopify/${resource}/${String(id)}`;
}
