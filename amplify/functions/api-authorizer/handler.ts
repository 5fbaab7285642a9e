import { Logger } from '@aws-lambda-powertools/logger';
import { createTokenAuthorizer } from './authorizer.ts';
import { loadAuthorizerConfig } from './config.ts';
import { createAccessTokenVerifier } from './verifier.ts';

const logger = new Logger({ serviceName: 'api-authorizer' });
const verifier = createAccessTokenVerifier(loadAuthorizerConfig(process.env));

// Hydrate the JWKS once per container. If it is unreachable now, requests retry the fetch
// (with back-off) and are denied meanwhile; the container must not crash.
try {
  await verifier.hydrate();
} catch (error) {
  logger.error('JWKS not loaded at init', {
    reason: 'JWKS_UNAVAILABLE',
    error: (error as Error).name,
  });
}

/** The API Gateway TOKEN authorizer Lambda entry point. */
export const handler = createTokenAuthorizer({ verifier, log: logger });
