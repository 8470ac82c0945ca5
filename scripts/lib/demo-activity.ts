import type { Simulator } from "../../simulator/server";

/**
 * A morning's worth of store activity for the demo, acted out by the
 * simulator as the merchant: Shopify sends the webhooks, and the app opens
 * and extends tickets exactly as it would for a real store. The choice of
 * orders is deterministic, so restarting the demo repeats the same story
 * (which then changes nothing: the desk already knows it).
 */
export function actOutDemoActivity(simulator: Simulator, shop: string): number {
  const orders = simulator.store.shop(shop)?.orders ?? [];
  const open = orders
    .filter(
      (o) =>
        !o.cancelledAt &&
        o.fulfillments.length === 0 &&
        o.financialStatus === "PAID" &&
        o.refunds.length === 0,
    )
    // The newest orders: Shopify shows an app only the last 60 days of orders
    // (without read_all_orders), and the desk writes notes back to these.
    .sort((a, b) => b.name.localeCompare(a.name));
  if (open.length < 5) return 0;
  const [cancelled, cancelledAgain, refunded, fulfilled, shipped] = open;
  let actions = 0;
  const act = (run: () => unknown) => {
    run();
    actions++;
  };
  act(() => simulator.actions.cancelOrder(shop, cancelled.id, { reason: "customer" }));
  act(() => simulator.actions.cancelOrder(shop, cancelledAgain.id, { reason: "inventory" }));
  act(() => simulator.actions.refundOrder(shop, refunded.id, { amount: "10.00", note: "Damaged packaging" }));
  act(() =>
    simulator.actions.fulfillOrder(shop, fulfilled.id, {
      company: "DHL",
      number: "JJD0099887766",
      url: "https://www.dhl.com/track?id=JJD0099887766",
    }),
  );
  act(() => simulator.actions.refundOrder(shop, shipped.id, { amount: "4.95", note: "Shipping refunded" }));
  act(() => simulator.actions.updateOrderNote(shop, shipped.id, "Customer asked for delivery after 5 pm"));
  act(() => simulator.actions.createOrder(shop, { note: "Please gift-wrap, it's a birthday present" }));
  return actions;
}
