import type { ServerResponse } from 'node:http';
import { WAF_BLOCK_RESPONSES } from '../../amplify/contract/gateway-errors.ts';
import { CORS_EXPOSED_HEADERS } from '../../amplify/contract/gateway.ts';

/** The web ACL's block answers the emulator reproduces (configured by amplify/security/web-acl.ts). */
export type WafBlock = keyof typeof WAF_BLOCK_RESPONSES;

/**
 * Answers a request the web ACL blocks, exactly as its custom response: the configured status,
 * body (the envelope without a request id: WAF answers before API Gateway assigns one) and
 * headers, with the primary origin's CORS header.
 */
export function sendWafBlock(
  response: ServerResponse,
  block: WafBlock,
  primaryOrigin: string,
): void {
  const answer: {
    status: number;
    code: string;
    message: string;
    headers?: Record<string, string>;
  } = WAF_BLOCK_RESPONSES[block];
  response.writeHead(answer.status, {
    'content-type': 'application/json',
    'access-control-allow-origin': primaryOrigin,
    vary: 'Origin',
    'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(', '),
    ...Object.fromEntries(
      Object.entries(answer.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
  });
  response.end(
    JSON.stringify({ success: false, error: { code: answer.code, message: answer.message } }),
  );
}
