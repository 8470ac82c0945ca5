import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import prisma from "~/db.server";
import { uniqueShop } from "../../tests/support/shopify-requests";
import { storeDeliveries } from "./inbox.server";
import { CURRENT_FILE, openInboxSpool } from "./inbox-spool.server";
import { type StoreDeliveries, startInboxSpoolMover } from "./inbox-spool-mover.server";
import { spoolRecord } from "./inbox-spool-records";
import { inboxDelivery } from "./receive.server";
import type { VerifiedDelivery } from "./verify.server";

const dirs: string[] = [];
function spoolDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inbox-spool-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function delivery(shop: string, webhookId: string, payload = '{"id":7400000037028123456}'): VerifiedDelivery {
  return {
    shop,
    topic: "orders/updated",
    webhookId,
    eventId: `event-${webhookId}`,
    triggeredAt: new Date("2026-11-27T12:00:00.123Z"),
    apiVersion: "2026-01",
    body: Buffer.from(payload),
  };
}

/** The two halves as `npm start` runs them: appends here, the mover as the worker's thread runs it. */
async function openSpool(dir: string, store: StoreDeliveries = storeDeliveries) {
  const spool = await openInboxSpool(dir);
  const mover = startInboxSpoolMover(dir, store);
  return {
    append: spool.append,
    /** As `npm start` stops: the last appends become a segment, which the mover stores. */
    async close() {
      await spool.close();
      await mover.drain();
      await mover.stop();
    },
  };
}

const stored = (shop: string) =>
  prisma.webhookEvent.findMany({ where: { shopDomain: shop }, orderBy: { webhookId: "asc" } });
const files = (dir: string) => fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).size > 0);

