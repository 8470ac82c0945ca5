import { printRows } from "./output";

export interface DataExportsOptions {
  shop: string | undefined;
  /** Print this export's content instead of the list. */
  id: string | undefined;
  json: boolean;
}

/** `compliance exports`: what customers/data_request stored for a shop. */
export async function showDataExports(options: DataExportsOptions): Promise<number> {
  if (!options.shop) {
    console.error("compliance exports needs --shop <domain>, e.g. --shop example.myshopify.com");
    return 2;
  }
  const { getDataExport, listDataExports } = await import("../../app/compliance/compliance.server");
  if (options.id) {
    const found = await getDataExport(options.shop, options.id);
    if (!found) {
      console.error(`No data export ${options.id} for ${options.shop}.`);
      return 1;
    }
    // The content is already a JSON document; it prints the same with or without --json.
    console.log(JSON.stringify(found.content, null, 2));
    return 0;
  }
  const exports = await listDataExports(options.shop);
  printRows(
    exports.map((e) => ({
      id: e.id,
      customer: e.customerShopifyId,
      dataRequest: e.dataRequestId,
      createdAt: e.createdAt.toISOString(),
      size: e.size,
    })),
    { json: options.json, empty: `No customer data exports for ${options.shop}.` },
  );
  return 0;
}
