import { useLocation } from "@remix-run/react";

/**
 * Shopify admin opens the app with `shop`, `host`, `embedded` and a session
 * token (`id_token`) on the URL. Links inside the app carry them along, so a
 * page opened from a link authenticates like the first one; everything else
 * on the URL belongs to the page and is replaced by the link's own query.
 */
const EMBEDDED_PARAMS = ["shop", "host", "embedded", "id_token", "locale"] as const;

export function embeddedHref(currentSearch: string, path: string, query?: URLSearchParams): string {
  const current = new URLSearchParams(currentSearch);
  const params = new URLSearchParams();
  for (const key of EMBEDDED_PARAMS) {
    const value = current.get(key);
    if (value) params.set(key, value);
  }
  for (const [key, value] of query ?? []) params.append(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function useEmbeddedHref() {
  const { search } = useLocation();
  return (path: string, query?: URLSearchParams) => embeddedHref(search, path, query);
}

/** Hidden inputs that keep the embedded parameters on a GET form's URL. */
export function embeddedFormParams(currentSearch: string): [string, string][] {
  const current = new URLSearchParams(currentSearch);
  return EMBEDDED_PARAMS.flatMap((key) => {
    const value = current.get(key);
    return value ? [[key, value] as [string, string]] : [];
  });
}