describe("the inbox spool (embedded database)", () => {
  it("acknowledges without waiting for the database, then stores each delivery once", async () => {
    const shop = uniqueShop("spool");
    await storeDeliveries([inboxDelivery(delivery(shop, "held-already"))]);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const spool = await openSpool(spoolDir(), async (deliveries) => {
      await gate;
      return storeDeliveries(deliveries);
    });
    const payload = '{"id":7400000037028123456,"note":"ünïcode\\n\\"quoted\\"\u001e"}';
    await spool.append(delivery(shop, "a", payload));
    await spool.append(delivery(shop, "b"));
    await spool.append(delivery(shop, "a", payload)); // Shopify's redelivery
    await spool.append(delivery(shop, "held-already"));
    // All four acknowledged while the database was still busy.
    expect(await stored(shop)).toHaveLength(1);

    open();
    await spool.close();
    const rows = await stored(shop);
    expect(rows.map((r) => r.webhookId)).toEqual(["a", "b", "held-already"]);
    expect(rows[0]).toMatchObject({
      payload,
      eventId: "event-a",
      topic: "orders/updated",
      apiVersion: "2026-01",
      triggeredAt: new Date("2026-11-27T12:00:00.123Z"),
      status: "pending",
      source: "webhook",
    });
  });

  it("stores appends as they become segments, while the spool stays open", async () => {
    const shop = uniqueShop("spool");
    const spool = await openSpool(spoolDir());
    for (let i = 0; i < 5; i++) await spool.append(delivery(shop, `live-${i}`));
    // No close: the rotation and the mover's watch of the folder bring them in.
    await vi.waitFor(async () => expect(await stored(shop)).toHaveLength(5), { timeout: 5_000 });
    await spool.close();
  });

  it("writes a whole turn's appends, even more records than one writev takes buffers", async () => {
    const shop = uniqueShop("spool");
    const spool = await openSpool(spoolDir());
    // 3 buffers a record: 1 500 appends in one turn are 4 500 buffers, past Linux's 1 024 per writev.
    const ids = Array.from({ length: 1_500 }, (_, i) => `turn-${String(i).padStart(4, "0")}`);
    await Promise.all(ids.map((id) => spool.append(delivery(shop, id, `{"id":1,"raw":"${id}"}`))));
    await spool.close();
    const rows = await stored(shop);
    expect(rows.map((r) => r.webhookId)).toEqual(ids);
    expect(rows.every((r) => r.payload === `{"id":1,"raw":"${r.webhookId}"}`)).toBe(true);
  });

  it("stores what a killed process acknowledged when the spool is next opened", async () => {
    const shop = uniqueShop("spool");
    const dir = spoolDir();
    // Its own process group: tsx runs the script in a child process, and the kill must take both.
    const child = spawn("tsx", ["tests/support/inbox-spool-child.ts", dir, shop, "25"], {
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("acknowledged")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`the child exited (${code}) before acknowledging`)));
    });
    process.kill(-child.pid!, "SIGKILL");
    await new Promise((resolve) => child.once("close", resolve));
    expect(await stored(shop)).toHaveLength(0);

    const spool = await openSpool(dir);
    await spool.close();
    const rows = await stored(shop);
    expect(rows).toHaveLength(25);
    expect(rows.find((r) => r.webhookId === "killed-3")?.payload).toBe(
      '{"id":7400000000003,"note":"line\\nbreak"}',
    );
    expect(files(dir)).toEqual([]);
  });

  it("skips a record cut short, and finds the whole records after it", async () => {
    const shop = uniqueShop("spool");
    const dir = spoolDir();
    const whole = (id: string) => Buffer.concat(spoolRecord(delivery(shop, id, `{"id":1,"raw":"${id}"}\n`)));
    const cut = whole("cut").subarray(0, whole("cut").length - 5);
    fs.writeFileSync(path.join(dir, "0000000000000001.spool"), Buffer.concat([whole("older"), cut]));
    fs.writeFileSync(
      path.join(dir, CURRENT_FILE),
      Buffer.concat([whole("x"), cut, Buffer.from("\n"), whole("y"), cut]),
    );
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const spool = await openSpool(dir);
    await spool.close();
    expect((await stored(shop)).map((r) => [r.webhookId, r.payload])).toEqual([
      ["older", '{"id":1,"raw":"older"}\n'],
      ["x", '{"id":1,"raw":"x"}\n'],
      ["y", '{"id":1,"raw":"y"}\n'],
    ]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("skipped 1 cut-short record(s)"));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("skipped 2 cut-short record(s)"));
    warn.mockRestore();
  });

  it("stores segments of the spool's first format (one JSON line per delivery) left by an earlier version", async () => {
    const shop = uniqueShop("spool");
    const dir = spoolDir();
    const line = (id: string) => `${JSON.stringify(inboxDelivery(delivery(shop, id)))}\n`;
    fs.writeFileSync(path.join(dir, "0000000000000001.ndjson"), line("first-format"));
    fs.writeFileSync(path.join(dir, "current.ndjson"), line("first-current") + line("torn").slice(0, 40));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const spool = await openSpool(dir);
    await spool.append(delivery(shop, "new-format"));
    await spool.close();
    expect((await stored(shop)).map((r) => r.webhookId)).toEqual([
      "first-current",
      "first-format",
      "new-format",
    ]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("skipped 1 cut-short record(s)"));
    warn.mockRestore();
  });

  it("after a failed write, the next acknowledged delivery is still stored", async () => {
    const shop = uniqueShop("spool");
    const dir = spoolDir();
    const spool = await openSpool(dir);
    // The disk fills mid-write: part of the record reaches the file, then the write fails.
    const realWritev = fs.writevSync;
    const writev = vi.spyOn(fs, "writevSync").mockImplementationOnce((fd, buffers) => {
      realWritev(fd, [Buffer.concat(buffers as Buffer[]).subarray(0, 60)]);
      throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await expect(spool.append(delivery(shop, "refused"))).rejects.toThrow("no space left on device");
    await spool.append(delivery(shop, "after"));
    await spool.close();
    expect((await stored(shop)).map((r) => r.webhookId)).toEqual(["after"]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("skipped 1 cut-short record(s)"));
    writev.mockRestore();
    warn.mockRestore();
  });

  it("keeps a segment the database refused and stores it on a later attempt", async () => {
    const shop = uniqueShop("spool");
    const dir = spoolDir();
    let attempts = 0;
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const spool = await openSpool(dir, async (deliveries) => {
      if (++attempts === 1) throw new Error("the database is restarting");
      return storeDeliveries(deliveries);
    });
    await spool.append(delivery(shop, "kept"));
    await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(1));
    await vi.waitFor(async () => expect(await stored(shop)).toHaveLength(1), { timeout: 5_000 });
    await spool.close();
    expect(files(dir)).toEqual([]);
    expect(error).toHaveBeenCalledWith(
      "[inbox] spooled deliveries could not be stored yet:",
      expect.objectContaining({ message: "the database is restarting" }),
    );
    error.mockRestore();
    await expect(spool.append(delivery(shop, "late"))).rejects.toThrow(/closed/);
  });
});
