/**
 * What the web ACL answers when one of our rules blocks, with no CDK import: the construct
 * (web-acl.ts) and the local emulator (local/api/waf.ts) both read it.
 */

/** A block answered in the docs/api.md envelope, so the app shows the right message. */
export interface WafBlockResponse {
  readonly status: number;
  readonly code: string;
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
  // 411 Length Required (RFC 9110, 15.5.12); the envelope code is the one the app already knows.
  lengthRequired: {
    status: 411,
    code: 'BAD_REQUEST',
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
