import { describe, expect, it } from 'vitest';

import { primaryOrigin } from '../contract/gateway.ts';
import { GATEWAY_ERRORS } from '../contract/gateway-errors.ts';
import { errorEnvelopeTemplate } from './gateway-responses.ts';

describe('gateway error responses', () => {
  it('render the docs/api.md envelope once API Gateway fills in its context', () => {
    // API Gateway substitutes `messageString` as a quoted JSON string and `requestId` as text.
    const rendered = errorEnvelopeTemplate('THROTTLED')
      .replace('$context.error.messageString', JSON.stringify('Too Many "Requests"'))
      .replace('$context.requestId', 'c0ffee-1');
    expect(JSON.parse(rendered)).toEqual({
      success: false,
      error: { code: 'THROTTLED', message: 'Too Many "Requests"' },
      requestId: 'c0ffee-1',
    });
  });

  it('define each response type once', () => {
    const types = GATEWAY_ERRORS.map((error) => error.type);
    expect(new Set(types).size).toBe(types.length);
  });

  it('tell the browser when to retry a throttled call', () => {
    const throttled = GATEWAY_ERRORS.find((error) => error.type === 'THROTTLED');
    expect(throttled).toMatchObject({ status: '429', headers: { 'Retry-After': '1' } });
  });
});

describe('primaryOrigin', () => {
  it('prefers the first HTTPS origin over a developer localhost', () => {
    expect(
      primaryOrigin(['http://localhost:4200', 'https://dev.app.amplifyapp.com', 'https://x.io']),
    ).toBe('https://dev.app.amplifyapp.com');
  });

  it('uses the only origin of a sandbox', () => {
    expect(primaryOrigin(['http://localhost:4200'])).toBe('http://localhost:4200');
  });

  it('refuses an empty origin list', () => {
    expect(() => primaryOrigin([])).toThrow(/no allowed origin/);
  });
});
