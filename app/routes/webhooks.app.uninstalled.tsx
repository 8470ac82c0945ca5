import type { ActionFunctionArgs } from "@remix-run/node";
import { recordUninstall } from "~/shops/shops.server";
import { authenticateWebhook } from "~/webhooks/authenticate.server";
import { refuseNonPost } from "~/webhooks/verify.server";

// Shopify may deliver this more than once, and after the sessions are gone;
// recordUninstall is idempotent.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateWebhook(request);
  await recordUninstall(shop);
  return new Response(null, { status: 200 });
};

export const loader = refuseNonPost;
