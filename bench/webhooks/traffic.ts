/**
 * The webhook mix the bench sends: merchant actions run on the simulator's
 * own store (so the Admin API the worker may call agrees with the webhooks),
 * with the simulator's payload builders, captured instead of delivered and
 * signed here with the app secret exactly as the simulator's dispatcher signs
 * them. Then reordered a little and sprinkled with exact redeliveries.
 */
import { createHmac, randomUUID } from "node:crypto";
import {
  createMerchantActions,
  type MerchantActions,
  SimulatorActionError,
} from "../../simulator/actions/merchant-actions";
import { loadAppConfig, type WebhookSubscription } from "../../simulator/app-config";
import { CATALOG } from "../../simulator/catalog";
import type { OrderRecord, ShopRecord } from "../../simulator/model";
import { fulfillmentState, refundableCents } from "../../simulator/money";
import { SeededRandom } from "../../simulator/random";
import type { SimulatorStore } from "../../simulator/store";
import type { EmitResult, TopicEvent } from "../../simulator/webhooks/dispatcher";
import { toJsonText } from "../../simulator/webhooks/json-text";

export type ActionKind =
  | "order-create"
  | "order-create-with-note"
  | "order-note"
  | "order-tags"
  | "customer-update"
  | "fulfil"
  | "refund"
  | "cancel";

/** Relative weights of merchant actions (a busy shop: most traffic is order edits and new orders). */
const MIX: [ActionKind, number][] = [
  ["order-create", 16],
  ["order-create-with-note", 4],
  ["order-note", 16],
  ["order-tags", 14],
  ["customer-update", 12],
  ["fulfil", 14],
  ["refund", 12],
  ["cancel", 12],
];

/** Actions that should leave the order with an open ticket under the default rules. */
const OPENS_TICKET = new Set<ActionKind>(["order-create-with-note", "refund", "cancel"]);

export interface Action {
  eventId: string;
  kind: ActionKind;
  /** Numeric Shopify order id, when the action is about an order. */
  orderId: string | null;
  opensTicket: boolean;
}

export interface Delivery {
  webhookId: string;
  eventId: string;
  topic: string;
  path: string;
  body: string;
  headers: Record<string, string>;
  /** An exact redelivery of an earlier delivery in the same list. */
  duplicate: boolean;
}

export interface Batch {
  deliveries: Delivery[];
  actions: Action[];
}

export interface TrafficOptions {
  store: SimulatorStore;
  shop: string;
  apiSecret: string;
  /** Any URL: only the paths of the TOML's subscriptions are used. */
  appUrl: string;
  seed?: number;
  /** Share of deliveries sent twice (exact redelivery). */
  duplicateShare?: number;
  /** Share of deliveries moved behind a few later ones. */
  reorderShare?: number;
}

/** Orders the app can read through the Admin API (no read_all_orders: last 60 days). */
const RECENT_MS = 55 * 86_400_000;

export class Traffic {
  private readonly random: SeededRandom;
  private readonly actions: MerchantActions;
  private readonly subscriptions: WebhookSubscription[];
  private readonly apiVersion: string;
  private readonly shopRecord: ShopRecord;
  private readonly pool: OrderRecord[];
  private clockMs = Date.now();
  private captured: Delivery[] = [];
  private readonly totalWeight = MIX.reduce((sum, [, w]) => sum + w, 0);

  constructor(private readonly opts: TrafficOptions) {
    this.random = new SeededRandom(opts.seed ?? 20261127);
    const config = loadAppConfig(new URL("../../shopify.app.toml", import.meta.url).pathname, opts.appUrl);
    this.apiVersion = config.webhookApiVersion ?? "2026-01";
    this.subscriptions = config.subscriptions.filter((s) => !s.compliance);
    const shop = opts.store.shop(opts.shop);
    if (!shop) throw new Error(`The simulator has no shop ${opts.shop}`);
    this.shopRecord = shop;
    this.actions = createMerchantActions({
      store: opts.store,
      now: () => this.clockMs,
      emit: (shopRecord, events) => this.capture(shopRecord, events),
    });
    const since = Date.now() - RECENT_MS;
    this.pool = shop.orders.filter((o) => Date.parse(o.createdAt) >= since);
  }

