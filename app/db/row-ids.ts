/**
 * Ids for rows inserted in plain SQL (Prisma's cuid() is made client-side,
 * so those inserts must make their own). Time first, then a counter, then
 * randomness: like cuids they rise in the order they were made, which
 * threads rely on to order messages of the same millisecond.
 */
export function newRowId(prefix: string): string {
  counter = (counter + 1) % 36 ** 4;
  const time = Date.now().toString(36).padStart(9, "0");
  const random = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
  return `${prefix}_${time}${counter.toString(36).padStart(4, "0")}${random}`;
}

let counter = 0;
