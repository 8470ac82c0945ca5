/** The programmatic merchant API: everything an operator or test can make "the shop" do. */
import type { ShopRecord } from "../model";
import { type ActionDeps, ActionSupport } from "./action-support";
import { orderActions } from "./order-actions";
import { shopActions } from "./shop-actions";

export { SimulatorActionError } from "./action-support";
export type { CancelOrderInput, CreateOrderInput, OrderActionResult } from "./order-actions";
export type { CustomerPatch } from "./shop-actions";

export type MerchantActions = ReturnType<typeof orderActions> & ReturnType<typeof shopActions>;

export function createMerchantActions(
  deps: ActionDeps,
  onUninstall: (shop: ShopRecord) => void = () => {},
): MerchantActions {
  const support = new ActionSupport(deps);
  return { ...orderActions(support), ...shopActions(support, onUninstall) };
}
