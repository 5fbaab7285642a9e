import { successorOf } from './token-revocation.ts';

/**
 * Cognito's refresh token rotation, as the app client has it (RefreshTokenRotation ENABLED) and
 * cognito-local lacks: each refresh answers a new refresh token, and the one sent stops working
 * once the retry grace period is over (then Cognito throws RefreshTokenReuseException).
 * REFRESH_TOKEN_AUTH is not allowed with rotation on; only GetTokensFromRefreshToken and the
 * token endpoint's refresh_token grant refresh. Rules from
 * docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RefreshTokenRotationType.html
 * and docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html.
 *
 * cognito-local only knows the sign-in's refresh token, so each successor maps back to it.
 */

/** The app client's RetryGracePeriodSeconds (REFRESH_ROTATION_GRACE_SECONDS; a test keeps them equal). */
export const ROTATION_GRACE_SECONDS = 10;

/** The error Cognito answers a rotated-out refresh token with. */
export const REFRESH_TOKEN_REUSE = {
  type: 'RefreshTokenReuseException',
  message: 'The refresh token has been replaced by a newer one',
} as const;

/** A refresh token was used after it was rotated out and its grace period ended. */
export class RefreshTokenReusedError extends Error {
  override readonly name = 'RefreshTokenReusedError';
}

export class RefreshTokenRotation {
  /** A successor → the sign-in's refresh token that cognito-local can refresh. */
  readonly #upstream = new Map<string, string>();
  /** A rotated-out refresh token → when it was rotated out (ms). */
  readonly #retiredAt = new Map<string, number>();

  readonly #graceMs: number;
  readonly #now: () => number;

  constructor(graceMs = ROTATION_GRACE_SECONDS * 1000, now: () => number = Date.now) {
    this.#graceMs = graceMs;
    this.#now = now;
  }

  /**
   * The refresh token to send cognito-local for `refreshToken`.
   * @throws RefreshTokenReusedError when it was rotated out more than the grace period ago.
   */
  upstreamOf(refreshToken: string): string {
    const retiredAt = this.#retiredAt.get(refreshToken);
    if (retiredAt !== undefined && this.#now() - retiredAt > this.#graceMs) {
      throw new RefreshTokenReusedError(REFRESH_TOKEN_REUSE.message);
    }
    return this.#upstream.get(refreshToken) ?? refreshToken;
  }

  /** A new refresh token for the session of `refreshToken`, which is rotated out from now. */
  rotate(refreshToken: string): string {
    const successor = successorOf(refreshToken);
    this.#upstream.set(successor, this.upstreamOf(refreshToken));
    // A retry within the grace period rotates again but does not restart the period.
    if (!this.#retiredAt.has(refreshToken)) this.#retiredAt.set(refreshToken, this.#now());
    return successor;
  }
}
