import { describe, expect, it } from 'vitest';

import { MAX_AUTHORIZATION_HEADER_CHARS, parseBearerToken } from './bearer.ts';
import type { TokenRejectedError } from './errors.ts';

const reasonOf = (header: string | null | undefined) => {
  try {
    parseBearerToken(header);
    return 'ACCEPTED';
  } catch (error) {
    return (error as TokenRejectedError).reason;
  }
};

describe('parseBearerToken', () => {
  it('answers MISSING_TOKEN for an absent, null or empty header', () => {
    for (const header of [undefined, null, '']) expect(reasonOf(header)).toBe('MISSING_TOKEN');
  });

  it('reads a header of exactly MAX_AUTHORIZATION_HEADER_CHARS, and refuses one character more', () => {
    const header = (length: number) => {
      const start = 'Bearer AAAA.AAAA.';
      return start + 'A'.repeat(length - start.length);
    };
    // Length 8192 is a multiple of 4, so the last segment is canonical base64url.
    expect(reasonOf(header(MAX_AUTHORIZATION_HEADER_CHARS))).toBe('ACCEPTED');
    expect(reasonOf(header(MAX_AUTHORIZATION_HEADER_CHARS + 1))).toBe('TOKEN_TOO_LARGE');
  });

  it('refuses a segment whose last character sets bits the bytes do not use', () => {
    // Three characters carry two bytes: the last one's two low bits must be zero.
    expect(reasonOf('Bearer AAAA.AAAA.AAE')).toBe('ACCEPTED');
    expect(reasonOf('Bearer AAAA.AAAA.AAF')).toBe('MALFORMED_TOKEN');
    // Two characters carry one byte: the last one's four low bits must be zero.
    expect(reasonOf('Bearer AAAA.AAAA.AQ')).toBe('ACCEPTED');
    expect(reasonOf('Bearer AAAA.AAAA.AR')).toBe('MALFORMED_TOKEN');
    // E (4) would pass the three-character rule, not the two-character one.
    expect(reasonOf('Bearer AAAA.AAAA.AE')).toBe('MALFORMED_TOKEN');
    expect(reasonOf('Bearer AAAA.AAAA.AAAAA')).toBe('MALFORMED_TOKEN');
  });
});
