/**
 * The one source of the app's HTTP security headers. Amplify Hosting serves them through
 * `customHttp.yml` (generated from this module by `scripts/hosting/custom-http.ts`), the production
 * build narrows `connect-src` to the exact hosts of its environment
 * (`scripts/hosting/environment-csp.ts`), and local mode's
 * static server calls `localSecurityHeaders` with its own origins.
 */

/** Thrown when a `connect-src` source would weaken the policy (a wildcard, a bare scheme...). */
export class InvalidCspSourceError extends Error {
  override readonly name = 'InvalidCspSourceError';
}

/** HTTP response headers by name. */
export type SecurityHeaders = Readonly<Record<string, string>>;

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const HTTPS_HOST = /^https:\/\/(\*\.)?((?:[a-z0-9-]+\.)+[a-z0-9-]+)(:\d+)?$/;
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d+$/;
// A wildcard may only stand for one service's hosts (`*.execute-api.<region>.amazonaws.com`),
// never for a whole domain that anyone can register a host under (`*.amazonaws.com`).
const MIN_LABELS_AFTER_WILDCARD = 4;

/** Where the app is served: deployed (https only) or local mode (loopback origins too). */
type Serving = 'deployed' | 'local';

function isAllowedSource(source: string, serving: Serving): boolean {
  if (serving === 'local' && LOOPBACK_ORIGIN.test(source)) return true;
  const match = HTTPS_HOST.exec(source);
  if (!match) return false;
  return !match[1] || match[2]!.split('.').length >= MIN_LABELS_AFTER_WILDCARD;
}

function checkSources(sources: readonly string[], serving: Serving): void {
  const bad = sources.find((source) => !isAllowedSource(source, serving));
  if (bad === undefined) return;
  throw new InvalidCspSourceError(
    `connect-src source "${bad}" is not allowed: use https://host, or ` +
      `https://*.<at least ${MIN_LABELS_AFTER_WILDCARD} labels> for one service's hosts` +
      (serving === 'local' ? ', or a loopback origin with a port' : ''),
  );
}

/**
 * The Content-Security-Policy. Scripts only from the app's origin, no inline script and no
 * `eval`; the app may call only itself and `connectSources`; no page may frame it.
 */
export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Angular inserts component styles as <style> elements at run time; a static host cannot
    // issue the per-response nonce that would replace 'unsafe-inline' here (scripts stay strict).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectSources].join(' '),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response of the app carries, whatever its host. */
function commonHeaders(connectSources: readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(connectSources),
    'X-Content-Type-Options': 'nosniff',
    // Legacy twin of frame-ancestors for browsers that predate CSP level 2.
    'X-Frame-Options': 'DENY',
    // The OAuth callback URL carries the authorization code: never send it to another site.
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy':
      'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/**
 * The hosts an environment's app talks to in `region`, as CSP sources: its REST API
 * (execute-api), the Cognito user pool API, the identity pool API and the hosted-UI domain.
 * Host patterns, because one Amplify app's headers serve every branch and each branch's API id
 * and auth domain are known only after its deploy; `scripts/hosting/environment-csp.ts` narrows
 * them per build.
 */
export function regionConnectSources(region: string): string[] {
  if (!AWS_REGION.test(region))
    throw new InvalidCspSourceError(`"${region}" is not an AWS region name (like eu-west-1)`);
  return [
    `https://*.execute-api.${region}.amazonaws.com`,
    `https://cognito-idp.${region}.amazonaws.com`,
    `https://cognito-identity.${region}.amazonaws.com`,
    `https://*.auth.${region}.amazoncognito.com`,
  ];
}

/** The headers Amplify Hosting serves for the deployed app (every branch of one app). */
export function hostedSecurityHeaders(connectSources: readonly string[]): SecurityHeaders {
  checkSources(connectSources, 'deployed');
  return {
    ...commonHeaders(connectSources),
    'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  };
}

/**
 * The same headers for local mode, whose API and Cognito emulator run on loopback ports.
 * Without HSTS: pinning `localhost` to https would break every other local http server the
 * developer runs for the next two years (browsers ignore HSTS over http anyway).
 *
 * @example localSecurityHeaders(['http://127.0.0.1:3100', 'https://localhost:8443'])
 */
export function localSecurityHeaders(connectOrigins: readonly string[]): SecurityHeaders {
  checkSources(connectOrigins, 'local');
  return commonHeaders(connectOrigins);
}
