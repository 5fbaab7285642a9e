/**
 * The authorizer with access decided on the SCIM directory (`directoryAccess.decisions` on):
 * RS256 tokens checked against a JWKS served over HTTP, the directory written by the SCIM
 * function over dynalite, the policy evaluated as API Gateway does.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { isAllowed } from '../../../local/api/policy-evaluation.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
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
import {
  ML_USERS_GROUP_OBJECT_ID,
  provisionMember,
  setActive,
} from '../../../tests/support/directory-people.ts';
import { type ScimHarness, startScimHarness } from '../../../tests/support/scim-harness.ts';
import type { GroupMappingTable } from '../../auth/group-mapping/mapping-table.ts';
import { ROUTES } from '../../contract/routes.ts';
import { decodeCaller } from '../shared/authorizer-context.ts';
import { CachedDirectoryAccess } from '../shared/cached-directory-access.ts';
import { DirectoryStore } from '../shared/directory-store.ts';
import { createApiKeyVerifier } from './api-key-verifier.ts';
import { createTokenAuthorizer, type TokenAuthorizer } from './authorizer.ts';
import { DirectoryCurrentGroups } from './directory-groups.ts';
import { type DenialReason, TokenRejectedError } from './errors.ts';
import { routeResourceArn } from './iam-policy.ts';
import type { AccessTokenVerifier } from './verifier.ts';

const STAGE = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod';
const METHOD_ARN = `${STAGE}/POST/ml/bedrock/stream`;
const CHAT = ROUTES.find((route) => route.path === '/ml/bedrock/stream')!;
const MAPPING: GroupMappingTable = {
  appRoles: {},
  groupObjectIds: { [ML_USERS_GROUP_OBJECT_ID]: 'MLUsers' },
};
const WINDOW_SECONDS = 60;

const signingKey = createSigningKey('key-1');
let jwks: JwksServer;
let issuer: TestTokenIssuer;
let dynamo: LocalDynamo;
let scim: ScimHarness;
let verifier: AccessTokenVerifier;
let clock: number;
let log: RecordingLog;
let directory: CachedDirectoryAccess;
let cognitoGroups: SettableGroups;
let keys: MemoryKeyTable;
let authorize: TokenAuthorizer;

beforeAll(async () => {
  jwks = await startJwksServer([signingKey.jwk]);
  issuer = new TestTokenIssuer(jwks.origin, signingKey);
  dynamo = await startLocalDynamo();
  scim = await startScimHarness(dynamo);
  verifier = testVerifier(issuer, jwks.jwksUri);
  await verifier.hydrate();
});
afterAll(async () => {
  await jwks?.close();
  await dynamo?.stop();
});
beforeEach(() => {
  clock = Date.now();
  log = new RecordingLog();
  directory = new CachedDirectoryAccess({
    store: scim.store,
    mapping: () => MAPPING,
    maxAgeSeconds: WINDOW_SECONDS,
    now: () => clock,
  });
  cognitoGroups = new SettableGroups();
  keys = new MemoryKeyTable();
  const apiKeys = createApiKeyVerifier({
    store: keys,
    secret: TEST_HMAC_SECRET,
    currentGroups: new DirectoryCurrentGroups(directory, cognitoGroups),
  });
  authorize = createTokenAuthorizer({ verifier, apiKeys, directory, log });
});

const tokenFor = (username: string, groups: string[] = []) =>
  issuer.accessToken({ username, 'cognito:groups': groups });
const bearer = (credential: string) => ({
  authorizationToken: `Bearer ${credential}`,
  methodArn: METHOD_ARN,
});
const allowsChat = (policy: Parameters<typeof isAllowed>[0]) =>
  isAllowed(policy, routeResourceArn(STAGE, CHAT));

async function denial(run: Promise<unknown>): Promise<DenialReason> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRejectedError);
    return (error as TokenRejectedError).reason;
  }
  throw new Error('request was authorized');
}

describe('a federated user’s claims, with the directory on', () => {
  it('takes a claim the token lacks from the mapping row of a directory group; the token’s own wins', async () => {
    directory = new CachedDirectoryAccess({
      store: scim.store,
      mapping: () => ({
        ...MAPPING,
        claims: {
          groupObjectIds: {
            [ML_USERS_GROUP_OBJECT_ID]: { department: 'finance', costCentre: 'cc-7' },
          },
        },
      }),
      maxAgeSeconds: WINDOW_SECONDS,
      now: () => clock,
    });
    authorize = createTokenAuthorizer({ verifier, directory, log });
    await provisionMember(scim.send, 'noor@contoso.example');
    // The test issuer's tokens carry a department unless told otherwise.
    const plain = await authorize(
      bearer(
        issuer.accessToken({ username: 'EntraID_noor@contoso.example', department: undefined }),
      ),
    );
    expect(decodeCaller(plain.context)?.claims).toEqual({
      department: 'finance',
      costCentre: 'cc-7',
    });
    const fromSaml = await authorize(
      bearer(issuer.accessToken({ username: 'EntraID_noor@contoso.example', department: 'legal' })),
    );
    expect(decodeCaller(fromSaml.context)?.claims).toEqual({
      department: 'legal',
      costCentre: 'cc-7',
    });
  });
});

describe('a federated user’s access token, with the directory on', () => {
  it('is decided by the current directory groups, whatever groups the token carries', async () => {
    await provisionMember(scim.send, 'ines@contoso.example');
    // A token minted before the change says Administrators; the directory says MLUsers.
    const answer = await authorize(
      bearer(tokenFor('EntraID_ines@contoso.example', ['Administrators'])),
    );
    expect(allowsChat(answer.policyDocument)).toBe(true);
    expect(decodeCaller(answer.context)?.groups).toEqual(['MLUsers']);
    const report = ROUTES.find((route) => route.path === '/usage/report')!;
    expect(isAllowed(answer.policyDocument, routeResourceArn(STAGE, report))).toBe(false);
  });

  it('of a user in 300 further groups (beyond what Entra puts in a SAML assertion) is decided by the mapping', async () => {
    const id = await provisionMember(scim.send, 'jon@contoso.example');
    for (let index = 0; index < 300; index++) {
      const group = await scim.store.createGroup({
        displayName: `Team ${index}`,
        externalId: `team-${index}`,
      });
      await scim.store.addMembers(group.id, [id]);
    }
    const answer = await authorize(bearer(tokenFor('EntraID_jon@contoso.example')));
    expect(allowsChat(answer.policyDocument)).toBe(true);
  }, 60_000);

  it('denies every route within the cache window after SCIM deactivates the user, and allows again after reactivation', async () => {
    const id = await provisionMember(scim.send, 'kai@contoso.example');
    const token = tokenFor('EntraID_kai@contoso.example', ['MLUsers']);
    expect(allowsChat((await authorize(bearer(token))).policyDocument)).toBe(true);
    await setActive(scim.send, id, false);
    clock += WINDOW_SECONDS * 1000;
    const denied = await authorize(bearer(token));
    expect(allowsChat(denied.policyDocument)).toBe(false);
    expect(log.entries.at(-1)).toMatchObject({ extra: { reason: 'NO_ALLOWED_ROUTES' } });
    await setActive(scim.send, id, true);
    clock += WINDOW_SECONDS * 1000;
    expect(allowsChat((await authorize(bearer(token))).policyDocument)).toBe(true);
  });

  it('is refused (401, logged as an error) when the directory cannot be read', async () => {
    const broken = createTokenAuthorizer({
      verifier,
      directory: new CachedDirectoryAccess({
        store: new DirectoryStore({ client: dynamo.client, tableName: 'no-such-table' }),
        mapping: () => MAPPING,
        maxAgeSeconds: WINDOW_SECONDS,
      }),
      log,
    });
    expect(await denial(broken(bearer(tokenFor('EntraID_ines@contoso.example'))))).toBe(
      'DIRECTORY_CHECK_FAILED',
    );
    expect(log.entries.at(-1)).toMatchObject({
      level: 'error',
      extra: { cause: 'ResourceNotFoundException' },
    });
  });

  it('of a native user keeps the token’s groups (break-glass accounts are not provisioned)', async () => {
    const answer = await authorize(bearer(tokenFor('breakglass', ['Administrators'])));
    expect(decodeCaller(answer.context)?.groups).toEqual(['Administrators']);
  });
});

describe('a federated owner’s API key, with the directory on', () => {
  it('works with the directory’s groups, though the user pool holds the owner in no group', async () => {
    await provisionMember(scim.send, 'lea@contoso.example');
    const { key } = await keys.add({ sub: 'sub-lea', username: 'EntraID_lea@contoso.example' });
    const answer = await authorize(bearer(key));
    expect(allowsChat(answer.policyDocument)).toBe(true);
    expect(cognitoGroups.lookups).toBe(0);
  });

  it('stops within the cache window after the owner is deactivated', async () => {
    const id = await provisionMember(scim.send, 'max@contoso.example');
    const { key } = await keys.add({ sub: 'sub-max', username: 'EntraID_max@contoso.example' });
    expect(allowsChat((await authorize(bearer(key))).policyDocument)).toBe(true);
    await setActive(scim.send, id, false);
    clock += WINDOW_SECONDS * 1000;
    expect(allowsChat((await authorize(bearer(key))).policyDocument)).toBe(false);
  });

  it('of a native owner still reads the user pool’s groups', async () => {
    cognitoGroups.groups.set('mluser', ['MLUsers']);
    const { key } = await keys.add({ sub: 'sub-ml', username: 'mluser' });
    expect(allowsChat((await authorize(bearer(key))).policyDocument)).toBe(true);
    expect(cognitoGroups.lookups).toBe(1);
  });
});
