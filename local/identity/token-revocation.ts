import {
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * Cognito's token revocation (EnableTokenRevocation), which cognito-local lacks: every access
 * and ID token names the refresh token it descends from in `origin_jti` (refreshed tokens keep
 * it), and once that refresh token is revoked (RevokeToken) it can no longer be refreshed
 * ("NotAuthorizedException: Refresh Token has been revoked"). Amplify JS's `signOut()` calls
 * RevokeToken only when the access token carries `origin_jti`.
 * Rules from docs.aws.amazon.com/cognito/latest/developerguide/token-revocation.html and
 * repost.aws/knowledge-center/cognito-revoke-refresh-tokens.
 */

/** Tokens as Cognito's user-pool API returns them (`AuthenticationResult`). */
export interface AuthenticationResult {
  AccessToken?: string;
  IdToken?: string;
  RefreshToken?: string;
  [field: string]: unknown;
}

/** The message Cognito answers a revoked refresh token with. */
export const REVOKED_REFRESH_TOKEN_MESSAGE = 'Refresh Token has been revoked';

/** cognito-local's signing key (a development key shipped in its package, never a secret). */
let signingKey: KeyObject | undefined;
function cognitoLocalKey(): KeyObject {
  if (!signingKey) {
    const { pem } = createRequire(import.meta.url)(
      'cognito-local/lib/keys/cognitoLocal.private.json',
    ) as { pem: string };
    signingKey = createPrivateKey(pem);
  }
  return signingKey;
}

/** Whether cognito-local signed the token (RS256 with its key), so a forged one revokes nothing. */
function isSignedByEmulator(token: string): boolean {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return false;
  return verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    createPublicKey(cognitoLocalKey()),
    Buffer.from(signature, 'base64url'),
  );
}

/** The claims of a JWT, or undefined when it is not one (no signature check). */
function claimsOf(token: string): Record<string, unknown> | undefined {
  try {
    const claims: unknown = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    );
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The session a refresh token belongs to: the `jti` of the sign-in's refresh token, which a
 * rotated successor keeps in `origin_jti`. It is the `origin_jti` of every token they yield.
 */
export function originOf(refreshToken: string): string | undefined {
  const claims = claimsOf(refreshToken);
  const id = claims?.['origin_jti'] ?? claims?.['jti'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The token with `claims` added, signed again with cognito-local's key (same header). */
function withClaims(token: string, added: Record<string, string>): string {
  const [header, , signature] = token.split('.');
  const claims = claimsOf(token);
  if (!header || !signature || !claims) return token;
  const payload = Buffer.from(JSON.stringify({ ...claims, ...added })).toString('base64url');
  const signed = sign('sha256', Buffer.from(`${header}.${payload}`), cognitoLocalKey());
  return `${header}.${payload}.${signed.toString('base64url')}`;
}

const withOriginClaim = (token: string, origin: string) =>
  withClaims(token, { origin_jti: origin });

/**
 * A new refresh token for the same session (refresh token rotation): its own `jti`, the
 * session in `origin_jti` (so RevokeToken on any of them ends the session), the same expiry.
 */
export function successorOf(refreshToken: string): string {
  const origin = originOf(refreshToken);
  if (!origin || !isSignedByEmulator(refreshToken)) {
    throw new Error('Only a refresh token this emulator issued can be rotated');
  }
  return withClaims(refreshToken, { jti: randomUUID(), origin_jti: origin });
}

/**
 * The access and ID tokens of `result` with `origin_jti` set to `origin`, or to the id of the
 * refresh token issued with them (a sign-in).
 */
export function withOrigin<T extends AuthenticationResult>(result: T, origin?: string): T {
  const id = origin ?? (result.RefreshToken ? originOf(result.RefreshToken) : undefined);
  if (!id) return result;
  return {
    ...result,
    ...(result.AccessToken && { AccessToken: withOriginClaim(result.AccessToken, id) }),
    ...(result.IdToken && { IdToken: withOriginClaim(result.IdToken, id) }),
  };
}

/** The refresh tokens revoked since the emulator started (by id), as Cognito keeps them. */
export class RevokedRefreshTokens {
  readonly #origins = new Set<string>();

  /** Revokes the refresh token; a token this emulator did not sign revokes nothing. */
  revoke(refreshToken: string): void {
    const origin = originOf(refreshToken);
    if (origin && isSignedByEmulator(refreshToken)) this.#origins.add(origin);
  }

  has(refreshToken: string): boolean {
    const origin = originOf(refreshToken);
    return origin !== undefined && this.#origins.has(origin);
  }

  readonly #signedOut = new Map<string, number>();

  /**
   * AdminUserGlobalSignOut: every refresh token the user holds now is revoked (cognito-local's
   * own refresh tokens name the user and their issue time).
   */
  signOutUser(username: string, atMs: number): void {
    this.#signedOut.set(username.toLowerCase(), atMs);
  }

  /** True for cognito-local's refresh token of a user signed out since it was issued. */
  signedOut(upstreamRefreshToken: string): boolean {
    if (!isSignedByEmulator(upstreamRefreshToken)) return false;
    const claims = claimsOf(upstreamRefreshToken);
    const username = claims?.['cognito:username'];
    const issuedAt = claims?.['iat'];
    if (typeof username !== 'string' || typeof issuedAt !== 'number') return false;
    const at = this.#signedOut.get(username.toLowerCase());
    return at !== undefined && issuedAt * 1000 <= at;
  }
}
