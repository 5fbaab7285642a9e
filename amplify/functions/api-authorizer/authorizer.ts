import { FetchError } from 'aws-jwt-verify/error';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';

import { GROUPS } from '../../contract/groups.ts';
import { ROUTES } from '../../contract/routes.ts';
import { encodeCaller } from '../shared/authorizer-context.ts';
import type { DirectoryAccessSource } from '../shared/cached-directory-access.ts';
import { type CurrentAccess, withDirectoryAccess } from '../shared/directory-access.ts';
import type { ApiKeyVerifier } from './api-key-verifier.ts';
import { credentialOf, type CredentialSource } from './credential.ts';
import { type DenialReason, TokenRejectedError } from './errors.ts';
import {
  createPolicyCache,
  deniesEverything,
  type PolicyRoute,
  stagePrefixOf,
} from './iam-policy.ts';
import type { AccessTokenVerifier, VerifiedCaller } from './verifier.ts';

const KNOWN_GROUPS: ReadonlySet<string> = new Set(GROUPS);

/** Where denials are reported (Powertools' Logger satisfies it). Never receives the token. */
export interface DenialLog {
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface AuthorizerDependencies {
  readonly verifier: AccessTokenVerifier;
  /** Personal API keys; without it every key is refused (`UNKNOWN_API_KEY`). */
  readonly apiKeys?: ApiKeyVerifier;
  /**
   * The directory, when access follows it (`directoryAccess.decisions` on): a federated
   * caller's groups are their current directory entry's, not the token's (a deactivated user
   * has none, so every route is denied). Without it, the token's groups decide.
   */
  readonly directory?: DirectoryAccessSource;
  readonly log: DenialLog;
  /** Defaults to the API's route table. */
  readonly routes?: readonly PolicyRoute[];
}

/**
 * What the authorizer reads of an API Gateway event: a TOKEN event's `authorizationToken`, or a
 * REQUEST event's `headers` (the compatible routes, whose keys may come in `x-api-key`).
 */
export type AuthorizerEvent = CredentialSource & { readonly methodArn: string };

/** The authorizer: API Gateway event in, policy out, or a thrown `Unauthorized` (401). */
export type TokenAuthorizer = (event: AuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

/**
 * Builds the authorizer: strict parse of the credential (a Cognito access token, or a personal
 * API key in `Authorization: Bearer` or `x-api-key`), its verification, then a policy over
 * every route (see `buildPolicy`) and the caller as context for the processors.
 *
 * API Gateway caches a TOKEN authorizer's answer by the identity source (the whole
 * `Authorization` value) and applies the cached policy to every method of the stage for the TTL
 * ("Use API Gateway Lambda authorizers",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html).
 * So each answer decides every route for THAT credential: a token's by its groups, a key's by
 * its owner's current groups minus the `signedInOnly` routes (a key never manages keys). A key
 * and a token never share a cache entry (different header values), and the context's `exp` (the
 * token's, or the key's expiry) makes the functions refuse a cached answer that outlived it.
 *
 * - Missing or invalid credential: throws `TokenRejectedError` (message `Unauthorized`, so 401).
 * - Valid credential whose groups may call nothing: a Deny policy (403), logged `NO_ALLOWED_ROUTES`
 *   (a key whose owner lost every group that allows a route).
 *
 * @example
 * const handler = createTokenAuthorizer({ verifier, log: new Logger() });
 * await handler({ authorizationToken: `Bearer ${jwt}`, methodArn });
 */
export function createTokenAuthorizer({
  verifier,
  apiKeys,
  directory,
  log,
  routes = ROUTES,
}: AuthorizerDependencies): TokenAuthorizer {
  const policyFor = createPolicyCache(routes);
  // A key may call no `signedInOnly` route, whatever its owner's groups.
  const policyForKey = createPolicyCache(
    routes.map((route) => (route.signedInOnly ? { ...route, groups: [] } : route)),
  );
  return async (event) => {
    try {
      const stagePrefix = stagePrefixOf(event.methodArn);
      const credential = credentialOf(event);
      let caller: VerifiedCaller;
      if (credential.kind === 'accessToken') {
        caller = await verifier.verify(credential.token);
        if (directory?.decides(caller.username))
          caller = withDirectoryAccess(caller, await directoryEntry(directory, caller.username));
      } else if (!apiKeys) throw new TokenRejectedError('UNKNOWN_API_KEY');
      else caller = await verifyKey(apiKeys, credential.key, credential.keyId);
      const policyDocument = (caller.apiKey ? policyForKey : policyFor)(stagePrefix, caller.groups);
      if (deniesEverything(policyDocument)) {
        log.warn('Access denied', {
          reason: 'NO_ALLOWED_ROUTES',
          sub: caller.sub,
          ...(caller.apiKey ? { keyId: caller.apiKey.keyId } : {}),
        });
      }
      // Only groups the API knows travel on: an unknown name (or one with odd characters) is noise.
      const groups = caller.groups.filter((group) => KNOWN_GROUPS.has(group));
      const context = encodeCaller({ ...caller, groups }, caller.exp);
      return { principalId: caller.sub, policyDocument, context: { ...context } };
    } catch (error) {
      const reason: DenialReason =
        error instanceof TokenRejectedError ? error.reason : 'UNEXPECTED_ERROR';
      const detail = { reason, ...failureDetail(reason, error) };
      if (
        reason === 'UNEXPECTED_ERROR' ||
        reason === 'JWKS_UNAVAILABLE' ||
        reason === 'API_KEY_CHECK_FAILED' ||
        reason === 'DIRECTORY_CHECK_FAILED'
      ) {
        log.error('Request not authorized', detail);
      } else {
        log.warn('Request not authorized', detail);
      }
      throw error instanceof TokenRejectedError ? error : new TokenRejectedError(reason);
    }
  };
}

/** A federated caller's current entry; a failed read refuses the request (never allows it). */
async function directoryEntry(
  directory: DirectoryAccessSource,
  username: string,
): Promise<CurrentAccess> {
  try {
    return await directory.of(username);
  } catch (error) {
    throw new TokenRejectedError('DIRECTORY_CHECK_FAILED', { cause: error });
  }
}

/** A key's verification; a failure to read the table, the secret or the groups is classified. */
async function verifyKey(apiKeys: ApiKeyVerifier, key: string, keyId: string) {
  try {
    return await apiKeys.verify(key, keyId);
  } catch (error) {
    if (error instanceof TokenRejectedError) throw error;
    throw new TokenRejectedError('API_KEY_CHECK_FAILED', { cause: error });
  }
}

// The reason code says what failed. A library or network failure adds its message (a JWKS
// fetch error says why the endpoint failed); verification errors add nothing, because their
// messages can echo claim values from the token.
function failureDetail(reason: DenialReason, error: unknown): { cause?: string } {
  const cause = error instanceof TokenRejectedError ? error.cause : error;
  // An AWS SDK error's name says what failed (AccessDenied, ResourceNotFound) and holds no key.
  if (reason === 'API_KEY_CHECK_FAILED' || reason === 'DIRECTORY_CHECK_FAILED')
    return { cause: cause instanceof Error ? cause.name : 'Error' };
  if (reason !== 'UNEXPECTED_ERROR' && !(cause instanceof FetchError)) return {};
  return { cause: cause instanceof Error ? cause.message : String(cause) };
}
