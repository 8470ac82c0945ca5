import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "~/webhooks/receive.server";
import { refuseNonPost } from "~/webhooks/verify.server";

/**
 * The three mandatory privacy topics. Shopify requires a 401 for a bad HMAC
 * and a 2xx acknowledgement otherwise; the export or erasure itself runs in
 * the worker (Shopify allows 30 days).
 */
export const action = async ({ request }: ActionFunctionArgs) => receiveWebhook(request);
export const loader = refuseNonPost;
