/**
 * Why a request was refused. Every denial is logged with exactly one of these codes (never the
 * token), so an operator can tell an expired session from an attack from a broken JWKS.
 */
export type DenialReason =
  /** No `Authorization` header, or an empty one. */
  | 'MISSING_TOKEN'
  /** The header is not exactly `Bearer <header>.<payload>.<signature>`. */
  | 'MALFORMED_HEADER'
  /** The header is longer than `MAX_AUTHORIZATION_HEADER_CHARS`. */
  | 'TOKEN_TOO_LARGE'
  /** The token cannot be decoded as a JWT (non-canonical base64url, bad JSON). */
  | 'MALFORMED_TOKEN'
  /** The signature does not verify against the pool's key. */
  | 'INVALID_SIGNATURE'
  /** The header names an algorithm other than RS256 (e.g. `none`, `HS256`, `RS512`). */
  | 'UNSUPPORTED_ALGORITHM'
  /** The header has no `kid`, or one the JWKS does not hold. */
  | 'UNKNOWN_KEY'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'WRONG_ISSUER'
  | 'WRONG_CLIENT'
  /** `token_use` is not `access` (an ID token was sent). */
  | 'WRONG_TOKEN_USE'
  /** A required claim is missing or has the wrong type (`sub`, `exp`, `cognito:groups`...). */
  | 'INVALID_CLAIMS'
  /** The JWKS could not be fetched (network, timeout, bad response, back-off in effect). */
  | 'JWKS_UNAVAILABLE'
  /** `Bearer mlg_…` or `x-api-key` that is not exactly a key's format. */
  | 'MALFORMED_API_KEY'
  /** No key with that id, or the secret does not match it (told apart nowhere). */
  | 'UNKNOWN_API_KEY'
  | 'API_KEY_REVOKED'
  | 'API_KEY_EXPIRED'
  /** The key table, its secret or the owner's groups could not be read. */
  | 'API_KEY_CHECK_FAILED'
  /** The directory (SCIM on) could not be read for a federated caller's current groups. */
  | 'DIRECTORY_CHECK_FAILED'
  /** The token is valid, but none of the caller's groups may call any route (answered 403). */
  | 'NO_ALLOWED_ROUTES'
  /** The event lacks a well-formed `methodArn` (a gateway or emulator bug, not the caller's). */
  | 'INVALID_EVENT'
  /** Anything the verifier did not classify; logged as an error because it points at a bug. */
  | 'UNEXPECTED_ERROR';

/**
 * A request that must be answered 401. API Gateway turns an authorizer error whose message is
 * exactly `Unauthorized` into a 401 response, so the message is fixed and the reason travels apart.
 */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
  readonly reason: DenialReason;

  constructor(reason: DenialReason, options?: { cause?: unknown }) {
    super('Unauthorized', options);
    this.reason = reason;
  }
}

/** Thrown at init when the authorizer's environment is incomplete or inconsistent. */
export class AuthorizerConfigError extends Error {
  override readonly name = 'AuthorizerConfigError';
}
