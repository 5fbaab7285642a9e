import { TokenRejectedError } from './errors.ts';

/**
 * Longest `Authorization` header accepted, in characters. A Cognito access token is about 1 KB,
 * and a few KB with many groups and custom claims; aws-jwt-verify itself sets no limit (it accepts
 * a validly signed 1.3 MB token), so the cap is applied before any decoding or crypto.
 */
export const MAX_AUTHORIZATION_HEADER_CHARS = 8192;

// Exactly one space, then three non-empty base64url segments: nothing else is a Cognito JWT.
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Extracts the JWT from an `Authorization` header value, strictly: `Bearer <jwt>` and nothing
 * else (no lower-case scheme, no extra spaces, no second token, no padding).
 *
 * @throws TokenRejectedError with `MISSING_TOKEN`, `TOKEN_TOO_LARGE` or `MALFORMED_HEADER`.
 */
export function parseBearerToken(header: string | undefined | null): string {
  if (header === undefined || header === null || header === '') {
    throw new TokenRejectedError('MISSING_TOKEN');
  }
  if (header.length > MAX_AUTHORIZATION_HEADER_CHARS) {
    throw new TokenRejectedError('TOKEN_TOO_LARGE');
  }
  const match = BEARER.exec(header);
  if (!match) throw new TokenRejectedError('MALFORMED_HEADER');
  const token = match[1]!;
  if (!token.split('.').every(isCanonicalBase64url))
    throw new TokenRejectedError('MALFORMED_TOKEN');
  return token;
}

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * True when the segment is the one canonical unpadded base64url spelling of its bytes. Decoders
 * ignore the unused low bits of the last character, so without this check one signed token has
 * several spellings (token malleability) that all verify.
 */
function isCanonicalBase64url(segment: string): boolean {
  const tail = segment.length % 4;
  if (tail === 0) return true;
  if (tail === 1) return false;
  const last = BASE64URL_ALPHABET.indexOf(segment[segment.length - 1]!);
  // 2 chars carry 1 byte (4 spare bits), 3 chars carry 2 bytes (2 spare bits).
  return tail === 2 ? last % 16 === 0 : last % 4 === 0;
}
