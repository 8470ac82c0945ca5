import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { recordUninstall } from "~/shops/shops.server";

// Shopify may deliver this more than once, and after the sessions are gone;
// recordUninstall is idempotent.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticate.webhook(request);
  await recordUninstall(shop);
  return new Response(null, { status: 200 });
};