  /**
   * Runs merchant actions until `count` deliveries (redeliveries included)
   * are ready. Action i happens at `startMs + i / actionsPerSecond`, so the
   * payload timestamps follow the send schedule.
   */
  generate(count: number, startMs: number, deliveriesPerSecond: number): Batch {
    const actions: Action[] = [];
    const originals: Delivery[] = [];
    const duplicateShare = this.opts.duplicateShare ?? 0.1;
    const target = Math.ceil(count / (1 + duplicateShare));
    let ms = Math.max(startMs, this.clockMs);
    while (originals.length < target) {
      this.clockMs = Math.floor(ms);
      const action = this.runOne();
      actions.push(action);
      originals.push(...this.captured);
      this.captured = [];
      ms += (1000 / deliveriesPerSecond) * 1.5;
    }
    const deliveries = this.reorder(originals.slice(0, target));
    return { deliveries: this.addDuplicates(deliveries, count), actions };
  }

  private pickKind(): ActionKind {
    let roll = this.random.next() * this.totalWeight;
    for (const [kind, weight] of MIX) {
      roll -= weight;
      if (roll < 0) return kind;
    }
    return MIX[0][0];
  }

  private runOne(): Action {
    const kind = this.pickKind();
    for (let attempt = 0; attempt < 6; attempt++) {
      try {
        const result = this.perform(kind);
        return {
          eventId: result.eventId,
          kind,
          orderId: result.orderId,
          opensTicket: OPENS_TICKET.has(kind),
        };
      } catch (error) {
        if (!(error instanceof SimulatorActionError)) throw error;
        // The picked order cannot take this action (already cancelled, fulfilled, fully refunded): try another.
      }
    }
    const result = this.perform("order-create");
    return { eventId: result.eventId, kind: "order-create", orderId: result.orderId, opensTicket: false };
  }

  private perform(kind: ActionKind): EmitResult & { orderId: string | null } {
    const shop = this.opts.shop;
    const r = this.random;
    switch (kind) {
      case "order-create":
      case "order-create-with-note": {
        const customer = r.chance(0.8) ? r.pick(this.shopRecord.customers) : null;
        const product = r.pick(CATALOG);
        const lineItems = [{ sku: r.pick(product.variants).sku, quantity: r.int(1, 3) }];
        if (r.chance(0.4)) lineItems.push({ sku: r.pick(r.pick(CATALOG).variants).sku, quantity: 1 });
        const result = this.actions.createOrder(shop, {
          customerId: customer?.id,
          email: customer ? undefined : `guest${r.digits(6)}@example.com`,
          lineItems,
          note: kind === "order-create-with-note" ? "Please gift wrap, it is a present." : undefined,
          financialStatus: r.chance(0.9) ? "paid" : "pending",
        });
        this.pool.push(result.order);
        return { ...result, orderId: result.order.id };
      }
      case "order-note": {
        const order = this.pickOrder(() => true);
        const note = r.chance(0.2) ? "" : `Customer called about delivery (${r.digits(4)})`;
        return { ...this.actions.updateOrderNote(shop, order.id, note), orderId: order.id };
      }
      case "order-tags": {
        const order = this.pickOrder(() => true);
        const tags = r.shuffle(["vip", "wholesale", "gift", "priority", "follow-up"]).slice(0, r.int(0, 3));
        return { ...this.actions.updateOrderTags(shop, order.id, tags), orderId: order.id };
      }
      case "customer-update": {
        const customer = r.pick(this.shopRecord.customers);
        const patch = r.chance(0.5)
          ? { note: `Prefers email contact (${r.digits(3)})` }
          : { phone: `+3161${r.digits(7)}` };
        return { ...this.actions.updateCustomer(shop, customer.id, patch), orderId: null };
      }
      case "fulfil": {
        const order = this.pickOrder((o) => !o.cancelledAt && fulfillmentState(o) !== "FULFILLED");
        const number = `JJD${r.digits(12)}`;
        const result = this.actions.fulfillOrder(shop, order.id, {
          company: "DHL Express",
          number,
          url: `https://www.dhl.com/track?id=${number}`,
        });
        return { ...result, orderId: order.id };
      }
      case "refund": {
        const order = this.pickOrder((o) => refundableCents(o) > 0);
        const available = refundableCents(order);
        const cents = Math.min(available, r.int(500, 2500));
        const result = this.actions.refundOrder(shop, order.id, {
          amount: (cents / 100).toFixed(2),
          note: r.chance(0.5) ? "Damaged in transit" : undefined,
        });
        return { ...result, orderId: order.id };
      }
      case "cancel": {
        const order = this.pickOrder((o) => !o.cancelledAt && fulfillmentState(o) === "UNFULFILLED");
        const reason = r.pick(["customer", "inventory", "declined", "other"] as const);
        return { ...this.actions.cancelOrder(shop, order.id, { reason }), orderId: order.id };
      }
    }
  }

