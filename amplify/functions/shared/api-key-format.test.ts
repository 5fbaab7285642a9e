import { describe, expect, it } from 'vitest';

import { API_KEY_PATTERN, API_KEY_SCANNER_REGEX } from '../../contract/api-keys.ts';
import {
  apiKeyHint,
  apiKeyHmac,
  apiKeyIdOf,
  generateApiKey,
  hmacMatches,
} from './api-key-format.ts';
import { StaticHmacSecret } from './api-key-hmac-secret.ts';

const SECRET = Buffer.from('a server-side secret of 32 bytes or more');

describe('personal API key format', () => {
  it('has the mlg_ prefix, a public id and 32 random bytes, and the id parses back', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { key, keyId } = generateApiKey();
      expect(key).toMatch(API_KEY_PATTERN);
      expect(key).toHaveLength(64);
      expect(apiKeyIdOf(key)).toBe(keyId);
      seen.add(key);
    }
    expect(seen.size).toBe(200);
  });

  it('parses nothing that is not exactly a key', () => {
    const { key } = generateApiKey();
    for (const text of [
      `${key} `,
      ` ${key}`,
      key.slice(0, -1),
      `${key}A`,
      key.toUpperCase(),
      `mlg-${key.slice(4)}`,
    ])
      expect(apiKeyIdOf(text), text).toBeUndefined();
  });

  it('is stored only as an HMAC that needs the server secret and the whole key', () => {
    const { key } = generateApiKey();
    const stored = apiKeyHmac(SECRET, key);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(key.slice(21));
    expect(hmacMatches(SECRET, key, stored)).toBe(true);
    expect(hmacMatches(Buffer.from('another secret of thirty-two bytes!!'), key, stored)).toBe(
      false,
    );
    // One character changed (never to itself: a key ending in A would otherwise match).
    const changed = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(hmacMatches(SECRET, changed, stored)).toBe(false);
    expect(hmacMatches(SECRET, key, 'abcd')).toBe(false);
  });

  it('shows only prefix and id in a hint', () => {
    const { key, keyId } = generateApiKey();
    expect(apiKeyHint(keyId)).toBe(`mlg_${keyId}_…`);
    expect(apiKeyHint(keyId)).not.toContain(key.slice(21, 30));
  });

  it('is found in text by the documented scanner pattern, and nothing shorter is', () => {
    const { key } = generateApiKey();
    const scanner = new RegExp(API_KEY_SCANNER_REGEX, 'g');
    const text = `export OPENAI_API_KEY=${key}\n"apiKey": "${key}", mlg_tooshort_x`;
    expect(text.match(scanner)).toEqual([key, key]);
    expect(`${key}Z`.match(scanner)).toBeNull();
  });

  it('refuses a server secret shorter than 32 bytes', () => {
    expect(() => new StaticHmacSecret('short')).toThrow(/at least 32 bytes/);
  });
});
