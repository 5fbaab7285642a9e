/**
 * Personal API keys (docs/programmatic-access.md): the key's format and the shapes of the key
 * routes, shared by the usage API, the authorizer, the app and the tests.
 */

/** Every key starts with this, so people, secret scanners and the authorizer recognise one. */
export const API_KEY_PREFIX = 'mlg_';

/**
 * A key: the prefix, a 16-character public id (lower-case base32), `_`, and 43 base64url
 * characters of secret (32 random bytes). Only the id is ever stored or shown again.
 */
export const API_KEY_PATTERN = /^mlg_([a-z2-7]{16})_([A-Za-z0-9_-]{43})$/;

/**
 * The leaked-key scanner pattern (docs/programmatic-access.md, "If a key leaks"): the same
 * format anywhere in a text, not followed by another key character.
 */
export const API_KEY_SCANNER_REGEX = 'mlg_[a-z2-7]{16}_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])';

/** `{keyId}` of the key routes: the public part of a key. */
export const API_KEY_ID_PATTERN = /^[a-z2-7]{16}$/;

/** The header the Anthropic SDK sends its key in (the OpenAI SDK sends `Authorization: Bearer`). */
export const API_KEY_HEADER = 'x-api-key';

/**
 * A key's own monthly budget. It adds to the owner's budgets (which still apply), so it can only
 * narrow what the key may spend; at creation each limit must be at most the owner's.
 */
export interface ApiKeyBudget {
  /** US dollars per UTC calendar month, at the price book's prices. */
  readonly usdPerMonth?: number;
  /** Tokens (input + output + cache) per UTC calendar month. */
  readonly tokensPerMonth?: number;
}

/** Whether a key works now. */
export type ApiKeyStatus = 'active' | 'expired' | 'revoked';

/** A key as the list routes show it: never its secret. */
export interface ApiKeySummary {
  readonly keyId: string;
  readonly name: string;
  /** Model ids the key may call (a subset of what the owner may use). */
  readonly models: readonly string[];
  /** ISO 8601 times. */
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
  readonly budget?: ApiKeyBudget;
  readonly status: ApiKeyStatus;
  /** `mlg_<keyId>_…`: what the key starts with, to recognise it. */
  readonly hint: string;
  /** The owner (in the Administrators' list). */
  readonly owner?: { readonly sub: string; readonly username: string };
}

/** `POST /keys` answer: the summary and the key itself, shown this once. */
export interface CreatedApiKey extends ApiKeySummary {
  readonly secret: string;
}

/** `GET /keys` and `GET /admin/keys`. */
export interface ApiKeyList {
  readonly keys: readonly ApiKeySummary[];
}

/** What a key may be given at creation: the key settings the app shows (`GET /keys`). */
export interface ApiKeyLimits {
  readonly defaultExpiryDays: number;
  readonly maxExpiryDays: number;
}
