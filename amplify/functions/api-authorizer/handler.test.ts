import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadAuthorizerConfig } from './config.ts';
import { AuthorizerConfigError } from './errors.ts';
import {
  TEST_CLIENT_ID,
  TEST_POOL_ID,
  TestTokenIssuer,
  createSigningKey,
  startJwksServer,
  type JwksServer,
} from './testing/cognito-tokens.ts';

const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod/GET/ml/models';

describe('the Lambda entry point', () => {
  let jwks: JwksServer;
  const key = createSigningKey('entry-key');

  beforeAll(async () => {
    jwks = await startJwksServer([key.jwk]);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await jwks.close();
  });

  it('reads its environment, hydrates the JWKS at init and authorizes a TOKEN event', async () => {
    const issuer = new TestTokenIssuer(jwks.origin, key);
    const env = {
      USER_POOL_ID: TEST_POOL_ID,
      USER_POOL_CLIENT_ID: TEST_CLIENT_ID,
      JWT_ISSUER: issuer.issuer,
      JWKS_URI: jwks.jwksUri,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const { handler } = await import('./handler.ts');
    expect(jwks.hits).toBe(1);
    const result = await handler({
      authorizationToken: `Bearer ${issuer.accessToken({ 'cognito:groups': ['ReadOnly'] })}`,
      methodArn: METHOD_ARN,
    });
    expect(result.context?.['groups']).toBe('["ReadOnly"]');
    await expect(
      handler({ authorizationToken: 'Bearer x.y.z', methodArn: METHOD_ARN }),
    ).rejects.toThrow(/^Unauthorized$/);
    expect(jwks.hits).toBe(1);
  });
});

describe('loadAuthorizerConfig', () => {
  const base = { USER_POOL_ID: 'eu-west-1_Abc123', USER_POOL_CLIENT_ID: 'client' };

  it('derives the Cognito issuer and JWKS URI from the pool id', () => {
    expect(loadAuthorizerConfig(base)).toEqual({
      userPoolId: 'eu-west-1_Abc123',
      clientId: 'client',
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc123',
      jwksUri: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc123/.well-known/jwks.json',
      localIssuer: false,
    });
  });

  it.each([
    [{ USER_POOL_CLIENT_ID: 'client' }, /USER_POOL_ID is required/],
    [{ USER_POOL_ID: 'eu-west-1_Abc123' }, /USER_POOL_CLIENT_ID is required/],
    [{ ...base, USER_POOL_ID: 'not a pool' }, /USER_POOL_ID must look like/],
    [
      { ...base, JWT_ISSUER: 'http://127.0.0.1:9229/local_x' },
      /JWT_ISSUER and JWKS_URI go together/,
    ],
    [
      { ...base, JWT_ISSUER: 'ftp://x/y', JWKS_URI: 'http://127.0.0.1/j' },
      /JWT_ISSUER must be an http/,
    ],
    [{ ...base, JWT_ISSUER: 'http://127.0.0.1/x', JWKS_URI: 'nope' }, /JWKS_URI must be an http/],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => loadAuthorizerConfig(env)).toThrow(AuthorizerConfigError);
    expect(() => loadAuthorizerConfig(env)).toThrow(message);
  });
});
