import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { AUTHORIZATION_HEADER_PATTERN } from '../contract/gateway.ts';
import { parseBearerToken } from '../functions/api-authorizer/bearer.ts';

/** API Gateway's pre-check must never refuse a header the authorizer would accept. */
describe('AUTHORIZATION_HEADER_PATTERN (the gateway pre-check of the token authorizer)', () => {
  const gateway = new RegExp(AUTHORIZATION_HEADER_PATTERN);
  const accepts = (header: string) => {
    try {
      parseBearerToken(header);
      return true;
    } catch {
      return false;
    }
  };
  const segment = (bytes: number) => randomBytes(bytes).toString('base64url');

  it('lets through every header the authorizer parses', () => {
    let parsed = 0;
    for (let bytes = 1; bytes <= 400; bytes += 7) {
      const header = `Bearer ${segment(bytes)}.${segment(bytes * 3)}.${segment(256)}`;
      if (!accepts(header)) continue;
      parsed++;
      expect(gateway.test(header), header).toBe(true);
    }
    expect(parsed).toBeGreaterThan(50);
  });

  it('refuses at the gateway what the authorizer would refuse as malformed', () => {
    for (const header of [
      '',
      'Bearer',
      'Bearer ',
      'bearer a.b.c',
      'Bearer  a.b.c',
      'Bearer a.b',
      'Bearer a.b.c.d',
      'Bearer a.b.c ',
      'Bearer a+b.c.d',
      'Basic dXNlcjpwYXNz',
      'Bearer a.b.c, Bearer d.e.f',
    ]) {
      expect(gateway.test(header), header).toBe(false);
      expect(accepts(header), header).toBe(false);
    }
  });

  it('lets a personal API key through, and nothing that only starts like one', () => {
    const key = `mlg_${'abcdefghijklmnop'}_${randomBytes(32).toString('base64url')}`;
    expect(gateway.test(`Bearer ${key}`)).toBe(true);
    for (const header of [`Bearer ${key}x`, `Bearer ${key.slice(0, -1)}`, `Bearer mlg_`, key])
      expect(gateway.test(header), header).toBe(false);
  });
});
