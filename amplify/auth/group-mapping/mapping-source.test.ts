/**
 * How readers get the group mapping: the stored one (dynalite, the same store the usage API
 * writes), kept at most `cacheSeconds` (never above 60), one read shared by callers at the same
 * moment, the last mapping served while the table cannot be read, and the committed default
 * where no table is configured.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { createLocalGroupMappingTable } from '../../../local/directory/group-mapping-table.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import type { GroupMappingDocument } from '../../contract/group-mapping.ts';
import { GroupMappingStore } from './group-mapping-store.ts';
import { GROUP_MAPPING_ENV } from './group-mapping-table-definition.ts';
import { createGroupMappingHandler } from './handler.ts';
import {
  cachedMappingSource,
  defaultMappingSource,
  mappingSourceFromEnv,
} from './mapping-source.ts';
import { GROUP_MAPPING } from './mapping-table.ts';

const document = (version: number, group: 'MLUsers' | 'ReadOnly'): GroupMappingDocument => ({
  version,
  entries: [{ source: 'appRole', value: 'MLGateway.Users', group }],
});

/** A clock the test moves, and a read that counts its calls. */
function fakes(answers: (() => Promise<GroupMappingDocument>)[]) {
  let now = 1_000_000;
  const read = vi.fn(() => answers[Math.min(read.mock.calls.length - 1, answers.length - 1)]!());
  return { read, now: () => now, advance: (ms: number) => (now += ms) };
}

describe('cachedMappingSource', () => {
  it('reuses a read for cacheSeconds, then reads again', async () => {
    const { read, now, advance } = fakes([
      () => Promise.resolve(document(1, 'MLUsers')),
      () => Promise.resolve(document(2, 'ReadOnly')),
    ]);
    const source = cachedMappingSource({ read, cacheSeconds: 30, now });
    expect((await source()).appRoles).toEqual({ 'MLGateway.Users': 'MLUsers' });
    advance(29_999);
    expect((await source()).appRoles).toEqual({ 'MLGateway.Users': 'MLUsers' });
    expect(read).toHaveBeenCalledTimes(1);
    advance(1);
    expect((await source()).appRoles).toEqual({ 'MLGateway.Users': 'ReadOnly' });
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('never keeps a mapping longer than 60 s, whatever it is configured with', async () => {
    const { read, now, advance } = fakes([() => Promise.resolve(document(1, 'MLUsers'))]);
    const source = cachedMappingSource({ read, cacheSeconds: 3600, now });
    await source();
    advance(60_000);
    await source();
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('shares one read between callers at the same moment', async () => {
    const { read, now } = fakes([() => Promise.resolve(document(1, 'MLUsers'))]);
    const source = cachedMappingSource({ read, cacheSeconds: 0, now });
    await Promise.all([source(), source(), source()]);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('serves the last mapping while the table cannot be read, says so, and tries again next call', async () => {
    const failure = Object.assign(new Error('down'), { name: 'ServiceUnavailable' });
    const { read, now, advance } = fakes([
      () => Promise.resolve(document(1, 'MLUsers')),
      () => Promise.reject(failure),
      () => Promise.resolve(document(2, 'ReadOnly')),
    ]);
    const onStale = vi.fn();
    const source = cachedMappingSource({ read, cacheSeconds: 1, now, onStale });
    await source();
    advance(1000);
    expect((await source()).appRoles).toEqual({ 'MLGateway.Users': 'MLUsers' });
    expect(onStale).toHaveBeenCalledWith('ServiceUnavailable');
    expect((await source()).appRoles).toEqual({ 'MLGateway.Users': 'ReadOnly' });
  });

  it('fails when nothing was ever read: a sign-in fails rather than get a guessed mapping', async () => {
    const { read, now } = fakes([() => Promise.reject(new Error('down'))]);
    await expect(cachedMappingSource({ read, cacheSeconds: 30, now })()).rejects.toThrow('down');
  });
});

describe('mappingSourceFromEnv', () => {
  let dynamo: LocalDynamo;
  let env: Record<string, string>;
  beforeAll(async () => {
    dynamo = await startLocalDynamo();
    env = await createLocalGroupMappingTable(dynamo.client, { tableName: 'mapping-source-test' });
  });
  afterAll(async () => {
    await dynamo?.stop();
  });

  it('is the committed default where no table is configured', async () => {
    expect((await mappingSourceFromEnv({})()).appRoles).toEqual(GROUP_MAPPING.appRoles);
    expect(await defaultMappingSource()()).toEqual(await mappingSourceFromEnv({})());
  });

  it('is the committed default while the table is empty, then what an administrator stored', async () => {
    const source = mappingSourceFromEnv(
      { ...env, [GROUP_MAPPING_ENV.cacheSeconds]: '0' },
      undefined,
      dynamo.client,
    );
    expect((await source()).appRoles).toEqual(GROUP_MAPPING.appRoles);
    const store = new GroupMappingStore({
      client: dynamo.client,
      tableName: env[GROUP_MAPPING_ENV.table]!,
    });
    await store.replace(
      0,
      [
        { source: 'appRole', value: 'MLGateway.Users', group: 'ReadOnly' },
        {
          source: 'groupObjectId',
          value: 'AAAAAAAA-0000-4000-8000-000000000001',
          group: 'MLUsers',
          department: 'research',
        },
      ],
      'admin',
    );
    const table = await source();
    expect(table.appRoles).toEqual({ 'MLGateway.Users': 'ReadOnly' });
    expect(table.groupObjectIds).toEqual({ 'aaaaaaaa-0000-4000-8000-000000000001': 'MLUsers' });
    expect(table.claims?.groupObjectIds).toEqual({
      'aaaaaaaa-0000-4000-8000-000000000001': { department: 'research' },
    });
  });

  it('gives the pre-token trigger the stored mapping: the edited group and its claims reach the token', async () => {
    const handler = createGroupMappingHandler(
      mappingSourceFromEnv(
        { ...env, [GROUP_MAPPING_ENV.cacheSeconds]: '0' },
        undefined,
        dynamo.client,
      ),
    );
    const event = {
      version: '2',
      triggerSource: 'TokenGeneration_HostedAuth',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_Abc123',
      userName: 'EntraID_alice@example.com',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
      request: {
        userAttributes: {
          sub: 'sub-1',
          identities: JSON.stringify([{ providerName: 'EntraID', providerType: 'SAML' }]),
          'custom:entra_groups': '[aaaaaaaa-0000-4000-8000-000000000001]',
        },
        groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
        scopes: [],
      },
      response: { claimsAndScopeOverrideDetails: {} },
    } as unknown as PreTokenGenerationV2TriggerEvent;
    const result = await handler(event);
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({
      groupOverrideDetails: { groupsToOverride: ['MLUsers'] },
      accessTokenGeneration: { claimsToAddOrOverride: { department: 'research' } },
    });
  });
});
