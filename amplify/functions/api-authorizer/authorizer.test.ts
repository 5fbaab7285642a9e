import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { FetchError } from 'aws-jwt-verify/error';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { isAllowed } from '../../../local/api/policy-evaluation.ts';
import {
  base64url,
  createSigningKey,
  type JwksServer,
  RecordingLog,
  signJwt,
  startJwksServer,
  TEST_CLIENT_ID,
  TEST_POOL_ID,
  TestTokenIssuer,
  testVerifier,
} from '../../../tests/support/cognito-tokens.ts';
import { ROUTES } from '../../contract/routes.ts';
import { decodeCaller } from '../shared/authorizer-context.ts';
import { createTokenAuthorizer, type TokenAuthorizer } from './authorizer.ts';
import { MAX_AUTHORIZATION_HEADER_CHARS } from './bearer.ts';
import { loadAuthorizerConfig } from './config.ts';
import { type DenialReason, TokenRejectedError } from './errors.ts';
import { routeResourceArn } from './iam-policy.ts';
import { createAccessTokenVerifier } from './verifier.ts';

const STAGE = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod';
const METHOD_ARN = `${STAGE}/POST/ml/bedrock`;

const key = createSigningKey('key-1');
const otherKey = createSigningKey('key-1');
const rotatedKey = createSigningKey('key-2');
let jwks: JwksServer;
let issuer: TestTokenIssuer;
let log: RecordingLog;
let authorize: TokenAuthorizer;

function newAuthorizer(env: Record<string, string> = {}) {
  const verifier = testVerifier(issuer, jwks.jwksUri, env);
  return { verifier, authorize: createTokenAuthorizer({ verifier, log }) };
}

/** The denial reason, or fails the test when the request was authorized. */
async function denial(
  header: string | undefined,
  run: TokenAuthorizer = authorize,
  methodArn = METHOD_ARN,
): Promise<DenialReason> {
  try {
    await run({ authorizationToken: header as string, methodArn });
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRejectedError);
    expect((error as Error).message).toBe('Unauthorized');
    return (error as TokenRejectedError).reason;
  }
  throw new Error('request was authorized');
}

beforeAll(async () => {
  jwks = await startJwksServer([key.jwk]);
  issuer = new TestTokenIssuer(jwks.origin, key);
});
afterAll(() => jwks.close());
beforeEach(async () => {
  jwks.serve({ keys: [key.jwk] });
  log = new RecordingLog();
  const created = newAuthorizer();
  await created.verifier.hydrate();
  authorize = created.authorize;
});

