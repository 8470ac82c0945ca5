import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, SCREENSHOT_DIR } from "../support/browser";
import { type RunningDemo, startDemo } from "../support/demo-process";

const PORT = 3920;
const SHOP = "demo-store.myshopify.com";

/**
 * The ticket-rule settings pages in the real demo. Each page is opened
 * through the simulator's open URL (a fresh session token), because App
 * Bridge cannot load offline to authenticate client-side navigation.
 */
describe("ticket rule settings in the demo", () => {
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

  async function open(appPath: string): Promise<Page> {
    const page = await browser.newPage();
    const response = await page.goto(
      `${demo.simulatorUrl}/shops/${SHOP}/open?path=${encodeURIComponent(appPath)}`,
    );
    expect(response?.status()).toBe(200);
    expect(page.url()).toContain(`${demo.appUrl}${appPath}?`);
    // Remix has hydrated once its router exists: from then on React handles input.
    await page.waitForFunction(() => "__remixRouter" in window);
    return page;
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });

  it("lists the four default rules", async () => {
    const page = await open("/app/settings/rules");
    await expect.poll(() => page.getByRole("heading", { name: "Ticket rules" }).count()).toBe(1);
    const table = page.locator(".Polaris-IndexTable");
    for (const name of [
      "Order cancelled",
      "Refund created",
      "Delivery problem",
      "Order placed with a note",
    ]) {
      expect(await table.getByRole("link", { name, exact: true }).count()).toBe(1);
    }
    expect(await table.innerText()).toContain("An order is placed and the order has a note");
    await shot(page, "settings-rules-list");

    // In-app links carry the session token, so they work while it is fresh.
    await page.getByRole("link", { name: "Edit Order placed with a note" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/app/settings/rules/"));
    await expect
      .poll(() => page.getByLabel("Name", { exact: true }).inputValue())
      .toBe("Order placed with a note");
    expect(await page.getByLabel("Condition 1", { exact: true }).inputValue()).toBe("order_note_present");
    await shot(page, "settings-rule-edit");
    await page.close();
  });

  it("creates a rule with a condition and shows it in the list", async () => {
    const page = await open("/app/settings/rules/new");
    await page.getByLabel("Name").fill("Wholesale order");
    await page.getByLabel("When").selectOption("order_created");
    await page.getByRole("button", { name: "Add condition" }).click();
    await page.getByLabel("Condition 1", { exact: true }).selectOption("order_has_tag");
    await page.getByLabel("Tag", { exact: true }).fill("wholesale");
    await page.getByLabel("Subject").fill("Wholesale order {{order.name}} for {{order.total}}");
    // The preview follows what is typed.
    await expect
      .poll(() => page.locator("body").innerText())
      .toContain("Wholesale order #1001 for 120.00 EUR");
    await page.getByLabel("Priority").selectOption("high");
    await page.getByLabel("Tags").fill("Wholesale, B2B");
    await shot(page, "settings-rule-new-filled");

    await page.getByRole("button", { name: "Save rule" }).click();
    await page.waitForURL((url) => url.pathname === "/app/settings/rules");
    const table = page.locator(".Polaris-IndexTable");
    await expect
      .poll(() => table.getByRole("link", { name: "Wholesale order", exact: true }).count())
      .toBe(1);
    const text = await table.innerText();
    expect(text).toContain('An order is placed and the order is tagged "wholesale"');
    expect(text).toContain("b2b");
    await shot(page, "settings-rules-after-create");
    await page.close();
  });

  it("shows field errors and keeps what was typed", async () => {
    const page = await open("/app/settings/rules/new");
    await page.getByLabel("Name").fill("");
    await page.getByLabel("Subject").fill("Order {{order.number}} needs a look");
    await page.getByLabel("Tags").fill("keep-me");
    await page.getByRole("button", { name: "Save rule" }).click();
    await expect.poll(() => page.locator("body").innerText()).toContain("The rule was not saved");
    expect(await errorFor(page, "Name")).toBe("Enter a name");
    expect(await errorFor(page, "Subject")).toBe("Unknown variable: {{order.number}}");
    expect(await page.getByLabel("Subject").inputValue()).toBe("Order {{order.number}} needs a look");
    expect(await page.getByLabel("Tags").inputValue()).toBe("keep-me");
    await shot(page, "settings-rule-errors");
    await page.close();
  });

  it("deletes a rule after confirmation", async () => {
    const page = await open("/app/settings/rules");
    await page.getByRole("button", { name: "Delete Wholesale order" }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.innerText()).toContain("Delete “Wholesale order”?");
    await shot(page, "settings-rules-delete-confirm");
    await dialog.getByRole("button", { name: "Delete rule" }).click();
    const table = page.locator(".Polaris-IndexTable");
    await expect
      .poll(() => table.getByRole("link", { name: "Wholesale order", exact: true }).count())
      .toBe(0);
    expect(await table.getByRole("link", { name: "Order cancelled", exact: true }).count()).toBe(1);
    await page.close();
  });

  it("turns a rule off and moves it up", async () => {
    const page = await open("/app/settings/rules");
    const names = () => page.locator(".Polaris-IndexTable tbody tr td:first-child a").allInnerTexts();
    await page.getByRole("button", { name: "Turn off Refund created" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Turn on Refund created" }).count()).toBe(1);
    await page.getByRole("button", { name: "Move Delivery problem up" }).click();
    await expect
      .poll(names)
      .toEqual(["Order cancelled", "Delivery problem", "Refund created", "Order placed with a note"]);
    await page.close();
  });

  it("offers the default rules again once every rule is deleted", async () => {
    const page = await open("/app/settings/rules");
    for (let left = 4; left > 0; left--) {
      await page
        .getByRole("button", { name: /^Delete / })
        .first()
        .click();
      await page.getByRole("dialog").getByRole("button", { name: "Delete rule" }).click();
      await expect.poll(() => page.getByRole("button", { name: /^Delete / }).count()).toBe(left - 1);
    }
    await expect.poll(() => page.locator("body").innerText()).toContain("No ticket rules");
    await shot(page, "settings-rules-empty");
    await page.getByRole("button", { name: "Restore default rules" }).click();
    await expect.poll(() => page.locator(".Polaris-IndexTable tbody tr").count()).toBe(4);
    await page.close();
  });
});

/** The inline error a labelled Polaris field points at (aria-describedby), as text. */
async function errorFor(page: Page, label: string): Promise<string> {
  const describedBy = (await page.getByLabel(label, { exact: true }).getAttribute("aria-describedby")) ?? "";
  const id = describedBy.split(" ").find((part) => part.endsWith("Error"));
  if (!id) throw new Error(`${label} has no error`);
  return (await page.locator(`[id="${id}"]`).innerText()).trim();
}
