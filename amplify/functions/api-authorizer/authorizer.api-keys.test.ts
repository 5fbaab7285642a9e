import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { isAllowed } from '../../../local/api/policy-evaluation.ts';
import {
  MemoryKeyTable,
  SettableGroups,
  TEST_HMAC_SECRET,
} from '../../../tests/support/api-key-fixtures.ts';
import {
  createSigningKey,
  type JwksServer,
  RecordingLog,
  startJwksServer,
  TestTokenIssuer,
  testVerifier,
} from '../../../tests/support/cognito-tokens.ts';
import { ROUTES } from '../../contract/routes.ts';
import { decodeCaller } from '../shared/authorizer-context.ts';
import { createApiKeyVerifier } from './api-key-verifier.ts';
import { createTokenAuthorizer, type TokenAuthorizer } from './authorizer.ts';
import { type DenialReason, TokenRejectedError } from './errors.ts';
import { routeResourceArn } from './iam-policy.ts';

const STAGE = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod';
const METHOD_ARN = `${STAGE}/POST/openai/v1/chat/completions`;
const ALICE = {
  sub: '6b1c2d3e-0000-4000-8000-00000000abcd',
  username: 'entraid_alice@example.com',
};

const signingKey = createSigningKey('key-1');
let jwks: JwksServer;
let issuer: TestTokenIssuer;
let log: RecordingLog;
let table: MemoryKeyTable;
let groups: SettableGroups;
let authorize: TokenAuthorizer;

beforeAll(async () => {
  jwks = await startJwksServer([signingKey.jwk]);
  issuer = new TestTokenIssuer(jwks.origin, signingKey);
});
afterAll(() => jwks.close());
beforeEach(async () => {
  log = new RecordingLog();
  table = new MemoryKeyTable();
  groups = new SettableGroups();
  groups.groups.set(ALICE.username, ['MLUsers']);
  const verifier = testVerifier(issuer, jwks.jwksUri);
  await verifier.hydrate();
  const apiKeys = createApiKeyVerifier({
    store: table,
    secret: TEST_HMAC_SECRET,
    currentGroups: groups,
  });
  authorize = createTokenAuthorizer({ verifier, apiKeys, log });
});

async function denial(run: Promise<unknown>): Promise<DenialReason> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRejectedError);
    expect((error as Error).message).toBe('Unauthorized');
    return (error as TokenRejectedError).reason;
  }
  throw new Error('request was authorized');
}

const allows = (policy: Parameters<typeof isAllowed>[0], route: (typeof ROUTES)[number]) =>
  isAllowed(policy, routeResourceArn(STAGE, route).replace('*', 'abcdefghijklmnop'));

