/**
 * A process that spools deliveries and is then killed before any is stored
 * (it runs no mover, as when the worker's thread is busy): what it
 * acknowledged must reach the inbox when the spool is next opened.
 * Usage: tsx inbox-spool-child.ts <spool dir> <shop> <count>
 */
import { openInboxSpool } from "../../app/webhooks/inbox-spool.server";

const [dir, shop, count] = process.argv.slice(2);
const spool = await openInboxSpool(dir);
for (let i = 0; i < Number(count); i++) {
  const payload = `{"id":${7400000000000 + i},"note":"line\\nbreak"}`;
  await spool.append({
    shop,
    topic: "orders/updated",
    webhookId: `killed-${i}`,
    eventId: null,
    triggeredAt: new Date("2026-11-27T12:00:00.000Z"),
    apiVersion: "2026-01",
    body: Buffer.from(payload),
  });
}
console.log("acknowledged");
// Stay alive until killed.
setInterval(() => {}, 1_000);
