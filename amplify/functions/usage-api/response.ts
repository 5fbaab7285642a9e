import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ApiError } from './errors.ts';

/** Headers of every answer: JSON, never cached, CORS for an allowed origin only. */
export function responseHeaders(
  origin: string | undefined,
  allowedOrigins: readonly string[],
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...(origin && allowedOrigins.includes(origin)
      ? { 'access-control-allow-origin': origin, vary: 'Origin' }
      : {}),
  };
}

/** A success envelope (docs/api.md). */
export function success(
  data: unknown,
  requestId: string,
  headers: Record<string, string>,
  statusCode = 200,
): APIGatewayProxyResult {
  return { statusCode, headers, body: JSON.stringify({ success: true, data, requestId }) };
}

/** An error envelope (docs/api.md). */
export function failure(
  error: ApiError,
  requestId: string,
  headers: Record<string, string>,
): APIGatewayProxyResult {
  return {
    statusCode: error.status,
    headers,
    body: JSON.stringify({
      success: false,
      error: {
        code: error.code,
        message: error.message,
        ...(error.field ? { field: error.field } : {}),
      },
      requestId,
    }),
  };
}
