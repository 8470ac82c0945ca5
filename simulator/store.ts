/**
 * The simulator's in-memory store: every shop with its customers, orders and
 * metafields, plus issued tokens. Everything that changes data goes through
 * `changed()` so the optional state file stays current.
 */
import { toNumericId } from "./ids";
import type { CustomerRecord, IssuedTokenRecord, OrderRecord, ShopRecord, StoreState } from "./model";

export class SimulatorStore {
  readonly state: StoreState;
  private readonly listeners = new Set<() => void>();

  constructor(state?: StoreState) {
    this.state = state ?? { formatVersion: 1, nextId: "7400000000001", shops: [], tokens: [] };
  }

  /**
   * Hands out the next numeric id. Steps vary (like real ids, which are not
   * consecutive) but are deterministic so seeding is reproducible.
   */
  allocateId(): string {
    const current = BigInt(this.state.nextId);
    this.state.nextId = String(current + 1n + (current % 997n));
    return String(current);
  }

  shops(): ShopRecord[] {
    return this.state.shops;
  }

  shop(domain: string): ShopRecord | undefined {
    const wanted = domain.toLowerCase();
    return this.state.shops.find((s) => s.domain === wanted);
  }

  addShop(shop: ShopRecord): void {
    if (this.shop(shop.domain)) throw new Error(`Shop ${shop.domain} already exists`);
    this.state.shops.push(shop);
    this.changed();
  }

  /** Finds an order by numeric id or Order GID. */
  order(shop: ShopRecord, idOrGid: string): OrderRecord | undefined {
    const id = toNumericId(idOrGid, "Order");
    return id ? shop.orders.find((o) => o.id === id) : undefined;
  }

  /** Finds a customer by numeric id or Customer GID. */
  customer(shop: ShopRecord, idOrGid: string): CustomerRecord | undefined {
    const id = toNumericId(idOrGid, "Customer");
    return id ? shop.customers.find((c) => c.id === id) : undefined;
  }

  customerOrders(shop: ShopRecord, customerId: string): OrderRecord[] {
    return shop.orders.filter((o) => o.customerId === customerId);
  }

  addIssuedToken(token: IssuedTokenRecord): void {
    this.state.tokens.push(token);
    this.changed();
  }

  issuedToken(token: string): IssuedTokenRecord | undefined {
    return this.state.tokens.find((t) => t.token === token);
  }

  removeTokens(predicate: (t: IssuedTokenRecord) => boolean): void {
    const kept = this.state.tokens.filter((t) => !predicate(t));
    this.state.tokens.splice(0, this.state.tokens.length, ...kept);
    this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call after any change so persistence (if configured) can save. */
  changed(): void {
    for (const listener of this.listeners) listener();
  }
}
