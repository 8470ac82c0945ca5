import { config } from "~/config.server";
import { authenticate } from "~/shopify.server";

/**
 * Authenticates a request from an admin UI extension. Admin adds
 * `Authorization: Bearer <session token>` to every extension fetch to the
 * app's URL and `authenticate.admin` verifies it (and answers the CORS
 * preflight). Without the header the library would take the request for a
 * document load and redirect to the login page, which means nothing to a
 * fetch from another origin: answer 401 instead, readable cross-origin.
 */
export async function authenticateExtensionRequest(request: Request) {
  if (request.method !== "OPTIONS" && !/^Bearer \S+/i.test(request.headers.get("Authorization") ?? "")) {
    throw withCors(request, Response.json({ error: "Missing session token" }, { status: 401 }));
  }
  return authenticate.admin(request);
}

// The same headers the library's `cors` helper adds, for the one answer it never sees.
function withCors(request: Request, response: Response): Response {
  const origin = request.headers.get("Origin");
  if (origin && origin !== new URL(config().SHOPIFY_APP_URL).origin) {
    response.headers.set("Access-Control-Allow-Origin", "*");
    response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  }
  return response;
}
