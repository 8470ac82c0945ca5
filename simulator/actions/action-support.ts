/** What merchant actions share: lookups that fail with HTTP-like errors, and emitting. */
import { isoSeconds } from "../ids";
import type { CustomerRecord, OrderRecord, ShopRecord } from "../model";
import type { SimulatorStore } from "../store";
import type { EmitResult, TopicEvent } from "../webhooks/dispatcher";

/** A refused merchant action; `status` is what the operator HTTP API answers. */
export class SimulatorActionError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export interface ActionDeps {
  store: SimulatorStore;
  now: () => number;
  emit(shop: ShopRecord, events: TopicEvent[]): EmitResult;
}

export class ActionSupport {
  constructor(readonly deps: ActionDeps) {}

  nowIso(): string {
    return isoSeconds(this.deps.now());
  }

  shop(domain: string): ShopRecord {
    const shop = this.deps.store.shop(domain);
    if (!shop) throw new SimulatorActionError(404, `Shop ${domain} not found`);
    return shop;
  }

  /** Operators may name an order as admin shows it ("#1001" or "1001"), by id, or by GID. */
  order(shop: ShopRecord, orderId: string): OrderRecord {
    const byName = /^#?\d{1,7}$/.test(orderId)
      ? shop.orders.find((o) => o.name === `#${orderId.replace(/^#/, "")}`)
      : undefined;
    const order = byName ?? this.deps.store.order(shop, orderId);
    if (!order) throw new SimulatorActionError(404, `Order ${orderId} not found in ${shop.domain}`);
    return order;
  }

  customer(shop: ShopRecord, customerId: string): CustomerRecord {
    const customer = this.deps.store.customer(shop, customerId);
    if (!customer) throw new SimulatorActionError(404, `Customer ${customerId} not found in ${shop.domain}`);
    return customer;
  }

  /** Saves the change and sends its webhooks as one event. */
  commit(shop: ShopRecord, events: TopicEvent[]): EmitResult {
    this.deps.store.changed();
    return this.deps.emit(shop, events);
  }
}
