/**
 * Reads the app's `shopify.app.toml` the way Shopify does at deploy time: the
 * scopes it is granted and which URI receives each webhook topic.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";
import { z } from "zod";

export const DEFAULT_APP_TOML = fileURLToPath(new URL("../shopify.app.toml", import.meta.url));

const tomlSchema = z.object({
  name: z.string().default("App"),
  handle: z.string().optional(),
  access_scopes: z.object({ scopes: z.string().default("") }).optional(),
  webhooks: z
    .object({
      api_version: z.string(),
      subscriptions: z
        .array(
          z.object({
            topics: z.array(z.string()).optional(),
            compliance_topics: z.array(z.string()).optional(),
            uri: z.string(),
          }),
        )
        .default([]),
    })
    .optional(),
});

export interface WebhookSubscription {
  topic: string;
  /** Absolute delivery URL (relative URIs resolved against the app URL). */
  url: string;
  compliance: boolean;
}

export interface AppConfig {
  name: string;
  handle: string | null;
  scopes: string;
  webhookApiVersion: string | null;
  subscriptions: WebhookSubscription[];
}

/** Relative URIs are appended to the app URL (keeping any path prefix it has). */
export function resolveWebhookUri(uri: string, appUrl: string): string | null {
  if (/^https?:\/\//i.test(uri)) return uri;
  if (uri.startsWith("/")) return appUrl.replace(/\/+$/, "") + uri.replace(/\/+$/, "");
  return null; // pubsub://, arn:aws:events:... cannot be delivered over HTTP
}

export function loadAppConfig(
  tomlPath: string,
  appUrl: string,
  log: (line: string) => void = () => {},
): AppConfig {
  const parsed = tomlSchema.parse(parse(readFileSync(tomlPath, "utf8")));
  const scopes = (parsed.access_scopes?.scopes ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .join(",");
  const subscriptions: WebhookSubscription[] = [];
  for (const sub of parsed.webhooks?.subscriptions ?? []) {
    const url = resolveWebhookUri(sub.uri, appUrl);
    if (!url) {
      log(`webhook uri ${sub.uri} is not HTTP; its topics will not be delivered`);
      continue;
    }
    for (const topic of sub.topics ?? []) subscriptions.push({ topic, url, compliance: false });
    for (const topic of sub.compliance_topics ?? []) subscriptions.push({ topic, url, compliance: true });
  }
  return {
    name: parsed.name,
    handle: parsed.handle ?? null,
    scopes,
    webhookApiVersion: parsed.webhooks?.api_version ?? null,
    subscriptions,
  };
}
