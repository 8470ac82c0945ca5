/**
 * A process that spools deliveries and is then killed before storing any
 * (its store never finishes, as behind a busy database): what it
 * acknowledged must reach the inbox when the spool is next opened.
 * Usage: tsx inbox-spool-child.ts <spool dir> <shop> <count>
 */
import { openInboxSpool } from "../../app/webhooks/inbox-spool.server";

const [dir, shop, count] = process.argv.slice(2);
const spool = await openInboxSpool(dir, () => new Promise(() => {}));
for (let i = 0; i < Number(count); i++) {
  await spool.append({
    shop,
    topic: "orders/updated",
    webhookId: `killed-${i}`,
    eventId: null,
    triggeredAt: new Date("2026-11-27T12:00:00.000Z"),
    apiVersion: "2026-01",
    payload: `{"id":${7400000000000 + i},"note":"line\\nbreak"}`,
  });
}
console.log("acknowledged");
// Stay alive until killed.
setInterval(() => {}, 1_000);
