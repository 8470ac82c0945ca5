import { z } from "zod";
import type { Delivery } from "./inbox.server";
import type { VerifiedDelivery } from "./verify.server";

/**
 * The inbox spool's records, after RFC 7464's JSON text sequences: a record
 * separator (0x1E), a JSON header, a line feed, then the delivery's body
 * exactly as Shopify signed it, and a line feed. The body's own bytes go to
 * the file: escaping a body of several kilobytes into a JSON line and
 * encoding it again was most of what spooling cost the thread that
 * acknowledges. The header gives the body's length in bytes.
 *
 * A record cut short (a write that failed halfway, a process killed
 * mid-write) was never acknowledged, so it is skipped; the next record is
 * found at the next separator, which a JSON body cannot contain unescaped.
 */
const SEPARATOR = 0x1e;
const LINE_FEED = 0x0a;
const NEWLINE = Buffer.from("\n");

const header = z.object({
  shop: z.string(),
  topic: z.string(),
  webhookId: z.string(),
  eventId: z.string().nullable(),
  triggeredAt: z.string().nullable(),
  apiVersion: z.string(),
  bodyBytes: z.number().int().nonnegative(),
});

/** A delivery as the buffers of one record, for one writev. */
export function spoolRecord(delivery: VerifiedDelivery): Buffer[] {
  const head = JSON.stringify({
    shop: delivery.shop,
    topic: delivery.topic,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    triggeredAt: delivery.triggeredAt?.toISOString() ?? null,
    apiVersion: delivery.apiVersion,
    bodyBytes: delivery.body.length,
  } satisfies z.infer<typeof header>);
  return [Buffer.from(`\x1e${head}\n`), delivery.body, NEWLINE];
}

/** The deliveries of a spool segment, and how many cut-short records were skipped. */
export function readSpoolRecords(segment: Buffer): { deliveries: Delivery[]; skipped: number } {
  const deliveries: Delivery[] = [];
  let skipped = 0;
  let at = segment.indexOf(SEPARATOR);
  while (at !== -1) {
    const end = recordEnd(segment, at, deliveries);
    if (end === null) {
      skipped++;
      at = segment.indexOf(SEPARATOR, at + 1);
    } else at = segment.indexOf(SEPARATOR, end);
  }
  return { deliveries, skipped };
}

/** Reads the record starting at `start` into `out`; returns where it ends, or null if it is cut short. */
function recordEnd(segment: Buffer, start: number, out: Delivery[]): number | null {
  const headEnd = segment.indexOf(LINE_FEED, start);
  if (headEnd === -1) return null;
  let head: z.infer<typeof header>;
  try {
    head = header.parse(JSON.parse(segment.toString("utf8", start + 1, headEnd)));
  } catch {
    return null;
  }
  const bodyStart = headEnd + 1;
  const bodyEnd = bodyStart + head.bodyBytes;
  // A whole record ends with a line feed followed by the next record or the end of the file.
  if (segment[bodyEnd] !== LINE_FEED) return null;
  if (
    bodyEnd + 1 < segment.length &&
    segment[bodyEnd + 1] !== SEPARATOR &&
    segment[bodyEnd + 1] !== LINE_FEED
  )
    return null;
  out.push({
    shop: head.shop,
    topic: head.topic,
    webhookId: head.webhookId,
    eventId: head.eventId,
    triggeredAt: head.triggeredAt ? new Date(head.triggeredAt) : null,
    apiVersion: head.apiVersion,
    payload: segment.toString("utf8", bodyStart, bodyEnd),
  });
  return bodyEnd + 1;
}

/**
 * Deliveries from a segment in the spool's first format (one JSON line per
 * delivery, body included), which a process stopped before an upgrade may
 * have left behind. A line that does not parse is the torn end of a write.
 */
export function readLegacySpoolLines(segment: string): { deliveries: Delivery[]; skipped: number } {
  const deliveries: Delivery[] = [];
  let skipped = 0;
  for (const line of segment.split("\n")) {
    if (line === "") continue;
    try {
      const parsed = JSON.parse(line) as Delivery & { triggeredAt: string | null };
      deliveries.push({ ...parsed, triggeredAt: parsed.triggeredAt ? new Date(parsed.triggeredAt) : null });
    } catch {
      skipped++;
    }
  }
  return { deliveries, skipped };
}

/** A spool file's deliveries, in the format its name says (`.ndjson`: the first format). */
export function readSpoolFile(name: string, bytes: Buffer): { deliveries: Delivery[]; skipped: number } {
  return name.endsWith(".ndjson") ? readLegacySpoolLines(bytes.toString("utf8")) : readSpoolRecords(bytes);
}
