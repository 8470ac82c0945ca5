import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";

/**
 * Order, refund and customer events (see shopify.app.toml). The signature is
 * verified here; turning events into tickets is the webhook inbox's job.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  await authenticate.webhook(request);
  return new Response(null, { status: 200 });
};
