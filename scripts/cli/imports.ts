import { ConfigError, parseConfig } from "../../app/config.server";
import { printRows } from "./output";

/** `imports status`: each shop's initial order import and reconciliation progress. */
export async function showImportStatus(options: {
  shop: string | undefined;
  json: boolean;
}): Promise<number> {
  const { importProgressForOperators } = await import("../../app/orders/import.server");
  const shops = await importProgressForOperators(options.shop);
  if (options.shop && shops.length === 0) {
    console.error(`No shop ${options.shop}.`);
    return 1;
  }
  printRows(
    shops.map((s) => ({
      domain: s.domain,
      installed: !s.uninstalledAt,
      importStatus: s.importStatus,
      importedOrders: s.importedOrders,
      importStartedAt: s.importStartedAt?.toISOString() ?? null,
      importFinishedAt: s.importFinishedAt?.toISOString() ?? null,
      importError: s.importError,
      reconciledThrough: s.reconciledThrough?.toISOString() ?? null,
      lastReconciledAt: s.lastReconciledAt?.toISOString() ?? null,
    })),
    { json: options.json, empty: "No shops have installed Counterdesk yet." },
  );
  return 0;
}

/** `shops reconcile`: asks Shopify now what changed in one shop and applies what webhooks missed. */
export async function reconcileNow(options: { shop: string | undefined; json: boolean }): Promise<number> {
  if (!options.shop) {
    console.error("shops reconcile needs --shop <domain>, e.g. --shop example.myshopify.com");
    return 2;
  }
  // The CLI starts without the Shopify settings; this command talks to Shopify.
  try {
    parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 78; // EX_CONFIG
  }
  const { reconcileShop } = await import("../../app/orders/reconcile.server");
  const result = await reconcileShop(options.shop);
  if (options.json) {
    console.log(JSON.stringify({ shop: options.shop, ...result }, null, 2));
  } else if (result.status === "skipped") {
    console.log(`Skipped ${options.shop}: ${result.reason}.`);
  } else {
    console.log(
      `${options.shop}: ${result.ordersChanged} of ${result.ordersSeen} orders changed, ` +
        `${result.ticketsOpened} tickets opened; reconciled through ${result.reconciledThrough?.toISOString() ?? "-"}.`,
    );
  }
  return result.status === "skipped" ? 1 : 0;
}
