/**
 * Cold-start entry for the authorizer benchmark: the real handler's init (config from the
 * environment, verifier, Powertools Logger) with the JWKS handed over instead of fetched, then
 * one decision. The benchmark bundles it like the Lambda (esbuild, minified) and times a new
 * process from spawn to the "decided" line.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Jwks } from 'aws-jwt-verify/jwk';

import { createTokenAuthorizer } from '../../../amplify/functions/api-authorizer/authorizer.ts';
import { loadAuthorizerConfig } from '../../../amplify/functions/api-authorizer/config.ts';
import { createAccessTokenVerifier } from '../../../amplify/functions/api-authorizer/verifier.ts';

const input = JSON.parse(process.env['BENCH_INPUT']!) as {
  jwks: Jwks;
  token: string;
  methodArn: string;
};
const verifier = createAccessTokenVerifier(loadAuthorizerConfig(process.env));
verifier.cacheJwks(input.jwks);
const handler = createTokenAuthorizer({
  verifier,
  log: new Logger({ serviceName: 'api-authorizer' }),
});
await handler({ authorizationToken: `Bearer ${input.token}`, methodArn: input.methodArn });
process.stdout.write('decided\n');
