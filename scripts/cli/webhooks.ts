import { printRows } from "./output";

const STATUSES = ["pending", "processed", "failed"] as const;

export async function listWebhooks(options: {
  shop?: string;
  status?: string;
  json: boolean;
}): Promise<number> {
  if (options.status && !STATUSES.includes(options.status as (typeof STATUSES)[number])) {
    console.error(`--status must be one of ${STATUSES.join(", ")}`);
    return 2;
  }
  const { listWebhookEventsForOperators } = await import("../../app/webhooks/inbox-listing.server");
  const events = await listWebhookEventsForOperators({
    shop: options.shop,
    status: options.status as (typeof STATUSES)[number] | undefined,
  });
  printRows(
    options.json ? events : events.map(({ webhookId: _w, eventId: _e, processedAt: _p, ...rest }) => rest),
    { json: options.json, empty: "No webhook events match." },
  );
  return 0;
}

export async function retryWebhook(id: string | undefined): Promise<number> {
  if (!id) {
    console.error(
      "Usage: npm run cli -- webhooks retry <event id>   (ids from: webhooks list --status failed)",
    );
    return 2;
  }
  const { requeueEvent } = await import("../../app/webhooks/inbox.server");
  const { stopSender } = await import("../../app/jobs/queues.server");
  try {
    if (!(await requeueEvent(id))) {
      console.error(`No unprocessed webhook event with id ${id}.`);
      return 1;
    }
    console.log(`Queued ${id} again; the worker will process it.`);
    return 0;
  } finally {
    await stopSender();
  }
}
