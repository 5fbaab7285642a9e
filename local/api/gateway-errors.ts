import type { ServerResponse } from 'node:http';

import { CORS_EXPOSED_HEADERS } from '../../amplify/contract/gateway.ts';
import { GATEWAY_ERRORS } from '../../amplify/contract/gateway-errors.ts';

/** API Gateway's response types the emulator answers by itself (`ResponseType` names). */
export type GatewayErrorType =
  | 'UNAUTHORIZED'
  | 'ACCESS_DENIED'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'REQUEST_TOO_LARGE'
  | 'THROTTLED'
  | 'INTEGRATION_TIMEOUT'
  | 'INTEGRATION_FAILURE'
  | 'AUTHORIZER_FAILURE'
  | 'AUTHORIZER_CONFIGURATION_ERROR'
  | 'DEFAULT_4XX';

/** API Gateway's own messages for each type (`$context.error.message`). */
const MESSAGES: Record<GatewayErrorType, string> = {
  UNAUTHORIZED: 'Unauthorized',
  ACCESS_DENIED: 'User is not authorized to access this resource',
  MISSING_AUTHENTICATION_TOKEN: 'Missing Authentication Token',
  REQUEST_TOO_LARGE: 'Request Too Long',
  THROTTLED: 'Too Many Requests',
  INTEGRATION_TIMEOUT: 'Endpoint request timed out',
  INTEGRATION_FAILURE: 'Internal server error',
  AUTHORIZER_FAILURE: 'Internal server error',
  AUTHORIZER_CONFIGURATION_ERROR: 'Internal server error',
  // The emulator answers it only to a request API Gateway cannot parse (a broken `%` escape).
  DEFAULT_4XX: 'Bad Request',
};

/** API Gateway's default status for a type whose gateway response sets none. */
const DEFAULT_STATUS: Record<GatewayErrorType, number> = {
  UNAUTHORIZED: 401,
  ACCESS_DENIED: 403,
  MISSING_AUTHENTICATION_TOKEN: 403,
  REQUEST_TOO_LARGE: 413,
  THROTTLED: 429,
  INTEGRATION_TIMEOUT: 504,
  INTEGRATION_FAILURE: 502,
  AUTHORIZER_FAILURE: 500,
  AUTHORIZER_CONFIGURATION_ERROR: 500,
  DEFAULT_4XX: 400,
};

/**
 * Answers a gateway-generated error exactly as the deployed gateway responses do
 * (amplify/api/gateway-responses.ts): the configured status, the docs/api.md envelope, and the
 * static CORS headers carrying the primary origin.
 */
export function sendGatewayError(
  response: ServerResponse,
  type: GatewayErrorType,
  context: { readonly requestId: string; readonly primaryOrigin: string },
): void {
  const configured = GATEWAY_ERRORS.find((error) => error.type === type);
  const status = configured?.status ? Number(configured.status) : DEFAULT_STATUS[type];
  const code = configured?.code ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
  const body = JSON.stringify({
    success: false,
    error: { code, message: MESSAGES[type] },
    requestId: context.requestId,
  });
  response.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': context.requestId,
    'x-amzn-errortype': type,
    'access-control-allow-origin': context.primaryOrigin,
    vary: 'Origin',
    'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(', '),
    ...Object.fromEntries(
      Object.entries(configured?.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
  });
  response.end(body);
}