  /**
   * A recent order the action applies to, newer ones more often (most admin
   * activity is on this week's orders); a 409 when a few tries find none.
   */
  private pickOrder(eligible: (order: OrderRecord) => boolean): OrderRecord {
    const n = this.pool.length;
    for (let attempt = 0; attempt < 8; attempt++) {
      const index = this.random.chance(0.7)
        ? n - 1 - Math.floor(this.random.next() * Math.min(n, 150))
        : this.random.int(0, n - 1);
      if (eligible(this.pool[index])) return this.pool[index];
    }
    throw new SimulatorActionError(409, "no eligible order");
  }

  /** The simulator dispatcher's emit, minus the delivery: one event id per action, one webhook id per subscription. */
  private capture(shop: ShopRecord, events: TopicEvent[]): EmitResult {
    const eventId = randomUUID();
    const triggeredAt = new Date(this.clockMs).toISOString();
    const webhookIds: string[] = [];
    for (const event of events) {
      const body = toJsonText(event.payload);
      for (const subscription of this.subscriptions.filter((s) => s.topic === event.topic)) {
        const webhookId = randomUUID();
        webhookIds.push(webhookId);
        this.captured.push({
          webhookId,
          eventId,
          topic: event.topic,
          path: new URL(subscription.url).pathname,
          body,
          duplicate: false,
          headers: {
            "content-type": "application/json",
            "user-agent": "Shopify-Captain-Hook",
            "x-shopify-topic": event.topic,
            "x-shopify-hmac-sha256": createHmac("sha256", this.opts.apiSecret)
              .update(body, "utf8")
              .digest("base64"),
            "x-shopify-shop-domain": shop.domain,
            "x-shopify-api-version": this.apiVersion,
            "x-shopify-webhook-id": webhookId,
            "x-shopify-event-id": eventId,
            "x-shopify-triggered-at": triggeredAt,
          },
        });
      }
    }
    return { eventId, webhookIds };
  }

  /** Moves a share of deliveries behind the next few (older order states then arrive after newer ones). */
  private reorder(list: Delivery[]): Delivery[] {
    const out = [...list];
    const share = this.opts.reorderShare ?? 0.15;
    for (let i = 0; i < out.length - 1; i++) {
      if (!this.random.chance(share)) continue;
      const j = Math.min(out.length - 1, i + this.random.int(1, 12));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** Inserts exact redeliveries (same webhook id, body and headers) shortly after their original. */
  private addDuplicates(list: Delivery[], count: number): Delivery[] {
    const later: Delivery[][] = list.map(() => []);
    for (let k = list.length; k < count; k++) {
      const i = this.random.int(0, list.length - 1);
      const j = Math.min(list.length - 1, i + this.random.int(0, 300));
      later[j].push({ ...list[i], duplicate: true });
    }
    return list.flatMap((delivery, i) => [delivery, ...later[i]]);
  }
}
