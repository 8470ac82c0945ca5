import { enqueue, QUEUES } from "~/jobs/queues.server";
import { ensureDefaultMacros } from "~/macros/macros.server";
import { ensureDefaultRules } from "~/rules/rules.server";
import { recordInstall } from "./shops.server";

/**
 * Runs after every token exchange (install, re-install, expired token): the
 * shop is recorded at once, and its details are read by the worker so the
 * request that triggered the exchange is not held up by another API call.
 * Until the initial order import is done, each exchange queues it (again):
 * a failed import resumes, and the queue holds one waiting import per shop.
 */
export async function onShopAuthenticated(shop: string, scopes: string | null) {
  const record = await recordInstall(shop, scopes);
  await ensureDefaultRules(shop);
  await ensureDefaultMacros(shop);
  await enqueue(QUEUES.syncShopDetails, { shop }, { singletonKey: shop });
  if (record.importStatus !== "done") await enqueue(QUEUES.importOrders, { shop }, { singletonKey: shop });
}
