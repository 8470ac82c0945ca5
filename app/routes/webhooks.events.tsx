import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "~/webhooks/receive.server";
import { refuseNonPost } from "~/webhooks/verify.server";

// Order, refund and customer events (see shopify.app.toml), into the inbox.
export const action = async ({ request }: ActionFunctionArgs) => receiveWebhook(request);
export const loader = refuseNonPost;
