import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { API_KEY_PATTERN, API_KEY_PREFIX } from '../../contract/api-keys.ts';

/** A new key: the whole secret (shown once) and its public id. */
export interface NewApiKey {
  readonly key: string;
  readonly keyId: string;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** 10 random bytes as 16 lower-case base32 characters (80 bits: ids never collide in practice). */
function randomKeyId(): string {
  let bits = 0;
  let value = 0;
  let id = '';
  for (const byte of randomBytes(10)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      id += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return id;
}

/** Generates a key: `mlg_<16-char id>_<43 base64url characters of 32 random bytes>`. */
export function generateApiKey(): NewApiKey {
  const keyId = randomKeyId();
  return { keyId, key: `${API_KEY_PREFIX}${keyId}_${randomBytes(32).toString('base64url')}` };
}

/** The key's id when `text` has a key's exact format, else undefined (nothing is decoded). */
export function apiKeyIdOf(text: string): string | undefined {
  return API_KEY_PATTERN.exec(text)?.[1];
}

/** True when `text` starts like a key (so it is not taken for a JWT or logged as one). */
export function looksLikeApiKey(text: string): boolean {
  return text.startsWith(API_KEY_PREFIX);
}

/** HMAC-SHA256 of the whole key with the server-side secret, hex: all that is ever stored. */
export function apiKeyHmac(hmacKey: Buffer, key: string): string {
  return createHmac('sha256', hmacKey).update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of a key's HMAC with the stored one. */
export function hmacMatches(hmacKey: Buffer, key: string, storedHex: string): boolean {
  const actual = Buffer.from(apiKeyHmac(hmacKey, key), 'hex');
  const stored = Buffer.from(storedHex, 'hex');
  return stored.length === actual.length && timingSafeEqual(actual, stored);
}

/** What a list shows of a key: its prefix and id, never a character of its secret. */
export function apiKeyHint(keyId: string): string {
  return `${API_KEY_PREFIX}${keyId}_…`;
}
