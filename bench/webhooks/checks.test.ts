import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CURRENT_FILE,
  openInboxSpool,
  ROTATE_EVERY_MS,
  SEGMENT_FILE,
} from "../../app/webhooks/inbox-spool.server";
import type { VerifiedDelivery } from "../../app/webhooks/verify.server";
import { spooledWebhookIds, spoolIsEmpty } from "./checks";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const delivery = (webhookId: string): VerifiedDelivery => ({
  shop: "bench.myshopify.com",
  topic: "orders/updated",
  webhookId,
  eventId: `event-${webhookId}`,
  triggeredAt: new Date("2026-11-28T10:00:00.000Z"),
  apiVersion: "2026-01",
  body: Buffer.from(`{"id":${webhookId.length}}`),
});

describe("the bench's view of the inbox spool", () => {
  it("finds acknowledged deliveries in segments and in the current file, so they are not counted as lost", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-spool-"));
    dirs.push(dir);
    expect(await spoolIsEmpty(dir)).toBe(true);

    const spool = await openInboxSpool(dir);
    await spool.append(delivery("in-a-segment-1"));
    await spool.append(delivery("in-a-segment-2"));
    await new Promise((resolve) => setTimeout(resolve, ROTATE_EVERY_MS * 3));
    await spool.append(delivery("in-the-current-file"));
    const names = fs.readdirSync(dir);
    expect(names.some((name) => SEGMENT_FILE.test(name))).toBe(true);
    expect(fs.statSync(path.join(dir, CURRENT_FILE)).size).toBeGreaterThan(0);

    expect(await spoolIsEmpty(dir)).toBe(false);
    expect([...(await spooledWebhookIds(dir))].sort()).toEqual([
      "in-a-segment-1",
      "in-a-segment-2",
      "in-the-current-file",
    ]);

    // As the mover leaves it once everything is stored: segments deleted.
    await spool.close();
    for (const name of fs.readdirSync(dir)) if (SEGMENT_FILE.test(name)) fs.rmSync(path.join(dir, name));
    expect(await spoolIsEmpty(dir)).toBe(true);
    expect((await spooledWebhookIds(dir)).size).toBe(0);
  });

  it("reads nothing from a spool folder that does not exist", async () => {
    const missing = path.join(os.tmpdir(), `bench-spool-missing-${process.pid}`);
    expect(await spoolIsEmpty(missing)).toBe(true);
    expect((await spooledWebhookIds(missing)).size).toBe(0);
  });
});