describe('a valid access token', () => {
  it('is allowed exactly on the routes its groups may call and carries the caller as context', async () => {
    const result = await authorize({
      authorizationToken: `Bearer ${issuer.accessToken()}`,
      methodArn: METHOD_ARN,
    });
    expect(result.principalId).toBe('6b1c2d3e-0000-4000-8000-00000000abcd');
    expect(decodeCaller(result.context)).toEqual({
      sub: '6b1c2d3e-0000-4000-8000-00000000abcd',
      username: 'entraid_alice@example.com',
      email: '',
      groups: ['MLUsers'],
      claims: { department: 'research' },
    });
    for (const route of ROUTES) {
      const arn = routeResourceArn(STAGE, route).replace('*', 'id-1');
      expect(isAllowed(result.policyDocument, arn), arn).toBe(route.groups.includes('MLUsers'));
    }
    expect(log.entries).toEqual([]);
  });

  it('for ReadOnly allows only the routes that list ReadOnly, denying the rest explicitly', async () => {
    const result = await authorize({
      authorizationToken: `Bearer ${issuer.accessToken({ 'cognito:groups': ['ReadOnly'] })}`,
      methodArn: `${STAGE}/GET/ml/models`,
    });
    for (const route of ROUTES) {
      const arn = routeResourceArn(STAGE, route).replace('*', 'job-42');
      expect(isAllowed(result.policyDocument, arn), arn).toBe(route.groups.includes('ReadOnly'));
    }
    const deny = result.policyDocument.Statement.find((statement) => statement.Effect === 'Deny');
    expect(deny).toBeDefined();
  });

  it('with no group, or only unknown groups, gets an explicit Deny for the whole stage (403)', async () => {
    for (const groups of [undefined, [], ['Contractors']]) {
      const result = await authorize({
        authorizationToken: `Bearer ${issuer.accessToken({ 'cognito:groups': groups })}`,
        methodArn: METHOD_ARN,
      });
      expect(result.policyDocument.Statement).toEqual([
        { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: [`${STAGE}/*`] },
      ]);
    }
    expect(log.entries.map((entry) => entry.extra['reason'])).toEqual([
      'NO_ALLOWED_ROUTES',
      'NO_ALLOWED_ROUTES',
      'NO_ALLOWED_ROUTES',
    ]);
  });

  it('gets a policy that stays right for every route when API Gateway reuses it from the cache', async () => {
    const groupSets = [['Administrators'], ['MLUsers'], ['ReadOnly'], ['ReadOnly', 'MLUsers'], []];
    for (const groups of groupSets) {
      const token = issuer.accessToken({ 'cognito:groups': groups });
      for (const first of ROUTES) {
        // The cached decision is computed for the first route called with this token...
        const cached = await authorize({
          authorizationToken: `Bearer ${token}`,
          methodArn: routeResourceArn(STAGE, first).replace('*', 'job-1'),
        });
        // ...and must then answer every other route exactly as the route table says.
        for (const next of ROUTES) {
          const arn = routeResourceArn(STAGE, next).replace('*', 'job-2');
          const expected = next.groups.some((group) => (groups as string[]).includes(group));
          expect(isAllowed(cached.policyDocument, arn), `${groups} ${arn}`).toBe(expected);
        }
      }
    }
  });

  it('is denied on another API or stage than the one the policy was built for', async () => {
    const result = await authorize({
      authorizationToken: `Bearer ${issuer.accessToken()}`,
      methodArn: METHOD_ARN,
    });
    const otherStage = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/dev/POST/ml/bedrock';
    expect(isAllowed(result.policyDocument, otherStage)).toBe(false);
  });
});

