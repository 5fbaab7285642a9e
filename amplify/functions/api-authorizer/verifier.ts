import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwkValidationError,
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { type Jwks, SimpleJwksCache, SimplePenaltyBox } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

import { ABAC_CLAIMS } from '../../contract/abac-claims.ts';
import type { Caller } from '../shared/authorizer-context.ts';

/** A verified caller with its access token's `exp` (epoch seconds). */
export type VerifiedCaller = Caller & { readonly exp: number };
import type { AuthorizerConfig } from './config.ts';
import { type DenialReason, TokenRejectedError } from './errors.ts';
import { JwksFetcher } from './jwks-fetcher.ts';

/** After a token names a `kid` the freshly fetched JWKS lacks, no refetch for this long. */
const UNKNOWN_KID_REFETCH_INTERVAL_SECONDS = 10;

/** Verifies Cognito access tokens for one user pool and app client. */
export interface AccessTokenVerifier {
  /** Fetches the JWKS now (at init), so the first request does not pay for it. */
  hydrate(): Promise<void>;
  /** Loads a JWKS the caller already has (tests, benchmarks, offline use). */
  cacheJwks(jwks: Jwks): void;
  /**
   * Verifies signature (RS256), `exp`/`nbf`, `iss`, `client_id`, `token_use == access` and the
   * claim types, and returns the caller.
   *
   * @throws TokenRejectedError whose `reason` says what was wrong.
   */
  verify(token: string): Promise<VerifiedCaller>;
}

/**
 * Builds the verifier on aws-jwt-verify's generic `JwtVerifier` with the Cognito field checks,
 * so the same code serves a real pool and the local emulator (whose issuer is not Cognito's).
 */
export function createAccessTokenVerifier(
  config: AuthorizerConfig,
  options: { fetcher?: Fetcher } = {},
): AccessTokenVerifier {
  const verifier = JwtVerifier.create(
    {
      issuer: config.issuer,
      audience: null,
      jwksUri: config.jwksUri,
      customJwtCheck: ({ header, payload }) => {
        // Cognito signs with RS256 only; a JWK without `alg` must not widen that.
        if (header.alg !== 'RS256') throw new TokenRejectedError('UNSUPPORTED_ALGORITHM');
        validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: config.clientId });
      },
    },
    {
      jwksCache: new SimpleJwksCache({
        fetcher: options.fetcher ?? new JwksFetcher({ allowHttp: config.localIssuer }),
        // Stryker disable next-line ObjectLiteral: the library's default wait is also 10 s; ours is explicit
        penaltyBox: new SimplePenaltyBox({ waitSeconds: UNKNOWN_KID_REFETCH_INTERVAL_SECONDS }),
      }),
    },
  );

  async function verifyPayload(token: string): Promise<JwtPayload> {
    try {
      // Fast path: key already cached, no promise round trips.
      return verifier.verifySync(token);
    } catch (error) {
      if (
        // Stryker disable next-line ConditionalExpression: async verify throws the same error again; this only saves time
        error instanceof KidNotFoundInJwksError ||
        error instanceof JwksNotAvailableInCacheError
      ) {
        return verifier.verify(token);
      }
      throw error;
    }
  }

  return {
    hydrate: () => verifier.hydrate(),
    cacheJwks: (jwks) => verifier.cacheJwks(jwks),
    async verify(token) {
      let payload: JwtPayload;
      try {
        payload = await verifyPayload(token);
      } catch (error) {
        throw error instanceof TokenRejectedError
          ? error
          : new TokenRejectedError(denialReasonFor(error), { cause: error });
      }
      return callerFrom(payload);
    },
  };
}

const string = (value: unknown): value is string => typeof value === 'string';

/** Reads the caller from a verified payload, rejecting claims of the wrong shape. */
function callerFrom(payload: JwtPayload): VerifiedCaller {
  const groups = payload['cognito:groups'] ?? [];
  const valid =
    string(payload.sub) &&
    payload.sub !== '' &&
    string(payload['username']) &&
    typeof payload.exp === 'number' &&
    typeof payload.iat === 'number' &&
    Array.isArray(groups) &&
    groups.every(string) &&
    (payload['email'] === undefined || string(payload['email']));
  if (!valid) throw new TokenRejectedError('INVALID_CLAIMS');
  const claims: Record<string, string> = {};
  for (const name of Object.keys(ABAC_CLAIMS)) {
    const value = payload[name];
    if (value === undefined) continue;
    if (!string(value)) throw new TokenRejectedError('INVALID_CLAIMS');
    claims[name] = value;
  }
  return {
    sub: payload.sub as string,
    username: payload['username'] as string,
    email: (payload['email'] as string | undefined) ?? '',
    groups: groups as string[],
    claims,
    exp: payload.exp as number,
  };
}

// Most specific classes first: several extend JwtInvalidClaimError or FetchError.
const REASONS: readonly [abstract new (...args: never[]) => Error, DenialReason][] = [
  [JwtExpiredError, 'TOKEN_EXPIRED'],
  [JwtNotBeforeError, 'TOKEN_NOT_YET_VALID'],
  [JwtInvalidIssuerError, 'WRONG_ISSUER'],
  [CognitoJwtInvalidClientIdError, 'WRONG_CLIENT'],
  [CognitoJwtInvalidTokenUseError, 'WRONG_TOKEN_USE'],
  [JwtInvalidSignatureAlgorithmError, 'UNSUPPORTED_ALGORITHM'],
  [JwtInvalidSignatureError, 'INVALID_SIGNATURE'],
  [JwtWithoutValidKidError, 'UNKNOWN_KEY'],
  [KidNotFoundInJwksError, 'UNKNOWN_KEY'],
  [WaitPeriodNotYetEndedJwkError, 'UNKNOWN_KEY'],
  [FetchError, 'JWKS_UNAVAILABLE'],
  [JwksValidationError, 'JWKS_UNAVAILABLE'],
  [JwkValidationError, 'JWKS_UNAVAILABLE'],
  [JwtParseError, 'MALFORMED_TOKEN'],
  [JwtBaseError, 'INVALID_CLAIMS'],
];

/** Maps an aws-jwt-verify error to the denial reason that is logged. */
function denialReasonFor(error: unknown): DenialReason {
  for (const [type, reason] of REASONS) if (error instanceof type) return reason;
  return 'UNEXPECTED_ERROR';
}
