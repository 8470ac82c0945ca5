/**
 * Shopify's search syntax for the `query:` argument: space-separated terms
 * (implicit AND), `OR`, `NOT`/`-` negation, `field:value` with the comparators
 * `:<`, `:<=`, `:>`, `:>=`, quoted values and `*` prefix wildcards. Unknown
 * fields are ignored with a warning, as Shopify does.
 */

export type Comparator = "=" | ">" | ">=" | "<" | "<=";

export interface SearchTerm {
  field: string | null;
  comparator: Comparator;
  value: string;
  negated: boolean;
}

/** Alternatives joined by OR; each is a list of terms that must all hold. */
export type SearchQuery = SearchTerm[][];

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (const ch of query) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
    } else if (/\s/.test(ch) || ch === "(" || ch === ")") {
      // Grouping parentheses are flattened: the simulator evaluates AND/OR left to right.
      if (current) tokens.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

function unquote(value: string): string {
  return value.replace(/^(['"])(.*)\1$/s, "$2").replace(/\\(.)/g, "$1");
}

export function parseSearchQuery(query: string | null | undefined): SearchQuery {
  const groups: SearchQuery = [[]];
  let negateNext = false;
  for (const token of tokenize(query ?? "")) {
    if (token === "OR") {
      groups.push([]);
      continue;
    }
    if (token === "AND") continue;
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    let text = token;
    let negated = negateNext;
    negateNext = false;
    if (text.startsWith("-") && text.length > 1) {
      negated = !negated;
      text = text.slice(1);
    }
    const fieldMatch = /^([A-Za-z_][A-Za-z0-9_.]*):(.*)$/s.exec(text);
    if (!fieldMatch) {
      groups[groups.length - 1].push({ field: null, comparator: "=", value: unquote(text), negated });
      continue;
    }
    const [, field, rest] = fieldMatch;
    const op = /^(>=|<=|>|<)/.exec(rest)?.[1] as Comparator | undefined;
    groups[groups.length - 1].push({
      field: field.toLowerCase(),
      comparator: op ?? "=",
      value: unquote(op ? rest.slice(op.length) : rest),
      negated,
    });
  }
  return groups.filter((g) => g.length > 0);
}

export type FieldMatcher<T> = (item: T, term: SearchTerm) => boolean;

export function matchesSearch<T>(
  query: SearchQuery,
  item: T,
  matchers: Record<string, FieldMatcher<T>>,
  warn: (term: SearchTerm) => void = () => {},
): boolean {
  if (query.length === 0) return true;
  return query.some((group) =>
    group.every((term) => {
      const matcher = matchers[term.field ?? "default"];
      if (!matcher) {
        warn(term);
        return true;
      }
      return matcher(item, term) !== term.negated;
    }),
  );
}

/** Names the unknown fields a query uses, for Shopify's `extensions.search` warnings. */
export function unknownFields<T>(query: SearchQuery, matchers: Record<string, FieldMatcher<T>>): string[] {
  const fields = query.flat().map((t) => t.field ?? "default");
  return [...new Set(fields.filter((f) => !matchers[f]))];
}

export function matchText(actual: string | null | undefined, term: SearchTerm): boolean {
  if (actual == null) return false;
  const have = actual.toLowerCase();
  const want = term.value.toLowerCase();
  if (want.endsWith("*")) return have.startsWith(want.slice(0, -1));
  return have === want;
}

function compare<V>(actual: V, wanted: V, comparator: Comparator): boolean {
  switch (comparator) {
    case ">":
      return actual > wanted;
    case ">=":
      return actual >= wanted;
    case "<":
      return actual < wanted;
    case "<=":
      return actual <= wanted;
    default:
      return actual === wanted;
  }
}

/** Timestamps: full ISO values compare exactly; a bare date means that whole UTC day for `:`. */
export function matchTime(actualIso: string | null, term: SearchTerm): boolean {
  if (actualIso == null) return false;
  const actual = Date.parse(actualIso);
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(term.value);
  const wanted = Date.parse(dayOnly ? `${term.value}T00:00:00Z` : term.value);
  if (Number.isNaN(wanted)) return false;
  if (dayOnly && term.comparator === "=") return actual >= wanted && actual < wanted + 86_400_000;
  return compare(actual, wanted, term.comparator);
}

export function matchNumber(actual: number | bigint, term: SearchTerm): boolean {
  if (typeof actual === "bigint") {
    if (!/^\d+$/.test(term.value)) return false;
    return compare(actual, BigInt(term.value), term.comparator);
  }
  const wanted = Number(term.value);
  return !Number.isNaN(wanted) && compare(actual, wanted, term.comparator);
}

export function matchTag(tags: string[], term: SearchTerm): boolean {
  return tags.some((tag) => matchText(tag, term));
}
