import type { IncomingMessage, ServerResponse } from "node:http";
import { type VerifiedDelivery, verifyDelivery } from "./verify.server";

/**
 * The inbox's front door on the Node server: deliveries to the inbox's
 * paths are answered here, before express and Remix. Each delivery is only
 * verified and stored, and express, Remix's conversion to a web Request and
 * its match against the whole route tree cost more CPU than both; at
 * hundreds of deliveries a second that CPU, on the thread that also serves
 * agents, became the acknowledgement's latency. The Remix routes of the
 * same paths (webhooks.events, webhooks.compliance) verify and store the
 * same way, for servers without this front door.
 */
export const INBOX_PATHS: ReadonlySet<string> = new Set(["/webhooks/events", "/webhooks/compliance"]);

/** Shopify's payloads are far smaller; a larger body is refused before it is buffered. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Whether the front door answers this request: any request to an inbox
 * path (anything but a POST gets 405); everything else goes to Remix.
 */
export function isInboxDelivery(req: IncomingMessage): boolean {
  if (!req.url) return false;
  const query = req.url.indexOf("?");
  return INBOX_PATHS.has(query === -1 ? req.url : req.url.slice(0, query));
}

export interface InboxFrontOptions {
  /** The app's client secret, which Shopify signs deliveries with. */
  secret: string;
  /** Stores a verified delivery (acceptDelivery; the bench's bare route stores nothing). */
  accept(delivery: VerifiedDelivery): Promise<unknown>;
}

/** Verifies, stores and acknowledges one delivery. */
export async function handleInboxDelivery(
  req: IncomingMessage,
  res: ServerResponse,
  { secret, accept }: InboxFrontOptions,
): Promise<void> {
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (error) {
    const tooLarge = error instanceof BodyTooLargeError;
    answer(res, tooLarge ? 413 : 400, tooLarge ? "Payload Too Large" : "Bad Request");
    if (tooLarge) req.destroy();
    return;
  }
  const result = verifyDelivery(
    { method: req.method ?? "", header: (name) => headerValue(req.headers[name]), body },
    secret,
  );
  if (!result.valid)
    return answer(res, result.status, result.message, result.status === 405 ? { Allow: "POST" } : {});
  try {
    await accept(result.delivery);
  } catch (error) {
    // Shopify retries a 5xx: nothing is lost, the retry is stored once.
    console.error("[inbox] a delivery could not be stored:", error);
    return answer(res, 500, "Internal Server Error");
  }
  answer(res, 200);
}

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > MAX_BODY_BYTES) return reject(new BodyTooLargeError());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new BodyTooLargeError());
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

function answer(
  res: ServerResponse,
  status: number,
  message?: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const body = message ?? "";
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
