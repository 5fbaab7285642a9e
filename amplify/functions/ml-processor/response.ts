import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ApiError } from './errors.ts';

/** The API envelope (docs/api.md). */
export type Envelope =
  | { success: true; data: unknown; requestId: string }
  | {
      success: false;
      error: { code: string; message: string; field?: string };
      requestId: string;
    };

/** The error part of the envelope. */
export function errorBody(error: ApiError): { code: string; message: string; field?: string } {
  return {
    code: error.code,
    message: error.message,
    ...(error.field ? { field: error.field } : {}),
  };
}

/** Headers of every JSON answer: no caching, CORS for an allowed origin, Retry-After on 429. */
export function responseHeaders(
  origin: string | undefined,
  allowedOrigins: readonly string[],
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...(origin && allowedOrigins.includes(origin)
      ? {
          'access-control-allow-origin': origin,
          // Without this the browser hides Retry-After from the app on a 429.
          'access-control-expose-headers': 'Retry-After',
          vary: 'Origin',
        }
      : {}),
    ...extra,
  };
}

/** Extra headers an error needs (`Retry-After` for 429). */
export function errorHeaders(error: ApiError): Record<string, string> {
  return error.retryAfterSeconds !== undefined
    ? { 'retry-after': String(error.retryAfterSeconds) }
    : {};
}

/** A proxy-integration result carrying a success envelope. */
export function successResult(
  data: unknown,
  requestId: string,
  headers: Record<string, string>,
  statusCode = 200,
): APIGatewayProxyResult {
  const body: Envelope = { success: true, data, requestId };
  return { statusCode, headers, body: JSON.stringify(body) };
}

/** A proxy-integration result carrying an error envelope. */
export function errorResult(
  error: ApiError,
  requestId: string,
  headers: Record<string, string>,
): APIGatewayProxyResult {
  const body: Envelope = { success: false, error: errorBody(error), requestId };
  return {
    statusCode: error.status,
    headers: { ...headers, ...errorHeaders(error) },
    body: JSON.stringify(body),
  };
}
