import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recordScopes } from "~/shops/shops.server";
import { authenticateWebhook } from "~/webhooks/authenticate.server";
import { refuseNonPost } from "~/webhooks/verify.server";

const payloadSchema = z.object({ current: z.array(z.string()) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload } = await authenticateWebhook(request);
  const parsed = payloadSchema.safeParse(payload);
  // A signed but unexpected payload is acknowledged (a 5xx would only make
  // Shopify retry the same bytes) and reported.
  if (!parsed.success) {
    console.error(`[webhooks] app/scopes_update for ${shop}: unexpected payload`, parsed.error.issues);
    return new Response(null, { status: 200 });
  }
  await recordScopes(shop, parsed.data.current);
  return new Response(null, { status: 200 });
};

export const loader = refuseNonPost;
