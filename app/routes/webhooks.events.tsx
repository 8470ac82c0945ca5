import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticateWebhook } from "~/webhooks/authenticate.server";

/**
 * Order, refund and customer events (see shopify.app.toml). The signature is
 * verified here; turning events into tickets is the webhook inbox's job.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  await authenticateWebhook(request);
  return new Response(null, { status: 200 });
};
