/** Global ids, numeric ids and timestamps in the shapes Shopify uses. */

export function gid(type: string, id: string): string {
  return `gid://shopify/${type}/${id}`;
}

/** Splits `gid://shopify/Order/123` into its type and numeric id, or null when it is not a GID. */
export function parseGid(value: string): { type: string; id: string } | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  return match ? { type: match[1], id: match[2] } : null;
}

/**
 * Accepts either a GID of the expected type or a bare numeric id (operators and
 * tests pass either); returns the numeric id, or null when it is neither.
 */
export function toNumericId(value: string, type: string): string | null {
  if (/^\d+$/.test(value)) return value;
  const parsed = parseGid(value);
  return parsed && parsed.type === type ? parsed.id : null;
}

/** Shopify's GraphQL DateTime format: ISO 8601 in UTC with second precision. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function compareNumericIds(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}
