import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, SCREENSHOT_DIR } from "../support/browser";
import { type RunningDemo, startDemo } from "../support/demo-process";

const PORT = 3960;
const SHOP = "demo-store.myshopify.com";

/**
 * An agent's day in the demo, in one browser tab: the inbox, a search, a
 * ticket a cancellation webhook opened, a reply, a note, assigning and
 * changing status, the inbox again, and a bulk action. The tab is opened
 * with a 5-second session token; the App Bridge stand-in must keep every
 * later request authenticated, as App Bridge does in Shopify admin.
 */
describe("an agent's day in the demo", () => {
  let demo: RunningDemo;
  let browser: BrowserContext;
  let page: Page;
  let orderName = "";

  beforeAll(async () => {
    demo = await startDemo({ port: PORT });
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    if (demo) await demo.interrupt();
  });

  const shot = (name: string) =>
    page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  const rows = () => page.locator(".Polaris-IndexTable__TableRow");
  const toast = (text: string) => page.locator(".stand-in-toast", { hasText: text });
  /** The element's text after the page's data is loaded again (what the worker did meanwhile). */
  const reloadedText = async (element: ReturnType<Page["getByRole"]>) => {
    await page.evaluate(() =>
      (window as unknown as { __remixRouter: { revalidate(): void } }).__remixRouter.revalidate(),
    );
    await page.waitForTimeout(300);
    return element.innerText();
  };

  it("opens the inbox on the Open view, with the tickets the demo's webhooks opened", async () => {
    const response = await page.goto(
      `${demo.simulatorUrl}/shops/${SHOP}/open?path=${encodeURIComponent("/app/tickets")}&ttl_seconds=5`,
    );
    expect(response?.status()).toBe(200);
    await page.waitForFunction(() => "__remixRouter" in window);
    // The worker turns the demo's webhooks into tickets within a few seconds.
    for (let i = 0; i < 40 && (await rows().count()) < 4; i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await expect.poll(() => rows().count()).toBeGreaterThanOrEqual(4);
    await expect
      .poll(() => page.getByRole("tab", { name: /Open: \d+ tickets/ }).getAttribute("aria-selected"))
      .toBe("true");
    const cancelled = rows()
      .filter({ hasText: /Order #\d+ was cancelled/ })
      .first();
    orderName = (await cancelled.innerText()).match(/Order (#\d+) was cancelled/)?.[1] ?? "";
    expect(orderName).toMatch(/^#\d+$/);
    await shot("inbox-open");
  });

  it("searches for an order name after the first session token has expired", async () => {
    await page.waitForTimeout(6_000);
    await page.getByLabel("Search", { exact: true }).fill(orderName);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent(orderName)}`);
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().innerText()).toContain(`Order ${orderName} was cancelled`);
    await shot("inbox-search");
  });

  it("opens the ticket: the store event in the thread, the order and the customer beside it", async () => {
    await rows().first().getByRole("link").first().click();
    await page.getByRole("heading", { name: new RegExp(`Order ${orderName} was cancelled`) }).waitFor();
    const text = await page.locator("body").innerText();
    expect(text).toContain(`Order ${orderName} was cancelled (reason:`);
    expect(text).toContain(`Order ${orderName}`);
    expect(text).toContain("Open in Shopify");
    expect(text).toMatch(/Synced from Shopify/);
    expect(text).toContain("Customer");
    expect(text).toMatch(/\d+ orders? · [\d.]+ EUR spent in the last 60 days/);
    await shot("ticket-opened");
  });

  it("replies with a macro, previewed before it is inserted, and adds an internal note", async () => {
    await page.getByLabel("Insert a macro").selectOption({ label: "Cancellation confirmed" });
    const preview = page.getByText(/has been cancelled\. If you paid already/);
    await preview.first().waitFor();
    await shot("ticket-macro-preview");
    await page.getByRole("button", { name: "Insert", exact: true }).click();
    const reply = page.getByPlaceholder("Write your reply");
    expect(await reply.inputValue()).toContain(`Your order ${orderName} has been cancelled`);
    await reply.fill(`${await reply.inputValue()}\nIt is fully refunded.`);
    await page.getByRole("button", { name: "Send reply" }).click();
    await toast("Reply sent").waitFor();
    // The saved reply has replaced the one shown while sending, and the composer is fresh.
    await page.getByRole("article", { name: /Reply from Dana Owner/ }).waitFor();
    await expect.poll(() => page.getByPlaceholder("Write your reply").inputValue()).toBe("");
    await page.getByRole("button", { name: "Internal note" }).click();
    await page.getByPlaceholder("Add a note for your team").fill("Customer may reorder in the sale.");
    await page.getByText(/Also add to order #\d+'s note in Shopify/).click();
    expect(await page.getByLabel(/Also add to order #\d+'s note in Shopify/).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Add note" }).click();
    await toast("Note added").waitFor();
    const sent = page.getByRole("article", { name: /Reply from Dana Owner/ });
    const note = page.getByRole("article", { name: /Internal note from Dana Owner/ });
    expect(await sent.innerText()).toContain(`Your order ${orderName} has been cancelled`);
    expect(await sent.innerText()).toContain("It is fully refunded.");
    // The worker emails the reply over SMTP to the demo's local catcher.
    await expect.poll(() => reloadedText(sent), { timeout: 20_000 }).toContain("Emailed to the customer");
    expect(await note.innerText()).toContain("reorder in the sale");
    // The worker appends it to the order's note in Shopify (the simulator) and checks it is there.
    await expect
      .poll(() => reloadedText(note), { timeout: 20_000 })
      .toMatch(/Added to order #\d+'s note in Shopify/);
  });

  it("assigns the ticket and sets it to pending; the thread records who did it", async () => {
    await page.getByLabel("Assignee").selectOption({ label: "Dana Owner" });
    await page.getByLabel("Status").selectOption("pending");
    await page.getByRole("button", { name: "Save" }).click();
    await toast("Ticket updated").waitFor();
    const body = () => page.locator("body").innerText();
    await expect.poll(body).toContain("Dana Owner assigned the ticket to Dana Owner");
    expect(await body()).toContain("Dana Owner changed the status from open to pending");
    await shot("ticket-worked");
  });

  it("finds the note, the support tag and the metafield on the order in Shopify", async () => {
    await page.getByRole("link", { name: "Open in Shopify" }).first().click();
    // The simulator's stand-in for the order page in Shopify admin.
    await page.getByRole("heading", { name: `Order ${orderName}` }).waitFor();
    const section = (name: string) => page.getByRole("region", { name });
    expect(await section("Notes").innerText()).toMatch(
      /Counterdesk ticket #\d+, .*Customer may reorder in the sale\./,
    );
    // The tag and metafield are written by the worker when the ticket changes.
    await expect
      .poll(
        async () => {
          await page.reload();
          return `${await section("Tags").innerText()}\n${await section("Metafields").innerText()}`;
        },
        { timeout: 20_000 },
      )
      .toMatch(/support-open.*support.*"latest_status":"pending"/s);
    await shot("order-in-shopify");
    await page.getByRole("link", { name: "Back to Counterdesk" }).click();
    await page.waitForFunction(() => "__remixRouter" in window);
  });

  it("sees the writes to Shopify on the sync health page", async () => {
    await page.getByRole("link", { name: "Sync health" }).first().click();
    await page.getByRole("heading", { name: "Last 24 hours" }).waitFor();
    const done = page.getByRole("row", { name: /Writes to Shopify done/ }).first();
    await expect
      .poll(async () => Number((await done.innerText()).match(/(\d+)\s*$/)?.[1] ?? 0))
      .toBeGreaterThanOrEqual(2);
    expect(await page.locator("body").innerText()).toContain("No failures");
    await shot("sync-health");
  });

  it("sees the inbox follow: the ticket is under Pending and Mine, no longer under Open", async () => {
    await page.getByRole("link", { name: "Tickets" }).first().click();
    await page.getByRole("tab", { name: /Pending: 1 tickets/ }).waitFor();
    await page.getByRole("tab", { name: /Mine: 1 tickets/ }).click();
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().innerText()).toContain(orderName);
    await page.getByRole("tab", { name: /Open: \d+ tickets/ }).click();
    await expect
      .poll(async () => (await page.locator("body").innerText()).includes(`Order ${orderName} was cancelled`))
      .toBe(false);
  });

  it("tags several tickets at once with a bulk action", async () => {
    await page.getByRole("tab", { name: /All: \d+ tickets/ }).click();
    await expect.poll(() => rows().count()).toBeGreaterThanOrEqual(3);
    // Polaris draws its own checkbox over the input: click it as an agent would.
    for (const index of [0, 1, 2]) {
      const row = rows().nth(index);
      const input = row.locator('input[type="checkbox"]');
      for (let attempt = 0; attempt < 3 && !(await input.isChecked()); attempt++) {
        await row.locator(".Polaris-Checkbox").click();
        await page.waitForTimeout(200);
      }
    }
    await page.getByText("3 selected").waitFor({ timeout: 5_000 });
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.getByLabel("Tag", { exact: true }).last().fill("follow-up");
    await page.getByRole("dialog").getByRole("button", { name: "Apply" }).click();
    await toast("3 tickets updated").waitFor();
    await expect
      .poll(async () => (await rows().allInnerTexts()).filter((t) => t.includes("follow-up")).length)
      .toBe(3);
    await shot("inbox-bulk-tagged");
  });
});
