/**
 * API Gateway authorizer (TOKEN on most routes, REQUEST on the compatible ones). The handler shape of every function (docs/architecture.md,
 * "Function handlers"): configuration validated and the verifier built here, once per container,
 * then `handler(event, context)`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
  Context,
} from 'aws-lambda';

import { directoryAccessFromEnv } from '../shared/access-from-env.ts';
import { apiKeyVerifierFromEnv } from './api-key-dependencies.ts';
import { createTokenAuthorizer } from './authorizer.ts';
import { loadAuthorizerConfig } from './config.ts';
import { createAccessTokenVerifier } from './verifier.ts';

const logger = new Logger({ serviceName: 'api-authorizer' });
const verifier = createAccessTokenVerifier(loadAuthorizerConfig(process.env));
// `DIRECTORY_ACCESS=on` (SCIM configured): federated callers' groups come from the directory.
const directory = directoryAccessFromEnv(process.env);
const apiKeys = apiKeyVerifierFromEnv(process.env, directory);
const authorize = createTokenAuthorizer({
  verifier,
  ...(apiKeys ? { apiKeys } : {}),
  ...(directory ? { directory } : {}),
  log: logger,
});

// The JWKS fetch starts at init; a request that arrives first joins it (the JWKS cache runs one
// fetch per URI). If it fails, requests retry it (with back-off) and are denied meanwhile: the
// container must not crash.
verifier.hydrate().catch((error: unknown) => {
  logger.error('JWKS not loaded at init', {
    reason: 'JWKS_UNAVAILABLE',
    error: (error as Error).name,
  });
});

/** Lambda entry point. */
export async function handler(
  event: APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent,
  context: Context,
): Promise<APIGatewayAuthorizerResult> {
  logger.addContext(context);
  return authorize(
    event.type === 'TOKEN'
      ? { authorizationToken: event.authorizationToken, methodArn: event.methodArn }
      : { headers: event.headers, methodArn: event.methodArn },
  );
}
