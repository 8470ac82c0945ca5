import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { BROWSER_USER_AGENT } from "../../scripts/lib/demo-install";
import { findChromium } from "./chromium";

/** Debian's headless Chromium with a fresh profile and no background traffic. */
export async function launchBrowser(): Promise<BrowserContext> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error("Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH)");
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "counterdesk-chromium-"));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    userAgent: BROWSER_USER_AGENT,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export const SCREENSHOT_DIR = path.resolve("test-results", "screenshots");
