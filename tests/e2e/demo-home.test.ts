import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, SCREENSHOT_DIR } from "../support/browser";
import { type RunningDemo, startDemo } from "../support/demo-process";

const PORT = 3900;
const SHOP = "demo-store.myshopify.com";

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("npm run demo", () => {
  let demo: RunningDemo;
  let browser: BrowserContext;

  beforeAll(async () => {
    demo = await startDemo({ port: PORT });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (demo) await demo.interrupt();
  });

  it("prints the URL to open and the demo credentials", () => {
    expect(demo.output()).toContain(`${demo.simulatorUrl}/shops/${SHOP}/open`);
    expect(demo.output()).toMatch(/API key:\s+counterdesk-demo-key/);
    expect(demo.output()).toMatch(/API secret:\s+counterdesk-demo-secret/);
  });

  it("serves the landing page with Polaris", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${demo.appUrl}/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator(".Polaris-Page").count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Counterdesk" }).count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "landing.png"), fullPage: true });
    await page.close();
  });

  it("opens the embedded home page for the seeded store, with tickets opened by webhooks", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${demo.simulatorUrl}/shops/${SHOP}/open`);
    expect(response?.status()).toBe(200);
    expect(page.url()).toContain(`${demo.appUrl}/app?`);
    expect(await page.locator(".Polaris-Page").count()).toBe(1);
    // The worker reads the store's details from the simulator's Admin API.
    let text = "";
    const ready = (t: string) =>
      t.includes("Currency: EUR") && t.includes("was cancelled") && /Refund of 10\.00 EUR/.test(t);
    for (let i = 0; i < 60 && !ready(text); i++) {
      if (i > 0) {
        await page.waitForTimeout(500);
        await page.goto(`${demo.simulatorUrl}/shops/${SHOP}/open`);
      }
      text = await page.locator("body").innerText();
    }
    expect(text).toContain("Demo Store");
    expect(text).toContain("Connected");
    expect(text).toContain("Currency: EUR");
    // Tickets opened by the webhooks the simulator sent for the demo's activity.
    expect(text).toMatch(/Order #\d+ was cancelled/);
    expect(text).toMatch(/Refund of 10\.00 EUR on order #\d+/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "embedded-home.png"), fullPage: true });
    await page.close();
  });

  it("stops everything cleanly on Ctrl-C", async () => {
    const simulatorPort = Number(new URL(demo.simulatorUrl).port);
    const exit = await demo.interrupt();
    // npm itself dies of the SIGINT (as in a terminal); the demo under it stops cleanly.
    expect(exit.signal === "SIGINT" || exit.code === 0, JSON.stringify(exit)).toBe(true);
    expect(demo.output()).toContain("[demo] stopping");
    expect(demo.output()).not.toContain("exited (");
    expect(fs.existsSync(demo.databaseLock)).toBe(false);
    expect(await isListening(PORT)).toBe(false);
    expect(await isListening(simulatorPort)).toBe(false);
  });
});
