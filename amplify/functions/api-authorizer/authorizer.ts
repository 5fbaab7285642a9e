import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { ROUTES } from '../../contract/routes.ts';
import { GROUPS } from '../../contract/groups.ts';
import { FetchError } from 'aws-jwt-verify/error';
import { encodeCaller } from '../shared/authorizer-context.ts';
import { TokenRejectedError, type DenialReason } from './errors.ts';
import { parseBearerToken } from './bearer.ts';
import { createPolicyCache, deniesEverything, stagePrefixOf, type PolicyRoute } from './policy.ts';
import type { AccessTokenVerifier } from './verifier.ts';

const KNOWN_GROUPS: ReadonlySet<string> = new Set(GROUPS);

/** Where denials are reported (Powertools' Logger satisfies it). Never receives the token. */
export interface DenialLog {
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface AuthorizerDependencies {
  readonly verifier: AccessTokenVerifier;
  readonly log: DenialLog;
  /** Defaults to the API's route table. */
  readonly routes?: readonly PolicyRoute[];
}

/** A TOKEN authorizer: API Gateway event in, policy out, or a thrown `Unauthorized` (401). */
export type TokenAuthorizer = (
  event: Pick<APIGatewayTokenAuthorizerEvent, 'authorizationToken' | 'methodArn'>,
) => Promise<APIGatewayAuthorizerResult>;

/**
 * Builds the TOKEN authorizer: strict Bearer parse, access-token verification, then a policy
 * over every route (see `buildPolicy`) and the caller as context for the processors.
 *
 * - Missing or invalid token: throws `TokenRejectedError` (message `Unauthorized`, so 401).
 * - Valid token whose groups may call nothing: a Deny policy (403), logged `NO_ALLOWED_ROUTES`.
 *
 * @example
 * const handler = createTokenAuthorizer({ verifier, log: new Logger() });
 * await handler({ authorizationToken: `Bearer ${jwt}`, methodArn });
 */
export function createTokenAuthorizer({
  verifier,
  log,
  routes = ROUTES,
}: AuthorizerDependencies): TokenAuthorizer {
  const policyFor = createPolicyCache(routes);
  return async (event) => {
    try {
      const stagePrefix = stagePrefixOf(event.methodArn);
      const caller = await verifier.verify(parseBearerToken(event.authorizationToken));
      const policyDocument = policyFor(stagePrefix, caller.groups);
      if (deniesEverything(policyDocument)) {
        log.warn('Access denied', { reason: 'NO_ALLOWED_ROUTES', sub: caller.sub });
      }
      // Only groups the API knows travel on: an unknown name (or one with odd characters) is noise.
      const groups = caller.groups.filter((group) => KNOWN_GROUPS.has(group));
      const context = encodeCaller({ ...caller, groups }, caller.exp);
      return { principalId: caller.sub, policyDocument, context: { ...context } };
    } catch (error) {
      const reason: DenialReason =
        error instanceof TokenRejectedError ? error.reason : 'UNEXPECTED_ERROR';
      const detail = { reason, ...failureDetail(reason, error) };
      if (reason === 'UNEXPECTED_ERROR' || reason === 'JWKS_UNAVAILABLE') {
        log.error('Request not authorized', detail);
      } else {
        log.warn('Request not authorized', detail);
      }
      throw error instanceof TokenRejectedError ? error : new TokenRejectedError(reason);
    }
  };
}

// The reason code says what failed. A library or network failure adds its message (a JWKS
// fetch error says why the endpoint failed); verification errors add nothing, because their
// messages can echo claim values from the token.
function failureDetail(reason: DenialReason, error: unknown): { cause?: string } {
  const cause = error instanceof TokenRejectedError ? error.cause : error;
  if (reason !== 'UNEXPECTED_ERROR' && !(cause instanceof FetchError)) return {};
  return { cause: cause instanceof Error ? cause.message : String(cause) };
}
