/**
 * Counterdesk's entries in a Shopify order's note. Shopify's `orderUpdate`
 * replaces the whole note, so an entry is appended to the note as it is now;
 * the merchant's own text is never changed. Each entry is one line that
 * starts with ENTRY_PREFIX, which is how the app recognises its own lines.
 * When the note would exceed the limit, the oldest app entries are folded
 * into one summary line.
 */
export const ENTRY_PREFIX = "— Counterdesk";
/** The longest note the app writes (Shopify admin's order note field holds 5 000 characters). */
export const NOTE_LIMIT = 5000;

export function noteEntry(ticketNumber: number, date: Date, text: string): string {
  const day = date.toISOString().slice(0, 10);
  const oneLine = text.replace(/\s*\n\s*/g, " / ").trim();
  return `${ENTRY_PREFIX} ticket #${ticketNumber}, ${day}: ${oneLine}`;
}

const isAppLine = (line: string) => line.startsWith(ENTRY_PREFIX);

/** The note with the entry appended, within the limit; null when the entry is there already. */
export function appendToNote(current: string | null, entry: string, limit = NOTE_LIMIT): string | null {
  const lines = (current ?? "").split("\n");
  if (lines.includes(entry)) return null;
  const merchantChars = lines.filter((l) => !isAppLine(l)).join("\n").length;
  let appLines = lines.filter(isAppLine);
  const build = (entries: string[]) => {
    const kept: string[] = [];
    let appIndex = 0;
    // Merchant lines stay where they are; app lines keep their order after removals.
    for (const line of lines) {
      if (!isAppLine(line)) kept.push(line);
      else if (appIndex < entries.length) kept.push(entries[appIndex++]);
    }
    for (; appIndex < entries.length; appIndex++) kept.push(entries[appIndex]);
    return kept.join("\n").replace(/^\n+/, "");
  };
  const count = (line: string) =>
    line.startsWith(`${ENTRY_PREFIX}:`) ? Number(line.match(/(\d+) earlier/)?.[1] ?? 1) : 1;
  const summary = (n: number) =>
    `${ENTRY_PREFIX}: ${n} earlier ${n === 1 ? "entry is" : "entries are"} in the tickets`;
  let next = build([...appLines, entry]);
  while (next.length > limit && appLines.length > 0) {
    // Fold the two oldest app lines into one summary; drop the last one left.
    appLines =
      appLines.length === 1 ? [] : [summary(count(appLines[0]) + count(appLines[1])), ...appLines.slice(2)];
    next = build([...appLines, entry]);
  }
  if (next.length > limit) {
    // Only the merchant's text and this entry are left: shorten the entry, never their text.
    const room = Math.max(0, limit - merchantChars - 2);
    const shortened = room > 1 ? `${entry.slice(0, room - 1)}…` : "";
    next = build([...appLines, shortened].filter(Boolean));
  }
  return next;
}

/**
 * A merchant's version of the note that an app write replaced, put back:
 * their own lines as they saved them, then the app's lines of the note now
 * (a merchant's version may hold older app lines; the current ones win).
 */
export function withMerchantLines(
  current: string | null,
  merchantVersion: string | null,
  limit = NOTE_LIMIT,
): string {
  const merchant = (merchantVersion ?? "").split("\n").filter((line) => !isAppLine(line));
  let note = merchant.join("\n").replace(/\n+$/, "");
  for (const line of (current ?? "").split("\n").filter(isAppLine))
    note = appendToNote(note, line, limit) ?? note;
  return note;
}
