import type { ActionFunctionArgs } from "@remix-run/node";
import { eraseShop } from "~/shops/shops.server";
import { authenticateWebhook } from "~/webhooks/authenticate.server";

/**
 * The three mandatory privacy topics. Shopify requires a 401 for a bad HMAC
 * (authenticate.webhook throws it) and a 2xx acknowledgement otherwise.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic } = await authenticateWebhook(request);
  switch (topic) {
    case "SHOP_REDACT":
      await eraseShop(shop);
      break;
    case "CUSTOMERS_REDACT":
    case "CUSTOMERS_DATA_REQUEST":
      // Nothing is held per customer yet; customer records arrive with tickets.
      break;
    default:
      console.warn(`[webhooks] compliance endpoint got unexpected topic ${topic} from ${shop}`);
  }
  return new Response(null, { status: 200 });
};
