/** The calling app and its installation on the shop (`app`, `currentAppInstallation`). */
import { createHash } from "node:crypto";
import { gid } from "../ids";
import type { GraphQLContext } from "./context";

const scopeList = (scopes: string) =>
  scopes
    .split(",")
    .filter(Boolean)
    .map((handle) => ({ handle, description: `Access to ${handle.replace(/_/g, " ")}` }));

/** Shopify apps have a numeric id; the simulator derives a stable one from the client id. */
export function appId(apiKey: string): string {
  return String(1_000_000 + (createHash("sha256").update(apiKey).digest().readUInt32BE(0) % 9_000_000));
}

export function installationView(ctx: GraphQLContext) {
  const id = appId(ctx.app.apiKey);
  return {
    __typename: "AppInstallation",
    id: gid("AppInstallation", `${id}${ctx.shop.installGeneration}`),
    // The scopes of this request's token: what the app was actually granted.
    accessScopes: scopeList(ctx.scopes.join(",")),
    launchUrl: `https://admin.shopify.com/store/${ctx.shop.domain.replace(/\.myshopify\.com$/, "")}/apps/${ctx.app.handle ?? id}`,
    uninstallUrl: null,
    app: () => appView(ctx),
  };
}

export function appView(ctx: GraphQLContext) {
  return {
    __typename: "App",
    id: gid("App", appId(ctx.app.apiKey)),
    apiKey: ctx.app.apiKey,
    title: ctx.app.title,
    handle: ctx.app.handle,
    requestedAccessScopes: scopeList(ctx.app.requestedScopes),
    optionalAccessScopes: [],
    installation: () => installationView(ctx),
  };
}