describe('adversarial requests, each answered 401 with its reason', () => {
  const claims = (overrides: Record<string, unknown>) => issuer.accessToken(overrides);
  const unsigned = (header: object, payload: object) =>
    `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const now = () => Math.floor(Date.now() / 1000);

  const cases: [string, () => string | undefined, DenialReason][] = [
    ['no Authorization header', () => undefined, 'MISSING_TOKEN'],
    ['an empty header', () => '', 'MISSING_TOKEN'],
    ['the token without the Bearer scheme', () => claims({}), 'MALFORMED_HEADER'],
    ['a lower-case scheme', () => `bearer ${claims({})}`, 'MALFORMED_HEADER'],
    ['two spaces after Bearer', () => `Bearer  ${claims({})}`, 'MALFORMED_HEADER'],
    [
      'a duplicated Bearer header',
      () => `Bearer ${claims({})}, Bearer ${claims({})}`,
      'MALFORMED_HEADER',
    ],
    ['two tokens in one header', () => `Bearer ${claims({})} ${claims({})}`, 'MALFORMED_HEADER'],
    ['Basic credentials', () => 'Basic YWxpY2U6c2VjcmV0', 'MALFORMED_HEADER'],
    ['a trailing newline', () => `Bearer ${claims({})}\n`, 'MALFORMED_HEADER'],
    [
      'a two-segment token',
      () => `Bearer ${claims({}).split('.').slice(0, 2).join('.')}`,
      'MALFORMED_HEADER',
    ],
    [
      'alg none with an empty signature',
      () => `Bearer ${unsigned({ alg: 'none', kid: 'key-1' }, issuer.accessClaims())}.`,
      'MALFORMED_HEADER',
    ],
    [
      'a validly signed token over the size cap',
      () => `Bearer ${claims({ padding: 'x'.repeat(MAX_AUTHORIZATION_HEADER_CHARS) })}`,
      'TOKEN_TOO_LARGE',
    ],
    [
      'a non-canonical base64url signature',
      () => {
        const token = claims({});
        const last = token.at(-1)!;
        return `Bearer ${token.slice(0, -1)}${last === 'A' ? 'B' : String.fromCharCode(last.charCodeAt(0) + 1)}`;
      },
      'MALFORMED_TOKEN',
    ],
    [
      'alg none with a fake signature',
      () => `Bearer ${unsigned({ alg: 'none', kid: 'key-1' }, issuer.accessClaims())}.AAAA`,
      'UNSUPPORTED_ALGORITHM',
    ],
    [
      'HS256 signed with the public key as secret',
      () =>
        `Bearer ${signJwt({ alg: 'HS256', kid: 'key-1' }, issuer.accessClaims(), { hmacSecret: key.publicKey.export({ type: 'spki', format: 'pem' }) })}`,
      'UNSUPPORTED_ALGORITHM',
    ],
    [
      'an RS512 header over an RS256 signature',
      () =>
        `Bearer ${signJwt({ alg: 'RS512', kid: 'key-1' }, issuer.accessClaims(), { key: key.privateKey, alg: 'RS256' })}`,
      'UNSUPPORTED_ALGORITHM',
    ],
    [
      'a genuine RS512 signature by the pool key',
      () =>
        `Bearer ${signJwt({ alg: 'RS512', kid: 'key-1' }, issuer.accessClaims(), { key: key.privateKey, alg: 'RS512' })}`,
      'UNSUPPORTED_ALGORITHM',
    ],
    [
      'an expired token',
      () => `Bearer ${claims({ exp: now() - 10, iat: now() - 3610 })}`,
      'TOKEN_EXPIRED',
    ],
    [
      'a token not yet valid (nbf)',
      () => `Bearer ${claims({ nbf: now() + 600 })}`,
      'TOKEN_NOT_YET_VALID',
    ],
    [
      'a wrong issuer',
      () =>
        `Bearer ${claims({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' })}`,
      'WRONG_ISSUER',
    ],
    [
      'the issuer with a trailing slash',
      () => `Bearer ${claims({ iss: `${issuer.issuer}/` })}`,
      'WRONG_ISSUER',
    ],
    ['no issuer', () => `Bearer ${claims({ iss: undefined })}`, 'WRONG_ISSUER'],
    ['a wrong client_id', () => `Bearer ${claims({ client_id: 'someoneelse' })}`, 'WRONG_CLIENT'],
    ['no client_id', () => `Bearer ${claims({ client_id: undefined })}`, 'WRONG_CLIENT'],
    [
      'an ID token as access token',
      () => `Bearer ${claims({ token_use: 'id', aud: TEST_CLIENT_ID, client_id: undefined })}`,
      'WRONG_TOKEN_USE',
    ],
    [
      'an ID-token token_use with the right client_id',
      () => `Bearer ${claims({ token_use: 'id' })}`,
      'WRONG_TOKEN_USE',
    ],
    ['no token_use', () => `Bearer ${claims({ token_use: undefined })}`, 'WRONG_TOKEN_USE'],
    [
      'an unknown kid',
      () =>
        `Bearer ${claims({})}`.replace(
          base64url(JSON.stringify({ kid: 'key-1', alg: 'RS256' })),
          base64url(JSON.stringify({ kid: 'key-9', alg: 'RS256' })),
        ),
      'UNKNOWN_KEY',
    ],
    [
      'no kid',
      () =>
        `Bearer ${signJwt({ alg: 'RS256' }, issuer.accessClaims(), { key: key.privateKey, alg: 'RS256' })}`,
      'UNKNOWN_KEY',
    ],
    [
      'a jku header pointing at an attacker JWKS',
      () =>
        `Bearer ${signJwt({ alg: 'RS256', kid: 'evil', jku: 'http://127.0.0.1:9/jwks.json' }, issuer.accessClaims(), { key: otherKey.privateKey, alg: 'RS256' })}`,
      'UNKNOWN_KEY',
    ],
    [
      'a token signed by another key under the pool kid',
      () =>
        `Bearer ${signJwt({ alg: 'RS256', kid: 'key-1' }, issuer.accessClaims(), { key: otherKey.privateKey, alg: 'RS256' })}`,
      'INVALID_SIGNATURE',
    ],
    [
      'a tampered payload (groups raised to Administrators)',
      () => {
        const [header, , signature] = claims({}).split('.');
        const payload = base64url(
          JSON.stringify(issuer.accessClaims({ 'cognito:groups': ['Administrators'] })),
        );
        return `Bearer ${header}.${payload}.${signature}`;
      },
      'INVALID_SIGNATURE',
    ],
    [
      'a tampered signature',
      () => {
        const [header, payload, signature] = claims({}).split('.');
        const flipped = signature![10] === 'A' ? 'B' : 'A';
        return `Bearer ${header}.${payload}.${signature!.slice(0, 10)}${flipped}${signature!.slice(11)}`;
      },
      'INVALID_SIGNATURE',
    ],
    [
      'a signature of another token',
      () =>
        `Bearer ${claims({}).split('.').slice(0, 2).join('.')}.${claims({ sub: 'x' }).split('.')[2]}`,
      'INVALID_SIGNATURE',
    ],
    ['no sub', () => `Bearer ${claims({ sub: undefined })}`, 'INVALID_CLAIMS'],
    ['an empty sub', () => `Bearer ${claims({ sub: '' })}`, 'INVALID_CLAIMS'],
    ['no username', () => `Bearer ${claims({ username: undefined })}`, 'INVALID_CLAIMS'],
    ['no exp', () => `Bearer ${claims({ exp: undefined })}`, 'INVALID_CLAIMS'],
    ['no iat', () => `Bearer ${claims({ iat: undefined })}`, 'INVALID_CLAIMS'],
    ['exp as a string', () => `Bearer ${claims({ exp: String(now() + 3600) })}`, 'MALFORMED_TOKEN'],
    [
      'cognito:groups as a string',
      () => `Bearer ${claims({ 'cognito:groups': 'Administrators' })}`,
      'INVALID_CLAIMS',
    ],
    [
      'cognito:groups holding a number',
      () => `Bearer ${claims({ 'cognito:groups': ['MLUsers', 7] })}`,
      'INVALID_CLAIMS',
    ],
    [
      'cognito:groups as an object',
      () => `Bearer ${claims({ 'cognito:groups': { 0: 'Administrators' } })}`,
      'INVALID_CLAIMS',
    ],
    ['email as a number', () => `Bearer ${claims({ email: 42 })}`, 'INVALID_CLAIMS'],
    [
      'an ABAC claim of the wrong type',
      () => `Bearer ${claims({ department: ['finance'] })}`,
      'INVALID_CLAIMS',
    ],
    [
      'a payload that is a JSON array',
      () =>
        `Bearer ${signJwt({ alg: 'RS256', kid: 'key-1' }, '[1,2]', { key: key.privateKey, alg: 'RS256' })}`,
      'MALFORMED_TOKEN',
    ],
    [
      'a payload that is not JSON',
      () =>
        `Bearer ${signJwt({ alg: 'RS256', kid: 'key-1' }, 'not json', { key: key.privateKey, alg: 'RS256' })}`,
      'MALFORMED_TOKEN',
    ],
    [
      'a header that is not JSON',
      () => `Bearer ${base64url('{alg:RS256')}.${claims({}).split('.').slice(1).join('.')}`,
      'MALFORMED_TOKEN',
    ],
  ];

  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('rejects %s', async (_name, header, reason) => {
    expect(await denial(header())).toBe(reason);
    // Only the reason: verification messages could echo claim values from the token.
    expect(log.entries.at(-1)).toEqual({
      level: 'warn',
      message: 'Request not authorized',
      extra: { reason },
    });
  });

  it('never writes a token, or any part of its signature, to the log', async () => {
    const tokens = cases
      .map(([, header]) => header())
      .filter((header): header is string => !!header);
    for (const header of tokens) await denial(header).catch(() => undefined);
    const written = JSON.stringify(log.entries);
    for (const header of tokens) {
      const signature = header.split('.')[2];
      if (signature && signature.length > 8) expect(written).not.toContain(signature);
    }
    expect(log.entries.length).toBe(tokens.length);
  });

  it('rejects a malformed methodArn as a gateway bug without looking at the token', async () => {
    expect(await denial(`Bearer ${claims({})}`, authorize, 'not-an-arn')).toBe('INVALID_EVENT');
  });
});

describe('the JWKS', () => {
  it('is fetched once at init and not again for known keys', async () => {
    const before = jwks.hits;
    const { verifier, authorize: fresh } = newAuthorizer();
    await verifier.hydrate();
    for (let i = 0; i < 50; i++) {
      await fresh({ authorizationToken: `Bearer ${issuer.accessToken()}`, methodArn: METHOD_ARN });
    }
    expect(jwks.hits - before).toBe(1);
  });

  it('is refetched for an unknown kid at most once per back-off period', async () => {
    const before = jwks.hits;
    const unknown = signJwt({ alg: 'RS256', kid: 'nope' }, issuer.accessClaims(), {
      key: otherKey.privateKey,
      alg: 'RS256',
    });
    for (let i = 0; i < 20; i++) expect(await denial(`Bearer ${unknown}`)).toBe('UNKNOWN_KEY');
    expect(jwks.hits - before).toBe(1);
  });

  it('picks up a rotated key by refetching when a token names the new kid', async () => {
    jwks.serve({ keys: [key.jwk, rotatedKey.jwk] });
    const rotated = new TestTokenIssuer(jwks.origin, rotatedKey);
    const before = jwks.hits;
    const result = await authorize({
      authorizationToken: `Bearer ${rotated.accessToken()}`,
      methodArn: METHOD_ARN,
    });
    expect(result.principalId).toBe('6b1c2d3e-0000-4000-8000-00000000abcd');
    expect(jwks.hits - before).toBe(1);
  });

  it('when failing, denies with JWKS_UNAVAILABLE and backs off instead of refetching per request', async () => {
    jwks.serve(503);
    const { verifier, authorize: fresh } = newAuthorizer();
    await expect(verifier.hydrate()).rejects.toThrow();
    const before = jwks.hits;
    for (let i = 0; i < 10; i++) {
      expect(await denial(`Bearer ${issuer.accessToken()}`, fresh)).toBe('JWKS_UNAVAILABLE');
    }
    expect(jwks.hits - before).toBe(0);
    expect(log.entries.at(-1)).toMatchObject({
      level: 'error',
      extra: { reason: 'JWKS_UNAVAILABLE', cause: expect.stringMatching(/backing off/) },
    });
  });

  it('when unreachable (nothing listening), denies with JWKS_UNAVAILABLE and never throws anything else', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { verifier, authorize: fresh } = newAuthorizer({
      JWKS_URI: `http://127.0.0.1:${port}/${TEST_POOL_ID}/.well-known/jwks.json`,
    });
    await expect(verifier.hydrate()).rejects.toThrow();
    expect(await denial(`Bearer ${issuer.accessToken()}`, fresh)).toBe('JWKS_UNAVAILABLE');
  });

  it('whose key names no alg still admits RS256 only: RS384 and RS512 tokens are refused', async () => {
    const withoutAlg = { ...key.jwk };
    delete withoutAlg.alg;
    jwks.serve({ keys: [withoutAlg] });
    const { verifier, authorize: fresh } = newAuthorizer();
    await verifier.hydrate();
    for (const alg of ['RS384', 'RS512'] as const) {
      const token = signJwt({ alg, kid: 'key-1' }, issuer.accessClaims(), {
        key: key.privateKey,
        alg,
      });
      expect(await denial(`Bearer ${token}`, fresh), alg).toBe('UNSUPPORTED_ALGORITHM');
    }
    const valid = await fresh({
      authorizationToken: `Bearer ${issuer.accessToken()}`,
      methodArn: METHOD_ARN,
    });
    expect(valid.principalId).toBe('6b1c2d3e-0000-4000-8000-00000000abcd');
  });

  it('is never fetched over http for a real Cognito pool', async () => {
    // Without the local override the issuer is Cognito's and only https is fetched.
    const config = loadAuthorizerConfig({
      USER_POOL_ID: 'eu-west-1_Abc123',
      USER_POOL_CLIENT_ID: TEST_CLIENT_ID,
    });
    const verifier = createAccessTokenVerifier({ ...config, jwksUri: jwks.jwksUri });
    const before = jwks.hits;
    await expect(verifier.hydrate()).rejects.toThrow(/https/);
    expect(jwks.hits).toBe(before);
  });
});

