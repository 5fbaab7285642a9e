/**
 * The API envelope (docs/api.md) as proxy-integration results, shared by the ML processor and
 * the usage API so both answer alike.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';

import type { ErrorBody } from '../../contract/envelope.ts';
import type { ErrorCode } from '../../contract/errors.ts';

/** What an error answer carries; the shared `ApiError` (./api-error.ts) has these. */
export interface EnvelopeError {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
  /** The request field at fault. */
  readonly field?: string;
  /** Seconds for the `Retry-After` header (429). */
  readonly retryAfterSeconds?: number;
  /** Machine-readable particulars of the error (e.g. `BUDGET_EXCEEDED`'s scope and reset). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The error part of the envelope. */
export function errorBody(error: EnvelopeError): ErrorBody {
  return {
    code: error.code,
    message: error.message,
    ...(error.field ? { field: error.field } : {}),
    ...(error.details ? { details: error.details } : {}),
  };
}

/**
 * Headers of every JSON answer: no caching, CORS for an allowed origin only, and the response
 * headers the browser may show the app (`exposedHeaders`).
 */
export function responseHeaders(
  origin: string | undefined,
  allowedOrigins: readonly string[],
  exposedHeaders: readonly string[] = [],
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...(origin && allowedOrigins.includes(origin)
      ? {
          'access-control-allow-origin': origin,
          ...(exposedHeaders.length > 0
            ? { 'access-control-expose-headers': exposedHeaders.join(', ') }
            : {}),
          vary: 'Origin',
        }
      : {}),
  };
}

/** Extra headers an error needs (`Retry-After` for 429). */
export function errorHeaders(error: EnvelopeError): Record<string, string> {
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
  return { statusCode, headers, body: JSON.stringify({ success: true, data, requestId }) };
}

/** A proxy-integration result carrying an error envelope. */
export function errorResult(
  error: EnvelopeError,
  requestId: string,
  headers: Record<string, string>,
): APIGatewayProxyResult {
  return {
    statusCode: error.status,
    headers: { ...headers, ...errorHeaders(error) },
    body: JSON.stringify({ success: false, error: errorBody(error), requestId }),
  };
}
