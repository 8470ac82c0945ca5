/** `sync status --shop <domain>`: whether the desk and the store agree (app/sync/sync-health.server). */
export async function showSyncStatus(options: { shop: string | undefined; json: boolean }): Promise<number> {
  if (!options.shop) {
    console.error("sync status needs --shop <domain>, e.g. --shop example.myshopify.com");
    return 2;
  }
  const { syncHealth } = await import("../../app/sync/sync-health.server");
  const health = await syncHealth(options.shop);
  if (options.json) {
    console.log(JSON.stringify(health, null, 2));
    return 0;
  }
  for (const [name, w] of Object.entries(health.windows)) {
    console.log(
      `${name}: webhooks ${w.webhooks.received} received, ${w.webhooks.processed} processed, ${w.webhooks.failed} failed, ${w.webhooks.pending} pending; ` +
        `writes to Shopify ${w.writes.done} done, ${w.writes.retrying} retrying, ${w.writes.failed} failed`,
    );
  }
  console.log(`last reconciliation: ${health.lastReconciledAt ?? "never"}`);
  for (const f of health.failures.webhooks)
    console.log(`failed webhook ${f.id} ${f.topic}: ${f.error ?? "-"}`);
  for (const f of health.failures.writes)
    console.log(`failed write ${f.id} ${f.orderName}: ${f.lastError ?? "-"}`);
  return 0;
}
