import type { IncomingMessage, ServerResponse } from 'node:http';

import { CORS_EXPOSED_HEADERS } from '../../amplify/contract/gateway.ts';
import {
  LENGTH_REQUIRED_METHODS,
  WAF_BLOCK_RESPONSES,
  type WafBlock,
  wafBlockBody,
  type WafBlockResponse,
} from '../../amplify/contract/gateway-errors.ts';

export type { WafBlock };

/** Which of the web ACL's own rules the emulator applies (all by default, as deployed). */
export interface WebAclEmulation {
  /**
   * Refuse POST, PUT and PATCH without `Content-Length` (411), as the ContentLengthRequired rule
   * does. Off only to test what lies behind it: the functions' own byte limits.
   *
   * @default true
   */
  readonly requireContentLength?: boolean;
}

const lengthRequiredMethods: ReadonlySet<string> = new Set(LENGTH_REQUIRED_METHODS);

/**
 * The web ACL's body rules as WAF applies them, on the request's headers only (WAF measures no
 * body): a declared length over `maxBodyBytes` is too large; a body method without a declared
 * length is refused. Returns the block, or undefined to let the request through.
 */
export function wafBodyVerdict(
  request: Pick<IncomingMessage, 'method' | 'headers'>,
  maxBodyBytes: number,
  emulation: WebAclEmulation = {},
): WafBlock | undefined {
  const declared = request.headers['content-length'];
  // WAF matches a missing header as absent and an empty one as size 0: both are "no length".
  if (declared === undefined || declared === '') {
    const required = emulation.requireContentLength ?? true;
    return required && lengthRequiredMethods.has(request.method ?? '')
      ? 'lengthRequired'
      : undefined;
  }
  return Number(declared) > maxBodyBytes ? 'tooLarge' : undefined;
}

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
  const answer: WafBlockResponse = WAF_BLOCK_RESPONSES[block];
  response.writeHead(answer.status, {
    'content-type': 'application/json',
    'access-control-allow-origin': primaryOrigin,
    vary: 'Origin',
    'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(', '),
    ...Object.fromEntries(
      Object.entries(answer.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
  });
  response.end(wafBlockBody(answer));
}
