import { printRows } from "./output";

export async function listShops(options: { json: boolean }): Promise<number> {
  const { listShopsForOperators } = await import("../../app/shops/shops.server");
  const shops = await listShopsForOperators();
  printRows(
    shops.map((s) => ({
      domain: s.domain,
      name: s.name,
      status: s.uninstalledAt ? "uninstalled" : "installed",
      plan: s.planName,
      currency: s.currencyCode,
      installedAt: s.installedAt.toISOString(),
      uninstalledAt: s.uninstalledAt?.toISOString() ?? null,
      detailsSyncedAt: s.detailsSyncedAt?.toISOString() ?? null,
    })),
    { ...options, empty: "No shops have installed Counterdesk yet." },
  );
  return 0;
}
