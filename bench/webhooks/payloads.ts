/**
 * Webhook bodies as the webhook bench sends them: the simulator's merchant
 * actions on a seeded shop, without the bench's deliberate duplicates.
 * For the benches that store deliveries without sending them over HTTP.
 */
import { startSimulator } from "../../simulator/server";
import { API_KEY, API_SECRET, SHOP } from "./stack";
import { type Delivery, Traffic } from "./traffic";

export async function webhookBodies(count: number): Promise<Delivery[]> {
  const simulator = await startSimulator({
    port: 0,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appUrl: "http://127.0.0.1:1",
  });
  try {
    const traffic = new Traffic({
      store: simulator.store,
      shop: SHOP,
      apiSecret: API_SECRET,
      appUrl: "http://127.0.0.1:1",
    });
    return traffic.generate(count, Date.now(), 1_000).deliveries.filter((d) => !d.duplicate);
  } finally {
    await simulator.close();
  }
}
