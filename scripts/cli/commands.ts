import type { ParseArgsConfig } from "node:util";
import { listShops } from "./shops";
import { showSyncStatus } from "./sync";
import { listTickets } from "./tickets";
import { listWebhooks, retryWebhook } from "./webhooks";

export interface Command {
  summary: string;
  options?: ParseArgsConfig["options"];
  run(values: Record<string, unknown>, positionals: string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  "shops list": {
    summary: "Installed shops, with install state and store details",
    run: (values) => listShops({ json: Boolean(values.json) }),
  },
  "tickets list": {
    summary: "A shop's tickets (--shop <domain>, optional --status open|pending|resolved|closed)",
    options: { shop: { type: "string" }, status: { type: "string" } },
    run: (values) =>
      listTickets({
        shop: values.shop as string | undefined,
        status: values.status as string | undefined,
        json: Boolean(values.json),
      }),
  },
  "webhooks list": {
    summary: "Stored webhook events (optional --shop <domain>, --status pending|processed|failed)",
    options: { shop: { type: "string" }, status: { type: "string" } },
    run: (values) =>
      listWebhooks({
        shop: values.shop as string | undefined,
        status: values.status as string | undefined,
        json: Boolean(values.json),
      }),
  },
  "sync status": {
    summary:
      "Webhooks and writes to Shopify over 24 h and 7 days, last reconciliation, failures (--shop <domain>)",
    options: { shop: { type: "string" } },
    run: (values) => showSyncStatus({ shop: values.shop as string | undefined, json: Boolean(values.json) }),
  },
  "webhooks retry": {
    summary: "Queue a failed webhook event again: webhooks retry <id>",
    run: (_values, positionals) => retryWebhook(positionals[0]),
  },
  "compliance exports": {
    summary: "A shop's customer data exports (--shop <domain>); --id <exportId> prints one",
    options: { shop: { type: "string" }, id: { type: "string" } },
    // Imported here so this entry is self-contained.
    run: async (values) =>
      (await import("./compliance")).showDataExports({
        shop: values.shop as string | undefined,
        id: values.id as string | undefined,
        json: Boolean(values.json),
      }),
  },
  "imports status": {
    summary: "Initial order import and reconciliation progress per shop (--shop <domain> for one)",
    options: { shop: { type: "string" } },
    run: async (values) =>
      (await import("./imports")).showImportStatus({
        shop: values.shop as string | undefined,
        json: Boolean(values.json),
      }),
  },
  "shops reconcile": {
    summary: "Reconcile one shop's orders with Shopify now (--shop <domain>)",
    options: { shop: { type: "string" } },
    run: async (values) =>
      (await import("./imports")).reconcileNow({
        shop: values.shop as string | undefined,
        json: Boolean(values.json),
      }),
  },
};
