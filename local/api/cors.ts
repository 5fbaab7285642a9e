import type { IncomingHttpHeaders } from 'node:http';

/** The REST API's CORS configuration (`defaultCorsPreflightOptions` of amplify/api/rest-api.ts). */
export interface CorsConfig {
  /** Allowed origins. */
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

/**
 * The preflight answer of the REST API's MOCK OPTIONS method, as CDK generates it for a list of
 * origins: the request's origin when it is listed, otherwise the first listed origin (so the
 * browser refuses), with `Vary: Origin`.
 */
export function preflightHeaders(
  config: CorsConfig,
  headers: IncomingHttpHeaders,
): Record<string, string> {
  const origin = headers.origin;
  const allowOrigin =
    typeof origin === 'string' && config.allowOrigins.includes(origin)
      ? origin
      : config.allowOrigins[0]!;
  return {
    'access-control-allow-headers': config.allowHeaders.join(','),
    'access-control-allow-origin': allowOrigin,
    vary: 'Origin',
    'access-control-allow-methods': config.allowMethods.join(','),
    'access-control-max-age': String(config.maxAgeSeconds),
  };
}
