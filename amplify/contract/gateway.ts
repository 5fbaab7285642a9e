/**
 * Constants of the REST API that the construct (amplify/api/rest-api.ts), the functions and the
 * local emulator (local/api/server.ts) must agree on.
 */

/** Name of the stage the app calls (`<api url>/v1/ml/...`). */
export const STAGE_NAME = 'v1';

/** How long a browser may cache a CORS preflight answer (`Access-Control-Max-Age`). */
export const CORS_MAX_AGE_SECONDS = 3600;

/** Headers the browser may send (CORS `Access-Control-Allow-Headers`). */
export const CORS_ALLOWED_HEADERS: readonly string[] = ['Authorization', 'Content-Type'];

/**
 * Header the REQUEST authorizer also reads a key from (the Anthropic SDK's `x-api-key`). API
 * Gateway's own usage-plan API keys use the same header name, but only on methods with
 * `apiKeyRequired`, which no method sets, so the header passes through to the authorizer.
 */
export const API_KEY_HEADER_NAME = 'x-api-key';

/** Response headers the browser may show the app: without it a 429's `Retry-After` is hidden. */
export const CORS_EXPOSED_HEADERS: readonly string[] = ['Retry-After'];

/**
 * A valid-looking bearer JWT or personal API key (`mlg_…`, contract/api-keys.ts); anything else
 * is refused without invoking the authorizer.
 */
export const AUTHORIZATION_HEADER_PATTERN =
  '^Bearer ([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+|mlg_[a-z2-7]{16}_[A-Za-z0-9_-]{43})$';

/** The token authorizer function's timeout (amplify/functions/api-authorizer/resource.ts). */
export const AUTHORIZER_TIMEOUT_SECONDS = 5;

/**
 * Longest authorizer result cache API Gateway accepts: `AuthorizerResultTtlInSeconds` "maximum
 * value is 3600" ("AWS::ApiGateway::Authorizer",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-authorizer.html);
 * the deployed TTL is the `authorizerCacheTtlSeconds` setting.
 */
export const AUTHORIZER_CACHE_TTL_MAX_SECONDS = 3600;

/**
 * Longest a function or the authorizer may reuse what it read of the directory or of a key's
 * status: a deactivation, a lost group or a revoked key takes effect within this (issue 16).
 */
export const MAX_ACCESS_CACHE_SECONDS = 60;

/**
 * Share of the stage's throttling rate a streaming route gets: a stream holds a Lambda for up
 * to 15 minutes, so streams are capped to keep concurrency for the short buffered calls.
 */
export const STREAMING_ROUTE_RATE_SHARE = 0.25;

/** API Gateway's ceiling for a buffered (non-streaming) integration, in milliseconds. */
export const BUFFERED_INTEGRATION_TIMEOUT_MS = 29_000;

/** Streaming integrations may run for 15 minutes. */
export const STREAMING_INTEGRATION_TIMEOUT_MS = 15 * 60_000;

/**
 * The origin that static CORS headers (gateway and WAF answers) name: the first HTTPS origin,
 * i.e. the deployed app (explicit origins, then custom domains, then the Amplify domain), so a
 * developer's `http://localhost` on a shared branch never takes it; else the first origin.
 */
export function primaryOrigin(origins: readonly string[]): string {
  const origin = origins.find((o) => o.startsWith('https://')) ?? origins[0];
  if (!origin) throw new Error('primaryOrigin: no allowed origin configured');
  return origin;
}
