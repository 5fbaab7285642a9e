import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  createSigningKey,
  type JwksServer,
  startJwksServer,
  TEST_CLIENT_ID,
  TEST_POOL_ID,
  TestTokenIssuer,
} from '../../../tests/support/cognito-tokens.ts';
import { loadAuthorizerConfig } from './config.ts';
import { AuthorizerConfigError, TokenRejectedError } from './errors.ts';

const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod/GET/ml/models';
const CONTEXT = { functionName: 'api-authorizer', awsRequestId: 'lambda-request-3' } as Context;
const tokenEvent = (authorizationToken: string) => ({
  type: 'TOKEN' as const,
  authorizationToken,
  methodArn: METHOD_ARN,
});

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

  it('reads its environment, starts the JWKS fetch at init and authorizes a TOKEN event', async () => {
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
    // The first request, sent while the init fetch may still run, joins it: one fetch in all.
    const result = await handler(
      tokenEvent(`Bearer ${issuer.accessToken({ 'cognito:groups': ['ReadOnly'] })}`),
      CONTEXT,
    );
    expect(result.context?.['groups']).toBe('["ReadOnly"]');
    await expect(handler(tokenEvent('Bearer x.y.z'), CONTEXT)).rejects.toThrow(/^Unauthorized$/);
    expect(jwks.hits).toBe(1);
  });

  it('authorizes a REQUEST event (the compatible routes) from its headers', async () => {
    const issuer = new TestTokenIssuer(jwks.origin, key);
    const { handler } = await import('./handler.ts');
    const token = issuer.accessToken({ 'cognito:groups': ['MLUsers'] });
    const request = (headers: Record<string, string>) =>
      ({
        type: 'REQUEST',
        methodArn: METHOD_ARN,
        headers,
      }) as unknown as Parameters<typeof handler>[0];
    const viaApiKeyHeader = await handler(request({ 'x-api-key': token }), CONTEXT);
    expect(viaApiKeyHeader.context?.['groups']).toBe('["MLUsers"]');
    await expect(handler(request({}), CONTEXT)).rejects.toThrow(/^Unauthorized$/);
  });
});

describe('the Lambda entry point with the JWKS unreachable at init', () => {
  afterAll(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('still starts, and logs the failure as an error of the api-authorizer service', async () => {
    const lines: string[] = [];
    // With POWERTOOLS_DEV the logger writes through the global console, where a spy sees it.
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    const key = createSigningKey('unreachable-key');
    const issuer = new TestTokenIssuer('http://127.0.0.1:9', key);
    const env = {
      USER_POOL_ID: TEST_POOL_ID,
      USER_POOL_CLIENT_ID: TEST_CLIENT_ID,
      JWT_ISSUER: issuer.issuer,
      // Port 9 (discard) has nothing listening here: the fetch fails at once.
      JWKS_URI: `http://127.0.0.1:9/${TEST_POOL_ID}/.well-known/jwks.json`,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_DEV: 'true',
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    vi.resetModules();
    const { handler } = await import('./handler.ts');
    expect(typeof handler).toBe('function');
    await vi.waitFor(() => expect(lines).toHaveLength(1));
    // A request while the JWKS is unavailable is denied, logged with the Lambda context.
    await expect(handler(tokenEvent(`Bearer ${issuer.accessToken()}`), CONTEXT)).rejects.toThrow(
      /^Unauthorized$/,
    );
    vi.mocked(console.error).mockRestore();
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'JWKS not loaded at init',
        service: 'api-authorizer',
        reason: 'JWKS_UNAVAILABLE',
        error: expect.stringMatching(/Error$/),
      }),
      expect.objectContaining({
        level: 'ERROR',
        message: 'Request not authorized',
        reason: 'JWKS_UNAVAILABLE',
        function_request_id: 'lambda-request-3',
        function_name: 'api-authorizer',
      }),
    ]);
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

describe('loadAuthorizerConfig, exactly', () => {
  const base = { USER_POOL_ID: 'eu-west-1_Abc123', USER_POOL_CLIENT_ID: 'client' };

  it('trims every variable it reads', () => {
    expect(
      loadAuthorizerConfig({
        USER_POOL_ID: '  eu-west-1_Abc123 ',
        USER_POOL_CLIENT_ID: ' client ',
        JWT_ISSUER: ' https://idp.example.com/local_x ',
        JWKS_URI: ' https://idp.example.com/local_x/.well-known/jwks.json ',
      }),
    ).toEqual({
      userPoolId: 'eu-west-1_Abc123',
      clientId: 'client',
      issuer: 'https://idp.example.com/local_x',
      jwksUri: 'https://idp.example.com/local_x/.well-known/jwks.json',
      localIssuer: true,
    });
  });

  it('takes a pool id only when all of it is <region>_<id>', () => {
    for (const id of ['EU-WEST-1_Abc123', 'eu-west-1_Abc123!', 'eu west-1_Abc123'])
      expect(() => loadAuthorizerConfig({ ...base, USER_POOL_ID: id }), id).toThrow(
        /USER_POOL_ID must look like/,
      );
  });

  it('names each error class', () => {
    expect(new AuthorizerConfigError('x').name).toBe('AuthorizerConfigError');
    expect(new TokenRejectedError('MISSING_TOKEN').name).toBe('TokenRejectedError');
  });
});
