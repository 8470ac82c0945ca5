/**
 * Delivers webhooks the way Shopify does: signed POSTs with Shopify's
 * headers, a 5 s timeout, any non-2xx (redirects included) counted as a
 * failure and retried with the original body and headers on a schedule.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { WebhookSubscription } from "../app-config";
import type { ShopRecord } from "../model";
import { type JsonValue, toJsonText } from "./json-text";

export interface TopicEvent {
  topic: string;
  payload: JsonValue;
}

export interface WebhookDeliveryRecord {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  uri: string;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  /** HTTP status the app answered, or null when the request failed. */
  status: number | null;
  error: string | null;
  ok: boolean;
  /** When this attempt was made. */
  at: string;
  triggeredAt: string;
  body: string;
}

export interface EmitResult {
  eventId: string;
  webhookIds: string[];
}

export interface DispatcherOptions {
  subscriptions: WebhookSubscription[];
  apiSecret: string;
  apiVersion: string;
  retryDelaysMs: number[];
  timeoutMs?: number;
  log: (line: string) => void;
}

interface Delivery {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  url: string;
  body: string;
  triggeredAt: string;
  attempt: number;
}

/** Shopify's 8 retries over 4 hours, compressed to well under a minute. */
export const DEFAULT_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 6000, 8000, 8000, 8000];

export class WebhookDispatcher {
  private readonly log: WebhookDeliveryRecord[] = [];
  private pending = 0;
  private waiters: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly closing = new AbortController();

  constructor(private readonly opts: DispatcherOptions) {}

  /** One merchant action: every topic shares one event id; each delivery gets its own webhook id. */
  emit(shop: ShopRecord, events: TopicEvent[], nowMs: number): EmitResult {
    const eventId = randomUUID();
    const triggeredAt = new Date(nowMs).toISOString();
    const webhookIds: string[] = [];
    for (const event of events) {
      const subscriptions = this.opts.subscriptions.filter((s) => s.topic === event.topic);
      // Shopify stops app webhooks at uninstall; compliance topics still arrive afterwards.
      const active = subscriptions.filter((s) => shop.installed || s.compliance);
      if (active.length < subscriptions.length)
        this.opts.log(`webhook ${event.topic} for ${shop.domain} not sent: app not installed`);
      const body = toJsonText(event.payload);
      for (const subscription of active) {
        const delivery: Delivery = {
          webhookId: randomUUID(),
          eventId,
          topic: event.topic,
          shop: shop.domain,
          url: subscription.url,
          body,
          triggeredAt,
          attempt: 1,
        };
        webhookIds.push(delivery.webhookId);
        this.pending++;
        void this.attempt(delivery);
      }
    }
    return { eventId, webhookIds };
  }

  records(): WebhookDeliveryRecord[] {
    return [...this.log];
  }

  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closing.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.pending = 0;
    this.settle();
  }

  private headers(d: Delivery): Record<string, string> {
    return {
      "Content-Type": "application/json",
      "User-Agent": "Shopify-Captain-Hook",
      "X-Shopify-Topic": d.topic,
      "X-Shopify-Hmac-Sha256": createHmac("sha256", this.opts.apiSecret)
        .update(d.body, "utf8")
        .digest("base64"),
      "X-Shopify-Shop-Domain": d.shop,
      "X-Shopify-API-Version": this.opts.apiVersion,
      "X-Shopify-Webhook-Id": d.webhookId,
      "X-Shopify-Event-Id": d.eventId,
      "X-Shopify-Triggered-At": d.triggeredAt,
    };
  }

  private async attempt(d: Delivery): Promise<void> {
    if (this.closing.signal.aborted) return;
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(d.url, {
        method: "POST",
        headers: this.headers(d),
        body: d.body,
        redirect: "manual",
        signal: AbortSignal.any([AbortSignal.timeout(this.opts.timeoutMs ?? 5000), this.closing.signal]),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error =
        e instanceof Error
          ? e.cause instanceof Error
            ? `${e.message}: ${e.cause.message}`
            : e.message
          : String(e);
    }
    if (this.closing.signal.aborted) return;
    const ok = status !== null && status >= 200 && status < 300;
    this.log.push({
      webhookId: d.webhookId,
      eventId: d.eventId,
      topic: d.topic,
      shop: d.shop,
      uri: d.url,
      attempt: d.attempt,
      status,
      error,
      ok,
      at: new Date().toISOString(),
      triggeredAt: d.triggeredAt,
      body: d.body,
    });
    const outcome = ok ? `${status}` : status !== null ? `failed with ${status}` : `failed: ${error}`;
    this.opts.log(`webhook ${d.topic} ${d.shop} -> ${d.url} attempt ${d.attempt} ${outcome}`);
    const delay = this.opts.retryDelaysMs[d.attempt - 1];
    if (!ok && delay !== undefined) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.attempt({ ...d, attempt: d.attempt + 1 });
      }, delay);
      this.timers.add(timer);
      return;
    }
    if (!ok) this.opts.log(`webhook ${d.webhookId} (${d.topic}) gave up after ${d.attempt} attempts`);
    this.pending--;
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
