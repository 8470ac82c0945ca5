/**
 * Merchant actions on customers and on the app installation, including the
 * three mandatory compliance webhooks.
 */
import type { CustomerRecord, ShopRecord } from "../model";
import { normalizeTags, tagProblem } from "../tags";
import type { EmitResult } from "../webhooks/dispatcher";
import {
  customerPayload,
  customerRedactPayload,
  dataRequestPayload,
  shopPayload,
  shopRedactPayload,
} from "../webhooks/other-payloads";
import { type ActionSupport, SimulatorActionError } from "./action-support";

export interface CustomerPatch {
  firstName?: string;
  lastName?: string;
  email?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[];
}

export function shopActions(s: ActionSupport, onUninstall: (shop: ShopRecord) => void) {
  return {
    updateCustomer(
      shopDomain: string,
      customerId: string,
      patch: CustomerPatch,
    ): EmitResult & { customer: CustomerRecord } {
      const shop = s.shop(shopDomain);
      const customer = s.customer(shop, customerId);
      if (patch.email) {
        const taken = shop.customers.some(
          (c) => c.id !== customer.id && c.email?.toLowerCase() === patch.email?.toLowerCase(),
        );
        if (taken)
          throw new SimulatorActionError(409, `Email ${patch.email} is already used by another customer`);
      }
      const tags = patch.tags ? normalizeTags(patch.tags) : null;
      const problem = tags && tagProblem(tags);
      if (problem) throw new SimulatorActionError(400, problem);
      if (patch.firstName !== undefined) customer.firstName = patch.firstName;
      if (patch.lastName !== undefined) customer.lastName = patch.lastName;
      if (patch.email !== undefined) customer.email = patch.email || null;
      if (patch.phone !== undefined) customer.phone = patch.phone || null;
      if (patch.note !== undefined) customer.note = patch.note || null;
      if (tags) customer.tags = tags;
      customer.updatedAt = s.nowIso();
      return {
        ...s.commit(shop, [{ topic: "customers/update", payload: customerPayload(shop, customer) }]),
        customer,
      };
    },

    /** Sends app/uninstalled, then revokes every token of the shop. */
    uninstallApp(shopDomain: string): EmitResult & { shop: ShopRecord } {
      const shop = s.shop(shopDomain);
      if (!shop.installed) throw new SimulatorActionError(409, `The app is not installed on ${shop.domain}`);
      const result = s.deps.emit(shop, [
        { topic: "app/uninstalled", payload: shopPayload(shop, s.nowIso()) },
      ]);
      shop.installed = false;
      shop.grantedScopes = "";
      s.deps.store.removeTokens((t) => t.shop === shop.domain);
      onUninstall(shop);
      s.deps.store.changed();
      return { ...result, shop };
    },

    requestCustomerData(
      shopDomain: string,
      customerId: string,
    ): EmitResult & { customer: CustomerRecord; dataRequestId: string } {
      const shop = s.shop(shopDomain);
      const customer = s.customer(shop, customerId);
      const dataRequestId = s.deps.store.allocateId();
      const orderIds = shop.orders.filter((o) => o.customerId === customer.id).map((o) => o.id);
      const payload = dataRequestPayload(shop, customer, orderIds, dataRequestId);
      return { ...s.commit(shop, [{ topic: "customers/data_request", payload }]), customer, dataRequestId };
    },

    /**
     * The merchant erased a customer: Shopify deletes the customer, strips
     * their personal data from orders, and asks the app to do the same.
     */
    redactCustomer(
      shopDomain: string,
      customerId: string,
    ): EmitResult & { customerId: string; redactedOrderIds: string[] } {
      const shop = s.shop(shopDomain);
      const customer = s.customer(shop, customerId);
      const orders = shop.orders.filter((o) => o.customerId === customer.id);
      const payload = customerRedactPayload(
        shop,
        customer,
        orders.map((o) => o.id),
      );
      shop.customers.splice(shop.customers.indexOf(customer), 1);
      shop.metafields = shop.metafields.filter((m) => m.ownerGid !== `gid://shopify/Customer/${customer.id}`);
      for (const order of orders) {
        Object.assign(order, {
          customerId: null,
          email: null,
          phone: null,
          shippingAddress: null,
          billingAddress: null,
        });
      }
      return {
        ...s.commit(shop, [{ topic: "customers/redact", payload }]),
        customerId: customer.id,
        redactedOrderIds: orders.map((o) => o.id),
      };
    },

    /** Shopify sends shop/redact 48 hours after uninstall; here it is sent on demand. */
    redactShop(shopDomain: string): EmitResult & { shop: ShopRecord } {
      const shop = s.shop(shopDomain);
      if (shop.installed)
        throw new SimulatorActionError(
          409,
          `shop/redact is only sent after the app is uninstalled from ${shop.domain}`,
        );
      shop.redactedAt = s.nowIso();
      return { ...s.commit(shop, [{ topic: "shop/redact", payload: shopRedactPayload(shop) }]), shop };
    },
  };
}