describe('a personal API key at the authorizer', () => {
  it('in Authorization: Bearer is its owner with the CURRENT groups, the key grant and its expiry', async () => {
    const { key, keyId } = await table.add(ALICE, { budget: { usdPerMonth: 5 } });
    const result = await authorize({ authorizationToken: `Bearer ${key}`, methodArn: METHOD_ARN });
    expect(result.principalId).toBe(ALICE.sub);
    const record = table.records.get(keyId)!;
    expect(result.context?.['exp']).toBe(Math.floor(Date.parse(record.expiresAt) / 1000));
    expect(decodeCaller(result.context)).toEqual({
      ...ALICE,
      email: '',
      groups: ['MLUsers'],
      claims: { department: 'research' },
      apiKey: { keyId, models: ['anthropic.claude-sonnet'], budget: { usdPerMonth: 5 } },
    });
    expect(table.touches).toBe(1);
    expect(log.entries).toEqual([]);
  });

  it('in x-api-key (a REQUEST event, the Anthropic SDK) is accepted the same way', async () => {
    const { key } = await table.add(ALICE);
    const result = await authorize({
      headers: { 'X-Api-Key': key, 'content-type': 'application/json' },
      methodArn: `${STAGE}/POST/anthropic/v1/messages`,
    });
    expect(result.principalId).toBe(ALICE.sub);
  });

  it('gets a policy right for every route from the cache: the owner’s routes, never key management', async () => {
    for (const current of [['Administrators'], ['MLUsers'], ['ReadOnly']]) {
      groups.groups.set(ALICE.username, current);
      const { key } = await table.add(ALICE);
      // API Gateway caches the first answer and applies it to every route of the stage.
      const cached = await authorize({
        authorizationToken: `Bearer ${key}`,
        methodArn: `${STAGE}/GET/ml/models`,
      });
      for (const route of ROUTES) {
        const expected = !route.signedInOnly && route.groups.some((g) => current.includes(g));
        expect(
          allows(cached.policyDocument, route),
          `${current} ${route.method} ${route.path}`,
        ).toBe(expected);
      }
    }
  });

  it('while a token of the same user may call the key routes', async () => {
    const result = await authorize({
      authorizationToken: `Bearer ${issuer.accessToken()}`,
      methodArn: `${STAGE}/POST/keys`,
    });
    const keyRoutes = ROUTES.filter((route) => route.path.startsWith('/keys'));
    expect(keyRoutes.length).toBe(3);
    for (const route of keyRoutes) expect(allows(result.policyDocument, route)).toBe(true);
  });

  it('is denied every route (403) once its owner has no group that allows one', async () => {
    const { key, keyId } = await table.add(ALICE);
    groups.groups.set(ALICE.username, []);
    const result = await authorize({ authorizationToken: `Bearer ${key}`, methodArn: METHOD_ARN });
    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: [`${STAGE}/*`] },
    ]);
    expect(log.entries[0]?.extra).toMatchObject({ reason: 'NO_ALLOWED_ROUTES', keyId });
  });

  it('is refused (401) when revoked, expired, unknown, or with a wrong secret', async () => {
    const revoked = await table.add(ALICE, { revokedAt: new Date().toISOString() });
    const expired = await table.add(ALICE, { expiresAt: new Date(Date.now() - 1).toISOString() });
    const live = await table.add(ALICE);
    const forged = `${live.key.slice(0, 21)}${'A'.repeat(43)}`;
    table.records.delete((await table.add(ALICE)).keyId);
    const cases: [string, DenialReason][] = [
      [revoked.key, 'API_KEY_REVOKED'],
      [expired.key, 'API_KEY_EXPIRED'],
      [forged, 'UNKNOWN_API_KEY'],
      [`mlg_${'a'.repeat(16)}_${'B'.repeat(43)}`, 'UNKNOWN_API_KEY'],
      ['mlg_short', 'MALFORMED_API_KEY'],
      [`${live.key}x`, 'MALFORMED_API_KEY'],
    ];
    for (const [key, reason] of cases) {
      expect(
        await denial(authorize({ authorizationToken: `Bearer ${key}`, methodArn: METHOD_ARN })),
        key,
      ).toBe(reason);
      expect(
        await denial(authorize({ headers: { 'x-api-key': key }, methodArn: METHOD_ARN })),
      ).toBe(reason);
    }
    // No key, whole or in part, reaches a log.
    const logged = JSON.stringify(log.entries);
    for (const [key] of cases) expect(logged).not.toContain(key.slice(4, 40));
  });

  it('is refused when the deployment has no key table', async () => {
    const verifier = testVerifier(issuer, jwks.jwksUri);
    const withoutKeys = createTokenAuthorizer({ verifier, log });
    const { key } = await table.add(ALICE);
    expect(
      await denial(withoutKeys({ authorizationToken: `Bearer ${key}`, methodArn: METHOD_ARN })),
    ).toBe('UNKNOWN_API_KEY');
  });

  it('reports a failed lookup as an error by its name, never the key', async () => {
    const { key } = await table.add(ALICE);
    table.get = () =>
      Promise.reject(Object.assign(new Error(`boom ${key}`), { name: 'AccessDeniedException' }));
    expect(
      await denial(authorize({ authorizationToken: `Bearer ${key}`, methodArn: METHOD_ARN })),
    ).toBe('API_KEY_CHECK_FAILED');
    expect(log.entries).toEqual([
      {
        level: 'error',
        message: 'Request not authorized',
        extra: { reason: 'API_KEY_CHECK_FAILED', cause: 'AccessDeniedException' },
      },
    ]);
  });
});

describe('a REQUEST event (the compatible routes)', () => {
  it('takes a Cognito token from Authorization, or from x-api-key', async () => {
    const token = issuer.accessToken();
    for (const headers of [{ Authorization: `Bearer ${token}` }, { 'x-api-key': token }]) {
      const result = await authorize({ headers, methodArn: METHOD_ARN });
      expect(decodeCaller(result.context)?.groups).toEqual(['MLUsers']);
    }
  });

  it('prefers Authorization when both headers come', async () => {
    const { key } = await table.add(ALICE);
    const result = await authorize({
      headers: { authorization: `Bearer ${issuer.accessToken()}`, 'x-api-key': key },
      methodArn: METHOD_ARN,
    });
    expect(decodeCaller(result.context)?.apiKey).toBeUndefined();
  });

  it('is refused (401) with neither header', async () => {
    expect(await denial(authorize({ headers: {}, methodArn: METHOD_ARN }))).toBe('MISSING_TOKEN');
    expect(await denial(authorize({ headers: null, methodArn: METHOD_ARN }))).toBe('MISSING_TOKEN');
  });
});
