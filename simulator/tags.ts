/** Tag rules shared by GraphQL mutations and merchant actions. */

export const MAX_TAG_LENGTH = 255;
export const MAX_TAGS = 250;

/**
 * Shopify splits comma-separated input, trims whitespace, drops blanks and
 * treats tags case-insensitively (the first spelling wins).
 */
export function normalizeTags(input: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of input.flatMap((t) => t.split(","))) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

export function addTags(existing: string[], added: string[]): string[] {
  return normalizeTags([...existing, ...added]);
}

export function removeTags(existing: string[], removed: string[]): string[] {
  const drop = new Set(normalizeTags(removed).map((t) => t.toLowerCase()));
  return existing.filter((t) => !drop.has(t.toLowerCase()));
}

/** A message for the first rule the tags break, or null. */
export function tagProblem(tags: string[]): string | null {
  if (tags.length > MAX_TAGS) return `Tags cannot exceed ${MAX_TAGS} entries.`;
  const long = tags.find((t) => t.length > MAX_TAG_LENGTH);
  return long ? `Tag "${long.slice(0, 20)}..." is too long (maximum is ${MAX_TAG_LENGTH} characters).` : null;
}

export function sameTags(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}
