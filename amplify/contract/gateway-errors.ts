import type { ErrorCode } from './errors.ts';

/**
 * One answer API Gateway gives by itself (before or instead of calling a Lambda), in the
 * envelope: the construct configures it as a gateway response, the emulator answers it.
 */
export interface GatewayError {
  /** API Gateway's response type (`ResponseType` name). */
  readonly type: string;
  /** HTTP status; omitted keeps API Gateway's own status for that response type. */
  readonly status?: string;
  readonly code: ErrorCode;
  /** Extra headers, e.g. `Retry-After` on throttling. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Every gateway-generated error the app can meet, mapped to the envelope and status of
 * docs/api.md. DEFAULT_4XX/5XX catch the types not listed.
 */
export const GATEWAY_ERRORS: readonly GatewayError[] = [
  { type: 'UNAUTHORIZED', status: '401', code: 'UNAUTHORIZED' },
  { type: 'ACCESS_DENIED', status: '403', code: 'FORBIDDEN' },
  { type: 'WAF_FILTERED', status: '403', code: 'FORBIDDEN' },
  // API Gateway answers an unknown path or method with "missing authentication token".
  { type: 'MISSING_AUTHENTICATION_TOKEN', status: '404', code: 'ROUTE_NOT_FOUND' },
  { type: 'RESOURCE_NOT_FOUND', status: '404', code: 'ROUTE_NOT_FOUND' },
  { type: 'BAD_REQUEST_BODY', status: '400', code: 'BAD_REQUEST' },
  { type: 'BAD_REQUEST_PARAMETERS', status: '400', code: 'BAD_REQUEST' },
  { type: 'REQUEST_TOO_LARGE', status: '413', code: 'PAYLOAD_TOO_LARGE' },
  { type: 'UNSUPPORTED_MEDIA_TYPE', status: '415', code: 'UNSUPPORTED_MEDIA_TYPE' },
  // The stage's token bucket refills every second.
  { type: 'THROTTLED', status: '429', code: 'THROTTLED', headers: { 'Retry-After': '1' } },
  { type: 'QUOTA_EXCEEDED', status: '429', code: 'THROTTLED', headers: { 'Retry-After': '60' } },
  { type: 'INTEGRATION_TIMEOUT', status: '504', code: 'UPSTREAM_TIMEOUT' },
  { type: 'INTEGRATION_FAILURE', status: '502', code: 'INTERNAL_ERROR' },
  { type: 'AUTHORIZER_FAILURE', status: '500', code: 'INTERNAL_ERROR' },
  { type: 'AUTHORIZER_CONFIGURATION_ERROR', status: '500', code: 'INTERNAL_ERROR' },
  { type: 'DEFAULT_4XX', code: 'BAD_REQUEST' },
  { type: 'DEFAULT_5XX', code: 'INTERNAL_ERROR' },
];

/** A block the web ACL answers in the envelope, so the app shows the right message. */
export interface WafBlockResponse {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * WAF's own answers for our rules (custom responses take precedence over API Gateway's
 * WAF_FILTERED response, which still answers the managed rule groups' blocks with 403).
 */
export const WAF_BLOCK_RESPONSES = {
  // WAF re-evaluates the per-IP rate over a sliding 5-minute window.
  throttled: {
    status: 429,
    code: 'THROTTLED',
    message: 'Too many requests from this address; retry later',
    headers: { 'Retry-After': '60' },
  },
  tooLarge: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'The request body is larger than the API accepts',
  },
  // 411 Length Required (RFC 9110, 15.5.12).
  lengthRequired: {
    status: 411,
    code: 'LENGTH_REQUIRED',
    message: 'Send the request body with a Content-Length header; chunked bodies are refused',
  },
  forbidden: {
    status: 403,
    code: 'FORBIDDEN',
    message: 'This network may not call the API',
  },
} as const satisfies Record<string, WafBlockResponse>;

/** The web ACL's blocks with an answer of their own. */
export type WafBlock = keyof typeof WAF_BLOCK_RESPONSES;

/**
 * Methods whose requests must declare their body's length: WAF measures a body only through
 * `Content-Length`, so one sent chunked would skip the size rule.
 */
export const LENGTH_REQUIRED_METHODS = ['POST', 'PUT', 'PATCH'] as const;

/** The envelope a block answers with (no request id: WAF answers before API Gateway assigns one). */
export function wafBlockBody(response: WafBlockResponse): string {
  return JSON.stringify({
    success: false,
    error: { code: response.code, message: response.message },
  });
}
