import { describe, expect, it } from "vitest";
import { appendToNote, ENTRY_PREFIX, noteEntry, withMerchantLines } from "./order-note";

const entry = (n: number, text = "Customer asked for a gift receipt") =>
  noteEntry(n, new Date("2026-11-27T10:00:00Z"), text);

describe("order note entries", () => {
  it("appends a dated entry naming the ticket, keeping the merchant's text", () => {
    expect(entry(12)).toBe(`${ENTRY_PREFIX} ticket #12, 2026-11-27: Customer asked for a gift receipt`);
    expect(appendToNote("Leave at the back door.", entry(12))).toBe(
      `Leave at the back door.\n${ENTRY_PREFIX} ticket #12, 2026-11-27: Customer asked for a gift receipt`,
    );
    expect(appendToNote(null, entry(12))).toBe(entry(12));
    expect(noteEntry(3, new Date("2026-11-27T10:00:00Z"), "line one\n\nline two")).toContain(
      "line one / line two",
    );
  });

  it("does nothing when the entry is already there (a retried write)", () => {
    expect(appendToNote(`Gift.\n${entry(12)}`, entry(12))).toBeNull();
  });

  it("folds the oldest app entries into a summary when the note would pass the limit, never the merchant's", () => {
    const merchant = "M".repeat(300);
    let note: string | null = merchant;
    for (let n = 1; n <= 20; n++) note = appendToNote(note, entry(n), 1000) ?? note;
    expect(note!.length).toBeLessThanOrEqual(1000);
    expect(note!.startsWith(merchant)).toBe(true);
    expect(note).toContain(entry(20));
    expect(note).toMatch(new RegExp(`${ENTRY_PREFIX}: \\d+ earlier entries are in the tickets`));
    expect(note).not.toContain(entry(1));
  });

  it("shortens only the new entry when the merchant's text leaves no room", () => {
    const merchant = "M".repeat(990);
    const note = appendToNote(merchant, entry(1), 1000)!;
    expect(note.length).toBeLessThanOrEqual(1000);
    expect(note.startsWith(merchant)).toBe(true);
  });
});

describe("putting back a merchant's overwritten note", () => {
  it("keeps the merchant's lines as they saved them, then the app's current lines", () => {
    const current = `Fragile.\n${entry(3, "old")}\n${entry(4, "new")}`;
    const merchant = `Fragile. Call first.\n${entry(3, "old")}\nGate code 1234`;
    expect(withMerchantLines(current, merchant)).toBe(
      `Fragile. Call first.\nGate code 1234\n${entry(3, "old")}\n${entry(4, "new")}`,
    );
  });

  it("stays within the limit by folding the app's lines, never the merchant's", () => {
    const current = [entry(1, "a".repeat(60)), entry(2, "b".repeat(60))].join("\n");
    const merchant = "m".repeat(150);
    const repaired = withMerchantLines(current, merchant, 260);
    expect(repaired.length).toBeLessThanOrEqual(260);
    expect(repaired.startsWith("m".repeat(150))).toBe(true);
    expect(repaired).toContain(entry(2, "b".repeat(60)));
  });
});