describe('a mutation fuzz of 10,000 tokens derived from a valid one', () => {
  it('accepts none and fails every one with a classified reason', async () => {
    const valid = issuer.accessToken({ 'cognito:groups': ['Administrators'] });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.= ';
    let seed = 0x2545f491;
    const random = (limit: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % limit;
    };
    const mutate = (token: string): string => {
      const at = random(token.length);
      const char = alphabet[random(alphabet.length)]!;
      switch (random(6)) {
        case 0:
          return token.slice(0, at) + char + token.slice(at + 1);
        case 1:
          return token.slice(0, at) + token.slice(at + 1);
        case 2:
          return token.slice(0, at) + char + token.slice(at);
        case 3:
          return token.slice(0, at);
        case 4: {
          const parts = token.split('.');
          const [i, j] = [random(parts.length), random(parts.length)];
          [parts[i], parts[j]] = [parts[j]!, parts[i]!];
          return parts.join('.');
        }
        default: {
          // Re-encode the decoded payload with one byte changed, keeping the signature.
          const [header, payload, signature] = token.split('.');
          const bytes = Buffer.from(payload ?? '', 'base64url');
          if (bytes.length > 0) bytes[random(bytes.length)] ^= 1 << random(8);
          return `${header}.${bytes.toString('base64url')}.${signature}`;
        }
      }
    };
    const reasons = new Map<DenialReason, number>();
    let tried = 0;
    while (tried < 10_000) {
      let candidate = valid;
      for (let rounds = 1 + random(3); rounds > 0; rounds--) candidate = mutate(candidate);
      if (candidate === valid) continue;
      tried++;
      const reason = await denial(`Bearer ${candidate}`);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    expect(tried).toBe(10_000);
    expect(reasons.get('UNEXPECTED_ERROR')).toBeUndefined();
    expect(reasons.size).toBeGreaterThan(3);
  });
});

describe('what a decision logs', () => {
  /** An authorizer whose verifier fails with `error`, or accepts a caller in `groups`. */
  const withVerifier = (outcome: Error | string[]) => {
    const recording = new RecordingLog();
    const verifier = {
      hydrate: () => Promise.resolve(),
      cacheJwks: () => undefined,
      verify: async () => {
        if (outcome instanceof Error) throw outcome;
        return {
          sub: 'sub-1',
          username: 'u',
          email: '',
          groups: outcome,
          claims: {},
          exp: 4_102_444_800,
        };
      },
    };
    return { recording, run: createTokenAuthorizer({ verifier, log: recording }) };
  };
  const event = { authorizationToken: 'Bearer AAAA.AAAA.AAAA', methodArn: METHOD_ARN };

  it('a caller whose groups may call nothing: a warning "Access denied" with the sub', async () => {
    const { recording, run } = withVerifier([]);
    await run(event);
    expect(recording.entries).toEqual([
      {
        level: 'warn',
        message: 'Access denied',
        extra: { reason: 'NO_ALLOWED_ROUTES', sub: 'sub-1' },
      },
    ]);
  });

  it('a bad token: a warning with the reason only, never the library message', async () => {
    const { recording, run } = withVerifier(
      new TokenRejectedError('TOKEN_EXPIRED', { cause: new Error('expired for alice') }),
    );
    expect(await denial(event.authorizationToken, run)).toBe('TOKEN_EXPIRED');
    expect(recording.entries).toEqual([
      { level: 'warn', message: 'Request not authorized', extra: { reason: 'TOKEN_EXPIRED' } },
    ]);
  });

  it('an unreachable JWKS: an error with the fetch failure as cause', async () => {
    const { recording, run } = withVerifier(
      new TokenRejectedError('JWKS_UNAVAILABLE', {
        cause: new FetchError('https://x', 'status 503'),
      }),
    );
    expect(await denial(event.authorizationToken, run)).toBe('JWKS_UNAVAILABLE');
    expect(recording.entries).toEqual([
      {
        level: 'error',
        message: 'Request not authorized',
        extra: { reason: 'JWKS_UNAVAILABLE', cause: expect.stringContaining('status 503') },
      },
    ]);
  });

  it('anything unclassified: UNEXPECTED_ERROR, logged as an error with its message', async () => {
    const { recording, run } = withVerifier(new TypeError('verifier bug'));
    expect(await denial(event.authorizationToken, run)).toBe('UNEXPECTED_ERROR');
    expect(recording.entries).toEqual([
      {
        level: 'error',
        message: 'Request not authorized',
        extra: { reason: 'UNEXPECTED_ERROR', cause: 'verifier bug' },
      },
    ]);
  });
});
