/**
 * The usage API (usage, history, key routes) re-checks its caller on the directory when
 * `DIRECTORY_ACCESS=on`, as its environment configures it: the directory written over SCIM in
 * dynalite, read with no cache (`DIRECTORY_ACCESS_CACHE_SECONDS=0`) so the test need not wait.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLocalGroupMappingTable } from '../../../local/directory/group-mapping-table.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import { provisionMember, setActive } from '../../../tests/support/directory-people.ts';
import { type ScimHarness, startScimHarness } from '../../../tests/support/scim-harness.ts';
import { DIRECTORY_TABLE_ENV } from '../../directory/directory-table-definition.ts';
import { type Caller, encodeCaller } from '../shared/authorizer-context.ts';
import { createDependencies, type UsageApiDependencies } from './dependencies.ts';
import { createUsageRouter } from './router.ts';

/** The fixtures' "ML Gateway Users" group; the test's mapping grants it MLUsers. */
const ML_USERS_GROUP = '5d3c5a38-0a2f-4d5e-9d0b-2c6c1b7e8f10';
const logger = new Logger({ serviceName: 'usage-api', logLevel: 'ERROR' });

let dynamo: LocalDynamo;
let scim: ScimHarness;
let deps: UsageApiDependencies;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
  scim = await startScimHarness(dynamo);
  // The stored group mapping the decisions read, granting the group MLUsers.
  const mappingEnv = await createLocalGroupMappingTable(dynamo.client, {
    tableName: 'directory-access-test-mapping',
    seed: { appRoles: {}, groupObjectIds: { [ML_USERS_GROUP]: 'MLUsers' } },
  });
  deps = createDependencies({
    logger,
    env: {
      ...dynamo.env,
      ALLOWED_ORIGINS: 'http://localhost:4200',
      HISTORY_RETENTION_DAYS: '30',
      DIRECTORY_ACCESS: 'on',
      DIRECTORY_ACCESS_CACHE_SECONDS: '0',
      [DIRECTORY_TABLE_ENV]: scim.dependencies.config.tableName,
      ...mappingEnv,
    },
    client: dynamo.client,
  });
});
afterAll(async () => {
  await dynamo?.stop();
});

async function getOwnUsage(caller: Caller) {
  const event = {
    httpMethod: 'GET',
    resource: '/usage/me',
    path: '/usage/me',
    headers: { origin: 'http://localhost:4200' },
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      authorizer: { ...encodeCaller(caller, Math.floor(Date.now() / 1000) + 3600) },
    },
  } as unknown as APIGatewayProxyEvent;
  const result = await createUsageRouter(deps).resolve(event);
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

describe('the usage API with access on the directory', () => {
  it('serves a federated user while active and refuses them (403) once SCIM deactivates them', async () => {
    const id = await provisionMember(scim.send, 'uma@contoso.example', ML_USERS_GROUP);
    const uma: Caller = {
      sub: 'sub-uma',
      username: 'EntraID_uma@contoso.example',
      email: '',
      groups: ['MLUsers'],
      claims: {},
    };
    expect((await getOwnUsage(uma)).status).toBe(200);
    await setActive(scim.send, id, false);
    const refused = await getOwnUsage(uma);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  });
});
