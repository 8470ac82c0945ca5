import { isRouteErrorResponse, useRevalidator } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";

/**
 * The error state of an embedded page: what failed, in words, and a retry
 * that loads the page's data again without leaving it. Shopify's own
 * boundary still handles its authentication responses (redirects out of the
 * iframe), and a 404 reads as "not found" rather than as a failure.
 */
export function RouteError({
  error,
  title,
  notFound,
  backUrl,
}: {
  error: unknown;
  title: string;
  notFound: string;
  backUrl: string;
}) {
  const revalidator = useRevalidator();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title={title} backAction={{ content: "Back", url: backUrl }}>
        <Banner tone="warning">
          <p>{notFound}</p>
        </Banner>
      </Page>
    );
  }
  if (isRouteErrorResponse(error) && error.status < 500) return boundary.error(error);
  const detail = isRouteErrorResponse(error)
    ? `The server answered ${error.status}.`
    : error instanceof Error
      ? error.message
      : "Unknown error.";
  return (
    <Page title={title} backAction={{ content: "Back", url: backUrl }}>
      <Banner
        tone="critical"
        title="This page couldn't be loaded"
        action={{
          content: "Try again",
          onAction: () => revalidator.revalidate(),
          loading: revalidator.state === "loading",
        }}
      >
        <p>{detail} Nothing you saved was lost.</p>
      </Banner>
    </Page>
  );
}
