/**
 * The one Admin API version Counterdesk speaks. `shopify.app.toml` repeats it
 * (TOML cannot import) and a test keeps the two equal; the simulator serves it.
 *
 * Pinned to 2026-01 because that is the Admin schema vendored in
 * `vendor/shopify/`, so every document we send is validated against exactly
 * the version we call. Bump both together when a newer schema is vendored.
 */
export const ADMIN_API_VERSION = "2026-01" as const;
export type AdminApiVersion = typeof ADMIN_API_VERSION;
